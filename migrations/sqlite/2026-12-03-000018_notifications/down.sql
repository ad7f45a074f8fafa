ALTER TABLE gdap_relationships DROP COLUMN warned_days;
DROP INDEX outbox_due;
DROP TABLE outbox;
ALTER TABLE users DROP COLUMN notifications_seen;
ALTER TABLE users DROP COLUMN language;
DROP INDEX notifications_tenant;
DROP TABLE notifications;
