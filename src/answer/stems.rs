//! Each fact's quote as numbered word stems, worked out once at load. The verifier compares a
//! question's words with each candidate's quote (the longest run of them the quote holds
//! verbatim; words the question puts in quotation marks), and stemming the four candidates'
//! quotes again for every question was a fifth of the time `ask` spends on a batch of questions.

use crate::lookup::Strings;
use crate::retrieval::rows::Rows;

/// Every fact's quote as its [`crate::text::stems`], each stem numbered once for the whole
/// knowledge.
#[derive(Default)]
pub struct QuoteStems {
    ids: Strings,
    rows: Rows<u32>,
}

impl QuoteStems {
    /// Adds the next fact's quote (facts in knowledge order), as its [`crate::text::stems`].
    pub fn push(&mut self, stems: &[String]) {
        let row: Vec<u32> = stems.iter().map(|s| self.ids.intern(s)).collect();
        self.rows.push(&row);
    }

    /// Fact `fact`'s quote, as numbered stems.
    pub fn of_fact(&self, fact: usize) -> &[u32] {
        self.rows.get(fact)
    }

    /// The number of a stem, when some quote uses it (one no quote uses matches no quote).
    pub fn id(&self, stem: &str) -> Option<u32> {
        self.ids.id(stem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{stem, stems};

    #[test]
    fn quotes_share_numbers_for_the_same_stem() {
        let mut t = QuoteStems::default();
        t.push(&stems("Ministers met in Prague."));
        t.push(&stems("The meeting in Prague ended"));
        let (a, b) = (t.of_fact(0), t.of_fact(1));
        assert_eq!(a.len(), 4);
        assert_eq!(b.len(), 5);
        assert_eq!(a[3], b[3], "prague");
        assert_eq!(a[2], b[2], "in");
        assert_eq!(t.id(&stem("prague")), Some(a[3]));
        assert_eq!(t.id("washington"), None);
    }
}
