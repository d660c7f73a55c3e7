-- The search indexes of users, contacts and group subjects (0013) held the company's id beside
-- the key's trigrams: a search intersected the lists of its two trigrams with the company's list,
-- which names every row of the company. For a company of 100,000 contacts that walk was most of a
-- search (EXPLAIN ANALYZE of "joao conceicao": the index scan 0.64 ms and 56 buffers of 0.78 ms).
-- Their keys are now the company's grams: each three consecutive characters of the folded key,
-- hashed with the company's id (as the message search's words carry their company, 0018), so a
-- search reads the lists of its company's rows holding its grams and nothing else (the same
-- search: 0.17 ms, 7 buffers), and a row of another company is a candidate only by a collision of
-- 64-bit hashes, which the whole term and the company, checked on every row found, turn away.
-- Every three characters are grams, spaces and punctuation included, so any part of a term of
-- three characters or more can be asked for (pg_trgm kept only letters and digits). A term's grams
-- are made by `search_grams_of`, the rows' by `search_grams`: one rule, in the database.
-- `hashtextextended` is the hash PostgreSQL keeps stable for hash partitioning; integers, not
-- texts, keep the index's keys short (texts of the company and the gram made writing 100,000
-- contacts 2.3 times as slow as pg_trgm's trigrams; these, with the longer pending list below, as
-- fast: 2.1 s against 2.0 s).

CREATE FUNCTION search_grams(company UUID, search_key TEXT) RETURNS BIGINT[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT ARRAY(SELECT hashtextextended(company::text || substr(search_key, i, 3), 0)
                       FROM generate_series(1, length(search_key) - 2) i) $$;

CREATE FUNCTION search_grams_of(company UUID, grams TEXT[]) RETURNS BIGINT[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT ARRAY(SELECT hashtextextended(company::text || gram, 0) FROM unnest(grams) gram) $$;

DROP INDEX users_search;
DROP INDEX contacts_search;
DROP INDEX whatsapp_groups_search;
CREATE INDEX users_search ON users USING gin (search_grams(company_id, search_key)) WITH (fastupdate = off);
-- Bulk-written (group imports, 0026): a pending list of 1 MB. A search reads it whole, a fraction
-- of a millisecond when full, until the next merge or vacuum; at 256 kB a bulk write of 100,000
-- contacts merged it so often that it took 2.8 s instead of 2.1 s.
CREATE INDEX contacts_search ON contacts USING gin (search_grams(company_id, search_key))
    WITH (fastupdate = on, gin_pending_list_limit = 1024);
CREATE INDEX whatsapp_groups_search ON whatsapp_groups USING gin (search_grams(company_id, subject_key))
    WITH (fastupdate = off);
