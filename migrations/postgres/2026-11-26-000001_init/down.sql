DROP TABLE audit_log;
DROP FUNCTION audit_log_append_only();
DROP TABLE users;
DROP TABLE subscriptions;
DROP TABLE relationships;
DROP TABLE customers;
DROP TABLE reseller_authorizations;
DROP TABLE partners;
