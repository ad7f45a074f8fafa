-- The partner a provider's new subscriptions at one customer start with
-- (rule 1 with a default): none, the provider itself. Cleared in the
-- transaction that makes the partner ineligible (rule 2).
CREATE TABLE default_contacts (
    provider_tenant_id TEXT NOT NULL REFERENCES partners (tenant_id),
    customer_tenant_id TEXT NOT NULL REFERENCES customers (tenant_id),
    contact_tenant_id TEXT NOT NULL REFERENCES partners (tenant_id),
    set_at TIMESTAMP NOT NULL,
    -- The e-mail address of who set it, as the audit log names actors.
    set_by TEXT NOT NULL,
    PRIMARY KEY (provider_tenant_id, customer_tenant_id)
);
-- Reverting a customer's contacts reads its defaults.
CREATE INDEX default_contacts_customer ON default_contacts (customer_tenant_id);

INSERT INTO activity_kinds (action, kind) VALUES
    ('support_contact.default_set', 'contact_changed'),
    ('support_contact.default_cleared', 'contact_reverted');

-- The customer's audit log files them too.
INSERT INTO customer_activity_kinds (action, kind) VALUES
    ('support_contact.default_set', 'contact_changed'),
    ('support_contact.default_cleared', 'contact_reverted');
