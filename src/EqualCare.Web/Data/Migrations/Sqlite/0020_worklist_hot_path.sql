-- The to-do list's hot path (issue 15): what a request used to recompute over its whole unit, kept. See the PostgreSQL
-- script of the same number for the meaning of each table and column.
ALTER TABLE due_kept_persons ADD COLUMN urgency INTEGER NOT NULL DEFAULT 1;
ALTER TABLE due_kept_persons ADD COLUMN first_due TEXT NULL;
ALTER TABLE due_kept_persons ADD COLUMN items INTEGER NOT NULL DEFAULT 0;
UPDATE due_kept_persons SET computed_on = '2000-01-01';
CREATE INDEX ix_due_kept_persons_page ON due_kept_persons (community_code, urgency, first_due, person_id, computed_on)
    WHERE first_due IS NOT NULL;
CREATE INDEX ix_due_kept_persons_order ON due_kept_persons (urgency, first_due, person_id, community_code, computed_on)
    WHERE first_due IS NOT NULL;

CREATE TABLE due_kept_communities (
    community_code TEXT    NOT NULL PRIMARY KEY,
    computed_on    TEXT    NULL,
    persons        INTEGER NOT NULL DEFAULT 0,
    items          INTEGER NOT NULL DEFAULT 0,
    overdue        INTEGER NOT NULL DEFAULT 0,
    week           INTEGER NOT NULL DEFAULT 0,
    month          INTEGER NOT NULL DEFAULT 0,
    arrivals       INTEGER NOT NULL DEFAULT 0,
    pregnancies    INTEGER NOT NULL DEFAULT 0,
    children       INTEGER NOT NULL DEFAULT 0,
    certificates   INTEGER NOT NULL DEFAULT 0,
    records        INTEGER NOT NULL DEFAULT 0,
    checkups       INTEGER NOT NULL DEFAULT 0,
    -- Incremented by every write that changes the community's items (DueKeeper, before it changes them): a rebuild applies
    -- its aggregate only if the version it read with it is still the row's, so a write it did not see is never lost.
    version        INTEGER  NOT NULL DEFAULT 0
);

CREATE TABLE due_kept_units (
    unit_code     TEXT    NOT NULL PRIMARY KEY,
    computed_on   TEXT    NOT NULL,
    generation    INTEGER NOT NULL,
    max_person_id INTEGER NOT NULL
);
CREATE TABLE due_generation (
    id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL
);
INSERT INTO due_generation (id, generation) VALUES (1, 1);
-- SQLite has no transaction-local setting: the app's save writes a row here for the length of its transaction (writers
-- are serialised, so no other write sees it) and the triggers do not count a forget made while it is there.
CREATE TABLE due_keeping (
    id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1)
);

-- The row triggers of 0019, each also incrementing the generation when it forgot a kept person outside the app's save.
DROP TRIGGER due_kept_persons_updated;
DROP TRIGGER due_kept_services_inserted;
DROP TRIGGER due_kept_services_updated;
DROP TRIGGER due_kept_exemptions_inserted;
DROP TRIGGER due_kept_exemptions_updated;
DROP TRIGGER due_kept_exemptions_deleted;
DROP TRIGGER due_kept_movements_inserted;
DROP TRIGGER due_kept_movements_updated;
DROP TRIGGER due_kept_certificates_inserted;
DROP TRIGGER due_kept_certificates_updated;
-- A person's own row always counts (not only when she was kept): a move or a status change by hand may put a person
-- never kept into a unit whose marker says all are.
CREATE TRIGGER due_kept_persons_updated AFTER UPDATE ON persons
BEGIN
    UPDATE due_generation SET generation = generation + 1 WHERE id = 1 AND NOT EXISTS (SELECT 1 FROM due_keeping);
    DELETE FROM due_kept_persons WHERE person_id = NEW.id;
