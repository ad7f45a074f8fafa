-- The customers list walks customers in (company_name, tenant_id) order, its
-- exact ORDER BY; the dashboard counts a provider's subscriptions by support
-- contact from the index alone.
DROP INDEX customers_company_name;
CREATE INDEX customers_company_name ON customers (company_name, tenant_id);
DROP INDEX subscriptions_provider;
CREATE INDEX subscriptions_provider ON subscriptions (provider_tenant_id, status, support_contact_tenant_id);
