//! The figures the check compares: each an expected and a measured count.

use serde_json::{Value, json};

#[derive(Default)]
pub struct Checks {
    results: Vec<(String, i64, i64)>,
}

impl Checks {
    pub fn expect(&mut self, what: &str, expected: i64, measured: i64) {
        self.results.push((what.to_owned(), expected, measured));
    }

    pub fn failures(&self) -> Vec<String> {
        self.results
            .iter()
            .filter(|(_, expected, measured)| expected != measured)
            .map(|(what, expected, measured)| format!("{what}: expected {expected}, measured {measured}"))
            .collect()
    }

    pub fn to_json(&self) -> Value {
        let rows: Vec<Value> = self
            .results
            .iter()
            .map(|(what, expected, measured)| json!({ "what": what, "expected": expected, "measured": measured }))
            .collect();
        Value::Array(rows)
    }

    /// One line per figure, `ok` or `FAILED`.
    pub fn lines(&self) -> impl Iterator<Item = String> + '_ {
        self.results.iter().map(|(what, expected, measured)| {
            let verdict = if expected == measured { "ok    " } else { "FAILED" };
            format!("{verdict} {what}: {measured} (expected {expected})")
        })
    }
}
