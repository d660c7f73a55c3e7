//! Text search: how a term is folded and matched, the index each backend keeps, the re-fold of
//! the stored keys, and the plans searches run with.
//!
//! Each searchable table keeps a key folded by the application (`fold_for_search`), written by the
//! store in the same statement as the row: `users.search_key`, `contacts.search_key`,
//! `whatsapp_groups.subject_key`. PostgreSQL indexes it with a GIN index of the company's grams of
//! the key (every three characters hashed with the company: `search_grams`, migration 0028),
//! SQLite with an FTS5 trigram table (`<table>_search`, kept in step by triggers in the writing
//! statement; `<table>_search_rows` gives each row the stable integer id FTS5 needs).
//! Terms of three characters or more are found through that index; shorter ones, which no
//! trigram can hold, by a LIKE over the folded keys of the company's rows.
//!
//! An index is asked for two of a term's trigrams (`probed_trigrams`), and the rows it answers
//! are then held to the whole term: each trigram asked for costs a walk of its list of rows, and a
//! name's trigrams are common ones, so asking for all twelve of "joao conceicao" cost several
//! times what two do, for the same rows once the term is checked.

#[cfg(feature = "conformance")]
pub mod conformance;
mod sql;

use async_trait::async_trait;
use blocopro_domain::text::fold_for_search;
use uuid::Uuid;

use crate::StoreResult;

/// Trigram indexes hold nothing shorter.
pub const INDEXED_TERM_MIN_CHARS: usize = 3;

/// A search term as the stores run it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextSearch {
    /// Too short for a trigram: a `LIKE … ESCAPE '\'` pattern over the folded keys of the
    /// company's rows.
    Scan(String),
    /// Found through the table's search index: the folded term.
    Indexed(String),
}

impl TextSearch {
    /// The search for what a user typed; `None` when it is blank.
    pub fn new(typed: &str) -> Option<Self> {
        let folded = fold_for_search(typed);
        match folded.chars().count() {
            0 => None,
            count if count < INDEXED_TERM_MIN_CHARS => Some(Self::Scan(like_pattern(&folded))),
            _ => Some(Self::Indexed(folded)),
        }
    }

    pub fn is_indexed(&self) -> bool {
        matches!(self, Self::Indexed(_))
    }
}

/// The trigrams of the folded `term` an index is asked for, in the term's order and apart: the
/// first trigram of its first word and that of its last word, or, for one word, its first and its
/// last (words being runs of letters and digits, cut into consecutive trigrams). A name's words
/// differ most where they start: their endings are shared by many ("cao", "ira", "lva"), and a
/// common trigram costs a walk of its long list of rows. Every row holding the term holds these,
/// and few others do (each row found is then checked against the whole term). Empty when the term
/// has no run of three letters or digits ("a_b", "0% o"): the index is then asked for the whole term.
pub fn probed_trigrams(term: &str) -> Vec<String> {
    let chars: Vec<char> = term.chars().collect();
    let words: Vec<Vec<String>> = chars
        .split(|c| !c.is_alphanumeric())
        .map(|word| word.chunks_exact(3).map(|trigram| trigram.iter().collect()).collect::<Vec<String>>())
        .filter(|trigrams| !trigrams.is_empty())
        .collect();
    match words.as_slice() {
        [] => Vec::new(),
        [only] => {
            let mut probed = vec![only[0].clone()];
            probed.extend(only.last().filter(|_| only.len() > 1).cloned());
            probed
        }
        [first, .., last] => vec![first[0].clone(), last[0].clone()],
    }
}

/// A `LIKE … ESCAPE '\'` pattern matching the folded `term` anywhere, its `%` and `_` literally.
pub fn like_pattern(term: &str) -> String {
    let escaped = term.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

/// The lists a user searches by text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchedList {
    Users,
    Contacts,
    Groups,
}

impl SearchedList {
    pub const ALL: [SearchedList; 3] = [Self::Users, Self::Contacts, Self::Groups];

