-- Partners: indirect providers, indirect resellers and direct bill partners.
CREATE TABLE partners (
    tenant_id TEXT PRIMARY KEY NOT NULL,
    mpn_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('indirect_provider', 'indirect_reseller', 'direct_bill_partner')),
    support_email TEXT NOT NULL,
    support_telephone TEXT NOT NULL,
    support_website TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- A reseller has authorized a provider: it is one of that provider's resellers while active.
CREATE TABLE reseller_authorizations (
    provider_tenant_id TEXT NOT NULL REFERENCES partners (tenant_id),
    reseller_tenant_id TEXT NOT NULL REFERENCES partners (tenant_id),
    state TEXT NOT NULL CHECK (state IN ('active', 'ended')),
    created_at TIMESTAMP NOT NULL,
    ended_at TIMESTAMP,
    PRIMARY KEY (provider_tenant_id, reseller_tenant_id),
    CHECK (provider_tenant_id <> reseller_tenant_id)
);
CREATE INDEX reseller_authorizations_reseller ON reseller_authorizations (reseller_tenant_id);

CREATE TABLE customers (
    tenant_id TEXT PRIMARY KEY NOT NULL,
    company_name TEXT NOT NULL,
    domain TEXT NOT NULL UNIQUE,
    country TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX customers_company_name ON customers (company_name);

-- A customer has accepted a partner; delegated_admin is the DAP flag.
CREATE TABLE relationships (
    customer_tenant_id TEXT NOT NULL REFERENCES customers (tenant_id),
    partner_tenant_id TEXT NOT NULL REFERENCES partners (tenant_id),
    state TEXT NOT NULL CHECK (state IN ('active', 'removed')),
    delegated_admin BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (customer_tenant_id, partner_tenant_id)
);
CREATE INDEX relationships_partner ON relationships (partner_tenant_id, state);

CREATE TABLE subscriptions (
    id TEXT PRIMARY KEY NOT NULL,
    customer_tenant_id TEXT NOT NULL REFERENCES customers (tenant_id),
    provider_tenant_id TEXT NOT NULL REFERENCES partners (tenant_id),
    reseller_tenant_id TEXT REFERENCES partners (tenant_id),
    support_contact_tenant_id TEXT NOT NULL REFERENCES partners (tenant_id),
    offer_name TEXT NOT NULL,
    friendly_name TEXT NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'deleted')),
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX subscriptions_customer_provider ON subscriptions (customer_tenant_id, provider_tenant_id);
CREATE INDEX subscriptions_provider ON subscriptions (provider_tenant_id, status);
CREATE INDEX subscriptions_reseller ON subscriptions (reseller_tenant_id);
CREATE INDEX subscriptions_support_contact ON subscriptions (support_contact_tenant_id);

CREATE TABLE users (
    id INTEGER PRIMARY KEY NOT NULL,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    partner_tenant_id TEXT REFERENCES partners (tenant_id),
    customer_tenant_id TEXT REFERENCES customers (tenant_id),
    role TEXT NOT NULL CHECK (role IN ('admin_agent', 'helpdesk_agent', 'customer_admin')),
    disabled BOOLEAN NOT NULL,
    session_epoch INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    CHECK ((partner_tenant_id IS NULL) <> (customer_tenant_id IS NULL))
);

-- Append-only: the triggers below refuse every UPDATE and DELETE.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    actor_user_id INTEGER REFERENCES users (id),
    actor_email TEXT NOT NULL,
    partner_tenant_id TEXT,
    customer_tenant_id TEXT,
    action TEXT NOT NULL,
    subscription_id TEXT,
    from_partner_tenant_id TEXT,
    to_partner_tenant_id TEXT,
    detail TEXT NOT NULL
);
CREATE INDEX audit_log_subscription ON audit_log (subscription_id, id);
CREATE INDEX audit_log_partner ON audit_log (partner_tenant_id, id);
CREATE INDEX audit_log_customer ON audit_log (customer_tenant_id, id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
