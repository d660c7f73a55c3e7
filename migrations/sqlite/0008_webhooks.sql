-- Outgoing webhooks. Each follows its company's event log from its own position (`last_cursor`,
-- the log's end when it was created): a feeder queues one delivery per subscribed event and moves
-- the position in the same transaction, so an event is queued once, even with several feeders; a
-- sender posts due deliveries (claimed with a lease in `next_attempt_at`) and records each try.
CREATE TABLE webhooks (
    id BLOB PRIMARY KEY,
    company_id BLOB NOT NULL REFERENCES companies (id),
    url TEXT NOT NULL,
    -- JSON array of event types.
    events TEXT NOT NULL,
    -- The signing secret, sealed with the server's key (it must be opened to sign).
    secret BLOB NOT NULL,
    last_cursor INTEGER NOT NULL,
    created_by BLOB REFERENCES users (id),
    created_at INTEGER NOT NULL
);
CREATE INDEX webhooks_company_id ON webhooks (company_id, id);

CREATE TABLE webhook_deliveries (
    id BLOB PRIMARY KEY,
    company_id BLOB NOT NULL,
    webhook_id BLOB NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_type TEXT NOT NULL,
    -- NULL for a test delivery (ping).
    event_cursor INTEGER,
    data TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_status INTEGER,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    last_attempt_at INTEGER,
    -- When the sender may (re)try; also how long a sender's claim lasts.
    next_attempt_at INTEGER,
    delivered_at INTEGER
);
CREATE UNIQUE INDEX webhook_deliveries_webhook_id_event_cursor_key ON webhook_deliveries (webhook_id, event_cursor);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'queued';
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (webhook_id, id);
