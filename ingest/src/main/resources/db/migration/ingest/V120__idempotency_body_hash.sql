-- The SHA-256 (hex) of the decoded body a key was committed with: the same key coming back with
-- another body is refused (422) instead of being counted as a retry. Keys are now scoped by
-- endpoint and token (see docs/ingest.md); rows written before have no hash and match no new key.
ALTER TABLE sli_idempotency_keys ADD COLUMN body_sha256 text;