    /// The table the list reads.
    pub fn table(self) -> &'static str {
        match self {
            Self::Users => "users",
            Self::Contacts => "contacts",
            Self::Groups => "whatsapp_groups",
        }
    }

    /// The table's alias in the list's statement.
    fn alias(self) -> &'static str {
        match self {
            Self::Users => "u",
            Self::Contacts => "c",
            Self::Groups => "g",
        }
    }
}

/// How a backend runs a list's indexed search, as its `EXPLAIN` prints it.
#[derive(Debug, Clone)]
pub struct SearchPlan {
    /// One line per step, as the database printed it.
    pub lines: Vec<String>,
    /// Whether the rows come from the table's search index, the table itself read only by
    /// primary key (SQLite) or by the index's bitmap (PostgreSQL), never walked by another index
    /// or sequentially.
    pub driven_by_search_index: bool,
}

impl SearchPlan {
    /// Reads a plan as PostgreSQL's `EXPLAIN` or SQLite's `EXPLAIN QUERY PLAN` prints it.
    pub fn read(list: SearchedList, lines: Vec<String>) -> Self {
        let driven_by_search_index = if lines.iter().any(|line| line.contains("VIRTUAL TABLE")) {
            sqlite_search_drives(list, &lines)
        } else {
            postgres_search_drives(list, &lines)
        };
        Self { lines, driven_by_search_index }
    }
}

/// The rows come from a bitmap of the search index (`<table>_search`), and the table is reached by
/// no other index but its primary key (a page's cursor), nor read sequentially.
fn postgres_search_drives(list: SearchedList, lines: &[String]) -> bool {
    let table = list.table();
    let (search_index, primary_key) = (format!("{table}_search"), format!("{table}_pkey"));
    let sequential = format!("Seq Scan on {table} ");
    let mut searched = false;
    for line in lines {
        if line.contains(&sequential) {
            return false;
        }
        match scanned_index(line) {
            Some(index) if index == search_index => searched = true,
            Some(index) if index.starts_with(&format!("{table}_")) && index != primary_key => return false,
            _ => {}
        }
    }
    searched
}

/// The index a PostgreSQL plan line scans, if any.
fn scanned_index(line: &str) -> Option<&str> {
    ["Bitmap Index Scan on ", "Index Scan using ", "Index Only Scan using "]
        .iter()
        .find_map(|scan| line.split_once(scan))
        .and_then(|(_, rest)| rest.split_whitespace().next())
}

/// The outer loop scans the FTS5 table with a MATCH, and the table is read only by primary key.
fn sqlite_search_drives(list: SearchedList, lines: &[String]) -> bool {
    let alias = list.alias();
    let by_primary_key = format!("SEARCH {alias} USING INDEX sqlite_autoindex_{}_1 (id=?)", list.table());
    let reads_table = |line: &&String| {
        let mut words = line.split(' ');
        matches!(words.next(), Some("SCAN" | "SEARCH")) && words.next() == Some(alias)
    };
    let matched_first =
        lines.first().is_some_and(|line| line.starts_with("SCAN f VIRTUAL TABLE INDEX") && line.contains(":M"));
    let table_reads: Vec<&String> = lines.iter().filter(reads_table).collect();
    matched_first && !table_reads.is_empty() && table_reads.iter().all(|line| **line == by_primary_key)
}

#[async_trait]
pub trait SearchStore: Send + Sync {
    /// The plan of `list`'s search for `term` in the company, as the list runs it for a term of
    /// three characters or more. PostgreSQL plans it with bitmap scans only: a table of a few rows
    /// is rightly read whole or through any index, and what matters is which indexes can serve
    /// the search's conditions.
    async fn explain_search(&self, list: SearchedList, company_id: Uuid, term: &str) -> StoreResult<SearchPlan>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_folded_and_short_ones_scan() {
        assert_eq!(TextSearch::new("  "), None);
        assert_eq!(TextSearch::new(" JOÃO "), Some(TextSearch::Indexed("joao".into())));
        assert_eq!(TextSearch::new("Jô"), Some(TextSearch::Scan("%jo%".into())));
        assert_eq!(TextSearch::new("%_"), Some(TextSearch::Scan("%\\%\\_%".into())));
        // Three characters once folded: "ﬁ" is two.
        assert_eq!(TextSearch::new("ﬁm"), Some(TextSearch::Indexed("fim".into())));
    }

