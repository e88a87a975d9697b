-- The to-do list's hot path (issue 15): what a request used to recompute over its whole unit, kept.
--
-- 1. Per person, the keys that order the list (PersonRows.Of: 逾期 first, then the due date of her most urgent item, then
--    the person), valid for computed_on: the first page is an ORDER BY … LIMIT on an index, not a GROUP BY of the unit.
--    first_due is null for a person with no item (she is on no page).
ALTER TABLE due_kept_persons ADD COLUMN urgency SMALLINT NOT NULL DEFAULT 1;   -- 0: has a 逾期 item; 1: none
ALTER TABLE due_kept_persons ADD COLUMN first_due DATE NULL;
ALTER TABLE due_kept_persons ADD COLUMN items INTEGER NOT NULL DEFAULT 0;
-- Rows kept before this script have no keys: computed again when their unit is next read.
UPDATE due_kept_persons SET computed_on = DATE '2000-01-01';
CREATE INDEX ix_due_kept_persons_page ON due_kept_persons (community_code, urgency, first_due, person_id, computed_on)
    WHERE first_due IS NOT NULL;
CREATE INDEX ix_due_kept_persons_order ON due_kept_persons (urgency, first_due, person_id, community_code, computed_on)
    WHERE first_due IS NOT NULL;

-- 2. The counts of the list per community for one day (WorklistCounts over the community's kept items, with that day's
--    逾期/week/month): rebuilt from due_items when computed_on is not today, else changed by delta in the transaction
--    that rewrites a person's items (DueKeeper). A unit's counts are the sum over its communities' rows.
CREATE TABLE due_kept_communities (
    community_code VARCHAR(12) COLLATE "C" NOT NULL PRIMARY KEY,
    computed_on    DATE    NULL,
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
    version        BIGINT  NOT NULL DEFAULT 0
);

-- 3. A unit's marker: every listed person of the unit with id <= max_person_id had her items kept for computed_on, as of
--    the forget generation. A request with a valid marker checks only the persons added since (id > max_person_id) instead
--    of anti-joining the whole unit.
CREATE TABLE due_kept_units (
    unit_code     VARCHAR(12) COLLATE "C" NOT NULL PRIMARY KEY,
    computed_on   DATE   NOT NULL,
    generation    BIGINT NOT NULL,
    max_person_id BIGINT NOT NULL
);
-- The forget generation: incremented by every write that forgets kept persons without keeping them again in its own
-- transaction (a bulk load, manual SQL), so every marker read before it is no longer valid. The app's own saves keep the
-- persons they touch in the same transaction (DueKeepingInterceptor) and say so with the transaction-local setting
-- equalcare.keeping: they do not invalidate the markers.
CREATE TABLE due_generation (
    id         SMALLINT NOT NULL PRIMARY KEY CHECK (id = 1),
    generation BIGINT   NOT NULL
);
INSERT INTO due_generation (id, generation) VALUES (1, 1);

CREATE OR REPLACE FUNCTION due_kept_forgotten() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('equalcare.keeping', true), '') <> 'on' THEN
        UPDATE due_generation SET generation = generation + 1 WHERE id = 1;
    END IF;
END $$;
CREATE OR REPLACE FUNCTION due_kept_forget_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM due_kept_persons k WHERE k.person_id IN (SELECT n.person_id FROM new_rows n);
    -- A person not kept needs no new generation: no valid marker covers her (it would have kept her).
    IF FOUND THEN PERFORM due_kept_forgotten(); END IF;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION due_kept_forget_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM due_kept_persons k WHERE k.person_id IN (SELECT o.person_id FROM old_rows o);
    -- A person not kept needs no new generation: no valid marker covers her (it would have kept her).
    IF FOUND THEN PERFORM due_kept_forgotten(); END IF;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION due_kept_forget_persons() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM due_kept_persons k WHERE k.person_id IN (SELECT n.id FROM new_rows n);
    -- Always (not only when a kept person was forgotten): a move or a status change by hand may put a person never kept
    -- into a unit whose marker says all are.
    PERFORM due_kept_forgotten();
    RETURN NULL;
END $$;

-- The person record (GET /api/persons/{id}) reads her linked persons: her spouse and parents by id and her children by
-- mother_id OR father_id. Without an index on father_id the OR is a scan of every person (2 s p95 at 1,000,000 under load).
CREATE INDEX ix_persons_father ON persons (father_id, birth_date) WHERE father_id IS NOT NULL;
