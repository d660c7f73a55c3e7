-- The event log behind realtime: every change pushed to browsers, in cursor order, kept for a while
-- so that a client reconnecting with `?since=` receives what it missed. Appends notify the channel
-- `blocopro_events`, which every instance listens to.
CREATE TABLE events (
    cursor BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    company_id UUID NOT NULL,
    kind TEXT NOT NULL,
    audience JSONB NOT NULL,
    data JSONB NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX events_company_cursor ON events (company_id, cursor);
CREATE INDEX events_created ON events (created_at);
