-- The labels of the alerts that fired into an incident (an SLO's and its alert rule's, or a
-- webhook alert's): shown on the incident and matched by connectors' match.labels.
ALTER TABLE bridge_incident ADD COLUMN labels jsonb NOT NULL DEFAULT '{}'::jsonb;
