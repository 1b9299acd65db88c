-- Hourly SLI buckets under one name on both paths, so dashboards query sli_buckets_1h the same way.
--
-- With TimescaleDB: sli_buckets becomes a hypertable (1-day chunks), compressed after 7 days
-- (segmented by slo), and sli_buckets_1h is a real-time continuous aggregate refreshed every
-- 10 minutes. The retention policy is set at start-up from the configuration (see Database).
-- Without it: sli_buckets_1h is an ordinary table that the writer keeps in the same transaction as
-- the minute buckets, so it is exact at every commit.
--
-- CREATE MATERIALIZED VIEW ... WITH NO DATA may run inside this DO block; WITH DATA may not.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        PERFORM create_hypertable('sli_buckets', 'bucket_start',
            chunk_time_interval => INTERVAL '1 day', create_default_indexes => false);
        ALTER TABLE sli_buckets SET (
            timescaledb.compress,
            timescaledb.compress_segmentby = 'slo',
            timescaledb.compress_orderby = 'bucket_start');
        PERFORM add_compression_policy('sli_buckets', compress_after => INTERVAL '7 days');
        EXECUTE $sql$
            CREATE MATERIALIZED VIEW sli_buckets_1h
            WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
            SELECT slo,
                   time_bucket(INTERVAL '1 hour', bucket_start) AS bucket_start,
                   sum(good) AS good,
                   sum(bad) AS bad,
                   sum(total) AS total
            FROM sli_buckets
            GROUP BY slo, time_bucket(INTERVAL '1 hour', bucket_start)
            WITH NO DATA
        $sql$;
        PERFORM add_continuous_aggregate_policy('sli_buckets_1h',
            start_offset => INTERVAL '1 day',
            end_offset => INTERVAL '1 minute',
            schedule_interval => INTERVAL '10 minutes');
    ELSE
        CREATE TABLE sli_buckets_1h (
            slo          text             NOT NULL,
            bucket_start timestamptz      NOT NULL,
            good         double precision NOT NULL DEFAULT 0,
            bad          double precision NOT NULL DEFAULT 0,
            total        double precision NOT NULL DEFAULT 0,
            PRIMARY KEY (slo, bucket_start)
        );
        CREATE INDEX sli_buckets_1h_bucket_start_idx ON sli_buckets_1h (bucket_start);
    END IF;
END
$$;
