-- Indicator figures kept per community and period (Features/Indicators/KeptFigures.cs). A city's table computed from
-- the records takes seconds at a million persons; kept, it is read in milliseconds. Every write to a table the figures
-- are computed from moves the version of the communities it touches on, so a kept figure is used only while its
-- community's version is still the one it was computed at: nothing stale is ever shown.
--
-- Statement triggers with transition tables: a bulk load (COPY of a million persons) moves each community's version
-- once, not once per row. Row locks on a community's version are held to the end of the writing transaction, as the
-- writes of one community already are.

CREATE TABLE indicator_versions (
    community_code VARCHAR(12) COLLATE "C" PRIMARY KEY,
    version        BIGINT      NOT NULL
);
INSERT INTO indicator_versions (community_code, version) SELECT DISTINCT community_code, 1 FROM persons;

CREATE TABLE indicator_figures (
    community_code VARCHAR(12) COLLATE "C" NOT NULL,
    period_key     VARCHAR(20) NOT NULL,
    -- A hash of the statement the figures came from: figures of an older formula are computed anew, never reused.
    statement      VARCHAR(64) NOT NULL,
    version        BIGINT      NOT NULL,
    -- "numerator/denominator" of each indicator in catalogue order, comma-separated; empty when no person counts.
    figures        TEXT        NOT NULL,
    computed_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_code, period_key, statement)
);

CREATE FUNCTION indicator_touch(codes TEXT[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO indicator_versions AS v (community_code, version)
    SELECT DISTINCT c, 1 FROM unnest(codes) AS c WHERE c IS NOT NULL ORDER BY 1
    ON CONFLICT (community_code) DO UPDATE SET version = v.version + 1
$$;

-- persons: the community the person was in and the one she is in now.
CREATE FUNCTION indicator_touch_persons() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM indicator_touch(ARRAY(SELECT DISTINCT community_code FROM new_rows));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM indicator_touch(ARRAY(SELECT community_code FROM new_rows UNION SELECT community_code FROM old_rows));
    ELSE
        PERFORM indicator_touch(ARRAY(SELECT DISTINCT community_code FROM old_rows));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER persons_indicators_insert AFTER INSERT ON persons
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_touch_persons();
CREATE TRIGGER persons_indicators_update AFTER UPDATE ON persons
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_touch_persons();
CREATE TRIGGER persons_indicators_delete AFTER DELETE ON persons
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_touch_persons();

-- Rows of a person (services, certificates, check-up attendance, survey answers): the person's community.
CREATE FUNCTION indicator_touch_by_person() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM indicator_touch(ARRAY(SELECT DISTINCT p.community_code FROM persons p
            WHERE p.id IN (SELECT person_id FROM new_rows)));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM indicator_touch(ARRAY(SELECT DISTINCT p.community_code FROM persons p
            WHERE p.id IN (SELECT person_id FROM new_rows UNION SELECT person_id FROM old_rows)));
    ELSE
        PERFORM indicator_touch(ARRAY(SELECT DISTINCT p.community_code FROM persons p
            WHERE p.id IN (SELECT person_id FROM old_rows)));
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER service_records_indicators_insert AFTER INSERT ON service_records
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_touch_by_person();
CREATE TRIGGER checkup_attendance_indicators_insert AFTER INSERT ON checkup_attendance
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_touch_by_person();
CREATE TRIGGER certificates_indicators_insert AFTER INSERT ON certificates
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_touch_by_person();
CREATE TRIGGER certificates_indicators_update AFTER UPDATE ON certificates
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_touch_by_person();
CREATE TRIGGER survey_responses_indicators_insert AFTER INSERT ON survey_responses
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_touch_by_person();
CREATE TRIGGER survey_responses_indicators_update AFTER UPDATE ON survey_responses
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_touch_by_person();
CREATE TRIGGER survey_responses_indicators_delete AFTER DELETE ON survey_responses
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_touch_by_person();

-- A check of a certificate: the community of the certificate's person.
CREATE FUNCTION indicator_touch_certificate_checks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM indicator_touch(ARRAY(SELECT DISTINCT p.community_code FROM persons p JOIN certificates c ON c.person_id = p.id
        WHERE c.id IN (SELECT certificate_id FROM new_rows)));
    RETURN NULL;
END $$;
CREATE TRIGGER certificate_checks_indicators_insert AFTER INSERT ON certificate_checks
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_touch_certificate_checks();

-- A check-up day moved to another date changes which period its attendance counts in: the attendees' communities.
CREATE FUNCTION indicator_touch_checkup_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM indicator_touch(ARRAY(SELECT DISTINCT p.community_code FROM persons p JOIN checkup_attendance a ON a.person_id = p.id
        WHERE a.checkup_day_id IN (SELECT id FROM new_rows)));
    RETURN NULL;
END $$;
CREATE TRIGGER checkup_days_indicators_update AFTER UPDATE ON checkup_days
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_touch_checkup_days();
