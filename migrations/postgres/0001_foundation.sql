-- Foundation: companies, operators, users, departments, sessions, tokens, presence, audit.
-- Ids are UUID v7; instants are TIMESTAMPTZ; JSON columns are JSONB.

CREATE TABLE companies (
    id UUID PRIMARY KEY,
    name TEXT NOT NULL,
    timezone TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    features JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX companies_name_key ON companies (name);

CREATE TABLE operators (
    id UUID PRIMARY KEY,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX operators_email_key ON operators (email);

CREATE TABLE users (
    id UUID PRIMARY KEY,
    company_id UUID NOT NULL REFERENCES companies (id),
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    phone TEXT,
    status TEXT NOT NULL,
    full_name TEXT,
    sex TEXT,
    is_admin BOOLEAN NOT NULL DEFAULT FALSE,
    visibility TEXT NOT NULL,
    permissions JSONB NOT NULL DEFAULT '[]',
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    deleted_at TIMESTAMPTZ,
    last_seen_at TIMESTAMPTZ
);
CREATE UNIQUE INDEX users_email_key ON users (email) WHERE deleted_at IS NULL;
CREATE INDEX users_company_name ON users (company_id, name, id);

CREATE TABLE departments (
    id UUID PRIMARY KEY,
    company_id UUID NOT NULL REFERENCES companies (id),
    name TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX departments_company_id_name_key ON departments (company_id, name);

CREATE TABLE user_departments (
    user_id UUID NOT NULL REFERENCES users (id),
    department_id UUID NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, department_id)
);
CREATE INDEX user_departments_department ON user_departments (department_id);

CREATE TABLE access_hours (
    user_id UUID PRIMARY KEY REFERENCES users (id),
    company_id UUID NOT NULL REFERENCES companies (id),
    enabled BOOLEAN NOT NULL,
    timezone TEXT NOT NULL,
    rules JSONB NOT NULL,
    holidays JSONB NOT NULL,
    admins_bypass BOOLEAN NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE refresh_tokens (
    id UUID PRIMARY KEY,
    family_id UUID NOT NULL,
    subject_kind TEXT NOT NULL,
    subject_id UUID NOT NULL,
    company_id UUID,
    token_hash TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ
);
CREATE UNIQUE INDEX refresh_tokens_token_hash_key ON refresh_tokens (token_hash);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_subject ON refresh_tokens (subject_id);

CREATE TABLE login_failures (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject_id UUID NOT NULL,
    at TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failures_subject ON login_failures (subject_id, at);

CREATE TABLE api_tokens (
    id UUID PRIMARY KEY,
    company_id UUID NOT NULL REFERENCES companies (id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    permissions JSONB NOT NULL,
    created_by UUID,
    created_at TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ
);
CREATE UNIQUE INDEX api_tokens_token_hash_key ON api_tokens (token_hash);
CREATE INDEX api_tokens_company ON api_tokens (company_id);

CREATE TABLE presence_periods (
    id UUID PRIMARY KEY,
    company_id UUID NOT NULL REFERENCES companies (id),
    user_id UUID NOT NULL REFERENCES users (id),
    status TEXT NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    ended_at TIMESTAMPTZ
);
CREATE INDEX presence_periods_user ON presence_periods (user_id, started_at);
-- At most one open period per user.
CREATE UNIQUE INDEX presence_periods_open_key ON presence_periods (user_id) WHERE ended_at IS NULL;

CREATE TABLE audit_log (
    id UUID PRIMARY KEY,
    company_id UUID NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id UUID,
    action TEXT NOT NULL,
    target_type TEXT NOT NULL,
    target_id UUID,
    summary JSONB NOT NULL,
    at TIMESTAMPTZ NOT NULL
);
CREATE INDEX audit_log_company ON audit_log (company_id, id);
