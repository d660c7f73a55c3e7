-- Conversations of Chat: one per channel and chat (a contact's number or an imported group's id),
-- folded from the messages as they are stored.

CREATE TABLE conversations (
    id BLOB PRIMARY KEY NOT NULL,
    company_id BLOB NOT NULL REFERENCES companies (id),
    channel_id BLOB NOT NULL REFERENCES channels (id),
    kind TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    contact_id BLOB REFERENCES contacts (id),
    group_id BLOB REFERENCES whatsapp_groups (id),
    status TEXT NOT NULL,
    department_id BLOB REFERENCES departments (id) ON DELETE SET NULL,
    assigned_to BLOB REFERENCES users (id),
    unread_count INTEGER NOT NULL DEFAULT 0,
    last_message_at INTEGER NOT NULL,
    last_message_preview TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX conversations_channel_id_chat_id_key ON conversations (channel_id, chat_id);
CREATE INDEX conversations_company_activity ON conversations (company_id, last_message_at, id);
CREATE INDEX conversations_assigned ON conversations (assigned_to);

-- Received messages are folded into conversations by a worker, after they are stored: the write a
-- webhook waits for stays one statement. Unfolded messages wait here, also across restarts.
ALTER TABLE messages ADD COLUMN folded_at INTEGER;
CREATE INDEX messages_unfolded ON messages (id) WHERE folded_at IS NULL AND direction = 'inbound';

-- A contact's history: its direct chats and what it wrote in groups, on every channel.
CREATE INDEX messages_company_chat ON messages (company_id, chat_id, id);
CREATE INDEX messages_company_sender ON messages (company_id, sender, id);
