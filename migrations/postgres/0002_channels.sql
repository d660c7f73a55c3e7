-- Channels (the company's WhatsApp numbers), who may use them, and the messages they carry.

CREATE TABLE channels (
    id UUID PRIMARY KEY,
    company_id UUID NOT NULL REFERENCES companies (id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    phone_number TEXT,
    cloud_phone_number_id TEXT,
    cloud_waba_id TEXT,
    cloud_api_version TEXT,
    -- Cloud API secrets, sealed with the server's encryption key (never plain text).
    credentials BYTEA,
    qr_code TEXT,
    qr_expires_at TIMESTAMPTZ,
    status_changed_at TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    deleted_at TIMESTAMPTZ
);
CREATE UNIQUE INDEX channels_company_id_name_key ON channels (company_id, name) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX channels_cloud_phone_number_id_key ON channels (cloud_phone_number_id) WHERE deleted_at IS NULL;
CREATE INDEX channels_company ON channels (company_id, name, id);

CREATE TABLE user_channels (
    user_id UUID NOT NULL REFERENCES users (id),
    channel_id UUID NOT NULL REFERENCES channels (id),
    PRIMARY KEY (user_id, channel_id)
);
CREATE INDEX user_channels_channel ON user_channels (channel_id);

CREATE TABLE messages (
    id UUID PRIMARY KEY,
    company_id UUID NOT NULL REFERENCES companies (id),
    channel_id UUID NOT NULL REFERENCES channels (id),
    external_id TEXT NOT NULL,
    direction TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    sender TEXT NOT NULL,
    text TEXT NOT NULL,
    status TEXT NOT NULL,
    error TEXT,
    sent_at TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
-- Connectors and webhooks deliver at least once: this key makes storing idempotent.
CREATE UNIQUE INDEX messages_channel_id_external_id_key ON messages (channel_id, external_id);
CREATE INDEX messages_chat ON messages (channel_id, chat_id, id);

-- Every receipt ever reported, so one that arrives before its message is applied when the message is stored.
CREATE TABLE message_receipts (
    channel_id UUID NOT NULL REFERENCES channels (id),
    external_id TEXT NOT NULL,
    status TEXT NOT NULL,
    error TEXT,
    at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (channel_id, external_id, status)
);
