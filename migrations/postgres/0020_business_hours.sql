-- Business hours ("Horário de atendimento"): per channel, when the company answers (weekly intervals and
-- closed dates, in the company's time zone), and the automatic answer sent outside them.
CREATE TABLE channel_business_hours (
    channel_id UUID PRIMARY KEY REFERENCES channels (id),
    company_id UUID NOT NULL REFERENCES companies (id),
    enabled BOOLEAN NOT NULL,
    rules JSONB NOT NULL,
    holidays JSONB NOT NULL,
    away_message TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

-- When the conversation got the away answer: once per conversation, cleared when it is closed.
ALTER TABLE conversations ADD COLUMN away_answered_at TIMESTAMPTZ;
