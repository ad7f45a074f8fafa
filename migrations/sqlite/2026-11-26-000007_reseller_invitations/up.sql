-- A provider invites a reseller to authorize it. The link carries a
-- single-use token; only its hash is kept.
CREATE TABLE reseller_invitations (
    id TEXT PRIMARY KEY NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    provider_tenant_id TEXT NOT NULL REFERENCES partners (tenant_id),
    state TEXT NOT NULL CHECK (state IN ('pending', 'accepted')),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    accepted_at TIMESTAMP,
    reseller_tenant_id TEXT REFERENCES partners (tenant_id)
);
CREATE INDEX reseller_invitations_provider ON reseller_invitations (provider_tenant_id, created_at);
