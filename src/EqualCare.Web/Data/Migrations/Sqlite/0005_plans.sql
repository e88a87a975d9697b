-- Targets and allocation plans (任务分配表): a plan of a 街道 with one or more measures (the table's columns), the numbers
-- allocated to its communities, progress reported by hand for measures the records cannot count, and dated snapshots.
-- Progress entries and snapshots are append-only.
CREATE TABLE plans (
    id          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL,
    org_code    TEXT    NOT NULL,
    period_from TEXT    NOT NULL,
    period_to   TEXT    NOT NULL,
    row_total   INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT    NOT NULL,
    created_by  TEXT    NOT NULL,
    version     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_plans_org_code ON plans (org_code);

CREATE TABLE plan_measures (
    id           INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    plan_id      INTEGER NOT NULL REFERENCES plans (id),
    position     INTEGER NOT NULL,
    label        TEXT    NOT NULL,
    kind         INTEGER NOT NULL,
    operations   TEXT    NULL,
    unit         TEXT    NOT NULL,
    window_from  TEXT    NULL,
    window_to    TEXT    NULL,
    baseline_label TEXT  NULL,
    stated_total INTEGER NULL
);
CREATE UNIQUE INDEX ix_plan_measures_plan ON plan_measures (plan_id, position);

CREATE TABLE plan_allocations (
    id         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    plan_id    INTEGER NOT NULL REFERENCES plans (id),
    measure_id INTEGER NOT NULL REFERENCES plan_measures (id),
    org_code   TEXT    NOT NULL,
    position   INTEGER NOT NULL,
    target     INTEGER NOT NULL,
    baseline   INTEGER NULL
);
CREATE UNIQUE INDEX ix_plan_allocations_measure_org ON plan_allocations (measure_id, org_code);
CREATE INDEX ix_plan_allocations_plan ON plan_allocations (plan_id);

CREATE TABLE plan_progress_entries (
    id         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    plan_id    INTEGER NOT NULL REFERENCES plans (id),
    measure_id INTEGER NOT NULL REFERENCES plan_measures (id),
    org_code   TEXT    NOT NULL,
    value      INTEGER NOT NULL,
    as_of      TEXT    NOT NULL,
    entered_at TEXT    NOT NULL,
    entered_by TEXT    NOT NULL,
    note       TEXT    NULL
);
CREATE INDEX ix_plan_progress_entries_plan ON plan_progress_entries (plan_id, measure_id, org_code);

CREATE TABLE plan_snapshots (
    id            INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    plan_id       INTEGER NOT NULL REFERENCES plans (id),
    measure_id    INTEGER NOT NULL REFERENCES plan_measures (id),
    org_code      TEXT    NOT NULL,
    snapshot_date TEXT    NOT NULL,
    target        INTEGER NOT NULL,
    progress      INTEGER NOT NULL,
    taken_at      TEXT    NOT NULL
);
-- One snapshot per plan, day, measure and community: a second run on the same day adds nothing.
CREATE UNIQUE INDEX ix_plan_snapshots_day ON plan_snapshots (plan_id, snapshot_date, measure_id, org_code);

CREATE TRIGGER plan_progress_entries_no_update BEFORE UPDATE ON plan_progress_entries
BEGIN SELECT RAISE(ABORT, 'plan_progress_entries is append-only'); END;
CREATE TRIGGER plan_progress_entries_no_delete BEFORE DELETE ON plan_progress_entries
BEGIN SELECT RAISE(ABORT, 'plan_progress_entries is append-only'); END;
CREATE TRIGGER plan_snapshots_no_update BEFORE UPDATE ON plan_snapshots
BEGIN SELECT RAISE(ABORT, 'plan_snapshots is append-only'); END;
CREATE TRIGGER plan_snapshots_no_delete BEFORE DELETE ON plan_snapshots
BEGIN SELECT RAISE(ABORT, 'plan_snapshots is append-only'); END;
