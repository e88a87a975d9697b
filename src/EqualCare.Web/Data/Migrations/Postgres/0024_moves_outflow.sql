-- Moves between any two communities of the installation (issue 16 point 1). A request now carries the day by which the
-- holder decides (due_on, Beijing date: EqualCare:MoveRequests:DecideWithinDays after it was asked, default 15), the
-- reason of a refusal (required) and the unit that decided (the holder, or after due_on its street). One open request per
-- person, whoever asks: a second community asking for the same person while one request is open is told so.
ALTER TABLE move_requests ADD COLUMN due_on DATE NULL;
ALTER TABLE move_requests ADD COLUMN reason TEXT NULL;
ALTER TABLE move_requests ADD COLUMN decided_by_org VARCHAR(12) COLLATE "C" NULL;
ALTER TABLE move_requests DISABLE TRIGGER move_requests_decided_once;
UPDATE move_requests SET due_on = ((requested_at AT TIME ZONE 'Asia/Shanghai')::date + 15);
UPDATE move_requests SET decided_by_org = from_community_code WHERE state <> 0;
-- Two communities may have asked for one person before this script: the first request stays open, the later ones are
-- closed as declined with the reason said, so that the unique key below can hold.
UPDATE move_requests r SET state = 2, decided_at = requested_at, decided_by = 'system', decided_by_org = from_community_code,
    reason = '同一人员已有待处理的迁入申请'
WHERE state = 0 AND EXISTS (SELECT 1 FROM move_requests o WHERE o.person_id = r.person_id AND o.state = 0 AND o.id < r.id);
ALTER TABLE move_requests ENABLE TRIGGER move_requests_decided_once;
ALTER TABLE move_requests ALTER COLUMN due_on SET NOT NULL;
DROP INDEX ux_move_requests_open;
CREATE UNIQUE INDEX ux_move_requests_open_person ON move_requests (person_id) WHERE state = 0;
CREATE OR REPLACE FUNCTION move_requests_decided_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR OLD.state <> 0 OR NEW.person_id <> OLD.person_id
        OR NEW.from_community_code <> OLD.from_community_code OR NEW.to_community_code <> OLD.to_community_code
        OR NEW.requested_at <> OLD.requested_at OR NEW.requested_by <> OLD.requested_by OR NEW.due_on <> OLD.due_on THEN
        RAISE EXCEPTION 'move_requests: a request is decided once and never deleted';
    END IF;
    RETURN NEW;
END $$;

-- Outflow cases (issue 16 point 2): the registration place (户籍地 county) lists its people living elsewhere, a range
-- over the 6-digit county code, then the residence community.
CREATE INDEX ix_persons_hukou_county ON persons (hukou_county_code, community_code);
