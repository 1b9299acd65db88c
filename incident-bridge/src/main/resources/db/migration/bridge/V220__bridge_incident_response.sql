-- Incident response: who an incident is assigned to, its response targets, the time it spent
-- waiting on someone outside (on_hold) and its breaches; a problem's fix change.

ALTER TABLE bridge_incident DROP CONSTRAINT bridge_incident_state_check;
ALTER TABLE bridge_incident ADD CONSTRAINT bridge_incident_state_check
  CHECK (state IN ('open', 'acknowledged', 'on_hold', 'resolved', 'closed'));

-- An incident on hold still holds its dedup key: a new firing joins it.
DROP INDEX bridge_incident_one_active;
CREATE UNIQUE INDEX bridge_incident_one_active
  ON bridge_incident (dedup_key) WHERE state IN ('open', 'acknowledged', 'on_hold');
DROP INDEX bridge_incident_recovered;
CREATE INDEX bridge_incident_recovered ON bridge_incident (recovered_at)
  WHERE recovered_at IS NOT NULL AND state IN ('open', 'acknowledged', 'on_hold');

CREATE TABLE bridge_incident_response (
  incident_key        text PRIMARY KEY REFERENCES bridge_incident (key),
  assigned_group      text,
  assignee            text,
  -- The targets in force, fixed when the incident opened; every duration in milliseconds.
  acknowledge_target  bigint NOT NULL CHECK (acknowledge_target > 0),
  resolve_target      bigint NOT NULL CHECK (resolve_target > 0),
  -- Time on hold before the current hold; the current hold began at held_since.
  held                bigint NOT NULL DEFAULT 0,
  held_since          timestamptz,
  -- Response times as measured (on-hold time taken out), once reached.
  time_to_acknowledge bigint,
  time_to_resolve     bigint,
  acknowledge_breached_at timestamptz,
  resolve_breached_at timestamptz
);

CREATE TABLE bridge_problem_fix (
  problem_key         text PRIMARY KEY REFERENCES bridge_problem (key),
  change_key          text NOT NULL REFERENCES bridge_change (key),
  linked_at           timestamptz NOT NULL,
  linked_by           text NOT NULL,
  -- When the fix change completed (its end, or when the bridge first saw it completed).
  completed_at        timestamptz
);
