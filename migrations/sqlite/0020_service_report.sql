-- The service report (issue 19.2): what happened to each conversation, written by the store in the
-- same transaction as the change it records. A service cycle starts when a direct conversation is
-- created, or reopened (by the contact writing again or by someone) after being closed.

ALTER TABLE conversations ADD COLUMN cycle_started_at INTEGER;
ALTER TABLE conversations ADD COLUMN first_response_at INTEGER;

-- kind: received | taken | transferred | responded | closed. user_id: who took it (taken), who
-- moved it (transferred), who answered first (responded), who closed it (closed), who reopened it
-- (received, when someone did). seconds: from the cycle's start, for responded and closed.
CREATE TABLE conversation_events (
    id BLOB PRIMARY KEY NOT NULL,
    company_id BLOB NOT NULL REFERENCES companies (id),
    conversation_id BLOB NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    at INTEGER NOT NULL,
    user_id BLOB REFERENCES users (id),
    department_id BLOB REFERENCES departments (id) ON DELETE SET NULL,
    channel_id BLOB NOT NULL REFERENCES channels (id),
    seconds INTEGER
);
CREATE INDEX conversation_events_company_at ON conversation_events (company_id, at);
CREATE INDEX conversation_events_conversation ON conversation_events (conversation_id, at);
