-- Searching messages (issue 18.4), the selective query without reading all its matches: the GIN
-- index's words carry the week of their message besides its company (`<company>:<week>:<word>`,
-- the week counted in UTC from Monday 1970-01-05, from `timezone('UTC', sent_at)`, which is
-- immutable). A search asks the newest weeks first, in windows of 1, 2, 4… weeks, each window one
-- statement ordered by time, and stops at the window that fills its page: `conceicao boleto` (1,646
-- matches in a million) reads the matches of a week or two, no longer all of them to sort them.
-- The index replaces 0018's (about twice its size: 132–169 MB against 77 MB for a million messages).
-- On an existing database this builds the index over every message, in the migration's transaction,
-- while writes to `messages` wait: about 20–40 s per million messages measured; plan the upgrade for
-- a quiet moment.

DROP INDEX messages_search;
CREATE INDEX messages_search ON messages USING gin (array_to_tsvector(string_to_array(
    company_id::text || ':' || ((timezone('UTC', sent_at)::date - DATE '1970-01-05') / 7)::text || ':'
    || replace(NULLIF(search_text, ''), ' ',
        ' ' || company_id::text || ':' || ((timezone('UTC', sent_at)::date - DATE '1970-01-05') / 7)::text || ':'),
    ' ')));