    #[test]
    fn the_starts_of_the_first_and_last_words_are_probed() {
        assert_eq!(probed_trigrams("joao conceicao"), ["joa", "con"]);
        assert_eq!(probed_trigrams("maria de fatima conceicao"), ["mar", "con"]);
        assert_eq!(probed_trigrams("silva"), ["sil"]);
        assert_eq!(probed_trigrams("conceicao"), ["con", "cao"]);
        assert_eq!(probed_trigrams("11900064521"), ["119", "645"]);
        // Letters and digits only, in the term's order: nothing for LIKE or FTS5 to read as an operator.
        assert_eq!(probed_trigrams("ana_bel 100%"), ["ana", "100"]);
        assert_eq!(probed_trigrams("ze silva"), ["sil"]);
        assert!(probed_trigrams("0% o").is_empty());
        assert!(probed_trigrams("a_b").is_empty());
        assert_eq!(probed_trigrams("łodz"), ["łod"], "any letter");
    }

    fn plan(list: SearchedList, text: &str) -> SearchPlan {
        SearchPlan::read(list, text.lines().map(str::to_owned).collect())
    }

    #[test]
    fn postgres_plans_are_read() {
        let served = "Limit  (cost=60.04..60.05 rows=1 width=256)
  ->  Sort  (cost=60.04..60.05 rows=1 width=256)
        ->  Subquery Scan on c  (cost=56.00..60.03 rows=1 width=256)
              ->  Bitmap Heap Scan on contacts  (cost=56.00..60.02 rows=1 width=296)
                    ->  Bitmap Index Scan on contacts_search  (cost=0.00..56.00 rows=1 width=0)
  InitPlan 1
    ->  Index Scan using contacts_pkey on contacts x  (cost=0.15..8.17 rows=1 width=48)";
        assert!(plan(SearchedList::Contacts, served).driven_by_search_index);
        let company_walk = "Limit  (cost=8.18..8.19 rows=1 width=305)
  ->  Subquery Scan on u  (cost=4.15..8.18 rows=1 width=305)
        ->  Bitmap Heap Scan on users  (cost=4.15..8.17 rows=1 width=385)
              ->  Bitmap Index Scan on users_company_name  (cost=0.00..4.15 rows=1 width=0)
        SubPlan 1
          ->  Bitmap Index Scan on user_departments_pkey  (cost=0.00..4.21 rows=7 width=0)";
        assert!(!plan(SearchedList::Users, company_walk).driven_by_search_index);
        let both =
            format!("{company_walk}\n  ->  Bitmap Index Scan on users_search  (cost=0.00..56.00 rows=1 width=0)");
        assert!(!plan(SearchedList::Users, &both).driven_by_search_index, "an index walked beside the search index");
        let sequential = "Limit  (cost=0.00..1364.83 rows=1 width=48)\n  ->  Seq Scan on whatsapp_groups g  (cost=0.00..1364.82 rows=1 width=385)";
        assert!(!plan(SearchedList::Groups, sequential).driven_by_search_index);
    }

    #[test]
    fn sqlite_plans_are_read() {
        let served = "SCAN f VIRTUAL TABLE INDEX 0:M0
SEARCH r USING INTEGER PRIMARY KEY (rowid=?)
SEARCH u USING INDEX sqlite_autoindex_users_1 (id=?)
SCALAR SUBQUERY 3
SEARCH c USING INDEX sqlite_autoindex_users_1 (id=?)
USE TEMP B-TREE FOR ORDER BY";
        assert!(plan(SearchedList::Users, served).driven_by_search_index);
        let company_walk = "SEARCH u USING INDEX users_company_name (company_id=?)
SCAN f VIRTUAL TABLE INDEX 0:M0
SEARCH r USING INTEGER PRIMARY KEY (rowid=?)";
        assert!(!plan(SearchedList::Users, company_walk).driven_by_search_index);
        let scanned = "SCAN f VIRTUAL TABLE INDEX 0:M0\nSCAN c\nUSE TEMP B-TREE FOR ORDER BY";
        assert!(!plan(SearchedList::Contacts, scanned).driven_by_search_index);
    }
}
