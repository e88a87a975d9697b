-- The to-do list reads, for every person of a community or district, the service records that fulfil a schedule item.
-- A covering index answers that from the index alone (an index-only scan once the table is vacuumed): the person, the
-- kind and what the list needs of each record, in the order the list walks them.
CREATE INDEX ix_service_records_person_due ON service_records (person_id, kind)
    INCLUDE (fulfils, service_date, vaccine, dose_number, id)
    WHERE fulfils IS NOT NULL;
