-- Comparison with other agencies' lists (issue 17): the lists as received, the office's remembered column layouts, the
-- results of each comparison and the workers' resolutions. Lists, rows, results and resolutions are append-only: a list
-- is kept as received, and a resolution is a fact with its author and reason.
CREATE TABLE agency_layouts (
    id          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    org_code    TEXT    NOT NULL,
    agency      TEXT    NOT NULL,
    kind        INTEGER NOT NULL,
    header      TEXT    NOT NULL,
    mapping     TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    updated_by  TEXT    NOT NULL
);
CREATE UNIQUE INDEX ux_agency_layouts_org_agency_kind ON agency_layouts (org_code, agency, kind);

CREATE TABLE agency_lists (
    id           INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    org_code     TEXT    NOT NULL,
    agency       TEXT    NOT NULL,
    kind         INTEGER NOT NULL,
    list_date    TEXT    NOT NULL,
    file_name    TEXT    NOT NULL,
    header       TEXT    NOT NULL,
    mapping      TEXT    NOT NULL,
    row_count    INTEGER NOT NULL,
    uploaded_by  TEXT    NOT NULL,
    uploaded_at  TEXT    NOT NULL
);
CREATE INDEX ix_agency_lists_org ON agency_lists (org_code, id);

CREATE TABLE agency_list_rows (
    id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    list_id         INTEGER NOT NULL REFERENCES agency_lists (id),
    row_number      INTEGER NOT NULL,
    cells           TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    id_number       TEXT    NULL,
    sex             INTEGER NULL,
    birth_date      TEXT    NULL,
    address         TEXT    NULL,
    marital_status  INTEGER NULL,
    phone           TEXT    NULL,
    community_code  TEXT    NULL,
    in_scope        INTEGER NOT NULL
);
CREATE INDEX ix_agency_list_rows_list ON agency_list_rows (list_id, row_number);
CREATE INDEX ix_agency_list_rows_id_number ON agency_list_rows (id_number);

CREATE TABLE comparison_results (
    id                 INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    list_id            INTEGER NOT NULL REFERENCES agency_lists (id),
    row_id             INTEGER NOT NULL REFERENCES agency_list_rows (id),
    kind               INTEGER NOT NULL,
    community_code     TEXT    NOT NULL,
    person_id          INTEGER NULL REFERENCES persons (id),
    candidate_id       INTEGER NULL REFERENCES persons (id),
    match_method       INTEGER NOT NULL,
    agreed             INTEGER NOT NULL,
    detail             TEXT    NOT NULL
);
CREATE INDEX ix_comparison_results_community ON comparison_results (community_code, kind);
CREATE INDEX ix_comparison_results_list ON comparison_results (list_id, kind, community_code);

CREATE TABLE comparison_resolutions (
    id           INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    result_id    INTEGER NOT NULL REFERENCES comparison_results (id),
    reason       INTEGER NOT NULL,
    person_id    INTEGER NULL REFERENCES persons (id),
    note         TEXT    NULL,
    resolved_by  TEXT    NOT NULL,
    resolved_at  TEXT    NOT NULL
);
-- One resolution per result: two workers resolving at once, the second is refused (check, then insert).
CREATE UNIQUE INDEX ux_comparison_resolutions_result ON comparison_resolutions (result_id);

CREATE TRIGGER agency_list_rows_no_update BEFORE UPDATE ON agency_list_rows
BEGIN SELECT RAISE(ABORT, 'agency_list_rows is append-only'); END;
CREATE TRIGGER agency_list_rows_no_delete BEFORE DELETE ON agency_list_rows
BEGIN SELECT RAISE(ABORT, 'agency_list_rows is append-only'); END;
CREATE TRIGGER comparison_resolutions_no_update BEFORE UPDATE ON comparison_resolutions
BEGIN SELECT RAISE(ABORT, 'comparison_resolutions is append-only'); END;
CREATE TRIGGER comparison_resolutions_no_delete BEFORE DELETE ON comparison_resolutions
BEGIN SELECT RAISE(ABORT, 'comparison_resolutions is append-only'); END;
