-- The series log (ingest.seriesState: log): one row per group commit with the accepted samples of
-- its series that have state, encoded in payload (SeriesLogCodec). The applier deletes the rows it
-- applies in the transaction that applies them, so a row is applied exactly once.
CREATE TABLE sli_series_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    appended_at timestamptz NOT NULL DEFAULT now(),
    samples     integer     NOT NULL,
    payload     bytea       NOT NULL
);
-- The payload is mostly hashes and doubles: compression would cost CPU and save little.
ALTER TABLE sli_series_log ALTER COLUMN payload SET STORAGE EXTERNAL;

-- Which instance applies the log: it renews renewed_at with every apply transaction, and another
-- instance takes over once that is older than the lease.
CREATE TABLE sli_series_log_applier (
    singleton  boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    owner      text        NOT NULL,
    renewed_at timestamptz NOT NULL
);
INSERT INTO sli_series_log_applier (owner, renewed_at) VALUES ('', '-infinity');
