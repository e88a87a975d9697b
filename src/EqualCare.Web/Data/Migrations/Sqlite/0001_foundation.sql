-- Foundation: org units, users, API tokens, persons (minimal), append-only audit.
CREATE TABLE org_units (
    code        TEXT    NOT NULL PRIMARY KEY,   -- 12-digit division code
    name        TEXT    NOT NULL,
    level       INTEGER NOT NULL,               -- 1 省 2 市 3 区县 4 街道 5 社区
    parent_code TEXT    NULL
);
CREATE INDEX ix_org_units_parent_code ON org_units (parent_code);
CREATE INDEX ix_org_units_name ON org_units (name);

CREATE TABLE users (
    id                 INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    user_name          TEXT    NOT NULL,
    display_name       TEXT    NOT NULL,
    password_hash      TEXT    NOT NULL,
    role               TEXT    NOT NULL,
    org_code           TEXT    NOT NULL,
    is_disabled        INTEGER NOT NULL DEFAULT 0,
    failed_login_count INTEGER NOT NULL DEFAULT 0,
    locked_until       TEXT    NULL,
    must_change_password INTEGER NOT NULL DEFAULT 0,
    security_stamp     TEXT    NOT NULL,
    created_at         TEXT    NOT NULL
);
CREATE UNIQUE INDEX ix_users_user_name ON users (user_name);

CREATE TABLE api_tokens (
    id           INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    name         TEXT    NOT NULL,
    token_hash   TEXT    NOT NULL,
    token_prefix TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    created_by   TEXT    NOT NULL,
    revoked_at   TEXT    NULL,
    last_used_at TEXT    NULL
);
CREATE UNIQUE INDEX ix_api_tokens_token_hash ON api_tokens (token_hash);

CREATE TABLE persons (
    id                INTEGER NOT NULL PRIMARY KEY,
    name              TEXT    NOT NULL,
    id_number         TEXT    NOT NULL,
    sex               INTEGER NOT NULL,
    birth_date        TEXT    NOT NULL,
    community_code    TEXT    NOT NULL,
    hukou_county_code TEXT    NOT NULL,
    arrival_date      TEXT    NOT NULL,
    marital_status    INTEGER NOT NULL,
    spouse_id         INTEGER NULL,
    mother_id         INTEGER NULL,
    father_id         INTEGER NULL,
    occupation        TEXT    NULL,
    phone             TEXT    NULL,
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL,
    version           INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX ix_persons_id_number ON persons (id_number);
CREATE INDEX ix_persons_community_code ON persons (community_code);

CREATE TABLE audit_entries (
    id             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    at             TEXT    NOT NULL,
    user_name      TEXT    NOT NULL,
    action         TEXT    NOT NULL,
    entity         TEXT    NOT NULL,
    entity_id      TEXT    NULL,
    client_address TEXT    NULL,
    outcome        INTEGER NOT NULL,
    detail         TEXT    NULL
);
CREATE INDEX ix_audit_entries_at ON audit_entries (at);
CREATE INDEX ix_audit_entries_entity ON audit_entries (entity, entity_id);

-- The audit log is append-only (网络安全法 Art. 21, 等保 三级 安全审计): the database itself refuses changes.
CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END;
CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END;
