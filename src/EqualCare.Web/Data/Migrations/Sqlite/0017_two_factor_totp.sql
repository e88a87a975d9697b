-- Second factor (等保 2.0 三级, 身份鉴别: two factors for administrators and for anyone who reveals or exports personal
-- data; issue 14 point 5). One TOTP secret per user (RFC 6238), kept encrypted by the app's Data Protection keys, never
-- in clear; enabled_at is NULL while the enrolment waits for its first code. last_time_step is the last 30-second step a
-- code was accepted for: a code is accepted once (RFC 6238 §5.2), later codes only for later steps.
CREATE TABLE user_two_factor (
    user_id         INTEGER NOT NULL PRIMARY KEY REFERENCES users (id),
    protected_secret TEXT   NOT NULL,
    created_at      TEXT    NOT NULL,
    enabled_at      TEXT    NULL,
    last_time_step  INTEGER NOT NULL DEFAULT 0
);
-- Ten one-time recovery codes per enrolment, stored as SHA-256 hashes only (80 random bits each); used_at marks a used one.
CREATE TABLE user_recovery_codes (
    id         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    code_hash  TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    used_at    TEXT    NULL
);
CREATE UNIQUE INDEX ux_user_recovery_codes_user_hash ON user_recovery_codes (user_id, code_hash);
