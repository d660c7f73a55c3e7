-- Searching messages (issue 18.4): the time bucket of the index's words is the day of their
-- message (`<company>:<day>:<word>`, days counted in UTC from 1970-01-01), no longer its week
-- (0022). A selective query fills its page from the matches of its newest day or days: for
-- `conceicao boleto` over a million messages (1,646 matches), a search read the 655 matches of the
-- current week and now reads those of the day, a fifth to a seventh of them (the statement measured
-- 7.8 ms against 1.3–1.9 ms). Windows still double (1, 2, 4… days), so a rare query asks about ten
-- statements for two years of messages.
-- The index is about the size of 0022's (160 MB against 152 MB for a million messages). On an
-- existing database this builds it over every message, in the migration's transaction, while writes
-- to `messages` wait: seconds per million messages; plan the upgrade for a quiet moment.

DROP INDEX messages_search;
CREATE INDEX messages_search ON messages USING gin (array_to_tsvector(string_to_array(
    company_id::text || ':' || (timezone('UTC', sent_at)::date - DATE '1970-01-01')::text || ':'
    || replace(NULLIF(search_text, ''), ' ',
        ' ' || company_id::text || ':' || (timezone('UTC', sent_at)::date - DATE '1970-01-01')::text || ':'),
    ' ')));
