-- What the product tells people. A notice is filed once per organization it
-- concerns (the partner or customer tenant) and listed to its users; each
-- user has read up to `notifications_seen`. `body` is the notice as JSON
-- (`app::notify::Notice`), shown in the reader's language.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX notifications_tenant ON notifications (tenant_id, id);

-- The language a user reads the product and its e-mail in (the last one
-- chosen), and the newest notice they have seen.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'en-US';
ALTER TABLE users ADD COLUMN notifications_seen INTEGER NOT NULL DEFAULT 0;

-- E-mail waiting to go out, written in the transaction of the change it
-- tells of. A sender claims a row until `claimed_until` with a conditional
-- UPDATE (so one server sends it), then marks it sent, or counts the
-- attempt and sets the next one (backoff); after the last attempt it is
-- failed, and stays for operators to see.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY NOT NULL,
    recipient TEXT NOT NULL,
    language TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    claim TEXT,
    claimed_until TIMESTAMP,
    sent_at TIMESTAMP,
    failed_at TIMESTAMP,
    last_error TEXT
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;

-- The nearest warning (30, 7 or 1 days) given before a relationship's
-- current end; cleared when it is extended.
ALTER TABLE gdap_relationships ADD COLUMN warned_days INTEGER;
