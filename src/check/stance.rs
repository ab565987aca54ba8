//! Stance: who is for and who is against what a fact is about, as its curator stated it
//! (`supports` / `opposes`), against the stance the claim gives its subject ("Germany has long
//! backed letting Kiev strike" against `opposes = ["germany"]`). A negated stance word turns
//! round ("does not back" is against).

use super::align::{Status, Where};
use super::explain::Rule;
use super::meaning::Relation;
use super::{Cx, Finding};

pub(crate) fn check(cx: &Cx) -> Option<Finding> {
    let r = cx.p.claim;
    let si = r.stance?;
    let Status::Met(rel, Where::Stance, _) = cx.p.status[si] else {
        return None;
    };
    let negated = cx.claim_negated(r.words[si].tok);
    // The stance the fact gives the subject is the claim's own, or its opposite, negation
    // turning either round.
    let contradicts = (rel == Relation::Opposite) != negated;
    if !contradicts {
        return None;
    }
    let subject = &r.words[r.subject?];
    let id = subject.id?;
    let stance = if cx.p.view.supports().binary_search(&id).is_ok() {
        "supports"
    } else {
        "opposes"
    };
    Some(Finding {
        rule: Rule::Stance,
        reason: format!(
            "The article says {} {stance} this: {}",
            cx.display(&subject.term),
            cx.fact.answer
        ),
    })
}
