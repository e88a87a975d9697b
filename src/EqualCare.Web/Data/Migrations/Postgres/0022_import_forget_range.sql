-- Import at COPY speed (issue 15 point 3). The statement-level trigger of migration 0019 that forgets the kept to-do items
-- of the persons a bulk insert touches ran, for an import's COPY of a million Arrival movements, a semi-join of a million
-- transition rows against due_kept_persons: a hash aggregate that spilled to disk, then a million index probes (about
-- 5 s, measured on 2 shared cores; as long as the persons COPY itself). The persons an import adds are new: none of them can
-- have kept items. The same trigger now first looks at the range of person ids the statement touched, one index probe,
-- and runs the semi-join only when some kept row lies in that range. What is forgotten is unchanged.
CREATE OR REPLACE FUNCTION due_kept_forget_new() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    low  bigint;
    high bigint;
BEGIN
    SELECT min(n.person_id), max(n.person_id) INTO low, high FROM new_rows n;
    IF EXISTS (SELECT 1 FROM due_kept_persons k WHERE k.person_id BETWEEN low AND high) THEN
        DELETE FROM due_kept_persons k WHERE k.person_id IN (SELECT n.person_id FROM new_rows n);
        -- As migration 0020 made it: a kept person forgotten outside the app's own save moves the forget generation on,
        -- so no unit marker still claims her unit is kept.
        IF FOUND THEN PERFORM due_kept_forgotten(); END IF;
    END IF;
    RETURN NULL;
END $$;
