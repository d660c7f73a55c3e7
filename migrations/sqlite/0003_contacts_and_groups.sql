-- Contacts (the company's customers, one per phone number, in an attendant's wallet) and WhatsApp
-- groups: pre-import jobs with the groups they found, imported groups and their participants.

CREATE TABLE contacts (
    id BLOB PRIMARY KEY NOT NULL,
    company_id BLOB NOT NULL REFERENCES companies (id),
    -- E.164; one contact per number and company.
    phone TEXT NOT NULL,
    name TEXT,
    email TEXT,
    -- JSON array of strings.
    tags TEXT NOT NULL,
    notes TEXT,
    -- The attendant whose wallet holds the contact.
    owner_id BLOB REFERENCES users (id),
    -- Folded by the application (the same on both databases): name, e-mail and digits to search; name or number to sort.
    search_key TEXT NOT NULL,
    sort_key TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    -- Deleted by a user: personal data cleared, the number kept for the groups it is in.
    deleted_at INTEGER
);
CREATE UNIQUE INDEX contacts_company_id_phone_key ON contacts (company_id, phone);
CREATE INDEX contacts_company_sort ON contacts (company_id, sort_key, id);
CREATE INDEX contacts_owner ON contacts (owner_id);

CREATE TABLE group_imports (
    id BLOB PRIMARY KEY NOT NULL,
    company_id BLOB NOT NULL REFERENCES companies (id),
    channel_id BLOB NOT NULL REFERENCES channels (id),
    status TEXT NOT NULL,
    done INTEGER NOT NULL DEFAULT 0,
    total INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    created_by BLOB,
    created_at INTEGER NOT NULL,
    finished_at INTEGER
);
-- One running job per channel: a second request finds the first.
CREATE UNIQUE INDEX group_imports_running_key ON group_imports (channel_id) WHERE status = 'running';
CREATE INDEX group_imports_channel ON group_imports (channel_id, created_at);

-- What a job found, kept so the import needs no second trip to WhatsApp. Members are JSON
-- [{phone, is_admin}].
CREATE TABLE group_import_candidates (
    job_id BLOB NOT NULL REFERENCES group_imports (id),
    external_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    -- The subject in lower case (folded by the application, the same on both databases): search and order.
    subject_key TEXT NOT NULL,
    description TEXT,
    own_number_is_admin INTEGER NOT NULL,
    participant_count INTEGER NOT NULL,
    members TEXT NOT NULL,
    PRIMARY KEY (job_id, external_id)
);

CREATE TABLE whatsapp_groups (
    id BLOB PRIMARY KEY NOT NULL,
    company_id BLOB NOT NULL REFERENCES companies (id),
    channel_id BLOB NOT NULL REFERENCES channels (id),
    external_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    subject_key TEXT NOT NULL,
    description TEXT,
    department_id BLOB REFERENCES departments (id) ON DELETE SET NULL,
    muted INTEGER NOT NULL DEFAULT 0,
    archived INTEGER NOT NULL DEFAULT 0,
    own_number_is_admin INTEGER NOT NULL,
    participant_count INTEGER NOT NULL,
    imported_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    -- Un-imported: out of the lists and Chat; importing again brings the same group (and its history) back.
    deleted_at INTEGER
);
CREATE UNIQUE INDEX whatsapp_groups_channel_id_external_id_key ON whatsapp_groups (channel_id, external_id);
CREATE INDEX whatsapp_groups_company ON whatsapp_groups (company_id, subject_key, id);

CREATE TABLE group_participants (
    group_id BLOB NOT NULL REFERENCES whatsapp_groups (id),
    contact_id BLOB NOT NULL REFERENCES contacts (id),
    is_admin INTEGER NOT NULL,
    PRIMARY KEY (group_id, contact_id)
);
CREATE INDEX group_participants_contact ON group_participants (contact_id);
