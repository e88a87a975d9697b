-- Check-up day corrections: a mark that corrects an earlier one names it (voids_attendance_id), so the marks of a woman on
-- a day form one chain and exactly one of them is current (the one nobody voids). Two unique keys hold the chain: one
-- first mark per (day, woman), and a mark is voided at most once. Together they are the unique key on (day, woman)
-- among current marks: ten parallel saves of one sheet leave one current mark per woman, never ten.
-- Rows written before this script were corrections by "the latest counts": each is linked to the one before it.
DROP TRIGGER checkup_attendance_no_update;
ALTER TABLE checkup_attendance ADD COLUMN voids_attendance_id INTEGER NULL REFERENCES checkup_attendance (id);
UPDATE checkup_attendance SET voids_attendance_id = (
    SELECT MAX(b.id) FROM checkup_attendance b
    WHERE b.checkup_day_id = checkup_attendance.checkup_day_id AND b.person_id = checkup_attendance.person_id
      AND b.id < checkup_attendance.id);
CREATE TRIGGER checkup_attendance_no_update BEFORE UPDATE ON checkup_attendance BEGIN SELECT RAISE(ABORT, 'checkup_attendance is append-only'); END;
CREATE UNIQUE INDEX ux_checkup_attendance_first ON checkup_attendance (checkup_day_id, person_id) WHERE voids_attendance_id IS NULL;
CREATE UNIQUE INDEX ux_checkup_attendance_voids ON checkup_attendance (voids_attendance_id) WHERE voids_attendance_id IS NOT NULL;

-- 迁入申请: a community asks the community of the same street that holds a person's case to hand it over. The holder
-- accepts (a MoveWithinArea movement is recorded) or declines; the row is written once and decided once, never deleted.
CREATE TABLE move_requests (
    id                  INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    person_id           INTEGER NOT NULL REFERENCES persons (id),
    from_community_code TEXT    NOT NULL,
    to_community_code   TEXT    NOT NULL,
    state               INTEGER NOT NULL,
    requested_at        TEXT    NOT NULL,
    requested_by        TEXT    NOT NULL,
    decided_at          TEXT    NULL,
    decided_by          TEXT    NULL,
    movement_id         INTEGER NULL REFERENCES movements (id)
);
-- One open request per person and asking community (a second click finds the first).
CREATE UNIQUE INDEX ux_move_requests_open ON move_requests (person_id, to_community_code) WHERE state = 0;
CREATE INDEX ix_move_requests_from ON move_requests (from_community_code, state);
CREATE INDEX ix_move_requests_to ON move_requests (to_community_code, state);
CREATE TRIGGER move_requests_no_delete BEFORE DELETE ON move_requests BEGIN SELECT RAISE(ABORT, 'move_requests is append-only'); END;
CREATE TRIGGER move_requests_decided_once BEFORE UPDATE ON move_requests WHEN OLD.state <> 0
    OR NEW.person_id <> OLD.person_id OR NEW.from_community_code <> OLD.from_community_code
    OR NEW.to_community_code <> OLD.to_community_code OR NEW.requested_at <> OLD.requested_at OR NEW.requested_by <> OLD.requested_by
    BEGIN SELECT RAISE(ABORT, 'move_requests: a request is decided once'); END;
