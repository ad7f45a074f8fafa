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
);
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

CREATE FUNCTION partner_counts_partner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO partner_counts (partner_tenant_id, customers, subscriptions, supported_by_resellers, resellers)
    VALUES (NEW.tenant_id, 0, 0, 0, 0);
    RETURN NULL;
END $$;
CREATE TRIGGER partner_counts_partner AFTER INSERT ON partners
FOR EACH ROW EXECUTE FUNCTION partner_counts_partner();

-- Relationships: the list. Rows of their own, locked one by one.
CREATE FUNCTION partner_customers_unlist() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.state = 'active' THEN
        DELETE FROM partner_customers
        WHERE customer_tenant_id = OLD.customer_tenant_id AND partner_tenant_id = OLD.partner_tenant_id;
    END IF;
    RETURN NULL;
END $$;
CREATE FUNCTION partner_customers_list() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.state = 'active' THEN
        INSERT INTO partner_customers
            (partner_tenant_id, company_name, customer_tenant_id, domain, country, delegated_admin)
        SELECT NEW.partner_tenant_id, company_name, tenant_id, domain, country, NEW.delegated_admin
        FROM customers WHERE tenant_id = NEW.customer_tenant_id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER partner_customers_insert AFTER INSERT ON relationships
FOR EACH ROW EXECUTE FUNCTION partner_customers_list();
-- Two triggers on one update fire in name order: the old row leaves first.
CREATE TRIGGER partner_customers_update_1 AFTER UPDATE OF state, customer_tenant_id, partner_tenant_id ON relationships
FOR EACH ROW
WHEN ((OLD.state = 'active') IS DISTINCT FROM (NEW.state = 'active')
    OR OLD.customer_tenant_id IS DISTINCT FROM NEW.customer_tenant_id
    OR OLD.partner_tenant_id IS DISTINCT FROM NEW.partner_tenant_id)
EXECUTE FUNCTION partner_customers_unlist();
CREATE TRIGGER partner_customers_update_2 AFTER UPDATE OF state, customer_tenant_id, partner_tenant_id ON relationships
FOR EACH ROW
WHEN ((OLD.state = 'active') IS DISTINCT FROM (NEW.state = 'active')
    OR OLD.customer_tenant_id IS DISTINCT FROM NEW.customer_tenant_id
    OR OLD.partner_tenant_id IS DISTINCT FROM NEW.partner_tenant_id)
EXECUTE FUNCTION partner_customers_list();
CREATE TRIGGER partner_customers_delete AFTER DELETE ON relationships
FOR EACH ROW EXECUTE FUNCTION partner_customers_unlist();

-- Delegated admin privileges given or taken while the relationship stays.
CREATE FUNCTION partner_customers_dap() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE partner_customers SET delegated_admin = NEW.delegated_admin
    WHERE customer_tenant_id = NEW.customer_tenant_id AND partner_tenant_id = NEW.partner_tenant_id;
    RETURN NULL;
END $$;
CREATE TRIGGER partner_customers_dap AFTER UPDATE OF delegated_admin ON relationships
FOR EACH ROW
WHEN (OLD.state = 'active' AND NEW.state = 'active' AND OLD.delegated_admin IS DISTINCT FROM NEW.delegated_admin)
EXECUTE FUNCTION partner_customers_dap();

-- A customer renamed (no use-case does it yet) moves in every list.
CREATE FUNCTION partner_customers_rename() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE partner_customers SET company_name = NEW.company_name, domain = NEW.domain, country = NEW.country
    WHERE customer_tenant_id = OLD.tenant_id;
    RETURN NULL;
END $$;
CREATE TRIGGER partner_customers_rename AFTER UPDATE OF company_name, domain, country ON customers
FOR EACH ROW EXECUTE FUNCTION partner_customers_rename();

-- The counts. One row per partner is shared by all of its writers, so it
-- is changed at commit (constraint triggers, deferred): the row is locked
-- only while the transaction commits, after every other lock it takes, and
-- two transactions that lock the same subscriptions or relationships in
-- turn cannot each hold the counts the other waits for.

