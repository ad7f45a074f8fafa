-- Each partner's Activity, kept by a trigger in the transaction of every
-- audit row, so that a page of it, filtered or not, is a range of an index
-- that begins with the partner, however long the log grows.

-- Which actions the Activity page shows, and the kind of change each is
-- filed under (`domain::activity::ChangeKind::of`; a test holds the two to
-- each other). Actions missing here (sign-ins, refusals...) are not filed.
CREATE TABLE activity_kinds (
    action TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL
);
INSERT INTO activity_kinds (action, kind) VALUES
    ('support_contact.changed', 'contact_changed'),
    ('support_contact.reverted', 'contact_reverted'),
    ('subscription.created', 'subscription_added'),
    ('subscription.suspended', 'subscription_status'),
    ('subscription.reactivated', 'subscription_status'),
    ('relationship.requested', 'relationship_requested'),
    ('relationship.request_revoked', 'relationship_requested'),
    ('relationship.request_link_issued', 'relationship_requested'),
    ('relationship.accepted', 'relationship_answered'),
    ('relationship.declined', 'relationship_answered'),
    ('relationship.removed', 'relationship_ended'),
    ('relationship.delegated_admin_removed', 'relationship_ended'),
    ('reseller_authorization.started', 'authorizations'),
    ('reseller_authorization.ended', 'authorizations'),
    ('reseller_invitation.created', 'authorizations'),
    ('reseller_invitation.withdrawn', 'authorizations'),
    ('user.created', 'users'),
    ('user.password_set', 'users'),
    ('user.disabled', 'users'),
    ('user.enabled', 'users'),
    ('user.role_changed', 'users'),
    ('user.password_link_issued', 'users'),
    ('api_key.created', 'api_keys'),
    ('api_key.revoked', 'api_keys'),
    ('partner.support_profile_changed', 'support_profile');

-- One row per audit row and partner it concerns: the partner whose user
-- made it, the partners it moved a contact (or a relationship, or an
-- authorization) from and to, and the provider of its subscription. What
-- the filter narrows by is copied from the audit row: its time, its kind,
-- its customer, and whether a person made it (the demo's rows are made by
-- "system", nobody).
CREATE TABLE partner_activity (
    partner_tenant_id TEXT NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    audit_id INTEGER NOT NULL REFERENCES audit_log (id),
    kind TEXT NOT NULL,
    customer_tenant_id TEXT,
    by_person BOOLEAN NOT NULL,
    PRIMARY KEY (partner_tenant_id, occurred_at, audit_id)
);
-- One kind; one customer: each newest first. Each holds every column a
-- filter reads, so that a page is read from it alone (SQLite, without
-- statistics, would otherwise walk the primary key rather than look rows
-- up from an index that has fewer of them).
CREATE INDEX partner_activity_kind ON partner_activity
    (partner_tenant_id, kind, occurred_at, audit_id, customer_tenant_id, by_person);
CREATE INDEX partner_activity_customer ON partner_activity
    (partner_tenant_id, customer_tenant_id, occurred_at, audit_id, kind, by_person);
-- What people did, newest first: the page as it opens, and the dashboard's
-- latest changes, seek it past any number of rows that nobody made.
CREATE INDEX partner_activity_people ON partner_activity
    (partner_tenant_id, by_person, occurred_at, audit_id, kind, customer_tenant_id);

INSERT INTO partner_activity (partner_tenant_id, occurred_at, audit_id, kind, customer_tenant_id, by_person)
SELECT DISTINCT concerned.partner, a.occurred_at, a.id, k.kind, a.customer_tenant_id,
    a.actor_user_id IS NOT NULL OR a.actor_email <> 'system'
FROM audit_log a
JOIN activity_kinds k ON k.action = a.action
JOIN (
    SELECT id, partner_tenant_id AS partner FROM audit_log
    UNION ALL SELECT id, from_partner_tenant_id FROM audit_log
    UNION ALL SELECT id, to_partner_tenant_id FROM audit_log
    UNION ALL SELECT l.id, s.provider_tenant_id FROM audit_log l JOIN subscriptions s ON s.id = l.subscription_id
) concerned ON concerned.id = a.id
WHERE concerned.partner IS NOT NULL;

CREATE FUNCTION partner_activity_file() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO partner_activity (partner_tenant_id, occurred_at, audit_id, kind, customer_tenant_id, by_person)
    SELECT concerned.partner, NEW.occurred_at, NEW.id, k.kind, NEW.customer_tenant_id,
        NEW.actor_user_id IS NOT NULL OR NEW.actor_email <> 'system'
    FROM activity_kinds k, (
        SELECT NEW.partner_tenant_id AS partner
        UNION SELECT NEW.from_partner_tenant_id
        UNION SELECT NEW.to_partner_tenant_id
        UNION SELECT provider_tenant_id FROM subscriptions WHERE id = NEW.subscription_id
    ) concerned
    WHERE k.action = NEW.action AND concerned.partner IS NOT NULL;
    RETURN NULL;
END $$;
CREATE TRIGGER partner_activity_file AFTER INSERT ON audit_log
FOR EACH ROW EXECUTE FUNCTION partner_activity_file();

-- A reseller's dashboard: how many subscriptions it supports, per provider.
CREATE INDEX support_counts_contact ON support_counts (contact_tenant_id, provider_tenant_id);
