-- Searching messages (issue 18.4): each message keeps its text as the search indexes it
-- (`message_search::indexed_text`: its words folded by `fold_for_search`, joined by single spaces),
-- written by the application with the row.
-- The GIN index holds each word prefixed by the message's company (`<company id>:<word>`), taken as
-- it is: the tsvector is built from the words without a text-search parser, and queries are
-- tsquery values of the same prefixed words (`'<company>:joao' & '<company>:bol':*`), so nothing
-- here folds or splits differently from SQLite, and a search reads only its company's entries. (A
-- separate company column in the index, as 0013 has, made every search of a large company decode
-- that company's whole posting list: 40 ms for a company of a million messages.)
-- Existing messages have no `search_text` yet (NULL): the application writes it when it opens the
-- database, by batches, before it serves (`messages_unsearched` finds them).
-- Unlike the short lists of 0013, the index keeps GIN's pending list (fastupdate): messages are
-- written all day, and the list is merged in bulk (by autovacuum, or at 4 MB) instead of on every insert.

ALTER TABLE messages ADD COLUMN search_text TEXT;

CREATE INDEX messages_search ON messages USING gin (array_to_tsvector(string_to_array(
    company_id::text || ':' || replace(NULLIF(search_text, ''), ' ', ' ' || company_id::text || ':'), ' ')));
CREATE INDEX messages_unsearched ON messages (id) WHERE search_text IS NULL;
