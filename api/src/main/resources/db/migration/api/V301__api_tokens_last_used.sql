-- When each token was last seen, to the cache time (auth.cacheTtl): finds tokens nobody uses.
ALTER TABLE api_tokens ADD COLUMN last_used_at timestamptz;
