-- Activity summaries with due dates (issue 18 point 2; seed 000 三(二): 12月10日前, seed 002: 3月1日前 with 图片、音像资料,
-- seed 004 4: 4月25日前), the attachments they and the activity log carry, and the fixed publicity sites (seed 001 三(二)2,
-- seed 002 一(一): 宣传栏, 资料发放点, 避孕药具自取箱). Requests, submissions, returns and attachments are written once and
-- never changed or deleted: the history of who did what and when is the rows themselves.

-- A file's metadata; the bytes are in the data folder under their SHA-256 (docs/design.md §Attachments).
CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256       TEXT    NOT NULL,
    size_bytes   INTEGER NOT NULL,
    kind         INTEGER NOT NULL,
    file_name    TEXT    NOT NULL,
    org_code     TEXT    NOT NULL,
    uploaded_at  TEXT    NOT NULL,
    uploaded_by  TEXT    NOT NULL
);
CREATE INDEX ix_attachments_org ON attachments (org_code);

CREATE TABLE summary_requests (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    org_code      TEXT    NOT NULL,
    title         TEXT    NOT NULL,
    period_start  TEXT    NOT NULL,
    period_end    TEXT    NOT NULL,
    due_on        TEXT    NOT NULL,
    note          TEXT    NULL,
    created_at    TEXT    NOT NULL,
    created_by    TEXT    NOT NULL
);
CREATE INDEX ix_summary_requests_org ON summary_requests (org_code, due_on);

-- The units below that must answer a request.
CREATE TABLE summary_request_units (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id  INTEGER NOT NULL REFERENCES summary_requests (id),
    unit_code   TEXT    NOT NULL
);
CREATE UNIQUE INDEX ux_summary_request_units ON summary_request_units (request_id, unit_code);
CREATE INDEX ix_summary_request_units_unit ON summary_request_units (unit_code);

-- Each step of a unit's summary: 1 = submitted (with its text), 2 = returned for rework (with the reason). seq numbers the
-- steps of one unit's summary, so two steps taken at once cannot both follow the same state: the unique key keeps one.
CREATE TABLE summary_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id  INTEGER NOT NULL REFERENCES summary_requests (id),
    unit_code   TEXT    NOT NULL,
    seq         INTEGER NOT NULL,
    action      INTEGER NOT NULL,
    body        TEXT    NULL,
    reason      TEXT    NULL,
    at          TEXT    NOT NULL,
    by_user     TEXT    NOT NULL
);
CREATE UNIQUE INDEX ux_summary_events_seq ON summary_events (request_id, unit_code, seq);

CREATE TABLE summary_attachments (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id     INTEGER NOT NULL REFERENCES summary_requests (id),
    unit_code      TEXT    NOT NULL,
    attachment_id  INTEGER NOT NULL REFERENCES attachments (id),
    added_at       TEXT    NOT NULL,
    added_by       TEXT    NOT NULL
);
CREATE INDEX ix_summary_attachments_unit ON summary_attachments (request_id, unit_code);

-- The fixed publicity sites of a community: 1 = 宣传栏, 2 = 药具发放点, 3 = 自助发放机.
CREATE TABLE publicity_sites (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_code    TEXT    NOT NULL,
    kind        INTEGER NOT NULL,
    name        TEXT    NOT NULL,
    address     TEXT    NOT NULL,
    contents    TEXT    NULL,
    created_at  TEXT    NOT NULL,
    created_by  TEXT    NOT NULL
);
CREATE INDEX ix_publicity_sites_org ON publicity_sites (org_code);

-- An activity may name the fixed site where it took place (a new column: existing entries name none).
ALTER TABLE activity_entries ADD COLUMN site_id INTEGER NULL REFERENCES publicity_sites (id);

CREATE TABLE activity_attachments (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    entry_id       INTEGER NOT NULL REFERENCES activity_entries (id),
    attachment_id  INTEGER NOT NULL REFERENCES attachments (id),
    added_at       TEXT    NOT NULL,
    added_by       TEXT    NOT NULL
);
CREATE INDEX ix_activity_attachments_entry ON activity_attachments (entry_id);

CREATE TRIGGER attachments_no_update BEFORE UPDATE ON attachments BEGIN SELECT RAISE(ABORT, 'attachments is append-only'); END;
CREATE TRIGGER attachments_no_delete BEFORE DELETE ON attachments BEGIN SELECT RAISE(ABORT, 'attachments is append-only'); END;
CREATE TRIGGER summary_requests_no_update BEFORE UPDATE ON summary_requests BEGIN SELECT RAISE(ABORT, 'summary_requests is append-only'); END;
CREATE TRIGGER summary_requests_no_delete BEFORE DELETE ON summary_requests BEGIN SELECT RAISE(ABORT, 'summary_requests is append-only'); END;
CREATE TRIGGER summary_request_units_no_update BEFORE UPDATE ON summary_request_units BEGIN SELECT RAISE(ABORT, 'summary_request_units is append-only'); END;
CREATE TRIGGER summary_request_units_no_delete BEFORE DELETE ON summary_request_units BEGIN SELECT RAISE(ABORT, 'summary_request_units is append-only'); END;
CREATE TRIGGER summary_events_no_update BEFORE UPDATE ON summary_events BEGIN SELECT RAISE(ABORT, 'summary_events is append-only'); END;
CREATE TRIGGER summary_events_no_delete BEFORE DELETE ON summary_events BEGIN SELECT RAISE(ABORT, 'summary_events is append-only'); END;
CREATE TRIGGER summary_attachments_no_update BEFORE UPDATE ON summary_attachments BEGIN SELECT RAISE(ABORT, 'summary_attachments is append-only'); END;
CREATE TRIGGER summary_attachments_no_delete BEFORE DELETE ON summary_attachments BEGIN SELECT RAISE(ABORT, 'summary_attachments is append-only'); END;
CREATE TRIGGER activity_attachments_no_update BEFORE UPDATE ON activity_attachments BEGIN SELECT RAISE(ABORT, 'activity_attachments is append-only'); END;
CREATE TRIGGER activity_attachments_no_delete BEFORE DELETE ON activity_attachments BEGIN SELECT RAISE(ABORT, 'activity_attachments is append-only'); END;
