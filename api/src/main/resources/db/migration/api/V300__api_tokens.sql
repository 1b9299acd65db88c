-- API tokens: only a SHA-256 hash of each token is kept, never the token.
CREATE TABLE api_tokens (
    id          text PRIMARY KEY,
    name        text        NOT NULL,
    token_hash  bytea       NOT NULL UNIQUE,
    scopes      text[]      NOT NULL,
    created_at  timestamptz NOT NULL,
    revoked_at  timestamptz,
    CONSTRAINT api_tokens_scopes_known
        CHECK (scopes <@ ARRAY['ingest', 'read', 'write', 'admin']::text[] AND cardinality(scopes) > 0)
);
