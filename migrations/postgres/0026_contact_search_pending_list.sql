-- Contacts are written in bulk too: a group import creates a contact for each of its participants'
-- numbers it does not know (100,000 for 1,000 groups of 100). With `fastupdate = off` (0013) each
-- of those rows went into the trigram index one key at a time, and a number's digits share their
-- trigrams with every other number: each insert rewrote ~15 long posting lists (measured: 100,000
-- contacts took 12 s instead of 2 s without the index). With the pending list on, the rows of a
-- bulk write are appended to it and merged in batches (one rewrite per key and batch: 5 s).
-- The list is kept short, as a search reads it whole: at 256 kB it costs a search a fraction of a
-- millisecond at most (the 1.1 ms of 0013 was with the 4 MB default), and vacuum empties it.
ALTER INDEX contacts_search SET (fastupdate = on, gin_pending_list_limit = 256);
