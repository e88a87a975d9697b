-- A statistics form opens again when its own office reopens it (to count a unit below that was approved late), which the app
-- allows only while the form above it is neither submitted nor approved. An approved form may therefore change state
-- 4 (Approved) → 3 (Returned) and nothing else: its figures, signatures, unit and period stay as approved, and its cells stay
-- locked while it is approved (stat_form_cell_locked is unchanged). The figures themselves need no conversion: they have
-- been stored in natural units (persons, copies, cases, yuan) since 0006; only the typing in 万 changes, in the app.
CREATE OR REPLACE FUNCTION stat_form_locked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.state = 4 AND NOT (NEW.state = 3 AND NEW.org_code = OLD.org_code AND NEW.level = OLD.level
        AND NEW.period_start = OLD.period_start AND NEW.period_end = OLD.period_end
        AND NEW.preparer IS NOT DISTINCT FROM OLD.preparer AND NEW.head IS NOT DISTINCT FROM OLD.head
        AND NEW.created_at = OLD.created_at AND NEW.created_by = OLD.created_by) THEN
        RAISE EXCEPTION 'stat_forms: an approved form is locked';
    END IF;
    RETURN NEW;
END $$;