-- Relationships: the count of customers.
CREATE FUNCTION partner_counts_relationship() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.state = 'active' THEN
        UPDATE partner_counts SET customers = customers - 1
        WHERE partner_tenant_id = OLD.partner_tenant_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.state = 'active' THEN
        UPDATE partner_counts SET customers = customers + 1
        WHERE partner_tenant_id = NEW.partner_tenant_id;
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER partner_counts_relationship_insert AFTER INSERT ON relationships
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION partner_counts_relationship();
CREATE CONSTRAINT TRIGGER partner_counts_relationship_update
AFTER UPDATE OF state, partner_tenant_id ON relationships
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW
WHEN ((OLD.state = 'active') IS DISTINCT FROM (NEW.state = 'active')
    OR OLD.partner_tenant_id IS DISTINCT FROM NEW.partner_tenant_id)
EXECUTE FUNCTION partner_counts_relationship();
CREATE CONSTRAINT TRIGGER partner_counts_relationship_delete AFTER DELETE ON relationships
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION partner_counts_relationship();

-- Subscriptions: the provider's counts. A subscription counts when it is
-- not deleted; it counts as supported by a reseller when its contact is
-- not its provider.
CREATE FUNCTION partner_counts_subscription() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status <> 'deleted' THEN
        UPDATE partner_counts SET
            subscriptions = subscriptions - 1,
            supported_by_resellers = supported_by_resellers
                - (OLD.support_contact_tenant_id <> OLD.provider_tenant_id)::integer
        WHERE partner_tenant_id = OLD.provider_tenant_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status <> 'deleted' THEN
        UPDATE partner_counts SET
            subscriptions = subscriptions + 1,
            supported_by_resellers = supported_by_resellers
                + (NEW.support_contact_tenant_id <> NEW.provider_tenant_id)::integer
        WHERE partner_tenant_id = NEW.provider_tenant_id;
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER partner_counts_subscription_insert AFTER INSERT ON subscriptions
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION partner_counts_subscription();
CREATE CONSTRAINT TRIGGER partner_counts_subscription_update
AFTER UPDATE OF status, support_contact_tenant_id, provider_tenant_id ON subscriptions
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW
WHEN (OLD.provider_tenant_id IS DISTINCT FROM NEW.provider_tenant_id
    OR (OLD.status <> 'deleted') IS DISTINCT FROM (NEW.status <> 'deleted')
    OR (OLD.status <> 'deleted' AND OLD.support_contact_tenant_id <> OLD.provider_tenant_id)
        IS DISTINCT FROM (NEW.status <> 'deleted' AND NEW.support_contact_tenant_id <> NEW.provider_tenant_id))
EXECUTE FUNCTION partner_counts_subscription();
CREATE CONSTRAINT TRIGGER partner_counts_subscription_delete AFTER DELETE ON subscriptions
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION partner_counts_subscription();

-- Authorizations: the provider's count of active resellers.
CREATE FUNCTION partner_counts_authorization() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.state = 'active' THEN
        UPDATE partner_counts SET resellers = resellers - 1
        WHERE partner_tenant_id = OLD.provider_tenant_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.state = 'active' THEN
        UPDATE partner_counts SET resellers = resellers + 1
        WHERE partner_tenant_id = NEW.provider_tenant_id;
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER partner_counts_authorization_insert AFTER INSERT ON reseller_authorizations
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION partner_counts_authorization();
CREATE CONSTRAINT TRIGGER partner_counts_authorization_update
AFTER UPDATE OF state, provider_tenant_id ON reseller_authorizations
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW
WHEN ((OLD.state = 'active') IS DISTINCT FROM (NEW.state = 'active')
    OR OLD.provider_tenant_id IS DISTINCT FROM NEW.provider_tenant_id)
EXECUTE FUNCTION partner_counts_authorization();
CREATE CONSTRAINT TRIGGER partner_counts_authorization_delete AFTER DELETE ON reseller_authorizations
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION partner_counts_authorization();

-- Searching customers by part of their company name or domain: trigram
-- indexes that ILIKE '%...%' uses.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX customers_company_name_trgm ON customers USING gin (company_name gin_trgm_ops);
CREATE INDEX customers_domain_trgm ON customers USING gin (domain gin_trgm_ops);
