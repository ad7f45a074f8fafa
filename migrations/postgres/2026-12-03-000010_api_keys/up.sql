-- Keys for the REST API under /v1. A key acts as one partner user, for that
-- user's partner, with the user's role. Only the SHA-256 of the secret is
-- stored; `prefix` is its first characters, to tell keys apart in lists.
-- `created_by` is the user who made it on the page (NULL: the command line).
CREATE TABLE api_keys (
    id TEXT PRIMARY KEY NOT NULL,
    partner_tenant_id TEXT NOT NULL REFERENCES partners (tenant_id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    prefix TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by INTEGER REFERENCES users (id),
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
-- Every request looks its key up by the hash of the secret it presents.
CREATE UNIQUE INDEX api_keys_secret_hash ON api_keys (secret_hash);
CREATE INDEX api_keys_partner ON api_keys (partner_tenant_id, created_at);
