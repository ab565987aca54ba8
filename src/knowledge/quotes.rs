//! Finding where each curated quote first occurs in its source, for every fact at once: one pass
//! over the source text whatever the number of facts (an Aho-Corasick automaton over the quotes),
//! instead of one search of the text per fact. With 100,000 facts on long articles, the per-fact
//! search was most of the loading time.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

/// Below this many quotes a plain search per quote is cheaper than building an automaton.
const AUTOMATON_FROM: usize = 8;
/// In a text up to this long, a plain search per quote is cheaper however many quotes there are:
/// building the automaton costs about as much per quote as scanning 20 KB (measured on generated
/// folders of 50 quotes per 5 KB article, where the automata took 3% of loading).
const SEARCH_TEXT_MAX: usize = 16 * 1024;

/// The byte offset of the first occurrence of each of `quotes` in `text` (`None`: not in it),
/// exactly as `text.find(quote)` would give it. Quotes must be non-empty.
pub(super) fn first_occurrences(text: &str, quotes: &[&str]) -> Vec<Option<usize>> {
    if quotes.len() < AUTOMATON_FROM || text.len() <= SEARCH_TEXT_MAX {
        return quotes.iter().map(|q| text.find(q)).collect();
    }
    by_automaton(text, quotes)
}

/// [`first_occurrences`] in one pass over the text.
fn by_automaton(text: &str, quotes: &[&str]) -> Vec<Option<usize>> {
    // One pass over the text per load: a contiguous NFA builds several times faster than the DFA
    // the builder would pick for a few thousand quotes, and that build was the largest single
    // cost of loading 10,000 facts (18%); the pass itself is no slower to notice.
    let Ok(ac) = AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .match_kind(MatchKind::Standard)
        .build(quotes)
    else {
        // Too large an automaton: fall back to searching one by one.
        return quotes.iter().map(|q| text.find(q)).collect();
    };
    let mut first = vec![None; quotes.len()];
    let mut missing = quotes.len();
    // Overlapping matches come in order of their end; one pattern's matches all have its
    // length, so the first reported for a pattern is also the one that starts first.
    for m in ac.find_overlapping_iter(text) {
        let slot = &mut first[m.pattern().as_usize()];
        if slot.is_none() {
            *slot = Some(m.start());
            missing -= 1;
            if missing == 0 {
                break;
            }
        }
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_str_find_for_few_and_many_quotes() {
        let text = "abcabcab Prague, then Prague again; aaaa ééé 🦀 end";
        let all = [
            "abc",
            "bca",
            "cab",
            "Prague",
            "again",
            "aa",
            "aaa",
            "a",
            "é",
            "🦀 e",
            "zzz",
            "end",
            "b",
            "abcabcab Prague",
        ];
        for n in [1, 3, all.len()] {
            let quotes = &all[..n];
            let want: Vec<_> = quotes.iter().map(|q| text.find(q)).collect();
            assert_eq!(first_occurrences(text, quotes), want, "{quotes:?}");
            assert_eq!(by_automaton(text, quotes), want, "{quotes:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn agrees_with_str_find(text in "[ab é]{0,60}", quotes in proptest::collection::vec("[ab é]{1,4}", 0..20)) {
            let q: Vec<&str> = quotes.iter().map(String::as_str).collect();
            let want: Vec<_> = q.iter().map(|x| text.find(x)).collect();
            proptest::prop_assert_eq!(first_occurrences(&text, &q), want.clone());
            proptest::prop_assert_eq!(by_automaton(&text, &q), want);
        }
    }
}
