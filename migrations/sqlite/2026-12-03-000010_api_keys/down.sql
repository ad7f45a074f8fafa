DROP INDEX api_keys_partner;
DROP INDEX api_keys_secret_hash;
DROP TABLE api_keys;
