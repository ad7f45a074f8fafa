-- A partner asks a customer to accept it (a reseller names the provider it
-- works through). The link carries a single-use token; only its hash is kept.
CREATE TABLE relationship_requests (
    id TEXT PRIMARY KEY NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    partner_tenant_id TEXT NOT NULL REFERENCES partners (tenant_id),
    via_provider_tenant_id TEXT REFERENCES partners (tenant_id),
    customer_company TEXT NOT NULL,
    customer_domain TEXT NOT NULL,
    delegated_admin BOOLEAN NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'declined', 'revoked')),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    decided_at TIMESTAMP,
    customer_tenant_id TEXT REFERENCES customers (tenant_id)
);
CREATE INDEX relationship_requests_partner ON relationship_requests (partner_tenant_id, created_at);
CREATE INDEX relationship_requests_domain ON relationship_requests (customer_domain);
