-- The rates of a comparison (issue 17 point 4, docs/comparison.md): how many of a list's rows were compared in each
-- community, and how many of them were tied to a case there. The results hold only the gaps (漏管, 漏档, …), so a matched
-- row with nothing missing leaves no trace but this count: it is the denominator of 漏管率 (compared) and 漏档率 (matched).
-- Written once with the results, in the comparison's transaction; never changed.
CREATE TABLE comparison_tallies (
    list_id         BIGINT  NOT NULL REFERENCES agency_lists (id),
    community_code  VARCHAR(12) COLLATE "C" NOT NULL,
    compared        INTEGER NOT NULL,
    matched         INTEGER NOT NULL,
    PRIMARY KEY (list_id, community_code)
);
CREATE INDEX ix_comparison_tallies_community ON comparison_tallies (community_code, list_id);
CREATE TRIGGER comparison_tallies_no_update_or_delete BEFORE UPDATE OR DELETE ON comparison_tallies
    FOR EACH ROW EXECUTE FUNCTION comparison_append_only();
