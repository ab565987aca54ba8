//! Who: the people a claim is about, against what the article says of them. Four rules, each for
//! a claim about a person the article names (its entities file gives their role and, through
//! their other names, the country or organisation they belong to):
//! - identity: "Jens Stoltenberg is Norway's foreign minister" names two different people as one;
//! - role: "Peskov is the Russian foreign minister" gives another role;
//! - affiliation: "Eide is Denmark's foreign minister" ties them to another country;
//! - speaker: "Scholz said the time has come to reconsider..." gives someone else's words to
//!   them: the rest of the claim is what the fact says, and the fact says someone else said it.
//!
//! The first three need a fact that names the person with their role or affiliation, to quote.

use crate::analysis::Kind;
use crate::knowledge::EntityKind;

use super::align::Status;
use super::claim::{Claim, Reading, Word, WordKind};
use super::explain::Rule;
use super::index::CheckIndex;
use super::index::Person;
use super::slots::{Family, Hit};
use super::{Cx, Finding};

/// How many words (stop words not counted) may separate a person from the role a claim gives
/// them ("Peskov is the Russian foreign minister").
const ROLE_REACH: usize = 3;

/// The person the claim is about, if it is about one.
fn person<'r>(cx: &Cx<'r>) -> Option<&'r Word> {
    let r = cx.p.claim;
    let subject = &r.words[r.subject?];
    (subject.kind == WordKind::Entity(EntityKind::Person) && subject.id.is_some())
        .then_some(subject)
}

/// Identity, role and affiliation: what the claim says a person is, against a fact that names
/// them with their role. These claims say little else ("X is Y"), so they are judged on any fact
/// about the person that describes them, however little else of the claim it meets.
pub(crate) fn who(cx: &Cx) -> Option<Finding> {
    let subject = person(cx)?;
    let who = subject.id?;
    if !cx.p.subject || !cx.p.view.described().contains(&who) {
        return None;
    }
    let person = cx.ci.people[cx.p.claim.source as usize].get(&who);
    identity(cx, subject)
        .or_else(|| person.and_then(|p| role(cx, subject, p)))
        .or_else(|| person.and_then(|p| affiliation(cx, subject, p)))
}

/// Someone else's words: judged on a fact about the statement, not about the person.
pub(crate) fn speaker(cx: &Cx) -> Option<Finding> {
    if cx.p.subject {
        return None;
    }
    said_by_other(cx, person(cx)?)
}

/// Tokens between two positions are only stop words and copulas ("is", "was", "remains").
fn linked_by_copula(cx: &Cx, a: usize, b: usize) -> bool {
    copula_between(cx.ci, cx.claim, a, b)
}

fn copula_between(ci: &CheckIndex, claim: &Claim, a: usize, b: usize) -> bool {
    let tokens = &claim.analyzed.tokens;
    let (lo, hi) = (a.min(b), a.max(b));
    let between = &tokens[lo + 1..hi];
    between
        .iter()
        .all(|t| t.kind == Kind::Stop || ci.copulas.contains(&t.word))
        && between.iter().any(|t| ci.copulas.contains(&t.word))
}

/// Identity with a name the article never mentions: "NATO's chief is Mark Rutte" says that a
/// person the article names (here by their role) is someone else. Judged on the fact that names
/// the person with their role: the fact and the reason, or `None` when the claim does not link
/// the unknown name (the run of name words around `unknown`) to a person by a copula.
pub(crate) fn unknown_identity(
    ci: &CheckIndex,
    claim: &Claim,
    reading: &Reading,
    unknown: &Word,
    display: impl Fn(&str) -> String,
) -> Option<(usize, String)> {
    let is_name = |tok: usize| {
        reading
            .word_at(tok)
            .is_some_and(|w| w.kind == WordKind::Name)
    };
    let (mut first, mut last) = (unknown.tok, unknown.tok);
    while first > 0 && is_name(first - 1) {
        first -= 1;
    }
    while is_name(last + 1) {
        last += 1;
    }
    let known = reading.words.iter().find(|w| {
        w.kind == WordKind::Entity(EntityKind::Person)
            && w.id.is_some()
            && (w.tok < first && copula_between(ci, claim, w.tok, first)
                || w.tok > last && copula_between(ci, claim, last, w.tok))
    })?;
    let fact = ci.people[reading.source as usize]
        .get(&known.id?)?
        .described_in? as usize;
    let unknown_written: Vec<String> = (first..=last).map(|t| claim.written(t)).collect();
    Some((
        fact,
        format!(
            "The article names {} as {}, not {}",
            claim.written(known.tok),
            display(&known.term),
            unknown_written.join(" ")
        ),
    ))
}

fn identity(cx: &Cx, subject: &Word) -> Option<Finding> {
    let r = cx.p.claim;
    let other = r.words.iter().find(|w| {
        w.kind == WordKind::Entity(EntityKind::Person)
            && w.term != subject.term
            && w.tok > subject.tok
            && linked_by_copula(cx, subject.tok, w.tok)
    })?;
    let written = cx.claim.written(other.tok);
    let (other_name, subject_name) = (cx.display(&other.term), cx.display(&subject.term));
    // "Stoltenberg is Norway's foreign minister": say who that role is. "The NATO chief is Olaf
    // Scholz" names the other person outright: say who the NATO chief is.
    let (named, is, not) = if written.eq_ignore_ascii_case(&other_name) {
        (cx.claim.written(subject.tok), subject_name, other_name)
    } else {
        (written, other_name, subject_name)
    };
    Some(Finding {
        rule: Rule::Identity,
        reason: format!(
            "The article names {named} as {is}, not {not}: {}",
            cx.fact.answer
        ),
    })
}

