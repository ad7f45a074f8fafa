-- Granular delegated admin privileges: named, time-bound relationships
-- between a partner and a customer, each granting a set of Entra roles.
-- `roles` holds the set as bits (`domain::gdap::Role`); `status` is what
-- was last written (approvalPending, active, expired, terminated): an
-- active one past `end_at` is already expired to every reader, and the
-- job writes it so.
CREATE TABLE gdap_relationships (
    id TEXT PRIMARY KEY NOT NULL,
    partner_tenant_id TEXT NOT NULL REFERENCES partners (tenant_id),
    customer_tenant_id TEXT NOT NULL REFERENCES customers (tenant_id),
    display_name TEXT NOT NULL,
    roles INTEGER NOT NULL,
    duration_days INTEGER NOT NULL,
    auto_extend BOOLEAN NOT NULL,
    status TEXT NOT NULL,
    approval_token_hash TEXT UNIQUE,
    created_at TIMESTAMP NOT NULL,
    activated_at TIMESTAMP,
    end_at TIMESTAMP,
    ended_at TIMESTAMP,
    -- declined, terminated_by_partner, terminated_by_customer, expired, lapsed
    end_reason TEXT,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (partner_tenant_id, display_name)
);
-- Rule 2's question: this reseller's relationships with this customer.
CREATE INDEX gdap_relationships_pair ON gdap_relationships (customer_tenant_id, partner_tenant_id, status);
-- The job's question: what reaches a date, in date order.
CREATE INDEX gdap_relationships_due ON gdap_relationships (status, end_at);
CREATE INDEX gdap_relationships_pending ON gdap_relationships (status, created_at);

-- A provider's requirement: a reseller's GDAP relationship must include at
-- least one of these roles (bits; 0: none required).
ALTER TABLE partners ADD COLUMN required_gdap_roles INTEGER NOT NULL DEFAULT 0;

INSERT INTO activity_kinds (action, kind) VALUES
    ('gdap.requested', 'gdap'),
    ('gdap.approved', 'gdap'),
    ('gdap.declined', 'gdap'),
    ('gdap.terminated', 'gdap'),
    ('gdap.expired', 'gdap'),
    ('gdap.extended', 'gdap'),
    ('partner.gdap_roles_required', 'gdap');
