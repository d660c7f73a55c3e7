-- Quick replies and private notes (issue 18.1 and 18.2).
--
-- A quick reply ("Resposta rápida") is the company's (owner_id NULL, managed with the permission
-- `quick_replies.manage`) or one user's own. Its shortcut is unique within its scope: among the
-- company's replies, and among each user's (a personal reply may share a company reply's shortcut;
-- the composer lists both).
CREATE TABLE quick_replies (
    id BLOB PRIMARY KEY NOT NULL,
    company_id BLOB NOT NULL REFERENCES companies (id),
    owner_id BLOB REFERENCES users (id) ON DELETE CASCADE,
    shortcut TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX quick_replies_company_shortcut_key ON quick_replies (company_id, shortcut) WHERE owner_id IS NULL;
CREATE UNIQUE INDEX quick_replies_owner_shortcut_key ON quick_replies (owner_id, shortcut) WHERE owner_id IS NOT NULL;

-- A private note is a message of kind 'note' in its conversation's chat, written by `author_id`,
-- stored with status 'sent' and the placeholder external id `note:<id>`: never 'queued', so the
-- outbox never claims it, and no receipt can ever match it. It needs no column of its own.
