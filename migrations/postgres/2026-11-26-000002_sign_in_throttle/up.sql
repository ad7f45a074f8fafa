-- Failed sign-ins per account and client address, so that throttling holds
-- across several servers.
CREATE TABLE sign_in_throttle (
    email TEXT NOT NULL,
    client_ip TEXT NOT NULL,
    failures INTEGER NOT NULL,
    first_failure_at TIMESTAMP NOT NULL,
    blocked_until TIMESTAMP,
    PRIMARY KEY (email, client_ip)
);
