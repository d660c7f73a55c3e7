-- Searches are index-backed (issue 20). Users get a search key like contacts and groups have:
-- text folded by the application (`fold_for_search`: NFKD, marks dropped, lower case), written with
-- the row. Each searchable table's key has a pg_trgm GIN index beside the company's id (as text,
-- through btree_gin): a search names the company through that copy, so the index serves both
-- conditions and the planner cannot prefer a walk of the company's rows in another index, with or
-- without statistics (see `searched_rows!` in blocopro-store-postgres). Both extensions ship with
-- PostgreSQL (contrib) and are trusted: the database's owner may create them.
-- `fastupdate = off`: a GIN index otherwise queues new entries in a pending list that every search
-- reads whole until a vacuum merges it (measured: 1.1 ms instead of 0.06 ms for a name among
-- 10,000 freshly written users); writes pay for the merge instead, a few entries per row.
-- The keys of existing rows are (re)written by the application when it opens the database, as
-- `search_folding.version` is behind (see `blocopro_store::search`).

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gin;

ALTER TABLE users ADD COLUMN search_key TEXT NOT NULL DEFAULT '';

-- The `SEARCH_FOLDING_VERSION` the stored keys were folded with.
CREATE TABLE search_folding (version INTEGER NOT NULL);
INSERT INTO search_folding (version) VALUES (0);

CREATE INDEX users_search ON users USING gin ((company_id::text), search_key gin_trgm_ops) WITH (fastupdate = off);
CREATE INDEX contacts_search ON contacts USING gin ((company_id::text), search_key gin_trgm_ops) WITH (fastupdate = off);
CREATE INDEX whatsapp_groups_search ON whatsapp_groups USING gin ((company_id::text), subject_key gin_trgm_ops) WITH (fastupdate = off);