/// Role values the claim gives near the subject (and not inside its name).
fn roles_near<'h>(cx: &'h Cx, subject: &Word) -> Vec<&'h Hit> {
    let r = cx.p.claim;
    let tokens = &cx.claim.analyzed.tokens;
    r.hits
        .iter()
        .filter(|h| cx.ci.catalog.family(h) == Family::Role)
        .filter(|h| h.first > subject.tok || h.last < subject.tok)
        .filter(|h| {
            let (lo, hi) = if h.first > subject.tok {
                (subject.tok + 1, h.first)
            } else {
                (h.last + 1, subject.tok)
            };
            let words = tokens[lo..hi]
                .iter()
                .filter(|t| t.kind != Kind::Stop)
                .count();
            words <= ROLE_REACH
                && (lo..hi).all(|i| {
                    let t = &tokens[i];
                    t.kind == Kind::Stop
                        || cx.ci.copulas.contains(&t.word)
                        || r.word_at(i).is_some_and(|w| {
                            matches!(
                                w.kind,
                                WordKind::Entity(EntityKind::Country | EntityKind::Organisation)
                                    | WordKind::Slot
                            )
                        })
                })
        })
        .collect()
}

fn role(cx: &Cx, subject: &Word, p: &Person) -> Option<Finding> {
    if p.roles.is_empty() {
        return None;
    }
    let near = roles_near(cx, subject);
    let first = near.first()?;
    if near.iter().any(|h| p.roles.contains(&h.value)) {
        return None;
    }
    let rc = first.cat as usize;
    let stated = Hit {
        cat: rc as u16,
        value: p.roles[0],
        first: 0,
        last: 0,
        head: None,
    };
    Some(Finding {
        rule: Rule::Role,
        reason: format!(
            "The article gives {}'s role as {}, not {}: {}",
            cx.display(&subject.term),
            cx.ci.catalog.display(&stated),
            cx.ci.catalog.display(first),
            cx.fact.answer
        ),
    })
}

fn affiliation(cx: &Cx, subject: &Word, p: &Person) -> Option<Finding> {
    if p.affiliations.is_empty() {
        return None;
    }
    let r = cx.p.claim;
    for h in roles_near(cx, subject) {
        // The country or organisation right before the role: "Denmark's foreign minister".
        let Some(tied) = r.words.iter().rev().find(|w| w.tok < h.first) else {
            continue;
        };
        if tied.tok + 1 != h.first && tied.tok + 2 != h.first {
            continue;
        }
        if !matches!(
            tied.kind,
            WordKind::Entity(EntityKind::Country | EntityKind::Organisation)
        ) || tied.term == subject.term
        {
            continue;
        }
        if tied.id.is_some_and(|id| p.affiliations.contains(&id)) {
            continue;
        }
        let stated = cx.ci.vocab.name(p.affiliations[0]).to_string();
        return Some(Finding {
            rule: Rule::Affiliation,
            reason: format!(
                "The article ties {} to {}, not {}: {}",
                cx.display(&subject.term),
                cx.display(&stated),
                cx.display(&tied.term),
                cx.fact.answer
            ),
        });
    }
    None
}

/// How many words besides the subject a claim must share with a fact (in its own text) before
/// the fact's speaker can contradict the claim's: a statement, not a topic.
const MIN_SHARED_FOR_SPEAKER: usize = 2;

fn said_by_other(cx: &Cx, subject: &Word) -> Option<Finding> {
    let said_by = cx.p.view.speaker?;
    let who = subject.id?;
    if said_by == who || cx.p.view.states(who) {
        return None;
    }
    // Someone the article names: an unknown person is just not covered.
    if !cx.ci.people[cx.p.claim.source as usize].contains_key(&who) {
        return None;
    }
    let r = cx.p.claim;
    // The claim must report words: "Scholz said ...", not "Scholz backs ...".
    let reports = cx
        .claim
        .analyzed
        .tokens
        .iter()
        .any(|t| cx.ci.speech.contains(&crate::text::stem(&t.word)));
    if !reports {
        return None;
    }
    let mut shared = 0;
    for (i, w) in r.words.iter().enumerate() {
        if r.subject == Some(i) {
            continue;
        }
        match cx.p.status[i] {
            Status::Missing | Status::Conflict if w.kind.specific() => return None,
            s if s.stated() && !w.kind.specific() => shared += 1,
            _ => {}
        }
    }
    if shared < MIN_SHARED_FOR_SPEAKER || cx.p.predicate < cx.ci.params.min_predicate {
        return None;
    }
    Some(Finding {
        rule: Rule::Speaker,
        reason: format!(
            "The article gives these words to {}, not {}: {}",
            cx.display(cx.ci.vocab.name(said_by)),
            cx.display(&subject.term),
            cx.fact.answer
        ),
    })
}
