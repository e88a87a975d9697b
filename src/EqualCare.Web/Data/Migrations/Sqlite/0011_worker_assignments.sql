-- Per-worker assignment (分片包干): a street office gives a community's persons, one by one or a building at a time, to a
-- community worker of that community. A person has at most one current assignee (the partial unique index); the history
-- is kept: a reassignment ends the current row (ended_at, ended_by, set once) and appends a new one. Nothing is deleted.
CREATE TABLE worker_assignments (
    id             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    person_id      INTEGER NOT NULL REFERENCES persons (id),
    community_code TEXT    NOT NULL,
    worker_id      INTEGER NOT NULL REFERENCES users (id),
    building       TEXT    NULL,
    assigned_at    TEXT    NOT NULL,
    assigned_by    TEXT    NOT NULL,
    ended_at       TEXT    NULL,
    ended_by       TEXT    NULL
);
CREATE UNIQUE INDEX ux_worker_assignments_current ON worker_assignments (person_id) WHERE ended_at IS NULL;
CREATE INDEX ix_worker_assignments_worker ON worker_assignments (worker_id) WHERE ended_at IS NULL;
CREATE INDEX ix_worker_assignments_community ON worker_assignments (community_code, person_id);
-- Only the end of a current row may be written, once; the rest of a row never changes and no row is deleted.
CREATE TRIGGER worker_assignments_end_only BEFORE UPDATE ON worker_assignments
    WHEN OLD.ended_at IS NOT NULL OR NEW.ended_at IS NULL OR NEW.ended_by IS NULL OR NEW.person_id <> OLD.person_id
        OR NEW.community_code <> OLD.community_code OR NEW.worker_id <> OLD.worker_id OR NEW.building IS NOT OLD.building
        OR NEW.assigned_at <> OLD.assigned_at OR NEW.assigned_by <> OLD.assigned_by
    BEGIN SELECT RAISE(ABORT, 'worker_assignments: only the end of a current assignment may be written'); END;
CREATE TRIGGER worker_assignments_no_delete BEFORE DELETE ON worker_assignments
    BEGIN SELECT RAISE(ABORT, 'worker_assignments is append-only'); END;
