-- Greeting flows: per channel, a menu whose numbered options send a new conversation to a
-- department's queue; and what the queue needs on conversations.
CREATE TABLE channel_flows (
    channel_id UUID PRIMARY KEY REFERENCES channels (id),
    company_id UUID NOT NULL REFERENCES companies (id),
    enabled BOOLEAN NOT NULL,
    greeting TEXT NOT NULL,
    retry_text TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
-- A department an option points at cannot be deleted (see delete_department).
CREATE TABLE channel_flow_options (
    channel_id UUID NOT NULL REFERENCES channel_flows (channel_id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    label TEXT NOT NULL,
    department_id UUID NOT NULL REFERENCES departments (id),
    PRIMARY KEY (channel_id, number)
);
CREATE INDEX channel_flow_options_department ON channel_flow_options (department_id);

-- The contact was sent the menu and has not chosen yet.
ALTER TABLE conversations ADD COLUMN awaiting_choice BOOLEAN NOT NULL DEFAULT false;
-- When the queue (or someone) last gave the conversation to its attendant: round-robin order.
ALTER TABLE conversations ADD COLUMN assigned_at TIMESTAMPTZ;
CREATE INDEX conversations_assignee_time ON conversations (assigned_to, assigned_at);
CREATE INDEX conversations_waiting ON conversations (company_id, last_message_at)
    WHERE status = 'pending' AND assigned_to IS NULL;