END;
CREATE TRIGGER due_kept_services_inserted AFTER INSERT ON service_records
BEGIN
    UPDATE due_generation SET generation = generation + 1
        WHERE id = 1 AND NOT EXISTS (SELECT 1 FROM due_keeping) AND EXISTS (SELECT 1 FROM due_kept_persons WHERE person_id = NEW.person_id);
    DELETE FROM due_kept_persons WHERE person_id = NEW.person_id;
END;
CREATE TRIGGER due_kept_services_updated AFTER UPDATE ON service_records
BEGIN
    UPDATE due_generation SET generation = generation + 1
        WHERE id = 1 AND NOT EXISTS (SELECT 1 FROM due_keeping) AND EXISTS (SELECT 1 FROM due_kept_persons WHERE person_id = NEW.person_id);
    DELETE FROM due_kept_persons WHERE person_id = NEW.person_id;
END;
CREATE TRIGGER due_kept_exemptions_inserted AFTER INSERT ON care_exemptions
BEGIN
    UPDATE due_generation SET generation = generation + 1
        WHERE id = 1 AND NOT EXISTS (SELECT 1 FROM due_keeping) AND EXISTS (SELECT 1 FROM due_kept_persons WHERE person_id = NEW.person_id);
    DELETE FROM due_kept_persons WHERE person_id = NEW.person_id;
END;
CREATE TRIGGER due_kept_exemptions_updated AFTER UPDATE ON care_exemptions
BEGIN
    UPDATE due_generation SET generation = generation + 1
        WHERE id = 1 AND NOT EXISTS (SELECT 1 FROM due_keeping) AND EXISTS (SELECT 1 FROM due_kept_persons WHERE person_id = NEW.person_id);
    DELETE FROM due_kept_persons WHERE person_id = NEW.person_id;
END;
CREATE TRIGGER due_kept_exemptions_deleted AFTER DELETE ON care_exemptions
BEGIN
    UPDATE due_generation SET generation = generation + 1
        WHERE id = 1 AND NOT EXISTS (SELECT 1 FROM due_keeping) AND EXISTS (SELECT 1 FROM due_kept_persons WHERE person_id = OLD.person_id);
    DELETE FROM due_kept_persons WHERE person_id = OLD.person_id;
END;
CREATE TRIGGER due_kept_movements_inserted AFTER INSERT ON movements
BEGIN
    UPDATE due_generation SET generation = generation + 1
        WHERE id = 1 AND NOT EXISTS (SELECT 1 FROM due_keeping) AND EXISTS (SELECT 1 FROM due_kept_persons WHERE person_id = NEW.person_id);
    DELETE FROM due_kept_persons WHERE person_id = NEW.person_id;
END;
CREATE TRIGGER due_kept_movements_updated AFTER UPDATE ON movements
BEGIN
    UPDATE due_generation SET generation = generation + 1
        WHERE id = 1 AND NOT EXISTS (SELECT 1 FROM due_keeping) AND EXISTS (SELECT 1 FROM due_kept_persons WHERE person_id = NEW.person_id);
    DELETE FROM due_kept_persons WHERE person_id = NEW.person_id;
END;
CREATE TRIGGER due_kept_certificates_inserted AFTER INSERT ON certificates
BEGIN
    UPDATE due_generation SET generation = generation + 1
        WHERE id = 1 AND NOT EXISTS (SELECT 1 FROM due_keeping) AND EXISTS (SELECT 1 FROM due_kept_persons WHERE person_id = NEW.person_id);
    DELETE FROM due_kept_persons WHERE person_id = NEW.person_id;
END;
CREATE TRIGGER due_kept_certificates_updated AFTER UPDATE ON certificates
BEGIN
    UPDATE due_generation SET generation = generation + 1
        WHERE id = 1 AND NOT EXISTS (SELECT 1 FROM due_keeping) AND EXISTS (SELECT 1 FROM due_kept_persons WHERE person_id = NEW.person_id);
    DELETE FROM due_kept_persons WHERE person_id = NEW.person_id;
END;

-- The person record reads her children by mother_id OR father_id: an index for each side of the OR.
CREATE INDEX ix_persons_father ON persons (father_id, birth_date) WHERE father_id IS NOT NULL;
