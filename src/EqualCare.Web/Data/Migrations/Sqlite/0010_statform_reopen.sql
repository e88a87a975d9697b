-- A statistics form opens again when its own office reopens it (to count a unit below that was approved late), which the app
-- allows only while the form above it is neither submitted nor approved. An approved form may therefore change state
-- 4 (Approved) → 3 (Returned) and nothing else: its figures, signatures, unit and period stay as approved, and its cells stay
-- locked while it is approved (stat_form_cells_locked is unchanged). The figures themselves need no conversion: they have
-- been stored in natural units (persons, copies, cases, yuan) since 0006; only the typing in 万 changes, in the app.
DROP TRIGGER stat_forms_locked;
CREATE TRIGGER stat_forms_locked BEFORE UPDATE ON stat_forms
    WHEN OLD.state = 4 AND NOT (NEW.state = 3 AND NEW.org_code = OLD.org_code AND NEW.level = OLD.level
        AND NEW.period_start = OLD.period_start AND NEW.period_end = OLD.period_end AND NEW.preparer IS OLD.preparer
        AND NEW.head IS OLD.head AND NEW.created_at = OLD.created_at AND NEW.created_by = OLD.created_by)
    BEGIN SELECT RAISE(ABORT, 'stat_forms: an approved form is locked'); END;
