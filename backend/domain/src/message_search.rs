//! Searching messages (Chat › Pesquisar mensagens): what the stores index of a message, what a
//! typed query asks for, and the snippet shown of a message found, its matches marked.
//!
//! A message is indexed as its words: the runs of letters and digits of its text (the body, or a
//! file's caption), each folded by `fold_for_search`, joined by single spaces. Both databases take
//! those words as they are (SQLite's FTS5 splits on the spaces, PostgreSQL builds the tsvector
//! from them without a parser), so a query finds the same messages on both. A query's words must
//! all be in the message: every one whole, the last one also as the start of a word (it may still
//! be being typed).

use crate::text::fold_for_search;
use unicode_normalization::char::is_combining_mark;

/// Shortest query, in characters (trimmed).
pub const MIN_QUERY_CHARS: usize = 2;
/// Longest query, in characters.
pub const MAX_QUERY_CHARS: usize = 100;
/// Words a query keeps; the rest are dropped (each narrows an already narrow search).
const MAX_QUERY_WORDS: usize = 8;
/// Longer words are not indexed: nobody types them, and an index entry has a size limit.
const MAX_INDEXED_WORD_CHARS: usize = 64;
/// Characters of a snippet on each side of its first match, about.
const SNIPPET_CONTEXT_CHARS: usize = 40;

/// A word character: a letter or digit, or an accent typed after its letter (kept with it).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// The folded words of `text`, in order, each as the index holds it.
fn folded_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !is_word_char(c)).filter(|word| !word.is_empty()).flat_map(|word| {
        // Folding may split a word (a compatibility form holding a separator): keep its parts.
        let folded = fold_for_search(word);
        folded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|part| !part.is_empty())
            .map(str::to_owned)
            .collect::<Vec<_>>()
    })
}

/// What the stores index of a message's text: its folded words, joined by single spaces.
pub fn indexed_text(text: &str) -> String {
    folded_words(text).filter(|word| word.chars().count() <= MAX_INDEXED_WORD_CHARS).collect::<Vec<_>>().join(" ")
}

/// Why a query cannot be searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryProblem {
    TooShort,
    TooLong,
    /// No letter or digit to look for.
    NoWords,
}

impl QueryProblem {
    /// The field error the API shows for `q`.
    pub fn message(self) -> String {
        match self {
            Self::TooShort => format!("must have at least {MIN_QUERY_CHARS} characters"),
            Self::TooLong => format!("must have at most {MAX_QUERY_CHARS} characters"),
            Self::NoWords => "must have a letter or a digit".into(),
        }
    }
}

/// A search over messages: the folded words the messages must hold, the last one also as a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageQuery {
    words: Vec<String>,
}

impl MessageQuery {
    pub fn parse(typed: &str) -> Result<Self, QueryProblem> {
        let count = typed.trim().chars().count();
        if count < MIN_QUERY_CHARS {
            return Err(QueryProblem::TooShort);
        }
        if count > MAX_QUERY_CHARS {
            return Err(QueryProblem::TooLong);
        }
        let mut words: Vec<String> = Vec::new();
        for word in folded_words(typed) {
            if !words.contains(&word) {
                words.push(word);
            }
        }
        words.truncate(MAX_QUERY_WORDS);
        if words.is_empty() {
            return Err(QueryProblem::NoWords);
        }
        Ok(Self { words })
    }

    /// The words that must be whole words of the message.
    pub fn whole_words(&self) -> &[String] {
        &self.words[..self.words.len() - 1]
    }

    /// The last word: a whole word or the start of one.
    pub fn prefix(&self) -> &str {
        &self.words[self.words.len() - 1]
    }

    /// Whether a folded word of a message matches one of the query's.
    fn matches(&self, folded: &str) -> bool {
        folded.starts_with(self.prefix()) || self.whole_words().iter().any(|word| word == folded)
    }

    /// The part of `text` shown with a result: about `SNIPPET_CONTEXT_CHARS` characters around
    /// its first match (the whole text when short), cut at spaces, "…" where it was cut, with every
    /// matching word marked.
    pub fn snippet(&self, text: &str) -> Vec<SnippetPart> {
        let text = text.trim();
        let matches: Vec<(usize, usize)> = word_spans(text)
            .filter(|(start, end)| folded_words(&text[*start..*end]).any(|word| self.matches(&word)))
            .collect();
        let first = matches.first().map_or(0, |(start, _)| *start);
        let start = cut_before(text, first, SNIPPET_CONTEXT_CHARS);
        let end = cut_after(text, first, SNIPPET_CONTEXT_CHARS * 2);
        let mut parts = Vec::new();
        let mut push = |text: String, highlighted: bool| {
            if !text.is_empty() {
                parts.push(SnippetPart { text, highlighted });
            }
        };
        let mut at = start;
        let ellipsis = |cut: bool| if cut { "…" } else { "" };
        let mut lead = ellipsis(start > 0).to_owned();
        for (match_start, match_end) in matches.into_iter().filter(|(s, e)| *s >= start && *e <= end) {
            push(format!("{lead}{}", &text[at..match_start]), false);
            lead.clear();
            push(text[match_start..match_end].to_owned(), true);
            at = match_end;
        }
        push(format!("{lead}{}{}", &text[at..end], ellipsis(end < text.len())), false);
        parts
    }
}

