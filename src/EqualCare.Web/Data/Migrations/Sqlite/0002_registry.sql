-- The migrant case (个案): identity checks and override, 户籍地 and 现居住地 details, marriage, contraception, pregnancy,
-- status; append-only movement history, certificates and their checks.
ALTER TABLE persons ADD COLUMN id_number_entered TEXT NULL;
ALTER TABLE persons ADD COLUMN id_state INTEGER NOT NULL DEFAULT 0;
ALTER TABLE persons ADD COLUMN id_failed_checks TEXT NULL;
ALTER TABLE persons ADD COLUMN id_override_reason TEXT NULL;
ALTER TABLE persons ADD COLUMN id_override_by TEXT NULL;
ALTER TABLE persons ADD COLUMN id_override_at TEXT NULL;
ALTER TABLE persons ADD COLUMN ethnicity TEXT NULL;
ALTER TABLE persons ADD COLUMN hukou_address TEXT NULL;
ALTER TABLE persons ADD COLUMN residence_address TEXT NULL;
ALTER TABLE persons ADD COLUMN housing_type INTEGER NULL;
ALTER TABLE persons ADD COLUMN landlord_or_employer TEXT NULL;
ALTER TABLE persons ADD COLUMN flow_direction INTEGER NOT NULL DEFAULT 1;
ALTER TABLE persons ADD COLUMN household_type INTEGER NULL;
ALTER TABLE persons ADD COLUMN marriage_date TEXT NULL;
ALTER TABLE persons ADD COLUMN contraception_method INTEGER NULL;
ALTER TABLE persons ADD COLUMN contraception_start TEXT NULL;
ALTER TABLE persons ADD COLUMN contraception_provider TEXT NULL;
ALTER TABLE persons ADD COLUMN pregnancy_lmp TEXT NULL;
ALTER TABLE persons ADD COLUMN pregnancy_expected_date TEXT NULL;
ALTER TABLE persons ADD COLUMN pregnancy_outcome INTEGER NULL;
ALTER TABLE persons ADD COLUMN pregnancy_outcome_date TEXT NULL;
ALTER TABLE persons ADD COLUMN education INTEGER NULL;
ALTER TABLE persons ADD COLUMN status INTEGER NOT NULL DEFAULT 1;
ALTER TABLE persons ADD COLUMN accompanying_child INTEGER NOT NULL DEFAULT 0;
ALTER TABLE persons ADD COLUMN merged_into_id INTEGER NULL;

-- A real number is unique; placeholders (state 2) repeat by nature.
DROP INDEX ix_persons_id_number;
CREATE UNIQUE INDEX ix_persons_id_number ON persons (id_number) WHERE id_state <> 2;
CREATE INDEX ix_persons_name ON persons (name);
CREATE INDEX ix_persons_phone ON persons (phone);
CREATE INDEX ix_persons_duplicate_key ON persons (name, birth_date, hukou_county_code);

CREATE TABLE movements (
    id                  INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    person_id           INTEGER NOT NULL REFERENCES persons (id),
    kind                INTEGER NOT NULL,
    occurred_on         TEXT    NOT NULL,
    recorded_at         TEXT    NOT NULL,
    recorded_by         TEXT    NOT NULL,
    from_community_code TEXT    NULL,
    to_community_code   TEXT    NULL,
    destination         TEXT    NULL,
    note                TEXT    NULL
);
CREATE INDEX ix_movements_person_id ON movements (person_id);

CREATE TABLE certificates (
    id             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    person_id      INTEGER NOT NULL REFERENCES persons (id),
    kind           INTEGER NOT NULL,
    form           INTEGER NULL,
    number         TEXT    NULL,
    issuing_office TEXT    NULL,
    issue_date     TEXT    NULL,
    valid_until    TEXT    NULL,
    child_order    INTEGER NULL,
    recorded_at    TEXT    NOT NULL,
    recorded_by    TEXT    NOT NULL
);
CREATE INDEX ix_certificates_person_id ON certificates (person_id);

CREATE TABLE certificate_checks (
    id             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    certificate_id INTEGER NOT NULL REFERENCES certificates (id),
    checked_on     TEXT    NOT NULL,
    office         TEXT    NOT NULL,
    result         INTEGER NOT NULL,
    note           TEXT    NULL,
    recorded_at    TEXT    NOT NULL,
    recorded_by    TEXT    NOT NULL
);
CREATE INDEX ix_certificate_checks_certificate_id ON certificate_checks (certificate_id);

-- Histories are append-only: a correction is a new row, never an edit.
CREATE TRIGGER movements_no_update BEFORE UPDATE ON movements BEGIN SELECT RAISE(ABORT, 'movements is append-only'); END;
CREATE TRIGGER movements_no_delete BEFORE DELETE ON movements BEGIN SELECT RAISE(ABORT, 'movements is append-only'); END;
CREATE TRIGGER certificates_no_update BEFORE UPDATE ON certificates BEGIN SELECT RAISE(ABORT, 'certificates is append-only'); END;
CREATE TRIGGER certificates_no_delete BEFORE DELETE ON certificates BEGIN SELECT RAISE(ABORT, 'certificates is append-only'); END;
CREATE TRIGGER certificate_checks_no_update BEFORE UPDATE ON certificate_checks BEGIN SELECT RAISE(ABORT, 'certificate_checks is append-only'); END;
CREATE TRIGGER certificate_checks_no_delete BEFORE DELETE ON certificate_checks BEGIN SELECT RAISE(ABORT, 'certificate_checks is append-only'); END;
