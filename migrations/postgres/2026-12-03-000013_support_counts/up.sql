-- How many live (not deleted) subscriptions of each provider each partner
-- supports. The core keeps it in the transaction that adds a subscription or
-- changes its contact or status, so that the resellers page reads a row per
-- reseller instead of counting every subscription of the provider.
CREATE TABLE support_counts (
    provider_tenant_id TEXT NOT NULL,
    contact_tenant_id TEXT NOT NULL,
    subscriptions INTEGER NOT NULL,
    PRIMARY KEY (provider_tenant_id, contact_tenant_id)
);
INSERT INTO support_counts (provider_tenant_id, contact_tenant_id, subscriptions)
SELECT provider_tenant_id, support_contact_tenant_id, COUNT(*)
FROM subscriptions
WHERE status <> 'deleted'
GROUP BY provider_tenant_id, support_contact_tenant_id;

-- The bulk lists of a reseller's page walk customers by lower-cased name,
-- and find the names that begin with what was searched, through this index.
CREATE INDEX customers_name_key ON customers (lower(company_name), tenant_id);
