-- The values a connector last wrote to the fields Burnrate owns of an external record, so that an
-- update writes only what changed in Burnrate and keeps what a person changed in the tool.
ALTER TABLE bridge_external_ref ADD COLUMN written jsonb;
