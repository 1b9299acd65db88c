-- The series state is updated by every commit that touches a series, so it is kept narrow: the key
-- text moves to its own table, written once per new series, and a second, independent 64-bit hash
-- of the key (key_check) detects a collision of the primary one. Rows written before this
-- migration have no key_check yet; the writer fills it in at their next update.
CREATE TABLE sli_series_keys (
    series_hash bigint PRIMARY KEY,
    series_key  text   NOT NULL
);
INSERT INTO sli_series_keys (series_hash, series_key)
SELECT series_hash, series_key FROM sli_series;

ALTER TABLE sli_series DROP COLUMN series_key;
ALTER TABLE sli_series ADD COLUMN key_check bigint;
