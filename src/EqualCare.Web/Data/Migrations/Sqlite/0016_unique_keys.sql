-- Every "check, then insert" has a unique key behind it (docs/architecture.md): the check only answers early, the key is
-- what keeps one row when two requests pass the check at once.
-- A record is voided once: ServiceHandler.VoidAsync and the check-up sheet's correction check first, this keeps it so.
DROP INDEX ix_service_records_voids;
CREATE UNIQUE INDEX ux_service_records_voids ON service_records (voids_record_id) WHERE voids_record_id IS NOT NULL;
-- A worker's decision on a due item is made once: after it the item is no longer due (DecisionHandler).
CREATE UNIQUE INDEX ux_care_exemptions_item ON care_exemptions (person_id, kind, COALESCE(item_key, ''), window_start);
