-- The persons search box (issue 13 point 6): a fragment anywhere in the name, the last 4 or 6 characters of the ID number,
-- the masked form as lists show it (first 6 + last 4), the last 4 digits of a phone. Every index below is on the persons
-- table itself (plain or expression indexes), so every writer keeps them right without knowing of them: the case form,
-- the importer's and the demo generator's COPY, merges.

-- Fragments of 3 characters or more: LIKE '%fragment%' served by a trigram index. pg_trgm counts CJK characters as word
-- characters in a UTF-8 database with a non-C ctype (C.UTF-8 here), so 3 Chinese characters make one trigram.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX ix_persons_name_trgm ON persons USING gin (name gin_trgm_ops);

-- Fragments of 1 or 2 characters (a Chinese surname, a given name): trigrams cannot serve them, so every character and
-- every pair of adjacent characters of the name is an element of an array, indexed by GIN. A 1- or 2-character fragment
-- is then itself an element: person_name_has(name, fragment) is exact, no recheck against the name is needed.
-- The cost tells the planner that computing the array row by row is dear, so it uses the index rather than a filter.
CREATE FUNCTION person_name_grams(name text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 1000
AS $$
    SELECT coalesce(array_agg(DISTINCT g), '{}') FROM (
        SELECT substr(name, i, 1) AS g FROM generate_series(1, char_length(name)) AS i
        UNION ALL
        SELECT substr(name, i, 2) FROM generate_series(1, char_length(name) - 1) AS i) AS grams
$$;
-- A single-expression SQL function: the planner inlines it, so a query on person_name_has(name, $1) uses the index on
-- person_name_grams(name).
CREATE FUNCTION person_name_has(name text, fragment text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT person_name_grams(name) @> ARRAY[fragment]
$$;
CREATE INDEX ix_persons_name_grams ON persons USING gin (person_name_grams(name));

-- Suffixes: expression indexes on the last characters. The masked form uses the last-4 index and checks the first 6.
CREATE INDEX ix_persons_id_last4 ON persons (right(id_number, 4));
CREATE INDEX ix_persons_id_last6 ON persons (right(id_number, 6));
CREATE INDEX ix_persons_phone_last4 ON persons (right(phone, 4));

-- Statistics for the expression indexes now, not at the next autovacuum: without them the planner guesses how many names
-- hold a character and may walk the whole table instead.
ANALYZE persons;
