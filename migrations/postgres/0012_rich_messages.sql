-- Messages say more than text (issue 16): a kind, a media file, the message they reply to, the
-- details of their kind, and the reactions they receive. Every message stored before is a text
-- message and stays one (the column defaults), with nothing else changed.

-- A media file of a message: described when its message is stored, its bytes fetched afterwards by
-- a worker through the provider's reference (`pending`), tried again with backoff (`attempts`,
-- `next_attempt_at`, `error`) until `stored`, or `failed` for good. An upload is stored at once and
-- has no channel. Several messages may show one file (the same upload sent twice).
CREATE TABLE media (
    id UUID PRIMARY KEY,
    company_id UUID NOT NULL REFERENCES companies (id),
    -- The channel whose connector fetches the bytes (received media).
    channel_id UUID REFERENCES channels (id),
    state TEXT NOT NULL,
    mime_type TEXT NOT NULL,
    size_bytes BIGINT,
    sha256 TEXT,
    file_name TEXT,
    duration_seconds INTEGER,
    width INTEGER,
    height INTEGER,
    provider_ref TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ,
    error TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX media_due ON media (next_attempt_at) WHERE state <> 'stored';

ALTER TABLE messages ADD COLUMN kind TEXT NOT NULL DEFAULT 'text';
-- Checked at commit: received messages are inserted before their media rows, so that a delivery
-- stored already (the insert skips it) leaves no media row behind.
ALTER TABLE messages ADD COLUMN media_id UUID REFERENCES media (id) DEFERRABLE INITIALLY DEFERRED;
-- The quoted message, by its provider id: kept even when it is never stored; reads find it by
-- (channel_id, reply_external_id) once it is.
ALTER TABLE messages ADD COLUMN reply_external_id TEXT;
ALTER TABLE messages ADD COLUMN reply_sender TEXT;
ALTER TABLE messages ADD COLUMN reply_kind TEXT;
ALTER TABLE messages ADD COLUMN reply_snippet TEXT;
-- The details of a location, contacts, interactive answer or template message, as JSON
-- (`{"location": …}`, `{"contacts": […]}`, …); NULL for the other kinds.
ALTER TABLE messages ADD COLUMN details JSONB;
CREATE INDEX messages_media ON messages (media_id) WHERE media_id IS NOT NULL;

-- Each sender's reaction to a message, by the message's provider id, so that a reaction to a
-- message not stored yet shows once it is (as `message_receipts`). A new reaction replaces the
-- sender's previous one; a removal keeps the row with an empty emoji, so that an older reaction
-- delivered late cannot come back.
CREATE TABLE message_reactions (
    channel_id UUID NOT NULL REFERENCES channels (id),
    target_external_id TEXT NOT NULL,
    sender TEXT NOT NULL,
    emoji TEXT NOT NULL,
    reacted_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (channel_id, target_external_id, sender)
);

-- The list shows the last message by its kind too ("📷 Foto").
ALTER TABLE conversations ADD COLUMN last_message_kind TEXT NOT NULL DEFAULT 'text';
