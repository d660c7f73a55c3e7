-- Searching messages (issue 18.4), newest first without reading every match: the FTS5 table of 0017
-- numbers its rows in the order of the messages' time, so that it can hand a query's matches newest
-- first (`ORDER BY rowid DESC`) and the search stops at its page, however many messages match.
-- A message's number is its `sent_at` in milliseconds (0 before 1970) times 2^20, plus its rank
-- among the messages of the same millisecond (in the order they were written): numbers follow
-- `sent_at` to the millisecond, and the search orders the messages of one millisecond exactly itself.
-- The table and its numbers are rebuilt from the messages' `search_text`.

DROP TRIGGER messages_search_insert;
DROP TRIGGER messages_search_update;
DROP TRIGGER messages_search_delete;
DROP TABLE messages_search;
DROP TABLE messages_search_rows;

CREATE TABLE messages_search_rows (
    search_id INTEGER PRIMARY KEY,
    row_id BLOB NOT NULL UNIQUE
);
CREATE VIRTUAL TABLE messages_search USING fts5 (
    search_text, content = '', tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO messages_search_rows (search_id, row_id)
    SELECT max(sent_at / 1000, 0) * 1048576
               + row_number() OVER (PARTITION BY max(sent_at / 1000, 0) ORDER BY id) - 1,
           id
    FROM messages WHERE search_text <> '';
INSERT INTO messages_search (rowid, search_text)
    SELECT r.search_id, m.search_text FROM messages_search_rows r JOIN messages m ON m.id = r.row_id;

-- The next number of the message `new`'s millisecond.
CREATE TRIGGER messages_search_insert AFTER INSERT ON messages WHEN new.search_text <> '' BEGIN
    INSERT INTO messages_search_rows (search_id, row_id)
        SELECT coalesce(max(search_id) + 1, max(new.sent_at / 1000, 0) * 1048576), new.id
        FROM messages_search_rows
        WHERE search_id >= max(new.sent_at / 1000, 0) * 1048576
          AND search_id < (max(new.sent_at / 1000, 0) + 1) * 1048576;
    INSERT INTO messages_search (rowid, search_text)
        SELECT search_id, new.search_text FROM messages_search_rows WHERE row_id = new.id;
END;
CREATE TRIGGER messages_search_update AFTER UPDATE OF search_text, sent_at ON messages
    WHEN old.search_text IS NOT new.search_text OR old.sent_at <> new.sent_at BEGIN
    -- A contentless table forgets a row through the 'delete' command, given the words it indexed.
    INSERT INTO messages_search (messages_search, rowid, search_text)
        SELECT 'delete', search_id, old.search_text FROM messages_search_rows
        WHERE row_id = old.id AND old.search_text <> '';
    DELETE FROM messages_search_rows WHERE row_id = old.id;
    INSERT INTO messages_search_rows (search_id, row_id)
        SELECT next_id, new.id FROM (
            SELECT coalesce(max(search_id) + 1, max(new.sent_at / 1000, 0) * 1048576) AS next_id
            FROM messages_search_rows
            WHERE search_id >= max(new.sent_at / 1000, 0) * 1048576
              AND search_id < (max(new.sent_at / 1000, 0) + 1) * 1048576)
        WHERE new.search_text <> '';
    INSERT INTO messages_search (rowid, search_text)
        SELECT search_id, new.search_text FROM messages_search_rows WHERE row_id = new.id;
END;
CREATE TRIGGER messages_search_delete AFTER DELETE ON messages WHEN old.search_text <> '' BEGIN
    INSERT INTO messages_search (messages_search, rowid, search_text)
        SELECT 'delete', search_id, old.search_text FROM messages_search_rows WHERE row_id = old.id;
    DELETE FROM messages_search_rows WHERE row_id = old.id;
END;
