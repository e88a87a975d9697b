-- What the indicators read of the service records, kept per person (Features/Indicators/IndicatorSql.cs, KeptFacts.cs).
-- The indicator statement reduced every service record of a unit to one row of flags per person each time a table was
-- computed: at a million persons that reduction was three quarters of a cold city table, with hash aggregates spilling
-- to disk. The flags depend on the period only through its two ends, so each person's records are reduced once, here,
-- to the dates the flags are decided by; a table is then a scan of persons plus this table, and the period's flags are
-- comparisons with its ends:
--   * "a service of this kind in the period" (康检, free services, child visits, contraceptives): the days of such
--     services as a multirange, tested for overlap with the period;
--   * "by the end of the period" (health record, immunisation file, pre-pregnancy check, and the visits whose window
--     hangs on the person's own dates: newborn visit, early booking, postpartum visit, the pre-pregnancy check in the
--     year before the LMP, the operation within 30 days of the method's start): the first qualifying day;
--   * 5 antenatal visits: the day of the fifth; vaccine coverage: per vaccine, the first day of each different dose,
--     in order (the k-th is the day the k-th dose was reached).
-- Void records and the records they void are left out, as the statement leaves them out. Every value here is the
-- statement's flag for any period, so the two never differ (the consistency check `indicators check` compares them).
--
-- Enum values as the tables store them (Domain/Services/ServiceRecord.cs, Domain/Schedules/CareKind.cs): kinds 1 health
-- record, 2 immunisation, 3 immunisation file, 4 child visit, 5 maternal visit, 6 康检, 7 妇科病普查, 8 孕前优生检查,
-- 9 operation, 10 contraceptives, 99 void; fulfils 100 newborn home visit, 201–205 antenatal, 210 postpartum visit;
-- operations 1 IUD insertion, 3 tubal ligation, 7 implant insertion.

CREATE TABLE indicator_person_facts (
    person_id                  BIGINT PRIMARY KEY,
    checkup_days               datemultirange,
    free_service_days          datemultirange,
    child_visit_days           datemultirange,
    contraceptives_days        datemultirange,
    health_record_on           DATE,
    immunisation_file_on       DATE,
    prepregnancy_on            DATE,
    newborn_visit_on           DATE,
    early_booking_on           DATE,
    postpartum_visit_on        DATE,
    antenatal_fifth_on         DATE,
    prepregnancy_before_lmp_on DATE,
    operation_here_on          DATE,
    -- {"HepB": ["2023-03-01", "2023-04-01", …], …}: per vaccine, the first day of each different dose, earliest first.
    doses                      JSONB
);

-- The facts of the persons given (ids), or of a unit's persons (low … high), or of everyone (both null), computed from
-- the records. Dynamic SQL so that each use is planned for its own filter (a bulk backfill is a hash join, a write's
-- handful of persons an index lookup).
CREATE FUNCTION indicator_facts_computed(ids BIGINT[], low TEXT DEFAULT NULL, high TEXT DEFAULT NULL)
RETURNS SETOF indicator_person_facts LANGUAGE plpgsql AS $$
DECLARE
    filter TEXT := CASE WHEN ids IS NOT NULL THEN 's.person_id = ANY($1)'
                        WHEN low IS NOT NULL THEN 'o.community_code BETWEEN $2 AND $3'
                        ELSE 'TRUE' END;
BEGIN
    -- The whole reduction in one statement may hash a million persons: memory for this statement only.
    IF ids IS NULL THEN PERFORM set_config('work_mem', '256MB', true); END IF;
    RETURN QUERY EXECUTE format($q$
        WITH live AS (
            SELECT s.person_id, s.kind, s.fulfils, s.service_date, s.gestational_weeks, s.operation, s.vaccine, s.dose_number,
                o.birth_date, o.pregnancy_outcome_date, o.pregnancy_lmp, o.contraception_start
            FROM service_records s JOIN persons o ON o.id = s.person_id
            WHERE %s AND s.kind <> 99 AND NOT EXISTS (SELECT 1 FROM service_records x WHERE x.voids_record_id = s.id)
        ),
        dose_days AS (
            SELECT person_id, vaccine, MIN(service_date) AS first_on
            FROM live WHERE kind = 2 AND vaccine IS NOT NULL AND dose_number IS NOT NULL
            GROUP BY person_id, vaccine, dose_number
        ),
        doses AS (
            SELECT person_id, jsonb_object_agg(vaccine, days) AS doses
            FROM (SELECT person_id, vaccine, jsonb_agg(first_on ORDER BY first_on) AS days FROM dose_days GROUP BY person_id, vaccine) v
            GROUP BY person_id
        ),
        flags AS (
            SELECT person_id,
                range_agg(daterange(service_date, service_date, '[]')) FILTER (WHERE kind = 6) AS checkup_days,
                range_agg(daterange(service_date, service_date, '[]')) FILTER (WHERE kind IN (6, 7, 8, 9, 10)) AS free_service_days,
                range_agg(daterange(service_date, service_date, '[]')) FILTER (WHERE kind = 4) AS child_visit_days,
                range_agg(daterange(service_date, service_date, '[]')) FILTER (WHERE kind = 10) AS contraceptives_days,
                MIN(service_date) FILTER (WHERE kind = 1) AS health_record_on,
                MIN(service_date) FILTER (WHERE kind = 3) AS immunisation_file_on,
                MIN(service_date) FILTER (WHERE kind = 8) AS prepregnancy_on,
                MIN(service_date) FILTER (WHERE kind = 4 AND fulfils = 100 AND service_date >= birth_date
                    AND service_date - birth_date <= 28) AS newborn_visit_on,
                MIN(service_date) FILTER (WHERE kind = 5 AND gestational_weeks < 13 AND service_date <= pregnancy_outcome_date
                    AND pregnancy_outcome_date - service_date <= 300) AS early_booking_on,
                MIN(service_date) FILTER (WHERE kind = 5 AND fulfils = 210 AND service_date >= pregnancy_outcome_date
                    AND service_date - pregnancy_outcome_date <= 28) AS postpartum_visit_on,
                (array_agg(service_date ORDER BY service_date) FILTER (WHERE kind = 5 AND (fulfils IS NULL OR fulfils BETWEEN 201 AND 205)
                    AND service_date < pregnancy_outcome_date AND pregnancy_outcome_date - service_date <= 300))[5] AS antenatal_fifth_on,
                MIN(service_date) FILTER (WHERE kind = 8 AND service_date <= pregnancy_lmp
                    AND pregnancy_lmp - service_date <= 365) AS prepregnancy_before_lmp_on,
                MIN(service_date) FILTER (WHERE kind = 9 AND operation IN (1, 3, 7)
                    AND service_date - contraception_start BETWEEN -30 AND 30) AS operation_here_on
            FROM live
            GROUP BY person_id
        )
        SELECT f.person_id, f.checkup_days, f.free_service_days, f.child_visit_days, f.contraceptives_days, f.health_record_on,
            f.immunisation_file_on, f.prepregnancy_on, f.newborn_visit_on, f.early_booking_on, f.postpartum_visit_on,
            f.antenatal_fifth_on, f.prepregnancy_before_lmp_on, f.operation_here_on, d.doses
        FROM flags f LEFT JOIN doses d ON d.person_id = f.person_id
        $q$, filter) USING ids, low, high;
END $$;

-- Computes the persons' facts again (in the writing transaction: the statement triggers below call it).
CREATE FUNCTION indicator_facts_refresh(ids BIGINT[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
    DELETE FROM indicator_person_facts WHERE person_id = ANY(ids);
    INSERT INTO indicator_person_facts SELECT * FROM indicator_facts_computed(ids);
END $$;

-- Service records are append-only: an insert is a new service or a void (whose voided record is the same person's,
-- and is looked up all the same). Statement triggers: a bulk load computes its persons once, in one statement.
CREATE FUNCTION indicator_facts_services() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM indicator_facts_refresh(ARRAY(
        SELECT person_id FROM new_rows
        UNION SELECT v.person_id FROM service_records v WHERE v.id IN (SELECT voids_record_id FROM new_rows WHERE voids_record_id IS NOT NULL)));
    RETURN NULL;
END $$;
CREATE TRIGGER service_records_indicator_facts AFTER INSERT ON service_records
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_services();

-- A person's own dates decide the windows of some facts (birth, pregnancy outcome, LMP, start of the method).
CREATE FUNCTION indicator_facts_persons() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM indicator_person_facts WHERE person_id IN (SELECT id FROM old_rows);
    ELSE
        PERFORM indicator_facts_refresh(ARRAY(
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (n.birth_date, n.pregnancy_outcome_date, n.pregnancy_lmp, n.contraception_start)
                  IS DISTINCT FROM (o.birth_date, o.pregnancy_outcome_date, o.pregnancy_lmp, o.contraception_start)));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER persons_indicator_facts_update AFTER UPDATE ON persons
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_persons();
CREATE TRIGGER persons_indicator_facts_delete AFTER DELETE ON persons
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_persons();

-- Backfill: every person's facts from the records there are.
INSERT INTO indicator_person_facts SELECT * FROM indicator_facts_computed(NULL);
ANALYZE indicator_person_facts;
