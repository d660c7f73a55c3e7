-- Contacts (the company's customers, one per phone number, in an attendant's wallet) and WhatsApp
-- groups: pre-import jobs with the groups they found, imported groups and their participants.

CREATE TABLE contacts (
    id UUID PRIMARY KEY,
    company_id UUID NOT NULL REFERENCES companies (id),
    -- E.164; one contact per number and company.
    phone TEXT NOT NULL,
    name TEXT,
    email TEXT,
    -- JSON array of strings.
    tags JSONB NOT NULL,
    notes TEXT,
    -- The attendant whose wallet holds the contact.
    owner_id UUID REFERENCES users (id),
    -- Folded by the application (the same on both databases): name, e-mail and digits to search; name or number to sort.
    search_key TEXT NOT NULL,
    -- Byte order, as on SQLite: the keys are already folded.
    sort_key TEXT COLLATE "C" NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    -- Deleted by a user: personal data cleared, the number kept for the groups it is in.
    deleted_at TIMESTAMPTZ
);
CREATE UNIQUE INDEX contacts_company_id_phone_key ON contacts (company_id, phone);
CREATE INDEX contacts_company_sort ON contacts (company_id, sort_key, id);
CREATE INDEX contacts_owner ON contacts (owner_id);

CREATE TABLE group_imports (
    id UUID PRIMARY KEY,
    company_id UUID NOT NULL REFERENCES companies (id),
    channel_id UUID NOT NULL REFERENCES channels (id),
    status TEXT NOT NULL,
    done BIGINT NOT NULL DEFAULT 0,
    total BIGINT NOT NULL DEFAULT 0,
    error TEXT,
    created_by UUID,
    created_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ
);
-- One running job per channel: a second request finds the first.
CREATE UNIQUE INDEX group_imports_running_key ON group_imports (channel_id) WHERE status = 'running';
CREATE INDEX group_imports_channel ON group_imports (channel_id, created_at);

-- What a job found, kept so the import needs no second trip to WhatsApp. Members are JSONB
-- [{phone, is_admin}].
CREATE TABLE group_import_candidates (
    job_id UUID NOT NULL REFERENCES group_imports (id),
    external_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    -- The subject in lower case (folded by the application, the same on both databases): search and order.
    subject_key TEXT COLLATE "C" NOT NULL,
    description TEXT,
    own_number_is_admin BOOLEAN NOT NULL,
    participant_count BIGINT NOT NULL,
    members JSONB NOT NULL,
    PRIMARY KEY (job_id, external_id)
);

CREATE TABLE whatsapp_groups (
    id UUID PRIMARY KEY,
    company_id UUID NOT NULL REFERENCES companies (id),
    channel_id UUID NOT NULL REFERENCES channels (id),
    external_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    subject_key TEXT COLLATE "C" NOT NULL,
    description TEXT,
    department_id UUID REFERENCES departments (id) ON DELETE SET NULL,
    muted BOOLEAN NOT NULL DEFAULT FALSE,
    archived BOOLEAN NOT NULL DEFAULT FALSE,
    own_number_is_admin BOOLEAN NOT NULL,
    participant_count BIGINT NOT NULL,
    imported_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    -- Un-imported: out of the lists and Chat; importing again brings the same group (and its history) back.
    deleted_at TIMESTAMPTZ
);
CREATE UNIQUE INDEX whatsapp_groups_channel_id_external_id_key ON whatsapp_groups (channel_id, external_id);
CREATE INDEX whatsapp_groups_company ON whatsapp_groups (company_id, subject_key, id);

CREATE TABLE group_participants (
    group_id UUID NOT NULL REFERENCES whatsapp_groups (id),
    contact_id UUID NOT NULL REFERENCES contacts (id),
    is_admin BOOLEAN NOT NULL,
    PRIMARY KEY (group_id, contact_id)
);
CREATE INDEX group_participants_contact ON group_participants (contact_id);
