-- Every signed-in session, so that signing out ends it on every server at
-- once. Only a hash of the session id (kept in the cookie) is stored.
CREATE TABLE user_sessions (
    id_hash TEXT PRIMARY KEY NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX user_sessions_user ON user_sessions (user_id);
CREATE INDEX user_sessions_expires ON user_sessions (expires_at);

-- Failed password checks from one client address, whatever the account:
-- a flood of guesses at many accounts is refused before any hashing.
CREATE TABLE sign_in_addresses (
    client_ip TEXT PRIMARY KEY NOT NULL,
    failures INTEGER NOT NULL,
    first_failure_at TIMESTAMP NOT NULL,
    blocked_until TIMESTAMP
);
CREATE INDEX sign_in_addresses_first_failure ON sign_in_addresses (first_failure_at);

-- Old throttle rows are deleted as they expire.
CREATE INDEX sign_in_throttle_first_failure ON sign_in_throttle (first_failure_at);
