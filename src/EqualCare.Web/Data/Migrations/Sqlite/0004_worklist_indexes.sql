-- The to-do list reads, for every person of a community or district, the service records that fulfil a schedule item.
-- SQLite has no INCLUDE: the columns the list needs are key columns, so the index alone answers the read.
CREATE INDEX ix_service_records_person_due ON service_records (person_id, kind, fulfils, service_date, vaccine, dose_number, id)
    WHERE fulfils IS NOT NULL;
