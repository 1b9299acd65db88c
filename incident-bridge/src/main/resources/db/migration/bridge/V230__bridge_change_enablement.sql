-- Change enablement: a change's plan (implementation window, rollback plan, risk, template), who
-- must approve it, who asked for it, its commit time (DORA lead time) and the incident that makes
-- it failed-suspect; the approvals and rejections of its approvers.

ALTER TABLE bridge_change
  ADD COLUMN window_start       timestamptz,
  ADD COLUMN window_end         timestamptz,
  ADD COLUMN rollback_plan      text,
  ADD COLUMN risk               text CHECK (risk IN ('low', 'medium', 'high')),
  ADD COLUMN template           text,
  ADD COLUMN approvals_required int NOT NULL DEFAULT 0,
  ADD COLUMN approvers          jsonb NOT NULL DEFAULT '[]'::jsonb,
  ADD COLUMN requested_by       text,
  ADD COLUMN committed_at       timestamptz,
  ADD COLUMN suspect_incident   text;

CREATE TABLE bridge_change_approval (
  id               bigserial PRIMARY KEY,
  change_key       text NOT NULL REFERENCES bridge_change (key),
  actor            text NOT NULL,
  -- The approver's identity (Actors.identity): one decision per person and change.
  identity         text NOT NULL,
  approved         boolean NOT NULL,
  comment          text,
  at               timestamptz NOT NULL,
  UNIQUE (change_key, identity)
);

CREATE INDEX bridge_change_ended ON bridge_change (service, ended_at)
  WHERE state IN ('completed', 'failed');