/// One piece of a snippet: plain text, or a word that matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetPart {
    pub text: String,
    pub highlighted: bool,
}

/// The byte spans of `text`'s words.
fn word_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().chain(std::iter::once((text.len(), ' ')));
    std::iter::from_fn(move || {
        for (at, c) in chars.by_ref() {
            match (start, is_word_char(c)) {
                (None, true) => start = Some(at),
                (Some(begun), false) => {
                    start = None;
                    return Some((begun, at));
                }
                _ => {}
            }
        }
        None
    })
}

/// Where a snippet starts: `chars` characters before `at`, moved forward to a word's start;
/// the text's start when that is close.
fn cut_before(text: &str, at: usize, chars: usize) -> usize {
    let Some((from, _)) = text[..at].char_indices().rev().nth(chars) else { return 0 };
    text[from..at].find(char::is_whitespace).map_or(at, |space| from + space + 1)
}

/// Where a snippet ends: `chars` characters after `at`, moved back to a word's end; the text's
/// end when that is close.
fn cut_after(text: &str, at: usize, chars: usize) -> usize {
    let Some((to, _)) = text[at..].char_indices().nth(chars) else { return text.len() };
    let to = at + to;
    text[at..to].rfind(char::is_whitespace).map_or(to, |space| at + space)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(query: &str, text: &str) -> String {
        let query = MessageQuery::parse(query).unwrap();
        query
            .snippet(text)
            .into_iter()
            .map(|part| if part.highlighted { format!("[{}]", part.text) } else { part.text })
            .collect()
    }

    #[test]
    fn messages_are_indexed_as_folded_words() {
        assert_eq!(indexed_text("Olá, JOÃO! Sua ação nº 12-B está pronta."), "ola joao sua acao no 12 b esta pronta");
        assert_eq!(indexed_text("Joa\u{303}o ﬁnanceiro ＡＢＣ"), "joao financeiro abc");
        assert_eq!(indexed_text("📷 …"), "");
        let long = "x".repeat(MAX_INDEXED_WORD_CHARS + 1);
        assert_eq!(indexed_text(&format!("a {long} b")), "a b");
    }

    #[test]
    fn queries_are_folded_words_the_last_a_prefix() {
        let query = MessageQuery::parse("  ACAO joão jo ").unwrap();
        assert_eq!(query.whole_words(), ["acao", "joao"]);
        assert_eq!(query.prefix(), "jo");
        assert_eq!(MessageQuery::parse("a "), Err(QueryProblem::TooShort));
        assert_eq!(MessageQuery::parse("!?"), Err(QueryProblem::NoWords));
        assert_eq!(MessageQuery::parse(&"a".repeat(MAX_QUERY_CHARS + 1)), Err(QueryProblem::TooLong));
        assert_eq!(MessageQuery::parse("joão JOAO").unwrap().prefix(), "joao", "repeated words count once");
    }

    #[test]
    fn snippets_mark_matching_words_as_written() {
        assert_eq!(marked("joao", "Oi João, tudo bem?"), "Oi [João], tudo bem?");
        assert_eq!(marked("ACAO bo", "A ação é boa. Ação!"), "A [ação] é [boa]. [Ação]!");
        assert_eq!(marked("joao", "Joa\u{303}o chegou"), "[Joa\u{303}o] chegou");
        // A word that only contains the query's is not a match.
        assert_eq!(marked("ana", "Mariana e Ana"), "Mariana e [Ana]");
    }

    #[test]
    fn long_texts_are_cut_around_the_first_match() {
        let before = "palavra ".repeat(20);
        let after = " outra".repeat(40);
        let snippet = marked("boleto", &format!("{before}o boleto vence amanhã{after}"));
        assert!(snippet.starts_with('…') && snippet.ends_with('…'), "{snippet}");
        assert!(snippet.contains("[boleto] vence amanhã"), "{snippet}");
        assert!(snippet.chars().count() <= SNIPPET_CONTEXT_CHARS * 3 + 2, "{snippet}");
        assert!(!snippet.contains("palavr…") && !snippet.contains("…alavra"), "cut at spaces: {snippet}");
    }

    #[test]
    fn a_text_without_a_visible_match_shows_its_start() {
        let query = MessageQuery::parse("nada").unwrap();
        assert_eq!(query.snippet("Bom dia"), [SnippetPart { text: "Bom dia".into(), highlighted: false }]);
        assert_eq!(query.snippet(""), []);
    }
}
