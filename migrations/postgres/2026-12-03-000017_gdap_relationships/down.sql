DELETE FROM activity_kinds WHERE kind = 'gdap';
ALTER TABLE partners DROP COLUMN required_gdap_roles;
DROP INDEX gdap_relationships_pending;
DROP INDEX gdap_relationships_due;
DROP INDEX gdap_relationships_pair;
DROP TABLE gdap_relationships;
