-- The agenda: each attendant's appointments, optionally with a contact.
CREATE TABLE agenda_events (
    id BLOB PRIMARY KEY NOT NULL,
    company_id BLOB NOT NULL REFERENCES companies (id),
    user_id BLOB NOT NULL REFERENCES users (id),
    title TEXT NOT NULL,
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    notes TEXT,
    contact_id BLOB REFERENCES contacts (id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX agenda_events_company_start ON agenda_events (company_id, starts_at, id);
