-- The volume and groups reports (issue 19.3, 19.4) read ranges of time of one company's or one
-- chat's rows: conversations started (the service events `received`, whose index holds every
-- column the count reads) and the messages of an imported group's chat.

CREATE INDEX conversation_events_company_kind_at ON conversation_events (company_id, kind, at);
CREATE INDEX messages_chat_sent ON messages (channel_id, chat_id, sent_at);
