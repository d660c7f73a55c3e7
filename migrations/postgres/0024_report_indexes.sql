-- Reports over a million messages (issue 19.6) read indexes alone, in time order:
-- - the messages the service report counts (no notes or transfers, in direct chats: every chat but a
--   group's, whose ids end in `@g.us`, as `conversation::kind_of_chat` says), with what the counts are
--   grouped by and the chat that leads to the conversation's department;
-- - the conversation events, with every column the report reads.
CREATE INDEX messages_counted ON messages (company_id, sent_at) INCLUDE (direction, channel_id, author_id, chat_id)
    WHERE kind NOT IN ('note', 'transfer') AND chat_id NOT LIKE '%@g.us';
DROP INDEX conversation_events_company_at;
CREATE INDEX conversation_events_company_at ON conversation_events (company_id, at)
    INCLUDE (kind, user_id, department_id, channel_id, seconds);
