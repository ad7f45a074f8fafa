DROP TABLE password_tokens;
