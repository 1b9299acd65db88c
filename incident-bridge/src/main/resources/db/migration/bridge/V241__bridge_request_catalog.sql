-- Service requests of any catalog type: the two built-in types keep their columns, every type
-- stores its checked fields, and fulfilment (by hand, a StackStorm action or a webhook) records
-- when automation claimed it, the execution it started, and the outcome.
ALTER TABLE bridge_request DROP CONSTRAINT bridge_request_type_check;
ALTER TABLE bridge_request DROP CONSTRAINT bridge_request_state_check;
ALTER TABLE bridge_request ADD CONSTRAINT bridge_request_state_check
  CHECK (state IN ('pending', 'approved', 'rejected', 'fulfilling', 'fulfilled', 'failed'));
ALTER TABLE bridge_request ALTER COLUMN service DROP NOT NULL;
ALTER TABLE bridge_request ALTER COLUMN valid_from DROP NOT NULL;
ALTER TABLE bridge_request ALTER COLUMN valid_until DROP NOT NULL;
ALTER TABLE bridge_request ADD COLUMN fields jsonb NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE bridge_request ADD COLUMN due_at timestamptz;
ALTER TABLE bridge_request ADD COLUMN started_at timestamptz;
ALTER TABLE bridge_request ADD COLUMN execution_id text;
ALTER TABLE bridge_request ADD COLUMN finished_at timestamptz;
ALTER TABLE bridge_request ADD COLUMN fulfilled_by text;
ALTER TABLE bridge_request ADD COLUMN outcome jsonb;
CREATE INDEX bridge_request_fulfilling ON bridge_request (id) WHERE state = 'fulfilling';
