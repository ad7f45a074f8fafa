DROP INDEX api_rate_windows_start;
DROP TABLE api_rate_windows;
