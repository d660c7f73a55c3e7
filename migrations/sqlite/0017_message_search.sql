-- Searching messages (issue 18.4): each message keeps its text as the search indexes it
-- (`message_search::indexed_text`: its words folded by `fold_for_search`, joined by single spaces),
-- written by the application with the row, and mirrored into a contentless FTS5 table kept in step
-- by triggers in the writing statement (a message without words has no entry). The tokenizer
-- splits on the spaces; `remove_diacritics 2` changes nothing of the folded words, and keeps a row
-- written by hand findable without accents. `messages_search_rows` gives each message the stable
-- integer id FTS5 needs (as `<table>_search_rows` of 0012 does).
-- Existing messages have no `search_text` yet (NULL): the application writes it when it opens the
-- database, by batches, before it serves (`messages_unsearched` finds them); the update trigger
-- indexes them then.

ALTER TABLE messages ADD COLUMN search_text TEXT;
CREATE INDEX messages_unsearched ON messages (id) WHERE search_text IS NULL;

CREATE TABLE messages_search_rows (
    search_id INTEGER PRIMARY KEY,
    row_id BLOB NOT NULL UNIQUE
);
CREATE VIRTUAL TABLE messages_search USING fts5 (
    search_text, content = '', tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER messages_search_insert AFTER INSERT ON messages WHEN new.search_text <> '' BEGIN
    INSERT INTO messages_search_rows (row_id) VALUES (new.id);
    INSERT INTO messages_search (rowid, search_text)
        SELECT search_id, new.search_text FROM messages_search_rows WHERE row_id = new.id;
END;
CREATE TRIGGER messages_search_update AFTER UPDATE OF search_text ON messages
    WHEN old.search_text IS NOT new.search_text BEGIN
    -- A contentless table forgets a row through the 'delete' command, given the words it indexed.
    INSERT INTO messages_search (messages_search, rowid, search_text)
        SELECT 'delete', search_id, old.search_text FROM messages_search_rows
        WHERE row_id = old.id AND old.search_text <> '';
    DELETE FROM messages_search_rows WHERE row_id = old.id;
    INSERT INTO messages_search_rows (row_id) SELECT new.id WHERE new.search_text <> '';
    INSERT INTO messages_search (rowid, search_text)
        SELECT search_id, new.search_text FROM messages_search_rows WHERE row_id = new.id;
END;
CREATE TRIGGER messages_search_delete AFTER DELETE ON messages WHEN old.search_text <> '' BEGIN
    INSERT INTO messages_search (messages_search, rowid, search_text)
        SELECT 'delete', search_id, old.search_text FROM messages_search_rows WHERE row_id = old.id;
    DELETE FROM messages_search_rows WHERE row_id = old.id;
END;
