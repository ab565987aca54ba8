//! Opposites: the claim uses a word of opposite meaning to one its evidence uses for the same
//! thing ("tensions are calming" against "a new round of escalations"; "forbid" against
//! "allow"; "the close of the meeting" against "the start"). Which words are opposites is general
//! English, from the lexicon ([`super::meaning`]); the pairing has already found that the two
//! words stand for each other in the claim and the fact.

use super::explain::Rule;
use super::meaning::Relation;
use super::{Cx, Finding};

/// An opposite word, with the same polarity on both sides: "not calming" against "not
/// escalating" decides nothing, "calming" against "escalations" contradicts.
pub(crate) fn check(cx: &Cx) -> Option<Finding> {
    let pair = cx.p.pairs.iter().find(|x| {
        x.relation == Relation::Opposite && x.claim_negated == x.fact_negated && !x.of_another
    })?;
    let claimed = &cx.claim.analyzed.tokens[pair.claim_token].word;
    let said = cx.ci.vocab.name(pair.term);
    let said = cx.fact_word(pair.term).unwrap_or(said);
    Some(Finding {
        rule: Rule::Opposite,
        reason: format!(
            "The article says \"{said}\", the opposite of \"{claimed}\": {}",
            cx.fact.answer
        ),
    })
}
