//! The checker's thresholds, fitted to the knowledge they are used with.

/// The thresholds the checker decides with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// A fact is about a claim when it meets at least this weighted share of the claim's words.
    pub min_align: f64,
    /// It states what the claim says when it meets at least this share of the claim's
    /// predicate words (the words that are not specifics).
    pub min_predicate: f64,
    /// Where the values come from.
    pub origin: &'static str,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            min_align: 0.5,
            min_predicate: 0.5,
            origin: "defaults, not fitted",
        }
    }
}
