-- Maternal indicators count live births (国家基本公共卫生服务规范 2011: 活产数, twins twice): a mother's children born on
-- her delivery day are looked up by mother, for the mothers of a period only (Features/Indicators/IndicatorSql.cs).
CREATE INDEX ix_persons_mother ON persons (mother_id, birth_date) WHERE mother_id IS NOT NULL;
