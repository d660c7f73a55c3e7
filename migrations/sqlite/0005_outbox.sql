-- Outbound messages are stored first (status `queued`) and sent by a worker: a retry with the same
-- Idempotency-Key finds the stored message, and what was queued before a restart is sent after it.
-- A queued message carries the placeholder external id `local:<id>` until WhatsApp gives it one.

ALTER TABLE messages ADD COLUMN idempotency_key TEXT;
ALTER TABLE messages ADD COLUMN author_id BLOB REFERENCES users (id);
ALTER TABLE messages ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
-- When the worker may (re)try; also how long a worker's claim lasts.
ALTER TABLE messages ADD COLUMN next_attempt_at INTEGER;
CREATE UNIQUE INDEX messages_company_id_idempotency_key_key ON messages (company_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
CREATE INDEX messages_outbox ON messages (next_attempt_at) WHERE status = 'queued';
