-- WhatsApp templates and the Cloud API's 24-hour customer-service window (issue 16).
--
-- A Cloud API channel's message templates, as last synced from its WhatsApp Business Account: a
-- sync replaces the channel's set in one transaction. Status and category are kept as Meta spells
-- them; the components as Meta's JSON; the body's text and its number of placeholders are read
-- from them when synced.
CREATE TABLE message_templates (
    id UUID PRIMARY KEY NOT NULL,
    company_id UUID NOT NULL REFERENCES companies (id),
    channel_id UUID NOT NULL REFERENCES channels (id),
    name TEXT NOT NULL,
    language TEXT NOT NULL,
    category TEXT NOT NULL,
    status TEXT NOT NULL,
    components JSONB NOT NULL,
    body_text TEXT NOT NULL,
    body_parameter_count BIGINT NOT NULL,
    header_text TEXT,
    synced_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX message_templates_channel_name_language_key ON message_templates (channel_id, name, language);

-- When the customer last wrote: the window closes 24 hours later. Kept by the fold of received
-- messages; filled here from the messages already stored.
ALTER TABLE conversations ADD COLUMN last_inbound_at TIMESTAMPTZ;
UPDATE conversations SET last_inbound_at = (
    SELECT MAX(m.sent_at) FROM messages m
    WHERE m.channel_id = conversations.channel_id AND m.chat_id = conversations.chat_id AND m.direction = 'inbound'
);
