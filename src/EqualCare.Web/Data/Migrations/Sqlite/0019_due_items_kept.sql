-- Due items kept (issue 15 point 1): each person's to-do items as the schedules produced them on the day they were
-- computed, rewritten in the transaction of every write that changes them, so the to-do list is a range query on
-- (community, due date) and not a recomputation of every person's schedules on every request. Status (逾期, this week …)
-- is not stored: the list derives it in SQL from the dates and today (OverdueRule: window ended and due date passed).
-- due_kept_persons says for whom the items are kept and for which day; a person without a row, or with a row of an
-- earlier day or another community (a bulk load, a new day), is computed again before her unit's list is read.
CREATE TABLE due_kept_persons (
    person_id      INTEGER NOT NULL PRIMARY KEY REFERENCES persons (id),
    community_code TEXT    NOT NULL,
    computed_on    TEXT    NOT NULL
);
CREATE INDEX ix_due_kept_persons_community ON due_kept_persons (community_code, computed_on);

CREATE TABLE due_items (
    id             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    person_id      INTEGER NOT NULL REFERENCES persons (id),
    community_code TEXT    NOT NULL,
    ordinal        INTEGER NOT NULL,
    work_group     INTEGER NOT NULL,
    kind           INTEGER NULL,
    item_key       TEXT    NULL,
    name           TEXT    NOT NULL,
    due            TEXT    NOT NULL,
    window_start   TEXT    NOT NULL,
    window_end     TEXT    NOT NULL,
    source         TEXT    NOT NULL,
    plan           TEXT    NULL
);
-- The list: a unit's items by due date (a unit is a prefix range of community codes).
CREATE INDEX ix_due_items_community_due ON due_items (community_code, due);
CREATE INDEX ix_due_items_person ON due_items (person_id, ordinal);

-- A write that does not go through the app's save (a bulk load, an UPDATE by hand) forgets the kept items of the persons
-- it touches, so they are computed again when their unit's list is read: the kept items are never silently wrong. The
-- app's own saves rewrite the items in the same transaction afterwards (DueKeepingInterceptor).
CREATE TRIGGER due_kept_persons_updated AFTER UPDATE ON persons
    BEGIN DELETE FROM due_kept_persons WHERE person_id = NEW.id; END;
CREATE TRIGGER due_kept_services_inserted AFTER INSERT ON service_records
    BEGIN DELETE FROM due_kept_persons WHERE person_id = NEW.person_id; END;
CREATE TRIGGER due_kept_services_updated AFTER UPDATE ON service_records
    BEGIN DELETE FROM due_kept_persons WHERE person_id = NEW.person_id; END;
CREATE TRIGGER due_kept_exemptions_inserted AFTER INSERT ON care_exemptions
    BEGIN DELETE FROM due_kept_persons WHERE person_id = NEW.person_id; END;
CREATE TRIGGER due_kept_exemptions_updated AFTER UPDATE ON care_exemptions
    BEGIN DELETE FROM due_kept_persons WHERE person_id = NEW.person_id; END;
CREATE TRIGGER due_kept_exemptions_deleted AFTER DELETE ON care_exemptions
    BEGIN DELETE FROM due_kept_persons WHERE person_id = OLD.person_id; END;
CREATE TRIGGER due_kept_movements_inserted AFTER INSERT ON movements
    BEGIN DELETE FROM due_kept_persons WHERE person_id = NEW.person_id; END;
CREATE TRIGGER due_kept_movements_updated AFTER UPDATE ON movements
    BEGIN DELETE FROM due_kept_persons WHERE person_id = NEW.person_id; END;
CREATE TRIGGER due_kept_certificates_inserted AFTER INSERT ON certificates
    BEGIN DELETE FROM due_kept_persons WHERE person_id = NEW.person_id; END;
CREATE TRIGGER due_kept_certificates_updated AFTER UPDATE ON certificates
    BEGIN DELETE FROM due_kept_persons WHERE person_id = NEW.person_id; END;
