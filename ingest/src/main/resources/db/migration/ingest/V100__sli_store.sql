-- The durable store of SLI buckets: plain PostgreSQL 15 objects. TimescaleDB extras follow in V101.

-- Per-SLO 1-minute buckets of counter increases. Grafana reads this table.
CREATE TABLE sli_buckets (
    slo          text             NOT NULL,
    bucket_start timestamptz      NOT NULL,
    good         double precision NOT NULL DEFAULT 0,
    bad          double precision NOT NULL DEFAULT 0,
    total        double precision NOT NULL DEFAULT 0,
    PRIMARY KEY (slo, bucket_start)
);
-- Range scans over all SLOs (dashboards, retention) do not lead with slo.
CREATE INDEX sli_buckets_bucket_start_idx ON sli_buckets (bucket_start);

-- The last committed sample of every matched series. A 64-bit hash keeps the primary key compact;
-- the key itself is kept to detect collisions. last_value is NULL for delta series. fillfactor
-- leaves room on each page so the per-commit update stays a HOT update (no index write).
CREATE TABLE sli_series (
    series_hash bigint           PRIMARY KEY,
    series_key  text             NOT NULL,
    last_ts_ms  bigint           NOT NULL,
    last_value  double precision
) WITH (fillfactor = 70);

-- Idempotency keys of committed batches; a batch whose key is here adds nothing.
CREATE TABLE sli_idempotency_keys (
    idempotency_key text        PRIMARY KEY,
    committed_at    timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL
);
CREATE INDEX sli_idempotency_keys_expires_at_idx ON sli_idempotency_keys (expires_at);

-- Append-only log of bucket increases, one row per (SLO, bucket) per commit. The engine tails it
-- by transaction visibility: xid is the writing transaction's id (see docs/storage.md).
CREATE TABLE sli_changes (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    xid          xid8             NOT NULL DEFAULT pg_current_xact_id(),
    recorded_at  timestamptz      NOT NULL DEFAULT now(),
    slo          text             NOT NULL,
    bucket_start timestamptz      NOT NULL,
    good         double precision NOT NULL,
    bad          double precision NOT NULL,
    total        double precision NOT NULL
);
CREATE INDEX sli_changes_xid_idx ON sli_changes (xid);
CREATE INDEX sli_changes_recorded_at_idx ON sli_changes (recorded_at);
