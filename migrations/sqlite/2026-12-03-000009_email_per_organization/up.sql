-- An e-mail address is unique within an organization, not across them:
-- adding a user says nothing of other organizations' users, and no
-- organization can take an address that another one needs.
-- Rebuilding a table that other tables reference needs foreign keys off,
-- which SQLite allows only outside a transaction: this migration opens its own.
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE users_rebuilt (
    id INTEGER PRIMARY KEY NOT NULL,
    email TEXT NOT NULL,
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
INSERT INTO users_rebuilt (id, email, display_name, password_hash, partner_tenant_id,
    customer_tenant_id, role, disabled, session_epoch, created_at)
SELECT id, email, display_name, password_hash, partner_tenant_id,
    customer_tenant_id, role, disabled, session_epoch, created_at
FROM users;
DROP TABLE users;
ALTER TABLE users_rebuilt RENAME TO users;
CREATE UNIQUE INDEX users_email_organization ON users (email, COALESCE(partner_tenant_id, customer_tenant_id));
COMMIT;
PRAGMA foreign_keys = ON;
