-- Searches are index-backed (issue 20). Users get a search key like contacts and groups have:
-- text folded by the application (`fold_for_search`: NFKD, marks dropped, lower case), written with
-- the row. Each searchable table's key is mirrored into an FTS5 table with the trigram tokenizer
-- (`<table>_search`; case-sensitive, since the key is folded already), kept in step by triggers in
-- the statement that writes the row. FTS5 needs a stable integer per row and these tables have
-- UUID keys (their implicit rowid may change on VACUUM), so `<table>_search_rows` numbers them.
-- The keys of existing rows are (re)written by the application when it opens the database, as
-- `search_folding.version` is behind (see `blocopro_store::search`).

ALTER TABLE users ADD COLUMN search_key TEXT NOT NULL DEFAULT '';

-- The `SEARCH_FOLDING_VERSION` the stored keys were folded with.
CREATE TABLE search_folding (version INTEGER NOT NULL);
INSERT INTO search_folding (version) VALUES (0);

CREATE TABLE users_search_rows (
    search_id INTEGER PRIMARY KEY,
    row_id BLOB NOT NULL UNIQUE
);
CREATE VIRTUAL TABLE users_search USING fts5 (search_key, tokenize = 'trigram case_sensitive 1');
INSERT INTO users_search_rows (row_id) SELECT id FROM users;
INSERT INTO users_search (rowid, search_key)
    SELECT r.search_id, t.search_key FROM users_search_rows r JOIN users t ON t.id = r.row_id;

CREATE TRIGGER users_search_insert AFTER INSERT ON users BEGIN
    INSERT INTO users_search_rows (row_id) VALUES (new.id);
    INSERT INTO users_search (rowid, search_key)
        SELECT search_id, new.search_key FROM users_search_rows WHERE row_id = new.id;
END;
CREATE TRIGGER users_search_update AFTER UPDATE OF search_key ON users WHEN old.search_key IS NOT new.search_key BEGIN
    UPDATE users_search SET search_key = new.search_key
        WHERE rowid = (SELECT search_id FROM users_search_rows WHERE row_id = new.id);
END;
CREATE TRIGGER users_search_delete AFTER DELETE ON users BEGIN
    DELETE FROM users_search WHERE rowid = (SELECT search_id FROM users_search_rows WHERE row_id = old.id);
    DELETE FROM users_search_rows WHERE row_id = old.id;
END;

CREATE TABLE contacts_search_rows (
    search_id INTEGER PRIMARY KEY,
    row_id BLOB NOT NULL UNIQUE
);
CREATE VIRTUAL TABLE contacts_search USING fts5 (search_key, tokenize = 'trigram case_sensitive 1');
INSERT INTO contacts_search_rows (row_id) SELECT id FROM contacts;
INSERT INTO contacts_search (rowid, search_key)
    SELECT r.search_id, t.search_key FROM contacts_search_rows r JOIN contacts t ON t.id = r.row_id;

CREATE TRIGGER contacts_search_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contacts_search_rows (row_id) VALUES (new.id);
    INSERT INTO contacts_search (rowid, search_key)
        SELECT search_id, new.search_key FROM contacts_search_rows WHERE row_id = new.id;
END;
CREATE TRIGGER contacts_search_update AFTER UPDATE OF search_key ON contacts WHEN old.search_key IS NOT new.search_key BEGIN
    UPDATE contacts_search SET search_key = new.search_key
        WHERE rowid = (SELECT search_id FROM contacts_search_rows WHERE row_id = new.id);
END;
CREATE TRIGGER contacts_search_delete AFTER DELETE ON contacts BEGIN
    DELETE FROM contacts_search WHERE rowid = (SELECT search_id FROM contacts_search_rows WHERE row_id = old.id);
    DELETE FROM contacts_search_rows WHERE row_id = old.id;
END;

CREATE TABLE whatsapp_groups_search_rows (
    search_id INTEGER PRIMARY KEY,
    row_id BLOB NOT NULL UNIQUE
);
CREATE VIRTUAL TABLE whatsapp_groups_search USING fts5 (search_key, tokenize = 'trigram case_sensitive 1');
INSERT INTO whatsapp_groups_search_rows (row_id) SELECT id FROM whatsapp_groups;
INSERT INTO whatsapp_groups_search (rowid, search_key)
    SELECT r.search_id, t.subject_key FROM whatsapp_groups_search_rows r JOIN whatsapp_groups t ON t.id = r.row_id;

CREATE TRIGGER whatsapp_groups_search_insert AFTER INSERT ON whatsapp_groups BEGIN
    INSERT INTO whatsapp_groups_search_rows (row_id) VALUES (new.id);
    INSERT INTO whatsapp_groups_search (rowid, search_key)
        SELECT search_id, new.subject_key FROM whatsapp_groups_search_rows WHERE row_id = new.id;
END;
CREATE TRIGGER whatsapp_groups_search_update AFTER UPDATE OF subject_key ON whatsapp_groups WHEN old.subject_key IS NOT new.subject_key BEGIN
    UPDATE whatsapp_groups_search SET search_key = new.subject_key
        WHERE rowid = (SELECT search_id FROM whatsapp_groups_search_rows WHERE row_id = new.id);
END;
CREATE TRIGGER whatsapp_groups_search_delete AFTER DELETE ON whatsapp_groups BEGIN
    DELETE FROM whatsapp_groups_search WHERE rowid = (SELECT search_id FROM whatsapp_groups_search_rows WHERE row_id = old.id);
    DELETE FROM whatsapp_groups_search_rows WHERE row_id = old.id;
END;
