-- Separation of duties and password rules (等保 2.0 三级, 身份鉴别 and 访问控制; issue 14 points 1 and 6).
-- A service account is another system's account, not a person's: it has no password (it cannot sign in) and the only
-- accounts an administrator may issue API tokens for. Its name starts with "svc-", so every audit row it leaves says so.
ALTER TABLE users ADD COLUMN is_service_account INTEGER NOT NULL DEFAULT 0;

-- API tokens expire (default 90 days from creation). Tokens made before this script get 90 days from their creation.
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT NOT NULL DEFAULT '0001-01-01 00:00:00';
UPDATE api_tokens SET expires_at = strftime('%Y-%m-%d %H:%M:%f', created_at, '+90 days');

-- Every password a user is given, as its hash, so that a new one cannot repeat one of the last five. Append-only.
CREATE TABLE password_history (
    id            INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    user_id       INTEGER NOT NULL REFERENCES users (id),
    password_hash TEXT    NOT NULL,
    set_at        TEXT    NOT NULL
);
CREATE INDEX ix_password_history_user_id ON password_history (user_id, id);
