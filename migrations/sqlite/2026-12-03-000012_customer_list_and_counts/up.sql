-- What the partner's customer list and dashboard read, kept by triggers in
-- the transaction of every write that changes it, so that a page costs the
-- same with a hundred customers or a hundred thousand. Whoever writes (a
-- use-case, the demo seed, `copy`) keeps them right without knowing of them.

-- One row per active relationship: the partner's customers in name order,
-- with what the list shows of each (domain, country, delegated admin
-- privileges). A page of the list is a range of this key and nothing else,
-- whatever the partner's share of all customers.
CREATE TABLE partner_customers (
    partner_tenant_id TEXT NOT NULL,
    company_name TEXT NOT NULL,
    customer_tenant_id TEXT NOT NULL,
    domain TEXT NOT NULL,
    country TEXT NOT NULL,
    delegated_admin BOOLEAN NOT NULL,
    PRIMARY KEY (partner_tenant_id, company_name, customer_tenant_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX partner_customers_customer ON partner_customers (customer_tenant_id, partner_tenant_id);

INSERT INTO partner_customers
    (partner_tenant_id, company_name, customer_tenant_id, domain, country, delegated_admin)
SELECT r.partner_tenant_id, c.company_name, c.tenant_id, c.domain, c.country, r.delegated_admin
FROM relationships r JOIN customers c ON c.tenant_id = r.customer_tenant_id
WHERE r.state = 'active';

-- One row per partner: its active relationships (customers), the
-- subscriptions it transacts that are not deleted, those of them a reseller
-- supports, and its active resellers.
CREATE TABLE partner_counts (
    partner_tenant_id TEXT PRIMARY KEY NOT NULL,
    customers INTEGER NOT NULL,
    subscriptions INTEGER NOT NULL,
    supported_by_resellers INTEGER NOT NULL,
    resellers INTEGER NOT NULL
);

INSERT INTO partner_counts (partner_tenant_id, customers, subscriptions, supported_by_resellers, resellers)
SELECT p.tenant_id,
    (SELECT count(*) FROM relationships r
     WHERE r.partner_tenant_id = p.tenant_id AND r.state = 'active'),
    (SELECT count(*) FROM subscriptions s
     WHERE s.provider_tenant_id = p.tenant_id AND s.status <> 'deleted'),
    (SELECT count(*) FROM subscriptions s
     WHERE s.provider_tenant_id = p.tenant_id AND s.status <> 'deleted'
       AND s.support_contact_tenant_id <> s.provider_tenant_id),
    (SELECT count(*) FROM reseller_authorizations a
     WHERE a.provider_tenant_id = p.tenant_id AND a.state = 'active')
FROM partners p;

CREATE TRIGGER partner_counts_partner AFTER INSERT ON partners
BEGIN
    INSERT INTO partner_counts (partner_tenant_id, customers, subscriptions, supported_by_resellers, resellers)
    VALUES (new.tenant_id, 0, 0, 0, 0);
END;

-- Relationships: the list and the count of customers.
CREATE TRIGGER partner_customers_insert AFTER INSERT ON relationships
WHEN new.state = 'active'
BEGIN
    INSERT INTO partner_customers
        (partner_tenant_id, company_name, customer_tenant_id, domain, country, delegated_admin)
    SELECT new.partner_tenant_id, company_name, tenant_id, domain, country, new.delegated_admin
    FROM customers WHERE tenant_id = new.customer_tenant_id;
    UPDATE partner_counts SET customers = customers + 1
    WHERE partner_tenant_id = new.partner_tenant_id;
END;

CREATE TRIGGER partner_customers_update AFTER UPDATE OF state, customer_tenant_id, partner_tenant_id ON relationships
WHEN (old.state = 'active') <> (new.state = 'active')
    OR old.customer_tenant_id <> new.customer_tenant_id
    OR old.partner_tenant_id <> new.partner_tenant_id
BEGIN
    DELETE FROM partner_customers
    WHERE old.state = 'active'
      AND customer_tenant_id = old.customer_tenant_id AND partner_tenant_id = old.partner_tenant_id;
    UPDATE partner_counts SET customers = customers - 1
    WHERE old.state = 'active' AND partner_tenant_id = old.partner_tenant_id;
    INSERT INTO partner_customers
        (partner_tenant_id, company_name, customer_tenant_id, domain, country, delegated_admin)
    SELECT new.partner_tenant_id, company_name, tenant_id, domain, country, new.delegated_admin
    FROM customers WHERE new.state = 'active' AND tenant_id = new.customer_tenant_id;
    UPDATE partner_counts SET customers = customers + 1
    WHERE new.state = 'active' AND partner_tenant_id = new.partner_tenant_id;
END;

CREATE TRIGGER partner_customers_delete AFTER DELETE ON relationships
WHEN old.state = 'active'
BEGIN
    DELETE FROM partner_customers
    WHERE customer_tenant_id = old.customer_tenant_id AND partner_tenant_id = old.partner_tenant_id;
    UPDATE partner_counts SET customers = customers - 1
    WHERE partner_tenant_id = old.partner_tenant_id;
END;

-- Delegated admin privileges given or taken while the relationship stays.
CREATE TRIGGER partner_customers_dap AFTER UPDATE OF delegated_admin ON relationships
WHEN old.state = 'active' AND new.state = 'active' AND old.delegated_admin <> new.delegated_admin
BEGIN
    UPDATE partner_customers SET delegated_admin = new.delegated_admin
    WHERE customer_tenant_id = new.customer_tenant_id AND partner_tenant_id = new.partner_tenant_id;
END;

-- A customer renamed (no use-case does it yet) moves in every list.
CREATE TRIGGER partner_customers_rename AFTER UPDATE OF company_name, domain, country ON customers
BEGIN
    UPDATE partner_customers SET company_name = new.company_name, domain = new.domain, country = new.country
    WHERE customer_tenant_id = old.tenant_id;
END;

-- Subscriptions: the provider's counts. A subscription counts when it is
-- not deleted; it counts as supported by a reseller when its contact is
-- not its provider.
CREATE TRIGGER partner_counts_subscription_insert AFTER INSERT ON subscriptions
WHEN new.status <> 'deleted'
BEGIN
    UPDATE partner_counts SET
        subscriptions = subscriptions + 1,
        supported_by_resellers = supported_by_resellers
            + (new.support_contact_tenant_id <> new.provider_tenant_id)
    WHERE partner_tenant_id = new.provider_tenant_id;
END;

CREATE TRIGGER partner_counts_subscription_update
AFTER UPDATE OF status, support_contact_tenant_id, provider_tenant_id ON subscriptions
WHEN old.provider_tenant_id <> new.provider_tenant_id
    OR (old.status <> 'deleted') <> (new.status <> 'deleted')
    OR (old.status <> 'deleted' AND old.support_contact_tenant_id <> old.provider_tenant_id)
        <> (new.status <> 'deleted' AND new.support_contact_tenant_id <> new.provider_tenant_id)
BEGIN
    UPDATE partner_counts SET
        subscriptions = subscriptions - (old.status <> 'deleted'),
        supported_by_resellers = supported_by_resellers
            - (old.status <> 'deleted' AND old.support_contact_tenant_id <> old.provider_tenant_id)
    WHERE partner_tenant_id = old.provider_tenant_id;
    UPDATE partner_counts SET
        subscriptions = subscriptions + (new.status <> 'deleted'),
        supported_by_resellers = supported_by_resellers
            + (new.status <> 'deleted' AND new.support_contact_tenant_id <> new.provider_tenant_id)
    WHERE partner_tenant_id = new.provider_tenant_id;
END;

CREATE TRIGGER partner_counts_subscription_delete AFTER DELETE ON subscriptions
WHEN old.status <> 'deleted'
BEGIN
    UPDATE partner_counts SET
        subscriptions = subscriptions - 1,
        supported_by_resellers = supported_by_resellers
            - (old.support_contact_tenant_id <> old.provider_tenant_id)
    WHERE partner_tenant_id = old.provider_tenant_id;
END;

-- Authorizations: the provider's count of active resellers.
CREATE TRIGGER partner_counts_authorization_insert AFTER INSERT ON reseller_authorizations
WHEN new.state = 'active'
BEGIN
    UPDATE partner_counts SET resellers = resellers + 1
    WHERE partner_tenant_id = new.provider_tenant_id;
END;

CREATE TRIGGER partner_counts_authorization_update
AFTER UPDATE OF state, provider_tenant_id ON reseller_authorizations
WHEN (old.state = 'active') <> (new.state = 'active')
    OR old.provider_tenant_id <> new.provider_tenant_id
BEGIN
    UPDATE partner_counts SET resellers = resellers - 1
    WHERE old.state = 'active' AND partner_tenant_id = old.provider_tenant_id;
    UPDATE partner_counts SET resellers = resellers + 1
    WHERE new.state = 'active' AND partner_tenant_id = new.provider_tenant_id;
END;

CREATE TRIGGER partner_counts_authorization_delete AFTER DELETE ON reseller_authorizations
WHEN old.state = 'active'
BEGIN
    UPDATE partner_counts SET resellers = resellers - 1
    WHERE partner_tenant_id = old.provider_tenant_id;
END;

-- Searching customers by part of their company name or domain: trigrams,
-- case-insensitive (any script), accents as typed. The tenant id is stored
-- to join on, never matched. Customers are never deleted or renamed by a
-- use-case; the triggers for both find the row by a scan.
CREATE VIRTUAL TABLE customers_search USING fts5 (
    tenant_id UNINDEXED,
    company_name,
    domain,
    tokenize = 'trigram'
);

INSERT INTO customers_search (tenant_id, company_name, domain)
SELECT tenant_id, company_name, domain FROM customers;

CREATE TRIGGER customers_search_insert AFTER INSERT ON customers
BEGIN
    INSERT INTO customers_search (tenant_id, company_name, domain)
    VALUES (new.tenant_id, new.company_name, new.domain);
END;

CREATE TRIGGER customers_search_update AFTER UPDATE OF tenant_id, company_name, domain ON customers
BEGIN
    DELETE FROM customers_search WHERE tenant_id = old.tenant_id;
    INSERT INTO customers_search (tenant_id, company_name, domain)
    VALUES (new.tenant_id, new.company_name, new.domain);
END;

CREATE TRIGGER customers_search_delete AFTER DELETE ON customers
BEGIN
    DELETE FROM customers_search WHERE tenant_id = old.tenant_id;
END;
