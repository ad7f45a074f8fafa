-- Requests to the REST API counted per fixed one-minute window, so that the
-- rate limits hold across every server. `scope` names what is counted
-- (`key:<key id>` or `partner:<tenant id>`); `window_start` is on the minute.
-- Rows of windows that are over are deleted as new windows begin.
CREATE TABLE api_rate_windows (
    scope TEXT NOT NULL,
    window_start TIMESTAMP NOT NULL,
    requests INTEGER NOT NULL,
    PRIMARY KEY (scope, window_start)
);
-- Deleting the windows that are over.
CREATE INDEX api_rate_windows_start ON api_rate_windows (window_start);
