-- Whether a connector already received events of a record is asked on every record change;
-- delivered rows count too, so the index covers every state.
CREATE INDEX bridge_outbox_connector_record ON bridge_outbox (connector, record_key);
-- Delivered rows are purged after the retention period.
CREATE INDEX bridge_outbox_delivered ON bridge_outbox (delivered_at) WHERE state = 'delivered';
