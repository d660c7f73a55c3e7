-- The event log behind realtime: every change pushed to browsers, in cursor order, kept for a while
-- so that a client reconnecting with `?since=` receives what it missed.
CREATE TABLE events (
    -- AUTOINCREMENT: a cursor is never given twice, even after the newest events are purged.
    cursor INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id BLOB NOT NULL,
    kind TEXT NOT NULL,
    audience TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX events_company_cursor ON events (company_id, cursor);
CREATE INDEX events_created ON events (created_at);
