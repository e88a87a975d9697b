-- The persons search box (issue 13 point 6). SQLite holds one office's persons: a name fragment is a scan with instr()
-- over the scope's rows, which is quick at that size. The suffix searches use expression indexes on the last characters;
-- the query spells the same expression (substr(x, -n)) so that SQLite uses them. Expression indexes need nothing from
-- the writers (case form, importer, merges).
CREATE INDEX ix_persons_id_last4 ON persons (substr(id_number, -4));
CREATE INDEX ix_persons_id_last6 ON persons (substr(id_number, -6));
CREATE INDEX ix_persons_phone_last4 ON persons (substr(phone, -4));
