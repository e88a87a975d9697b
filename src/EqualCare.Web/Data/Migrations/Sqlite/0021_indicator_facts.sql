-- PostgreSQL keeps each person's indicator facts (indicator_person_facts, its 0021) so that a large installation's
-- tables never reduce the service records again. SQLite, a small office's database, computes its indicators from the
-- records every time (Features/Indicators/IndicatorEngine.cs): nothing to keep here. The script exists so that both
-- databases carry the same migration numbers.
SELECT 1;
