//! Text as people search and sort it: one fold for every key a store writes and every term it is
//! asked for, so that both databases index and compare exactly the same text.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The version of `fold_for_search` and of the search keys built with it (users, contacts, group
/// subjects). Stores re-fold the keys they wrote under an older version when they open, so raise
/// it with any change to either.
pub const SEARCH_FOLDING_VERSION: i32 = 1;

/// Lower case without accents and compatibility forms, so that "Álvaro", "ALVARO" and "alvaro"
/// search and sort together: the text is decomposed (Unicode NFKD: "ã" is "a" and a tilde, "ﬁ" is
/// "fi", a full-width "Ａ" is "A"), its combining marks dropped, and every character lower-cased on
/// its own (no context rules), so that folding a part of a text gives a part of the folded text.
pub fn fold_for_search(text: &str) -> String {
    text.trim()
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        // Lower-casing can bring marks back ("İ" is "i" and a dot above).
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::fold_for_search as fold;

    #[test]
    fn accents_and_case_fold_away() {
        assert_eq!(fold("  ÁLVARO Conceição "), "alvaro conceicao");
        assert_eq!(fold("São João"), fold("SAO JOAO"));
        assert_eq!(fold("JOÃO"), fold("joão"));
        assert_eq!(fold("Grupo 0001 – VIP"), "grupo 0001 – vip");
    }

    #[test]
    fn every_latin_accent_and_compatibility_form_folds() {
        assert_eq!(fold("Şahin Öztürk Dvořák Łódź Ærø"), "sahin ozturk dvorak łodz ærø");
        assert_eq!(fold("İstanbul"), "istanbul");
        assert_eq!(fold("ﬁnanceiro ＡＢＣ １２３"), "financeiro abc 123");
        // The same letter typed precomposed or as a letter and a combining accent.
        assert_eq!(fold("Jo\u{e3}o"), fold("Joa\u{303}o"));
    }

    #[test]
    fn folding_is_stable_and_keeps_parts_parts() {
        for text in ["São João", "ÆØÅ ß ẞ", "Ωμέγα ΟΔΟΣ", "İIıi", "ﬃ ㎏ ½", "Ｔｅｓｔｅ", "日本語 한국어"]
        {
            let folded = fold(text);
            assert_eq!(fold(&folded), folded, "{text}");
            let chars: Vec<char> = text.chars().collect();
            for start in 0..chars.len() {
                for end in start + 1..=chars.len() {
                    let part: String = chars[start..end].iter().collect();
                    assert!(folded.contains(&fold(&part)), "{part:?} of {text:?}");
                }
            }
        }
    }
}
