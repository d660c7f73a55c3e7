//! Text as people search and sort it.

/// Lower case without the accents of Portuguese and the other Latin languages, so that "Álvaro",
/// "ALVARO" and "alvaro" search and sort together, the same on every database.
pub fn fold(text: &str) -> String {
    text.trim().to_lowercase().chars().map(unaccented).collect()
}

fn unaccented(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn accents_and_case_fold_away() {
        assert_eq!(fold("  ÁLVARO Conceição "), "alvaro conceicao");
        assert_eq!(fold("São João"), fold("SAO JOAO"));
        assert_eq!(fold("Grupo 0001 – VIP"), "grupo 0001 – vip");
    }
}
