-- Budget adjustments: periods a team decided not to count in the error budgets of one SLO or of
-- every SLO of a service (a maintenance window, an incident it does not hold against itself).
-- Every instance reads this table and leaves the covered minute buckets out of its engine; the
-- reports and dashboards leave the same buckets out in SQL.
CREATE SEQUENCE budget_adjustment_seq;

CREATE TABLE budget_adjustments (
    -- ADJ-n for adjustments made through the API or from an approved budget reset; a file's
    -- metadata.name for those defined in SLO files.
    id           text        PRIMARY KEY,
    scope        text        NOT NULL CHECK (scope IN ('slo', 'service')),
    target       text        NOT NULL,
    starts_at    timestamptz NOT NULL,
    ends_at      timestamptz NOT NULL,
    reason       text        NOT NULL,
    decided_by   text        NOT NULL,
    origin       text        NOT NULL CHECK (origin IN ('api', 'file', 'budget_reset')),
    -- The approved budget_reset service request this adjustment was made from.
    request_key  text        UNIQUE,
    created_at   timestamptz NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX budget_adjustments_target_idx ON budget_adjustments (scope, target);
