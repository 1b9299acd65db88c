-- A service request that misses its fulfilment target is recorded as breached once, when the
-- bridge's tick finds it: the time it was recorded, and an index of the requests still to check.
ALTER TABLE bridge_request ADD COLUMN breached_at timestamptz;
CREATE INDEX bridge_request_due ON bridge_request (due_at)
  WHERE due_at IS NOT NULL AND breached_at IS NULL AND state <> 'rejected';
