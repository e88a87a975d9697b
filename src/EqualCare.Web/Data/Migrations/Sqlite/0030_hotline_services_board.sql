-- Hotline and consultation (咨询热线、妇科咨询室: seed 000 二(二)三) and the services board for migrants (服务信息: seed 001
-- 三(二)6 空房、空岗信息; seed 003 二(六) 政策咨询、便民服务), issue 18 points 3 and 4 (docs/rules.md §10).
--
-- hotline_lines: an office's hotline numbers and consultation rooms, with opening hours and the person on duty. A line is
-- kept as a registry: edited in place (audited), retired rather than deleted, since logged contacts name it.
CREATE TABLE hotline_lines (
    id             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    office_code    TEXT    NOT NULL,
    kind           INTEGER NOT NULL,
    name           TEXT    NOT NULL,
    number         TEXT    NULL,
    place          TEXT    NULL,
    opening_hours  TEXT    NOT NULL,
    on_duty        TEXT    NULL,
    created_at     TEXT    NOT NULL,
    created_by     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    retired_at     TEXT    NULL,
    version        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_hotline_lines_office ON hotline_lines (office_code);
CREATE TRIGGER hotline_lines_no_delete BEFORE DELETE ON hotline_lines
    BEGIN SELECT RAISE(ABORT, 'hotline_lines are retired, never deleted'); END;

-- hotline_contacts: the log of calls and visits. Written once; only the follow-up's outcome is set, once, afterwards.
-- community_code is the community the contact counts for on the statistics form (column 3, seed 002 附件).
CREATE TABLE hotline_contacts (
    id                 INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    office_code        TEXT    NOT NULL,
    community_code     TEXT    NOT NULL,
    line_id            INTEGER NULL REFERENCES hotline_lines (id),
    channel            INTEGER NOT NULL,
    contacted_at       TEXT    NOT NULL,
    contacted_on       TEXT    NOT NULL,
    topic              INTEGER NOT NULL,
    question           TEXT    NULL,
    answer             TEXT    NOT NULL,
    referral           TEXT    NULL,
    follow_up_on       TEXT    NULL,
    person_id          INTEGER NULL REFERENCES persons (id),
    recorded_at        TEXT    NOT NULL,
    recorded_by        TEXT    NOT NULL,
    followed_up_at     TEXT    NULL,
    followed_up_by     TEXT    NULL,
    follow_up_note     TEXT    NULL
);
CREATE INDEX ix_hotline_contacts_office ON hotline_contacts (office_code, contacted_on);
CREATE INDEX ix_hotline_contacts_community ON hotline_contacts (community_code, contacted_on);
CREATE INDEX ix_hotline_contacts_follow_up ON hotline_contacts (office_code, follow_up_on) WHERE follow_up_on IS NOT NULL AND followed_up_at IS NULL;
CREATE TRIGGER hotline_contacts_no_delete BEFORE DELETE ON hotline_contacts
    BEGIN SELECT RAISE(ABORT, 'hotline_contacts is append-only'); END;
CREATE TRIGGER hotline_contacts_set_once BEFORE UPDATE ON hotline_contacts WHEN
    NEW.office_code <> OLD.office_code OR NEW.community_code <> OLD.community_code OR NEW.line_id IS NOT OLD.line_id
    OR NEW.channel <> OLD.channel OR NEW.contacted_at <> OLD.contacted_at OR NEW.contacted_on <> OLD.contacted_on
    OR NEW.topic <> OLD.topic OR NEW.question IS NOT OLD.question OR NEW.answer <> OLD.answer
    OR NEW.referral IS NOT OLD.referral OR NEW.follow_up_on IS NOT OLD.follow_up_on OR NEW.person_id IS NOT OLD.person_id
    OR NEW.recorded_at <> OLD.recorded_at OR NEW.recorded_by <> OLD.recorded_by
    OR (OLD.followed_up_at IS NOT NULL AND (NEW.followed_up_at IS NOT OLD.followed_up_at
        OR NEW.followed_up_by IS NOT OLD.followed_up_by OR NEW.follow_up_note IS NOT OLD.follow_up_note))
    BEGIN SELECT RAISE(ABORT, 'hotline_contacts: a contact is written once; its follow-up is set once'); END;

-- board_items: what an office publishes for migrants in its area, valid from one day to another. Withdrawn, never
-- deleted (what was published, and by whom, stays on record). The public page reads only unexpired, not withdrawn rows.
CREATE TABLE board_items (
    id             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    office_code    TEXT    NOT NULL,
    kind           INTEGER NOT NULL,
    title          TEXT    NOT NULL,
    body           TEXT    NOT NULL,
    place          TEXT    NULL,
    valid_from     TEXT    NOT NULL,
    valid_until    TEXT    NOT NULL,
    created_at     TEXT    NOT NULL,
    created_by     TEXT    NOT NULL,
    withdrawn_at   TEXT    NULL,
    withdrawn_by   TEXT    NULL
);
CREATE INDEX ix_board_items_office ON board_items (office_code, valid_until);
CREATE TRIGGER board_items_no_delete BEFORE DELETE ON board_items
    BEGIN SELECT RAISE(ABORT, 'board_items are withdrawn, never deleted'); END;
CREATE TRIGGER board_items_set_once BEFORE UPDATE ON board_items WHEN
    NEW.office_code <> OLD.office_code OR NEW.kind <> OLD.kind OR NEW.title <> OLD.title OR NEW.body <> OLD.body
    OR NEW.place IS NOT OLD.place OR NEW.valid_from <> OLD.valid_from OR NEW.valid_until <> OLD.valid_until
    OR NEW.created_at <> OLD.created_at OR NEW.created_by <> OLD.created_by
    OR (OLD.withdrawn_at IS NOT NULL AND (NEW.withdrawn_at IS NOT OLD.withdrawn_at OR NEW.withdrawn_by IS NOT OLD.withdrawn_by))
    BEGIN SELECT RAISE(ABORT, 'board_items: an item is published once; its withdrawal is set once'); END;
