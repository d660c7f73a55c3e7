-- The service report per department (issue 19.6) counts each message in the department its
-- conversation was in when the message was written, as the service events do, without a join per
-- message. Set when a received message is folded and when a message is sent; the greeting menu's
-- choice moves its cycle's messages with the cycle's reception. History takes the conversation's
-- department of today, the best known.
ALTER TABLE messages ADD COLUMN department_id BLOB REFERENCES departments (id) ON DELETE SET NULL;
UPDATE messages SET department_id = c.department_id FROM conversations c
    WHERE c.channel_id = messages.channel_id AND c.chat_id = messages.chat_id AND c.department_id IS NOT NULL;
DROP INDEX messages_counted;
CREATE INDEX messages_counted ON messages (company_id, sent_at, direction, channel_id, author_id, department_id, kind, chat_id)
    WHERE kind NOT IN ('note', 'transfer') AND chat_id NOT LIKE '%@g.us';
