-- Server-side sessions (等保 2.0 三级, 身份鉴别 and 访问控制): the auth cookie names its session, and a session that was
-- ended (logout, or ended by its user from another session), idle too long or past its absolute lifetime no longer
-- authenticates, even with a copy of the cookie. Rows are kept after they end: the user's session history.
CREATE TABLE user_sessions (
    id            TEXT    NOT NULL PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id),
    created_at    TEXT    NOT NULL,
    last_seen_at  TEXT    NOT NULL,
    ended_at      TEXT    NULL,
    client_address TEXT NULL,
    user_agent    TEXT NULL
);
CREATE INDEX ix_user_sessions_user_id ON user_sessions (user_id);
