-- Several instances tail sli_changes, and the leader prunes it. A pruned row is gone for an instance
-- that had not read it yet, so pruning records how far it went: an instance whose consumed snapshot
-- is older than this horizon rebuilds its engine from sli_buckets instead of missing changes.
CREATE TABLE sli_changes_horizon (
    only_row     boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    pruned_below xid8    NOT NULL
);
INSERT INTO sli_changes_horizon (pruned_below) VALUES ('0'::xid8);

-- Every running instance's engine, refreshed at each of its polls: which one leads, and how far
-- each engine lags behind the store (now() - consumed_at). /health/ready and /metrics read it.
CREATE TABLE engine_instances (
    instance_id  text        PRIMARY KEY,
    started_at   timestamptz NOT NULL,
    seen_at      timestamptz NOT NULL,
    leads        boolean     NOT NULL,
    current      boolean     NOT NULL,
    consumed_at  timestamptz
);
