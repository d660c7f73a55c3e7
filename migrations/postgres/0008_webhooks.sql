-- Outgoing webhooks. Each follows its company's event log from its own position (`last_cursor`,
-- the log's end when it was created): a feeder queues one delivery per subscribed event and moves
-- the position in the same transaction, so an event is queued once, even with several feeders; a
-- sender posts due deliveries (claimed with a lease in `next_attempt_at`) and records each try.
CREATE TABLE webhooks (
    id UUID PRIMARY KEY,
    company_id UUID NOT NULL REFERENCES companies (id),
    url TEXT NOT NULL,
    -- JSON array of event types.
    events JSONB NOT NULL,
    -- The signing secret, sealed with the server's key (it must be opened to sign).
    secret BYTEA NOT NULL,
    last_cursor BIGINT NOT NULL,
    created_by UUID REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX webhooks_company_id ON webhooks (company_id, id);

CREATE TABLE webhook_deliveries (
    id UUID PRIMARY KEY,
    company_id UUID NOT NULL,
    webhook_id UUID NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_type TEXT NOT NULL,
    -- NULL for a test delivery (ping).
    event_cursor BIGINT,
    data JSONB NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_status INTEGER,
    last_error TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    last_attempt_at TIMESTAMPTZ,
    -- When the sender may (re)try; also how long a sender's claim lasts.
    next_attempt_at TIMESTAMPTZ,
    delivered_at TIMESTAMPTZ
);
CREATE UNIQUE INDEX webhook_deliveries_webhook_id_event_cursor_key ON webhook_deliveries (webhook_id, event_cursor);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'queued';
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (webhook_id, id);
