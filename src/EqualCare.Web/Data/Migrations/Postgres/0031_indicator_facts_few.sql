-- A save's facts without planning them each time (issue 15, figure "write of one service record"). The facts statement
-- of 0021 is dynamic SQL, planned on every call: 2.6 ms of planning against 0.2–0.8 ms of execution for one person
-- (EXPLAIN ANALYZE at 1,000,000 persons, 10.5 M service records), on every write of a service record or a person.
-- A write touches a handful of persons: their facts come from a static statement whose plan each connection keeps
-- (a generic plan: service records by person, persons by id, voids by the voided id, as the custom plans did). A bulk
-- load's many persons still go through 0021's dynamic statement, planned for their number (a hash join). The statement
-- below is 0021's, spelled out static: a change to the facts is a change to both (KeptFactTests compare the facts a save
-- keeps, which come from here, with a computation from the records).
CREATE FUNCTION indicator_facts_of_few(ids BIGINT[])
RETURNS SETOF indicator_person_facts LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    RETURN QUERY
        WITH live AS (
            SELECT s.person_id, s.kind, s.fulfils, s.service_date, s.gestational_weeks, s.operation, s.vaccine, s.dose_number,
                o.birth_date, o.pregnancy_outcome_date, o.pregnancy_lmp, o.contraception_start
            FROM service_records s JOIN persons o ON o.id = s.person_id
            WHERE s.person_id = ANY(ids) AND s.kind <> 99 AND NOT EXISTS (SELECT 1 FROM service_records x WHERE x.voids_record_id = s.id)
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
        FROM flags f LEFT JOIN doses d ON d.person_id = f.person_id;
END $$;

-- Many persons (an import) are computed 20,000 at a time, in id order (neighbours' records lie together): each statement
-- stays the size measured, 1.6 s for 20,000 persons at 1,000,000 persons (6.2 s for 100,000 in one). Most of a register
-- at once (its first load: more than 200,000 persons) is one pass over all the records, hash joins only, 36 s at
-- 1,000,000 persons and 10.5 M records. The old facts go in one hash join, not a search of the array for every kept row.
CREATE OR REPLACE FUNCTION indicator_facts_refresh(ids BIGINT[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    n      CONSTANT INT := COALESCE(cardinality(ids), 0);
    chunk  CONSTANT INT := 20000;
    sorted BIGINT[];
BEGIN
    IF n = 0 THEN RETURN; END IF;
    IF n <= 100 THEN
        DELETE FROM indicator_person_facts WHERE person_id = ANY(ids);
        INSERT INTO indicator_person_facts SELECT * FROM indicator_facts_of_few(ids);
        RETURN;
    END IF;
    DELETE FROM indicator_person_facts f USING unnest(ids) AS i (id) WHERE f.person_id = i.id;
    -- A first load's tables have no statistics yet (nothing has analysed them; this runs inside the load's transaction):
    -- planned blind, the facts statement joined each person's flags to her doses by a nested loop over the whole doses
    -- aggregate, a pass per person (EXPLAIN with the statistics removed; the demo load of 1,000,000 persons ran for
    -- over 25 minutes). Sampling the tables first (ANALYZE sees the transaction's own rows) takes a second or two.
    IF NOT EXISTS (SELECT 1 FROM pg_statistic WHERE starelid = 'service_records'::regclass) THEN ANALYZE service_records; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_statistic WHERE starelid = 'persons'::regclass) THEN ANALYZE persons; END IF;
    IF n > 200000 THEN
        INSERT INTO indicator_person_facts
        SELECT f.* FROM indicator_facts_computed(NULL) f WHERE f.person_id IN (SELECT unnest(ids));
        RETURN;
    END IF;
    sorted := ARRAY(SELECT DISTINCT i FROM unnest(ids) AS i ORDER BY i);
    FOR part IN 0 .. (cardinality(sorted) - 1) / chunk LOOP
        INSERT INTO indicator_person_facts SELECT * FROM indicator_facts_computed(sorted[part * chunk + 1 : (part + 1) * chunk]);
    END LOOP;
END $$;
