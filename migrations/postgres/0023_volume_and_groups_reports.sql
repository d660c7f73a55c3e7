-- The volume and groups reports (issue 19.3, 19.4) read ranges of time of one company's or one
-- chat's rows, and these indexes hold every column the counts read: conversations started (the
-- service events `received`) and the messages of an imported group's chat (their kind, to leave
-- notes and notices out, and their writer, for the most active participants).

CREATE INDEX conversation_events_company_kind_at ON conversation_events (company_id, kind, at);
CREATE INDEX messages_chat_sent ON messages (channel_id, chat_id, sent_at, kind, sender);
