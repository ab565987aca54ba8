//! Coverage: when the article does not cover a claim, say what it lacks. Whether it covers a
//! claim is decided by the claim's specifics (a person, a country, a place, a time, an amount, a
//! role, a thing, a name), not by whether each of its words appears somewhere: a claim in other
//! words is covered; a claim naming something the facts about it do not state is not, and the
//! reason names it ("The article does not mention Belarus").

use crate::knowledge::EntityKind;

use super::align::Pairing;
use super::claim::{Word, WordKind};
use super::slots::{title, Family};
use super::{CheckIndex, Claim};

/// Why the article does not cover the claim, given the first examined pairing that lacked a
/// specific (`word`, an index in its reading's words).
pub(crate) fn missing_reason(
    ci: &CheckIndex,
    claim: &Claim,
    p: &Pairing,
    word: usize,
    display: impl Fn(&str) -> String,
) -> String {
    let r = p.claim;
    let w: &Word = &r.words[word];
    let said = &claim.analyzed.tokens[w.tok].word;
    let subject = r
        .subject
        .filter(|&s| s != word)
        .map(|s| display(&r.words[s].term));
    let about = subject
        .as_deref()
        .map(|s| format!(" about {s}"))
        .unwrap_or_default();
    let known = w
        .means
        .iter()
        .any(|(t, _)| ci.facts.iter().any(|f| f.states(*t)));
    match w.kind {
        WordKind::Slot => {
            let hit = r.hits.iter().find(|h| w.tok >= h.first && w.tok <= h.last);
            let (what, value) = match hit {
                Some(h) => (
                    match ci.catalog.family(h) {
                        Family::Place | Family::Country => "where",
                        Family::Time => "when",
                        Family::Role => "in what role",
                        _ => "which",
                    },
                    ci.catalog.display(h),
                ),
                None => ("which", title(said)),
            };
            format!("The article does not say {what}{about} ({value} is not stated).")
        }
        WordKind::Quantity => {
            let q = claim
                .quantities
                .iter()
                .find(|q| q.words.iter().any(|x| x == said))
                .map(|q| q.display())
                .unwrap_or_else(|| said.clone());
            format!("The article does not give this amount{about} ({q} is not stated).")
        }
        WordKind::Entity(EntityKind::Person) if !known => {
            format!("The article does not mention {}.", display(&w.term))
        }
        WordKind::Entity(_) | WordKind::Name if !known => {
            format!("The article does not mention {}.", claim.surface(said))
        }
        WordKind::Time => {
            format!("The article does not say when{about} (\"{said}\" is not stated).")
        }
        WordKind::Thing if !known => format!("The article does not mention {said}."),
        WordKind::Thing => format!("The article does not say which {said}{about}."),
        _ => format!(
            "The article does not mention {}{about}.",
            if matches!(w.kind, WordKind::Entity(_)) {
                display(&w.term)
            } else {
                said.clone()
            }
        ),
    }
}
