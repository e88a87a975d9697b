-- Services given to persons, workers' decisions on to-do items, check-up days and the SMS outbox. All append-only.
CREATE TABLE service_records (
    id                   INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    person_id            INTEGER      NOT NULL REFERENCES persons (id),
    community_code       TEXT NOT NULL,
    kind                 INTEGER    NOT NULL,
    fulfils              INTEGER    NULL,
    service_date         TEXT        NOT NULL,
    place                TEXT        NULL,
    provider             TEXT        NULL,
    note                 TEXT        NULL,
    recorded_at          TEXT NOT NULL,
    recorded_by          TEXT        NOT NULL,
    voids_record_id      INTEGER      NULL REFERENCES service_records (id),
    record_number        TEXT NULL,
    findings             TEXT        NULL,
    vaccine              TEXT        NULL,
    dose_number          INTEGER    NULL,
    batch_number         TEXT        NULL,
    injection_site       TEXT        NULL,
    weight_kg            TEXT NULL,
    height_cm            TEXT NULL,
    gestational_weeks    INTEGER    NULL,
    high_risk            INTEGER     NULL,
    result               INTEGER    NULL,
    report_sent_to_hukou INTEGER     NULL,
    operation            INTEGER    NULL,
    leave_days           INTEGER    NULL,
    item                 TEXT        NULL,
    quantity             INTEGER     NULL
);
CREATE INDEX ix_service_records_person_id ON service_records (person_id, service_date);
CREATE INDEX ix_service_records_community ON service_records (community_code, kind, service_date);
CREATE INDEX ix_service_records_voids ON service_records (voids_record_id) WHERE voids_record_id IS NOT NULL;

CREATE TABLE care_exemptions (
    id           INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    person_id    INTEGER      NOT NULL REFERENCES persons (id),
    kind         INTEGER    NOT NULL,
    item_key     TEXT        NULL,
    window_start TEXT        NOT NULL,
    reason       INTEGER    NOT NULL,
    note         TEXT        NULL,
    recorded_at  TEXT NOT NULL,
    recorded_by  TEXT        NOT NULL
);
CREATE INDEX ix_care_exemptions_person_id ON care_exemptions (person_id);

CREATE TABLE checkup_days (
    id             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    community_code TEXT NOT NULL,
    day            TEXT        NOT NULL,
    place          TEXT        NULL,
    created_at     TEXT NOT NULL,
    created_by     TEXT        NOT NULL
);
CREATE UNIQUE INDEX ix_checkup_days_community_day ON checkup_days (community_code, day);

CREATE TABLE checkup_attendance (
    id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    checkup_day_id  INTEGER      NOT NULL REFERENCES checkup_days (id),
    person_id       INTEGER      NOT NULL REFERENCES persons (id),
    attended        INTEGER     NOT NULL,
    absence_reason  INTEGER    NULL,
    note            TEXT        NULL,
    recorded_at     TEXT NOT NULL,
    recorded_by     TEXT        NOT NULL
);
CREATE INDEX ix_checkup_attendance_day ON checkup_attendance (checkup_day_id, person_id);

CREATE TABLE sms_messages (
    id             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    person_id      INTEGER      NOT NULL REFERENCES persons (id),
    community_code TEXT NOT NULL,
    dedupe_key     TEXT        NOT NULL,
    body           TEXT        NOT NULL,
    due_date       TEXT        NOT NULL,
    queued_at      TEXT NOT NULL,
    sent_at        TEXT NULL,
    sender         TEXT        NULL
);
CREATE UNIQUE INDEX ix_sms_messages_dedupe_key ON sms_messages (dedupe_key);
CREATE INDEX ix_sms_messages_community ON sms_messages (community_code, queued_at);

CREATE TRIGGER service_records_no_update BEFORE UPDATE ON service_records BEGIN SELECT RAISE(ABORT, 'service_records is append-only'); END;
CREATE TRIGGER service_records_no_delete BEFORE DELETE ON service_records BEGIN SELECT RAISE(ABORT, 'service_records is append-only'); END;
CREATE TRIGGER care_exemptions_no_update BEFORE UPDATE ON care_exemptions BEGIN SELECT RAISE(ABORT, 'care_exemptions is append-only'); END;
CREATE TRIGGER care_exemptions_no_delete BEFORE DELETE ON care_exemptions BEGIN SELECT RAISE(ABORT, 'care_exemptions is append-only'); END;
CREATE TRIGGER checkup_attendance_no_update BEFORE UPDATE ON checkup_attendance BEGIN SELECT RAISE(ABORT, 'checkup_attendance is append-only'); END;
CREATE TRIGGER checkup_attendance_no_delete BEFORE DELETE ON checkup_attendance BEGIN SELECT RAISE(ABORT, 'checkup_attendance is append-only'); END;
-- The outbox row is updated once, when sent; it is never deleted.
CREATE TRIGGER sms_messages_no_delete BEFORE DELETE ON sms_messages BEGIN SELECT RAISE(ABORT, 'sms_messages is append-only'); END;
