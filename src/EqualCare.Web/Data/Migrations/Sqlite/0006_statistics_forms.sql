-- The care-activity log and the statistics form of seed 002 with its approval history. Activities and form events are
-- append-only; a form's cells change only while the form is a draft or returned (checked by the app, and by a trigger
-- once the form is approved).
CREATE TABLE activity_entries (
    id                 INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    org_code           TEXT    NOT NULL,
    activity_date      TEXT    NOT NULL,
    place              TEXT    NOT NULL,
    kind               INTEGER NOT NULL,
    note               TEXT    NULL,
    corrects_entry_id  INTEGER NULL REFERENCES activity_entries (id),
    correction_reason  TEXT    NULL,
    recorded_at        TEXT    NOT NULL,
    recorded_by        TEXT    NOT NULL
);
CREATE INDEX ix_activity_entries_org_date ON activity_entries (org_code, activity_date);
CREATE UNIQUE INDEX ix_activity_entries_corrects ON activity_entries (corrects_entry_id) WHERE corrects_entry_id IS NOT NULL;

CREATE TABLE activity_quantities (
    id           INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    entry_id     INTEGER NOT NULL REFERENCES activity_entries (id),
    column_code  TEXT    NOT NULL,
    amount       INTEGER NOT NULL
);
CREATE UNIQUE INDEX ix_activity_quantities_entry ON activity_quantities (entry_id, column_code);

CREATE TABLE stat_forms (
    id            INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    org_code      TEXT    NOT NULL,
    level         INTEGER NOT NULL,
    period_start  TEXT    NOT NULL,
    period_end    TEXT    NOT NULL,
    state         INTEGER NOT NULL,
    version       INTEGER NOT NULL DEFAULT 0,
    preparer      TEXT    NULL,
    head          TEXT    NULL,
    created_at    TEXT    NOT NULL,
    created_by    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL
);
CREATE UNIQUE INDEX ix_stat_forms_org_period ON stat_forms (org_code, period_start, period_end);
CREATE INDEX ix_stat_forms_period ON stat_forms (period_start, period_end, level, org_code);

CREATE TABLE stat_form_cells (
    id           INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    form_id      INTEGER NOT NULL REFERENCES stat_forms (id),
    column_code  TEXT    NOT NULL,
    amount       INTEGER NULL,
    text         TEXT    NULL
);
CREATE UNIQUE INDEX ix_stat_form_cells_form ON stat_form_cells (form_id, column_code);

CREATE TABLE stat_form_events (
    id          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    form_id     INTEGER NOT NULL REFERENCES stat_forms (id),
    at          TEXT    NOT NULL,
    user_name   TEXT    NOT NULL,
    from_state  INTEGER NULL,
    to_state    INTEGER NOT NULL,
    reason      TEXT    NULL
);
CREATE INDEX ix_stat_form_events_form ON stat_form_events (form_id, at);

CREATE TRIGGER activity_entries_no_update BEFORE UPDATE ON activity_entries BEGIN SELECT RAISE(ABORT, 'activity_entries is append-only'); END;
CREATE TRIGGER activity_entries_no_delete BEFORE DELETE ON activity_entries BEGIN SELECT RAISE(ABORT, 'activity_entries is append-only'); END;
CREATE TRIGGER activity_quantities_no_update BEFORE UPDATE ON activity_quantities BEGIN SELECT RAISE(ABORT, 'activity_quantities is append-only'); END;
CREATE TRIGGER activity_quantities_no_delete BEFORE DELETE ON activity_quantities BEGIN SELECT RAISE(ABORT, 'activity_quantities is append-only'); END;
CREATE TRIGGER stat_form_events_no_update BEFORE UPDATE ON stat_form_events BEGIN SELECT RAISE(ABORT, 'stat_form_events is append-only'); END;
CREATE TRIGGER stat_form_events_no_delete BEFORE DELETE ON stat_form_events BEGIN SELECT RAISE(ABORT, 'stat_form_events is append-only'); END;
-- An approved form is locked: neither it nor its cells change any more (state 4 = Approved).
CREATE TRIGGER stat_forms_locked BEFORE UPDATE ON stat_forms WHEN OLD.state = 4
    BEGIN SELECT RAISE(ABORT, 'stat_forms: an approved form is locked'); END;
CREATE TRIGGER stat_forms_no_delete BEFORE DELETE ON stat_forms BEGIN SELECT RAISE(ABORT, 'stat_forms are never deleted'); END;
CREATE TRIGGER stat_form_cells_locked BEFORE UPDATE ON stat_form_cells
    WHEN (SELECT state FROM stat_forms WHERE id = OLD.form_id) = 4
    BEGIN SELECT RAISE(ABORT, 'stat_form_cells: the form is approved and locked'); END;
CREATE TRIGGER stat_form_cells_no_delete BEFORE DELETE ON stat_form_cells BEGIN SELECT RAISE(ABORT, 'stat_form_cells are never deleted'); END;
