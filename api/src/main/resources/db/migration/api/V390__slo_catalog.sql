-- The SLOs the server has loaded, written at every (re)load, so that SQL (Grafana dashboards,
-- reports) can turn sli_buckets into ratios and budgets without reading the YAML files.
CREATE TABLE slo_catalog (
    name           text             PRIMARY KEY,
    service        text             NOT NULL,
    objective      double precision NOT NULL CHECK (objective > 0 AND objective < 1),
    window_label   text             NOT NULL,
    window_seconds bigint           NOT NULL CHECK (window_seconds > 0),
    -- GOOD_OVER_TOTAL buckets count good events; BAD_OVER_TOTAL buckets count bad ones.
    sli_kind       text             NOT NULL,
    evaluable      boolean          NOT NULL,
    description    text             NOT NULL DEFAULT '',
    loaded         boolean          NOT NULL DEFAULT true,
    updated_at     timestamptz      NOT NULL DEFAULT now()
);
CREATE INDEX slo_catalog_service_idx ON slo_catalog (service);

-- Good events per bucket whatever the SLI kind: dashboards read this instead of sli_buckets.
CREATE VIEW sli_buckets_effective AS
SELECT b.slo,
       b.bucket_start,
       CASE WHEN c.sli_kind = 'BAD_OVER_TOTAL' THEN b.total - b.bad ELSE b.good END AS good,
       CASE WHEN c.sli_kind = 'BAD_OVER_TOTAL' THEN b.bad ELSE b.total - b.good END AS bad,
       b.total,
       c.service,
       c.objective
FROM sli_buckets b
JOIN slo_catalog c ON c.name = b.slo;
