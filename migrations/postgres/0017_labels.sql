-- Labels on conversations ("Etiquetas", issue 18.3).
--
-- A label is the company's: a name unique per company regardless of case and accents (`name_key`
-- holds the name as the domain folds it, `label::name_key`) and a colour (a Mantine palette name or
-- `#rrggbb`). Managed with the permission `labels.manage`; set on a conversation by whoever may
-- act on it. Deleting a label takes it off every conversation.
CREATE TABLE labels (
    id UUID PRIMARY KEY NOT NULL,
    company_id UUID NOT NULL REFERENCES companies (id),
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    colour TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX labels_company_name_key ON labels (company_id, name_key);

CREATE TABLE conversation_labels (
    conversation_id UUID NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    label_id UUID NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
    company_id UUID NOT NULL REFERENCES companies (id),
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (conversation_id, label_id)
);
-- The list's label filter and a label's deletion look conversations up by label.
CREATE INDEX conversation_labels_label ON conversation_labels (label_id, conversation_id);
