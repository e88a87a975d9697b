-- Indicators: survey answers (政策知晓率, 服务满意率) and administrators' target overrides. Both append-only histories.
CREATE TABLE survey_responses (
    id             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    person_id      INTEGER NOT NULL REFERENCES persons (id),
    community_code TEXT    NOT NULL,
    answered_on    TEXT    NOT NULL,
    policy_known   INTEGER NOT NULL,
    satisfied      INTEGER NOT NULL,
    recorded_at    TEXT    NOT NULL,
    recorded_by    TEXT    NOT NULL
);
CREATE INDEX ix_survey_responses_person ON survey_responses (person_id, answered_on);
CREATE INDEX ix_survey_responses_day ON survey_responses (answered_on);

CREATE TABLE indicator_targets (
    id             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    indicator_code TEXT    NOT NULL,
    target_percent TEXT    NOT NULL,
    amber_percent  TEXT    NOT NULL,
    reason         TEXT    NOT NULL,
    set_at         TEXT    NOT NULL,
    set_by         TEXT    NOT NULL
);
CREATE INDEX ix_indicator_targets_code ON indicator_targets (indicator_code, id);

CREATE INDEX ix_service_records_person_kind ON service_records (person_id, kind, service_date);
CREATE INDEX ix_checkup_days_day ON checkup_days (day);
CREATE INDEX ix_checkup_attendance_person ON checkup_attendance (person_id, checkup_day_id, id);

CREATE TRIGGER survey_responses_no_update BEFORE UPDATE ON survey_responses BEGIN SELECT RAISE(ABORT, 'survey_responses is append-only'); END;
CREATE TRIGGER survey_responses_no_delete BEFORE DELETE ON survey_responses BEGIN SELECT RAISE(ABORT, 'survey_responses is append-only'); END;
CREATE TRIGGER indicator_targets_no_update BEFORE UPDATE ON indicator_targets BEGIN SELECT RAISE(ABORT, 'indicator_targets is append-only'); END;
CREATE TRIGGER indicator_targets_no_delete BEFORE DELETE ON indicator_targets BEGIN SELECT RAISE(ABORT, 'indicator_targets is append-only'); END;
