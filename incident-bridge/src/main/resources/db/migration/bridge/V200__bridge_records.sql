-- Incident bridge: incidents, problems, changes, service requests, their timelines and links,
-- the change gate's decisions, and the transactional outbox to ITSM tools.

CREATE SEQUENCE bridge_incident_seq;
CREATE SEQUENCE bridge_problem_seq;
CREATE SEQUENCE bridge_change_seq;
CREATE SEQUENCE bridge_request_seq;

CREATE TABLE bridge_incident (
  id               bigint PRIMARY KEY,
  key              text NOT NULL UNIQUE,
  title            text NOT NULL,
  service          text NOT NULL,
  slo              text,
  severity         text NOT NULL CHECK (severity IN ('page', 'ticket')),
  priority         int NOT NULL CHECK (priority BETWEEN 1 AND 4),
  state            text NOT NULL CHECK (state IN ('open', 'acknowledged', 'resolved', 'closed')),
  source           text NOT NULL CHECK (source IN ('slo', 'alertmanager', 'grafana', 'manual')),
  -- Alerts of one group (an SLO, or a webhook group key) share one active incident.
  dedup_key        text NOT NULL,
  -- Alerts firing now, by alert id (SLO rule name or webhook fingerprint).
  active_alerts    jsonb NOT NULL DEFAULT '{}'::jsonb,
  impacted         jsonb NOT NULL DEFAULT '[]'::jsonb,
  auto_resolve     boolean NOT NULL,
  recovered_at     timestamptz,
  opened_at        timestamptz NOT NULL,
  acknowledged_at  timestamptz,
  acknowledged_by  text,
  resolved_at      timestamptz,
  resolved_by      text,
  closed_at        timestamptz,
  closed_by        text,
  resolution       text
);
CREATE UNIQUE INDEX bridge_incident_one_active
  ON bridge_incident (dedup_key) WHERE state IN ('open', 'acknowledged');
CREATE INDEX bridge_incident_service ON bridge_incident (service, opened_at);
CREATE INDEX bridge_incident_slo ON bridge_incident (slo, opened_at);
CREATE INDEX bridge_incident_recovered ON bridge_incident (recovered_at)
  WHERE recovered_at IS NOT NULL AND state IN ('open', 'acknowledged');

CREATE TABLE bridge_problem (
  id               bigint PRIMARY KEY,
  key              text NOT NULL UNIQUE,
  title            text NOT NULL,
  scope            text NOT NULL CHECK (scope IN ('slo', 'service', 'manual')),
  slo              text,
  services         jsonb NOT NULL DEFAULT '[]'::jsonb,
  state            text NOT NULL CHECK (state IN ('open', 'known_error', 'resolved', 'closed')),
  root_cause       text,
  workaround       text,
  opened_at        timestamptz NOT NULL,
  known_error_at   timestamptz,
  resolved_at      timestamptz,
  closed_at        timestamptz,
  closed_by        text
);

CREATE TABLE bridge_gate_decision (
  id               bigserial PRIMARY KEY,
  service          text NOT NULL,
  kind             text NOT NULL,
  allowed          boolean NOT NULL,
  flagged          boolean NOT NULL,
  reasons          jsonb NOT NULL,
  budgets          jsonb NOT NULL,
  evaluated_at     timestamptz NOT NULL,
  change_key       text
);

CREATE TABLE bridge_change (
  id               bigint PRIMARY KEY,
  key              text NOT NULL UNIQUE,
  title            text NOT NULL,
  service          text NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('standard', 'normal', 'emergency')),
  state            text NOT NULL,
  source_system    text,
  source_commit    text,
  source_version   text,
  source_url       text,
  -- The CI/CD system's own id of the run; a retried POST with the same one changes nothing.
  external_id      text,
  started_at       timestamptz NOT NULL,
  ended_at         timestamptz,
  flagged          boolean NOT NULL DEFAULT false,
  gate_decision_id bigint REFERENCES bridge_gate_decision (id),
  created_at       timestamptz NOT NULL
);
CREATE UNIQUE INDEX bridge_change_external ON bridge_change (source_system, external_id)
  WHERE external_id IS NOT NULL;
CREATE INDEX bridge_change_service ON bridge_change (service, started_at);

CREATE TABLE bridge_request (
  id               bigint PRIMARY KEY,
  key              text NOT NULL UNIQUE,
  type             text NOT NULL CHECK (type IN ('freeze_exception', 'budget_reset')),
  service          text NOT NULL,
  slo              text,
  state            text NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')),
  reason           text NOT NULL,
  requested_by     text NOT NULL,
  requested_at     timestamptz NOT NULL,
  valid_from       timestamptz NOT NULL,
  valid_until      timestamptz NOT NULL,
  decided_by       text,
  decided_at       timestamptz,
  decision_comment text
);
CREATE INDEX bridge_request_service ON bridge_request (service, state, valid_until);

-- Every transition of every record, with the numbers that caused it.
CREATE TABLE bridge_timeline (
  id               bigserial PRIMARY KEY,
  record_key       text NOT NULL,
  at               timestamptz NOT NULL,
  kind             text NOT NULL,
  message          text NOT NULL,
  actor            text NOT NULL,
  details          jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX bridge_timeline_record ON bridge_timeline (record_key, id);

-- Links between records (INC, PRB, CHG) and to external records.
CREATE TABLE bridge_link (
  id               bigserial PRIMARY KEY,
  source_key       text NOT NULL,
  target_key       text NOT NULL,
  relation         text NOT NULL,
  url              text,
  created_at       timestamptz NOT NULL,
  created_by       text NOT NULL,
  UNIQUE (source_key, target_key, relation)
);
CREATE INDEX bridge_link_target ON bridge_link (target_key);

-- The transactional outbox: written in the transaction that changes a record.
CREATE TABLE bridge_outbox (
  id               bigserial PRIMARY KEY,
  connector        text NOT NULL,
  record_key       text NOT NULL,
  event            text NOT NULL,
  payload          jsonb NOT NULL,
  created_at       timestamptz NOT NULL,
  available_at     timestamptz NOT NULL,
  state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
  attempts         int NOT NULL DEFAULT 0,
  claimed_until    timestamptz,
  last_attempt_at  timestamptz,
  last_error       text,
  delivered_at     timestamptz
);
CREATE INDEX bridge_outbox_pending ON bridge_outbox (available_at, id) WHERE state = 'pending';
CREATE INDEX bridge_outbox_record ON bridge_outbox (connector, record_key, id) WHERE state = 'pending';

-- The id an external tool gave a record; stored once, never replaced.
CREATE TABLE bridge_external_ref (
  connector        text NOT NULL,
  record_key       text NOT NULL,
  external_id      text NOT NULL,
  external_key     text,
  url              text,
  created_at       timestamptz NOT NULL,
  PRIMARY KEY (connector, record_key)
);
