//! Negation: which words of a text a negation governs, and the rule that a claim and its evidence
//! disagree when one negates what the other affirms ("had supplied" against "had not supplied").
//!
//! A negation governs the first word after it in its clause that the other text also has:
//! "has not given Ukraine weapons capable of hitting Russia" and "had not supplied weapons that
//! could hit Russia" both negate hitting, so a paraphrased verb does not hide a negation; a
//! negation of something the other text never mentions decides nothing. Names, places, amounts
//! and locative words ("behind", "along") pass a negation on: it is about what is done.
//!
//! Phrases that look negative but are not ("not only", "not the only") are general English, in
//! the language folder's `not_negating` list.

use crate::analysis::{Kind, Token};

use super::explain::Rule;
use super::meaning::Relation;
use super::{Cx, Finding};

/// Words that start a new clause: what comes after them has its own subject.
const CLAUSE_WORDS: [&str; 7] = [
    "but", "though", "although", "while", "whereas", "however", "yet",
];

/// Words after which "yet" is the adverb ("not yet", "has yet to", "as yet"), not the
/// conjunction that starts a clause ("small yet strong").
const BEFORE_ADVERB_YET: [&str; 12] = [
    "not", "never", "no", "nt", "has", "have", "had", "is", "are", "was", "were", "as",
];

/// Whether word `w`, after word `prev`, starts a clause.
fn starts_clause(w: &str, prev: &str) -> bool {
    CLAUSE_WORDS.iter().any(|c| c.eq_ignore_ascii_case(w))
        && !(w.eq_ignore_ascii_case("yet")
            && BEFORE_ADVERB_YET
                .iter()
                .any(|b| b.eq_ignore_ascii_case(prev)))
}

/// Per token of `text` (as the analyzer read it into `tokens`), the clause it is in: clauses end
/// at punctuation (, ; : . ! ?) and before a contrasting conjunction ("but", "though").
pub(crate) fn clauses(text: &str, tokens: &[Token]) -> Vec<u16> {
    // Per word of the text as the analyzer splits it, whether a clause starts at it.
    let mut starts: Vec<bool> = Vec::new();
    let mut pending = false;
    let mut prev = String::new();
    for chunk in text.split_whitespace() {
        let ends = chunk.ends_with([',', ';', ':', '.', '!', '?']);
        // Most chunks are one plain word, maybe with a mark after it: that word is what
        // normalising and splitting would give, without their allocations (this runs on
        // every fact's quote and answer at load).
        let core = chunk.trim_end_matches([',', ';', ':', '.', '!', '?']);
        if !core.is_empty() && core.bytes().all(|b| b.is_ascii_alphanumeric()) {
            starts.push(pending || starts_clause(core, &prev));
            pending = ends;
            prev.clear();
            prev.push_str(core);
            continue;
        }
        let ws = crate::text::words(&crate::text::normalize(chunk));
        if ws.is_empty() {
            // A dash or other mark alone between words.
            pending |= chunk.chars().any(|c| ",;:.!?\u{2013}\u{2014}".contains(c));
            continue;
        }
        for (i, w) in ws.iter().enumerate() {
            starts.push(i == 0 && (pending || starts_clause(w, &prev)));
            prev.clear();
            prev.push_str(w);
        }
        pending = ends;
    }
    let mut out = Vec::with_capacity(tokens.len());
    let (mut word, mut clause) = (0usize, 0u16);
    for t in tokens {
        let n = t.word.split(' ').count();
        if starts.get(word).copied().unwrap_or(false) {
            clause += 1;
        }
        out.push(clause);
        word += n;
    }
    out
}

/// Token positions that start a phrase which looks negative but is not, with its length.
pub(crate) fn not_negating(tokens: &[Token], phrases: &[Vec<String>]) -> Vec<(usize, usize)> {
    let words: Vec<&str> = tokens.iter().map(|t| t.word.as_str()).collect();
    let mut out = Vec::new();
    for i in 0..words.len() {
        for p in phrases {
            if !p.is_empty()
                && i + p.len() <= words.len()
                && words[i..i + p.len()].iter().zip(p).all(|(w, x)| *w == x)
            {
                out.push((i, p.len()));
            }
        }
    }
    out
}

/// For each token, whether a negation governs it: the first word after the negation, in its
/// clause, that the other text also has (`aligned`), whatever words come between ("has not given
/// Ukraine weapons capable of *hitting* Russia" and "had not supplied weapons that could *hit*
/// Russia" both negate hitting, however the verb is paraphrased). Phrases in `exempt` ("not
/// only") negate nothing.
pub(crate) fn governed(
    len: usize,
    kind: impl Fn(usize) -> Kind,
    clause: impl Fn(usize) -> Option<u16>,
    aligned: &[bool],
    exempt: &[(usize, usize)],
) -> Vec<bool> {
    let is_exempt = |i: usize| exempt.iter().any(|&(s, n)| i >= s && i < s + n);
    let mut out = vec![false; len];
    for i in 0..len {
        if kind(i) != Kind::Negation || is_exempt(i) {
            continue;
        }
        if let Some(j) = (i + 1..len)
            .take_while(|&j| clause(j) == clause(i) && kind(j) != Kind::Negation)
            .find(|&j| aligned[j])
        {
            out[j] = !out[j];
        }
    }
    out
}

/// [`governed`] over a text read as slices (a claim's).
pub(crate) fn governed_in(
    kinds: &[Kind],
    clause: &[u16],
    aligned: &[bool],
    exempt: &[(usize, usize)],
) -> Vec<bool> {
    governed(
        kinds.len(),
        |i| kinds[i],
        |i| clause.get(i).copied(),
        aligned,
        exempt,
    )
}

/// The negation rule: a word both texts have, negated in one and not in the other ("should
/// fight" against "should not have to fight").
pub(crate) fn check(cx: &Cx) -> Option<Finding> {
    let pair =
        cx.p.pairs
            .iter()
            .find(|x| x.relation != Relation::Opposite && x.claim_negated != x.fact_negated)?;
    let (how, rule) = if pair.fact_negated {
        ("the opposite", Rule::NegatedInArticle)
    } else {
        ("otherwise", Rule::NegatedInClaim)
    };
    Some(Finding {
        rule,
        reason: format!("The article says {how}: {}", cx.fact.answer),
    })
}

#[cfg(test)]
mod tests {
    use super::starts_clause;

    #[test]
    fn yet_starts_a_clause_only_as_a_conjunction() {
        assert!(starts_clause("yet", "small"));
        assert!(starts_clause("But", "it"));
        for before in ["not", "never", "has", "as", "nt"] {
            assert!(!starts_clause("yet", before), "{before} yet");
        }
        assert!(!starts_clause("come", "not"));
    }
}
