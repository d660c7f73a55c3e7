-- Searching messages (issue 18.4): each message keeps its text as the search indexes it
-- (`message_search::indexed_text`: its words folded by `fold_for_search`, joined by single spaces),
-- written by the application with the row. The GIN index holds the company (as text, through
-- btree_gin, like the other search indexes of 0013) beside the words, taken as they are: the
-- tsvector is built from the words without a text-search parser, and queries are tsquery values
-- of the same words, so nothing here folds or splits differently from SQLite.
-- Existing messages have no `search_text` yet (NULL): the application writes it when it opens the
-- database, by batches, before it serves (`messages_unsearched` finds them).
-- Unlike the short lists of 0013, the index keeps GIN's pending list (fastupdate): messages are
-- written all day, and the list is merged in bulk (by autovacuum, or at 4 MB) instead of on every insert.

ALTER TABLE messages ADD COLUMN search_text TEXT;

CREATE INDEX messages_search ON messages
    USING gin ((company_id::text), array_to_tsvector(string_to_array(search_text, ' ')));
CREATE INDEX messages_unsearched ON messages (id) WHERE search_text IS NULL;
