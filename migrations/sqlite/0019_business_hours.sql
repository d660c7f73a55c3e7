-- Business hours ("Horário de atendimento"): per channel, when the company answers (weekly intervals and
-- closed dates, in the company's time zone), and the automatic answer sent outside them.
CREATE TABLE channel_business_hours (
    channel_id BLOB PRIMARY KEY NOT NULL REFERENCES channels (id),
    company_id BLOB NOT NULL REFERENCES companies (id),
    enabled INTEGER NOT NULL,
    rules TEXT NOT NULL,
    holidays TEXT NOT NULL,
    away_message TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

-- When the conversation got the away answer: once per conversation, cleared when it is closed.
ALTER TABLE conversations ADD COLUMN away_answered_at INTEGER;
