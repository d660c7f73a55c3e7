-- Foundation: companies, operators, users, departments, sessions, tokens, presence, audit.
-- Ids are UUID v7 (16-byte blobs); instants are integer microseconds since the Unix epoch (UTC);
-- JSON columns are text.

CREATE TABLE companies (
    id BLOB PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    timezone TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    features TEXT NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX companies_name_key ON companies (name);

CREATE TABLE operators (
    id BLOB PRIMARY KEY NOT NULL,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX operators_email_key ON operators (email);

CREATE TABLE users (
    id BLOB PRIMARY KEY NOT NULL,
    company_id BLOB NOT NULL REFERENCES companies (id),
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    phone TEXT,
    status TEXT NOT NULL,
    full_name TEXT,
    sex TEXT,
    is_admin INTEGER NOT NULL DEFAULT 0,
    visibility TEXT NOT NULL,
    permissions TEXT NOT NULL DEFAULT '[]',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER,
    last_seen_at INTEGER
);
CREATE UNIQUE INDEX users_email_key ON users (email) WHERE deleted_at IS NULL;
CREATE INDEX users_company_name ON users (company_id, name, id);

CREATE TABLE departments (
    id BLOB PRIMARY KEY NOT NULL,
    company_id BLOB NOT NULL REFERENCES companies (id),
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX departments_company_id_name_key ON departments (company_id, name);

CREATE TABLE user_departments (
    user_id BLOB NOT NULL REFERENCES users (id),
    department_id BLOB NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, department_id)
);
CREATE INDEX user_departments_department ON user_departments (department_id);

CREATE TABLE access_hours (
    user_id BLOB PRIMARY KEY NOT NULL REFERENCES users (id),
    company_id BLOB NOT NULL REFERENCES companies (id),
    enabled INTEGER NOT NULL,
    timezone TEXT NOT NULL,
    rules TEXT NOT NULL,
    holidays TEXT NOT NULL,
    admins_bypass INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE refresh_tokens (
    id BLOB PRIMARY KEY NOT NULL,
    family_id BLOB NOT NULL,
    subject_kind TEXT NOT NULL,
    subject_id BLOB NOT NULL,
    company_id BLOB,
    token_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    revoked_at INTEGER
);
CREATE UNIQUE INDEX refresh_tokens_token_hash_key ON refresh_tokens (token_hash);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_subject ON refresh_tokens (subject_id);

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    subject_id BLOB NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX login_failures_subject ON login_failures (subject_id, at);

CREATE TABLE api_tokens (
    id BLOB PRIMARY KEY NOT NULL,
    company_id BLOB NOT NULL REFERENCES companies (id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    permissions TEXT NOT NULL,
    created_by BLOB,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER
);
CREATE UNIQUE INDEX api_tokens_token_hash_key ON api_tokens (token_hash);
CREATE INDEX api_tokens_company ON api_tokens (company_id);

CREATE TABLE presence_periods (
    id BLOB PRIMARY KEY NOT NULL,
    company_id BLOB NOT NULL REFERENCES companies (id),
    user_id BLOB NOT NULL REFERENCES users (id),
    status TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at INTEGER
);
CREATE INDEX presence_periods_user ON presence_periods (user_id, started_at);
-- At most one open period per user.
CREATE UNIQUE INDEX presence_periods_open_key ON presence_periods (user_id) WHERE ended_at IS NULL;

CREATE TABLE audit_log (
    id BLOB PRIMARY KEY NOT NULL,
    company_id BLOB NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id BLOB,
    action TEXT NOT NULL,
    target_type TEXT NOT NULL,
    target_id BLOB,
    summary TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX audit_log_company ON audit_log (company_id, id);
