-- Maternal indicators count live births (国家基本公共卫生服务规范 2011: 活产数, twins twice): a mother's children born on
-- her delivery day are looked up by mother, for the mothers of a period only (Features/Indicators/IndicatorSql.cs).
CREATE INDEX ix_persons_mother ON persons (mother_id, birth_date) WHERE mother_id IS NOT NULL;

-- The kept figures (0008) now also read the workers' decisions on a 康检 (the 康检 rate's population is the rule's,
-- less the women a worker exempted) and a child's mother (her live births): writes to either move the versions on.
CREATE TRIGGER care_exemptions_indicators_insert AFTER INSERT ON care_exemptions
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_touch_by_person();

-- persons: the community the person was in and the one she is in now, and her mother's (a child born or moved changes
-- the mother's count of live births).
CREATE OR REPLACE FUNCTION indicator_touch_persons() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM indicator_touch(ARRAY(SELECT community_code FROM new_rows
            UNION SELECT m.community_code FROM persons m WHERE m.id IN (SELECT mother_id FROM new_rows)));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM indicator_touch(ARRAY(SELECT community_code FROM new_rows UNION SELECT community_code FROM old_rows
            UNION SELECT m.community_code FROM persons m
                WHERE m.id IN (SELECT mother_id FROM new_rows UNION SELECT mother_id FROM old_rows)));
    ELSE
        PERFORM indicator_touch(ARRAY(SELECT community_code FROM old_rows
            UNION SELECT m.community_code FROM persons m WHERE m.id IN (SELECT mother_id FROM old_rows)));
    END IF;
    RETURN NULL;
END $$;
