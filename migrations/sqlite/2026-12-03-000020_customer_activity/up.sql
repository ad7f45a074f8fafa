-- Each customer's Audit page, kept by a trigger in the transaction of every
-- audit row (as `partner_activity` is for partners, migration 015), so that
-- a page of it, filtered or not, is a range of an index that begins with
-- the customer, however long the log grows.

-- Which actions a customer's Audit page shows, and the kind each is filed
-- under (`domain::activity::ChangeKind::of_customer`; a test holds the two
-- to each other): what happens to its subscriptions and relationships, to
-- its users, and the sign-ins refused to them.
CREATE TABLE customer_activity_kinds (
    action TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL
);
INSERT INTO customer_activity_kinds (action, kind) VALUES
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
    ('gdap.requested', 'gdap'),
    ('gdap.approved', 'gdap'),
    ('gdap.declined', 'gdap'),
    ('gdap.terminated', 'gdap'),
    ('gdap.expired', 'gdap'),
    ('gdap.extended', 'gdap'),
    ('partner.gdap_roles_required', 'gdap'),
    ('user.created', 'users'),
    ('user.password_set', 'users'),
    ('user.disabled', 'users'),
    ('user.enabled', 'users'),
    ('user.role_changed', 'users'),
    ('user.password_link_issued', 'users'),
    ('sign_in.blocked', 'sign_ins'),
    ('sign_in.address_blocked', 'sign_ins');

-- One row per audit row and customer it concerns: the customer it names,
-- the customer whose user made it, and, for a refused sign-in, each
-- customer with a user of the address tried. What the filter narrows by is
-- copied from the audit row: its time, its kind, its subscription, and
-- whether a person made it.
CREATE TABLE customer_activity (
    customer_tenant_id TEXT NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    audit_id INTEGER NOT NULL REFERENCES audit_log (id),
    kind TEXT NOT NULL,
    subscription_id TEXT,
    by_person BOOLEAN NOT NULL,
    PRIMARY KEY (customer_tenant_id, occurred_at, audit_id)
) WITHOUT ROWID;
-- One kind; one subscription; what people did (the page as it opens):
-- each newest first, each with every column a filter reads.
CREATE INDEX customer_activity_kind ON customer_activity
    (customer_tenant_id, kind, occurred_at, audit_id, subscription_id, by_person);
CREATE INDEX customer_activity_subscription ON customer_activity
    (customer_tenant_id, subscription_id, occurred_at, audit_id, kind, by_person);
CREATE INDEX customer_activity_people ON customer_activity
    (customer_tenant_id, by_person, occurred_at, audit_id, kind, subscription_id);

INSERT INTO customer_activity (customer_tenant_id, occurred_at, audit_id, kind, subscription_id, by_person)
SELECT DISTINCT concerned.customer, a.occurred_at, a.id, k.kind, a.subscription_id,
    a.actor_user_id IS NOT NULL OR a.actor_email <> 'system'
FROM audit_log a
JOIN customer_activity_kinds k ON k.action = a.action
JOIN (
    SELECT id, customer_tenant_id AS customer FROM audit_log
    UNION ALL SELECT l.id, u.customer_tenant_id FROM audit_log l JOIN users u ON u.id = l.actor_user_id
    UNION ALL SELECT l.id, u.customer_tenant_id FROM audit_log l JOIN users u ON u.email = l.actor_email
        WHERE l.action IN ('sign_in.blocked', 'sign_in.address_blocked')
) concerned ON concerned.id = a.id
WHERE concerned.customer IS NOT NULL;

CREATE TRIGGER customer_activity_file AFTER INSERT ON audit_log
BEGIN
    INSERT INTO customer_activity (customer_tenant_id, occurred_at, audit_id, kind, subscription_id, by_person)
    SELECT concerned.customer, new.occurred_at, new.id, k.kind, new.subscription_id,
        new.actor_user_id IS NOT NULL OR new.actor_email <> 'system'
    FROM customer_activity_kinds k, (
        SELECT new.customer_tenant_id AS customer
        UNION SELECT customer_tenant_id FROM users WHERE id = new.actor_user_id
        UNION SELECT customer_tenant_id FROM users
            WHERE new.action IN ('sign_in.blocked', 'sign_in.address_blocked')
            AND email = new.actor_email
    ) concerned
    WHERE k.action = new.action AND concerned.customer IS NOT NULL;
END;
