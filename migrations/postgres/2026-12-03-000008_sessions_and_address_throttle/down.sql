DROP INDEX sign_in_throttle_first_failure;
DROP TABLE sign_in_addresses;
DROP TABLE user_sessions;
