DROP TRIGGER customer_activity_file ON audit_log;
DROP FUNCTION customer_activity_file();
DROP TABLE customer_activity;
DROP TABLE customer_activity_kinds;
