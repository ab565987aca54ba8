//! Fact-checking claims against the knowledge: supported, contradicted or unverified (the FEVER
//! convention: SUPPORTS / REFUTES / NOT ENOUGH INFO), always with the quote that decides it.
//!
//! The checker reuses the answer engine's analysis and ranking to find the facts a claim is
//! about, then reasons over them with what curators state once, as data:
//! - the lexicon's closed categories (a claim naming Warsaw where the fact says Prague, Monday
//!   where it says Tuesday, a one-day meeting where it says two-day, Scholz as the speaker of
//!   Stoltenberg's words);
//! - antonym pairs ("greater" / "smaller", "long" / "recently");
//! - negation: a word negated in the claim but not in the quote, or the other way round
//!   ("had supplied" against "had not supplied");
//! - stance: who supports and who opposes, per fact, against the claim's stance verb and its
//!   negation ("Germany backs" against `opposes = ["germany"]`).
//!
//! A claim is unverified when it is about something the source does not cover: a person or
//! country the sources never mention, or any detail (a weapon, a number, a venue) that no fact
//! states. It is supported only when one fact covers what the claim says with nothing against it.

use std::collections::HashSet;
use std::sync::Arc;

use serde::Serialize;

use crate::analysis::{Analyzed, Analyzer, Kind, Token};
use crate::engine::round;
use crate::knowledge::{Conflict, Fact, Knowledge, Source};
use crate::retrieval::Index;
use crate::text::stem;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Supported,
    Contradicted,
    Unverified,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Supported => "supported",
            Verdict::Contradicted => "contradicted",
            Verdict::Unverified => "unverified",
        }
    }

    /// Capitalised, for people: "Supported".
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Supported => "Supported",
            Verdict::Contradicted => "Contradicted",
            Verdict::Unverified => "Unverified",
        }
    }
}

/// The verdict on one claim.
#[derive(Debug, Clone)]
pub struct CheckResult {
    pub verdict: Verdict,
    /// The deciding fact: set for supported and contradicted, never for unverified.
    pub fact: Option<Arc<Fact>>,
    pub source: Option<Arc<Source>>,
    /// One line a moderator can paste ("The article says Germany has long opposed this.").
    pub reason: String,
    /// Confidence in [0, 1] that the deciding fact is about the claim.
    pub score: f64,
}

/// Below this ranking score a fact is not about the claim at all.
const MIN_RELATED: f64 = 0.3;
/// Facts this close to the best are all examined for contradictions.
const CANDIDATE_MARGIN: f64 = 0.15;
/// How much of the claim (leaving out the contradicting words) a fact must cover for its
/// contradiction to count: the claim must be about the same thing.
const MIN_CONTRADICTION_COVERAGE: f64 = 0.5;
/// The same for a wrong value of a closed category: naming a specific other place or day is
/// itself strong evidence that the claim is about this fact's event.
const MIN_SLOT_CONTRADICTION_COVERAGE: f64 = 0.4;
/// How much of the claim the best fact must cover to support it.
const MIN_SUPPORT_COVERAGE: f64 = 0.75;
/// Tokens after a negation that it governs ("should not have to fight").
const NEGATION_SCOPE: usize = 3;
/// Copulas that make a stance preposition ("is against") a stance.
const COPULAS: [&str; 9] = [
    "is", "are", "was", "were", "be", "been", "being", "remain", "remains",
];

/// What the checker precomputes over the knowledge: per fact, the values it names in each
/// category, its terms, and its quote's negation scopes; plus the lexicon in analysed form.
pub(crate) struct CheckIndex {
    facts: Vec<FactView>,
    categories: Vec<CategoryView>,
    /// Antonym pairs as plain stems, with the words as the curator wrote them (for reasons).
    antonyms: Vec<(Phrase, Phrase)>,
    support: HashSet<String>,
    oppose: HashSet<String>,
}

/// A phrase as plain stems, with the words as the curator wrote them.
type Phrase = (Vec<String>, String);

struct FactView {
    /// Plain stems (no alias folding) of quote, answer and speaker, with stop words: where
    /// antonyms ("far from") are looked for.
    words: Vec<String>,
    /// The quote's content terms with whether a negation governs them.
    quote_negation: Vec<(String, bool)>,
    /// Per category, the values the fact names.
    values: Vec<HashSet<usize>>,
    supports: HashSet<String>,
    opposes: HashSet<String>,
}

struct CategoryView {
    name: String,
    conflict: Conflict,
    /// Per value, its spellings as plain stems.
    spellings: Vec<Vec<Vec<String>>>,
    /// Per value, its alias term when the value is an alias group's canonical name: "the German
    /// chancellor" names the person value `scholz`.
    alias_term: Vec<Option<String>>,
    /// Per value, whether any source mentions it.
    mentioned: Vec<bool>,
    /// Display form of each value (its canonical spelling).
    display: Vec<String>,
    /// Per value, every term its spellings analyse to (plain stems and alias terms: "Paris" is
    /// also `france`): what to leave out when judging if the rest of a claim is about a fact.
    value_terms: Vec<HashSet<String>>,
    /// See [`crate::knowledge::Category::detail`].
    detail: bool,
    /// Place context (stems), see [`crate::knowledge::Category::place_before`].
    place_before: Vec<String>,
    place_after: Vec<String>,
}

fn plain_stems(tokens: &[Token]) -> Vec<String> {
    tokens
        .iter()
        .flat_map(|t| {
            t.word
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(stem)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Plain stems with stop words blanked, so a stop word ("may") is never taken for a value
/// ("May") while phrases keep their positions.
/// A stop word next to a number is kept, though: "30 May 2024" names the month.
fn plain_for_values(tokens: &[Token]) -> Vec<String> {
    let numeric = |i: usize| {
        tokens
            .get(i)
            .is_some_and(|t| t.word.bytes().any(|b| b.is_ascii_digit()))
    };
    tokens
        .iter()
        .enumerate()
        .flat_map(|(i, t)| {
            let blank = t.kind == Kind::Stop && !(numeric(i + 1) || i > 0 && numeric(i - 1));
            t.word.split(' ').filter(|w| !w.is_empty()).map(move |w| {
                if blank {
                    String::new()
                } else {
                    stem(w)
                }
            })
        })
        .collect()
}

fn contains_seq(hay: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// For each token, whether a negation governs it: the first content word within
/// [`NEGATION_SCOPE`] tokens after a negation ("should not have to *fight*", "had not
/// *supplied* weapons"). Only the head is negated, not its object: "weapons" were not
/// supplied, but the quote does not deny that weapons exist.
fn negated(tokens: &[Token]) -> Vec<bool> {
    let mut out = vec![false; tokens.len()];
    let mut pending: Option<usize> = None;
    for (i, t) in tokens.iter().enumerate() {
        match t.kind {
            Kind::Negation => pending = Some(i),
            Kind::Content => {
                if pending.is_some_and(|n| i - n <= NEGATION_SCOPE) {
                    out[i] = true;
                }
                pending = None;
            }
            // "ruled out *any* change": generic and stop words pass the negation on.
            Kind::Generic | Kind::Stop => {}
        }
    }
    out
}

fn terms_of(an: &Analyzer, text: &str) -> Vec<String> {
    an.analyze(text).content().map(|t| t.term.clone()).collect()
}

impl CheckIndex {
    pub fn new(k: &Knowledge, an: &Analyzer) -> CheckIndex {
        let lex = k.lexicon();
        let phrase = |s: &str| plain_stems(&an.analyze(s).tokens);
        let mut categories: Vec<CategoryView> = lex
            .categories
            .iter()
            .map(|c| CategoryView {
                name: c.name.clone(),
                conflict: c.conflict,
                spellings: c
                    .values
                    .iter()
                    .map(|v| v.iter().map(|s| phrase(s)).collect())
                    .collect(),
                alias_term: c
                    .values
                    .iter()
                    .map(|v| {
                        let a = an.analyze(&v[0]);
                        let toks: Vec<&Token> = a.content().collect();
                        // Only a value that is itself an alias group's canonical name ("scholz")
                        // is also found through that group's other names ("German chancellor").
                        let canonical = phrase(&v[0]).join(" ");
                        (toks.len() == 1 && toks[0].term == canonical && toks[0].scoped.is_empty())
                            .then(|| toks[0].term.clone())
                    })
                    .collect(),
                mentioned: vec![false; c.values.len()],
                display: c.values.iter().map(|v| v[0].clone()).collect(),
                value_terms: c
                    .values
                    .iter()
                    .map(|v| {
                        v.iter()
                            .flat_map(|s| {
                                let a = an.analyze(s);
                                let mut t: Vec<String> =
                                    a.content_terms().map(str::to_string).collect();
                                t.extend(plain_stems(&a.tokens));
                                t
                            })
                            .collect()
                    })
                    .collect(),
                detail: c.detail,
                place_before: c
                    .place_before
                    .iter()
                    .map(|w| stem(&w.to_lowercase()))
                    .collect(),
                place_after: c
                    .place_after
                    .iter()
                    .map(|w| stem(&w.to_lowercase()))
                    .collect(),
            })
            .collect();

        let mut facts = Vec::new();
        for f in k.facts() {
            let text = format!(
                "{} {} {}",
                f.quote,
                f.answer,
                f.speaker.as_deref().unwrap_or("")
            );
            let a = an.analyze(&text);
            let plain = plain_for_values(&a.tokens);
            let words = plain_stems(&a.tokens);
            let q = an.analyze(&f.quote);
            let neg = negated(&q.tokens);
            let quote_negation = q
                .tokens
                .iter()
                .zip(neg)
                .filter(|(t, _)| t.kind == Kind::Content)
                .map(|(t, n)| (t.term.clone(), n))
                .collect();
            let terms: HashSet<String> = a.content().map(|t| t.term.clone()).collect();
            let values = categories
                .iter()
                .map(|c| values_in(c, &plain, &words, &terms))
                .collect::<Vec<_>>();
            let stance = |names: &[String]| {
                names
                    .iter()
                    .flat_map(|n| terms_of(an, n))
                    .collect::<HashSet<_>>()
            };
            facts.push(FactView {
                words,
                quote_negation,
                values,
                supports: stance(&f.supports),
                opposes: stance(&f.opposes),
            });
        }
        for (ci, c) in categories.iter_mut().enumerate() {
            for f in &facts {
                for &v in &f.values[ci] {
                    c.mentioned[v] = true;
                }
            }
        }
        let words = |list: &[String]| {
            list.iter()
                .flat_map(|w| terms_of(an, w))
                .collect::<HashSet<_>>()
        };
        CheckIndex {
            facts,
            categories,
            antonyms: lex
                .antonyms
                .iter()
                .map(|(a, b)| ((phrase(a), a.clone()), (phrase(b), b.clone())))
                .collect(),
            support: words(&lex.support_words),
            oppose: words(&lex.oppose_words),
        }
    }
}

/// The values of category `c` named in a text, given as `plain` (stop words blanked), `words`
/// (the same positions with stop words kept, for place context) and its alias terms.
fn values_in(
    c: &CategoryView,
    plain: &[String],
    words: &[String],
    terms: &HashSet<String>,
) -> HashSet<usize> {
    let mut out = HashSet::new();
    for (v, spellings) in c.spellings.iter().enumerate() {
        if c.alias_term[v].as_ref().is_some_and(|t| terms.contains(t)) {
            out.insert(v);
            continue;
        }
        'spelling: for s in spellings.iter().filter(|s| !s.is_empty()) {
            for start in 0..(plain.len() + 1).saturating_sub(s.len()) {
                if plain[start..start + s.len()] != s[..] {
                    continue;
                }
                let contextual = c.place_before.is_empty() && c.place_after.is_empty();
                let before = start
                    .checked_sub(1)
                    .and_then(|i| words.get(i))
                    .is_some_and(|w| c.place_before.contains(w));
                let after = words
                    .get(start + s.len())
                    .is_some_and(|w| c.place_after.contains(w));
                if contextual || before || after {
                    out.insert(v);
                    break 'spelling;
                }
            }
        }
    }
    out
}

/// Why a fact contradicts a claim, in words for the moderator, and the claim terms at issue.
struct Contradiction {
    reason: String,
    /// Claim terms that carry the contradiction; left out when judging if the claim is about
    /// the same thing as the fact.
    terms: HashSet<String>,
    /// How much of the rest of the claim the fact must cover for the contradiction to count.
    min_coverage: f64,
}

struct Claim<'a> {
    analyzed: &'a Analyzed,
    plain: Vec<String>,
    words: Vec<String>,
    terms: HashSet<String>,
    negated: Vec<bool>,
}

fn display_name(term: &str) -> String {
    term.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn article_says(fact: &Fact) -> String {
    format!("The article says: {}", fact.answer)
}

impl CheckIndex {
    /// Marks the claim tokens that are values of a contradicting category (a place, a day, a
    /// speaker): the slots a contradiction can be in. Ranking leaves them out, so that "the
    /// summit is in Paris" finds the summit fact that says Washington.
    fn slot_mask(&self, tokens: &[Token]) -> Vec<bool> {
        let mut words: Vec<(usize, String)> = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            if t.kind == Kind::Stop {
                continue;
            }
            words.extend(
                t.word
                    .split(' ')
                    .filter(|w| !w.is_empty())
                    .map(|w| (i, stem(w))),
            );
        }
        let mut mask = vec![false; tokens.len()];
        for c in self
            .categories
            .iter()
            .filter(|c| c.conflict != Conflict::Never)
        {
            for spelling in c.spellings.iter().flatten().filter(|s| !s.is_empty()) {
                for start in 0..words.len().saturating_sub(spelling.len() - 1) {
                    if words[start..start + spelling.len()]
                        .iter()
                        .map(|(_, w)| w)
                        .eq(spelling.iter())
                    {
                        for (ti, _) in &words[start..start + spelling.len()] {
                            mask[*ti] = true;
                        }
                    }
                }
            }
        }
        mask
    }

    /// A place, day, duration... the claim names that fact `fi` does not: the claim says more
    /// than the fact, so the fact cannot support it ("Eide spoke to NRK in Oslo").
    fn unconfirmed_value(&self, fi: usize, claim: &Claim) -> Option<String> {
        let f = &self.facts[fi];
        for (ci, c) in self.categories.iter().enumerate() {
            if !c.detail {
                continue;
            }
            for v in values_in(c, &claim.plain, &claim.words, &claim.terms) {
                // Only the fact naming the same value supports it: "in Oslo" is a place, and a
                // fact about Norway does not say where.
                if !f.values[ci].contains(&v) {
                    return Some(format!(
                        "{} ({} is not stated)",
                        c.name,
                        display_name(&c.display[v])
                    ));
                }
            }
        }
        None
    }

    /// Values (category, value) that any of these facts names.
    fn named_by(&self, facts: &[usize]) -> HashSet<(usize, usize)> {
        let mut out = HashSet::new();
        for &fi in facts {
            for (ci, values) in self.facts[fi].values.iter().enumerate() {
                out.extend(values.iter().map(|&v| (ci, v)));
            }
        }
        out
    }

    /// Why fact `fi` contradicts the claim, if it does. `nearby` are the values the other
    /// candidate facts name: a speaker another close fact names is not a wrong speaker, the
    /// claim is just about that other fact ("Peskov spoke to state TV" is not Eide's interview).
    fn contradiction(
        &self,
        fi: usize,
        fact: &Fact,
        claim: &Claim,
        nearby: &HashSet<(usize, usize)>,
    ) -> Option<Contradiction> {
        let f = &self.facts[fi];
        // A different value of a closed category: place, day, duration, speaker, role.
        for (ci, c) in self.categories.iter().enumerate() {
            if c.conflict == Conflict::Never {
                continue;
            }
            let claim_values = values_in(c, &claim.plain, &claim.words, &claim.terms);
            let present_in_fact = |v: usize| f.values[ci].contains(&v);
            let present_in_claim = |v: usize| claim_values.contains(&v);
            let wrong: Vec<usize> = claim_values
                .iter()
                .copied()
                .filter(|&v| {
                    !present_in_fact(v)
                        && (c.conflict == Conflict::Always
                            || (c.mentioned[v] && !nearby.contains(&(ci, v))))
                })
                .collect();
            let right: Vec<usize> = f.values[ci]
                .iter()
                .copied()
                .filter(|&v| !present_in_claim(v))
                .collect();
            if let (Some(&w), Some(&r)) = (wrong.iter().min(), right.iter().min()) {
                return Some(Contradiction {
                    reason: format!(
                        "The article gives the {} as {}, not {}.",
                        c.name,
                        display_name(&c.display[r]),
                        display_name(&c.display[w])
                    ),
                    terms: c.value_terms[w].clone(),
                    min_coverage: MIN_SLOT_CONTRADICTION_COVERAGE,
                });
            }
        }
        // Opposite words: the fact says one, the claim the other (and not the first).
        for (a, b) in &self.antonyms {
            for ((said, said_word), (claimed, claimed_word)) in [(a, b), (b, a)] {
                if contains_seq(&f.words, said)
                    && contains_seq(&claim.words, claimed)
                    && !contains_seq(&claim.words, said)
                {
                    return Some(Contradiction {
                        reason: format!(
                            "The article says \"{said_word}\", not \"{claimed_word}\". {}",
                            article_says(fact)
                        ),
                        terms: claimed.iter().cloned().collect(),
                        min_coverage: MIN_CONTRADICTION_COVERAGE,
                    });
                }
            }
        }
        // Stance: who supports and who opposes.
        let tokens = &claim.analyzed.tokens;
        let stance_at = tokens.iter().enumerate().position(|(i, t)| {
            let is_stance = self.support.contains(&t.term) || self.oppose.contains(&t.term);
            let preposition = t.word == "against" || t.word == "for";
            is_stance && (!preposition || i > 0 && COPULAS.contains(&tokens[i - 1].word.as_str()))
        });
        if let Some(si) = stance_at {
            let claimed_for = self.support.contains(&tokens[si].term) != claim.negated[si];
            let subject = tokens[..si]
                .iter()
                .chain(tokens[si + 1..].iter())
                .find(|t| f.supports.contains(&t.term) || f.opposes.contains(&t.term));
            if let Some(subject) = subject {
                let fact_for = f.supports.contains(&subject.term);
                let fact_against = f.opposes.contains(&subject.term);
                if (claimed_for && fact_against && !fact_for)
                    || (!claimed_for && fact_for && !fact_against)
                {
                    let who = display_name(&subject.word);
                    let stance = if fact_for { "supports" } else { "opposes" };
                    return Some(Contradiction {
                        reason: format!(
                            "The article says {who} {stance} this. {}",
                            article_says(fact)
                        ),
                        terms: [tokens[si].term.clone()].into_iter().collect(),
                        min_coverage: MIN_CONTRADICTION_COVERAGE,
                    });
                }
            }
        }
        // Negation: a word both mention, negated in one and not in the other.
        for (i, t) in tokens.iter().enumerate() {
            if t.kind != Kind::Content
                || self.support.contains(&t.term)
                || self.oppose.contains(&t.term)
            {
                continue;
            }
            let in_quote: Vec<bool> = f
                .quote_negation
                .iter()
                .filter(|(q, _)| *q == t.term)
                .map(|(_, n)| *n)
                .collect();
            if in_quote.is_empty() {
                continue;
            }
            let quote_negated = in_quote.iter().any(|&n| n);
            if quote_negated != claim.negated[i] {
                let how = if quote_negated {
                    "the opposite"
                } else {
                    "otherwise"
                };
                return Some(Contradiction {
                    reason: format!("The article says {how}: {}", fact.answer),
                    terms: [t.term.clone()].into_iter().collect(),
                    min_coverage: MIN_CONTRADICTION_COVERAGE,
                });
            }
        }
        None
    }
}

pub(crate) fn check(
    k: &Knowledge,
    an: &Analyzer,
    index: &Index,
    ci: &CheckIndex,
    claim_text: &str,
) -> CheckResult {
    let analyzed = an.analyze(claim_text);
    let unverified = |reason: String, score: f64| CheckResult {
        verdict: Verdict::Unverified,
        fact: None,
        source: None,
        reason,
        score: round(score),
    };
    if analyzed.content().next().is_none() {
        return unverified("There is no claim to check here.".into(), 0.0);
    }
    let claim = Claim {
        analyzed: &analyzed,
        plain: plain_for_values(&analyzed.tokens),
        words: plain_stems(&analyzed.tokens),
        terms: analyzed.content().map(|t| t.term.clone()).collect(),
        negated: negated(&analyzed.tokens),
    };
    let ranked: Vec<(usize, f64)> = index
        .rank(&analyzed)
        .into_iter()
        .map(|r| (r.fact, r.score))
        .collect();
    let best_score = ranked.first().map(|r| r.1).unwrap_or(0.0);

    // Contradictions first: a claim that names the wrong day is about the fact it contradicts,
    // even though that wrong day is a detail no fact states. Candidates are ranked without the
    // claim's slot values, and with them.
    let mask = ci.slot_mask(&analyzed.tokens);
    let slot_free = Analyzed {
        tokens: analyzed
            .tokens
            .iter()
            .zip(&mask)
            .filter(|(_, &m)| !m)
            .map(|(t, _)| t.clone())
            .collect(),
    };
    let mut candidates: Vec<(usize, f64)> = Vec::new();
    let slot_free_ranked: Vec<(usize, f64)> = index
        .rank(&slot_free)
        .into_iter()
        .map(|r| (r.fact, r.score))
        .collect();
    for list in [slot_free_ranked, ranked.clone()] {
        let floor = (list.first().map(|r| r.1).unwrap_or(0.0) - CANDIDATE_MARGIN).max(MIN_RELATED);
        for &(fi, score) in list.iter().take_while(|r| r.1 >= floor) {
            if !candidates.iter().any(|c| c.0 == fi) {
                candidates.push((fi, score));
            }
        }
    }
    let candidate_ids: Vec<usize> = candidates.iter().map(|c| c.0).collect();
    for &(fi, score) in &candidates {
        let fact = &k.facts()[fi];
        let others: Vec<usize> = candidate_ids.iter().copied().filter(|&o| o != fi).collect();
        let nearby = ci.named_by(&others);
        if let Some(c) = ci.contradiction(fi, fact, &claim, &nearby) {
            let about = index.coverage(&analyzed, fi, &c.terms);
            if about >= c.min_coverage {
                return CheckResult {
                    verdict: Verdict::Contradicted,
                    fact: Some(fact.clone()),
                    source: Some(k.source_of(fact).clone()),
                    reason: c.reason,
                    score: round(score),
                };
            }
        }
    }

    if let Some(entity) = index.foreign_entity(&analyzed) {
        return unverified(
            format!("The article does not mention {}.", display_name(entity)),
            best_score,
        );
    }
    let novel: Vec<&str> = analyzed
        .content()
        .filter(|t| !index.knows(t))
        .map(|t| t.word.as_str())
        .collect();
    if !novel.is_empty() {
        return unverified(
            format!("The article says nothing about \"{}\".", novel.join(" ")),
            best_score,
        );
    }
    // Supported: the first close candidate that states all the claim says, including its
    // place, day or duration. Else unverified, saying which detail is missing if that is why.
    let mut missing = None;
    for &(fi, score) in ranked
        .iter()
        .take_while(|r| r.1 >= (best_score - CANDIDATE_MARGIN).max(MIN_RELATED))
    {
        if index.coverage(&analyzed, fi, &HashSet::new()) < MIN_SUPPORT_COVERAGE {
            continue;
        }
        if let Some(detail) = ci.unconfirmed_value(fi, &claim) {
            missing.get_or_insert(detail);
            continue;
        }
        let fact = &k.facts()[fi];
        return CheckResult {
            verdict: Verdict::Supported,
            fact: Some(fact.clone()),
            source: Some(k.source_of(fact).clone()),
            reason: article_says(fact),
            score: round(score),
        };
    }
    if let Some(detail) = missing {
        return unverified(
            format!("The article does not give the {detail}."),
            best_score,
        );
    }
    unverified("The article does not say this.".into(), best_score)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Engine, Options};
    use std::sync::OnceLock;

    fn engine() -> &'static Engine {
        static E: OnceLock<Engine> = OnceLock::new();
        E.get_or_init(|| Engine::load(None, Options::default()).expect("bundled knowledge loads"))
    }

    #[track_caller]
    fn expect(claim: &str, verdict: Verdict, paragraph: Option<usize>) -> CheckResult {
        let r = engine().check(claim);
        assert_eq!(r.verdict, verdict, "{claim:?}: {}", r.reason);
        match (verdict, &r.fact) {
            (Verdict::Unverified, f) => assert!(f.is_none(), "unverified must carry no quote"),
            (_, Some(f)) => {
                assert!(r.source.as_ref().unwrap().text.contains(&f.quote));
                if let Some(p) = paragraph {
                    assert_eq!(f.paragraph, p, "{claim:?} quoted {}", f.id);
                }
            }
            (_, None) => panic!("{claim:?}: a {verdict:?} verdict needs a quote"),
        }
        assert!(!r.reason.is_empty());
        r
    }

    #[test]
    fn supported_claims_carry_their_quote() {
        expect(
            "Stoltenberg pushed to let Ukraine use Western weapons to strike inside Russia",
            Verdict::Supported,
            Some(1),
        );
        expect(
            "Macron said Ukraine should be allowed to neutralise bases in Russia",
            Verdict::Supported,
            Some(10),
        );
        expect(
            "Putin warned of serious consequences",
            Verdict::Supported,
            Some(14),
        );
    }

    #[test]
    fn wrong_place() {
        let r = expect(
            "The NATO foreign ministers met in Berlin",
            Verdict::Contradicted,
            Some(2),
        );
        assert!(r.reason.contains("Prague"), "{}", r.reason);
    }

    #[test]
    fn wrong_day_and_month() {
        expect("Macron spoke on Wednesday", Verdict::Contradicted, Some(10));
        expect(
            "The summit in Washington is in June",
            Verdict::Contradicted,
            Some(2),
        );
    }

    #[test]
    fn wrong_duration() {
        expect(
            "The meeting in Prague is a three-day event",
            Verdict::Contradicted,
            Some(2),
        );
    }

    #[test]
    fn wrong_speaker() {
        let r = expect(
            "Scholz said the time has come to reconsider some of these restrictions",
            Verdict::Contradicted,
            Some(9),
        );
        assert!(r.reason.contains("Stoltenberg"), "{}", r.reason);
    }

    #[test]
    fn wrong_role() {
        expect(
            "Peskov is the Russian foreign minister",
            Verdict::Contradicted,
            Some(15),
        );
        // a role the article never mentions is still the wrong role for a person it does
        expect(
            "Antony Blinken is the US defense secretary",
            Verdict::Contradicted,
            Some(13),
        );
    }

    #[test]
    fn reversed_stance() {
        expect(
            "Germany has long supported letting Kiev strike over the border",
            Verdict::Contradicted,
            Some(7),
        );
        expect(
            "The Netherlands opposes letting Kiev use its weapons in Russia",
            Verdict::Contradicted,
            Some(5),
        );
    }

    #[test]
    fn negation() {
        expect(
            "Scholz said Berlin had supplied weapons that could hit Russia",
            Verdict::Contradicted,
            Some(11),
        );
        expect(
            "Scholz said Berlin had not supplied weapons that could hit Russia",
            Verdict::Supported,
            Some(11),
        );
        expect(
            "Putin said there would not be consequences",
            Verdict::Contradicted,
            Some(14),
        );
    }

    #[test]
    fn antonyms() {
        expect(
            "Stoltenberg wants a reduced NATO role in coordinating security assistance",
            Verdict::Contradicted,
            Some(16),
        );
    }

    #[test]
    fn a_city_standing_for_its_government_is_not_a_place() {
        // "opposed ... by Washington" names the US, not a venue: no conflict with Prague.
        expect(
            "The foreign ministers' meeting is being held in Prague",
            Verdict::Supported,
            Some(2),
        );
    }

    #[test]
    fn a_person_named_by_role_is_that_person() {
        // "the German chancellor" is Scholz: comparing him with Macron is no wrong speaker.
        expect(
            "The German chancellor was less committal than Macron",
            Verdict::Supported,
            Some(11),
        );
    }

    #[test]
    fn a_role_used_to_name_someone_is_not_a_missing_detail() {
        expect(
            "NATO's chief wants the restrictions eased",
            Verdict::Supported,
            Some(9),
        );
    }

    #[test]
    fn a_month_next_to_a_number_counts_even_if_it_is_a_stop_word() {
        expect(
            "The article is dated 30 June 2024",
            Verdict::Contradicted,
            Some(1),
        );
    }

    #[test]
    fn negating_phrases_negate() {
        expect(
            "Blinken ruled out that the strategy could change",
            Verdict::Contradicted,
            Some(13),
        );
    }

    #[test]
    fn a_detail_the_fact_does_not_state_is_unverified() {
        let r = expect(
            "Eide told NRK television in Oslo that he backs Kiev",
            Verdict::Unverified,
            None,
        );
        assert!(r.reason.contains("Oslo"), "{}", r.reason);
    }

    #[test]
    fn unknown_entities_and_details_are_unverified() {
        let r = expect(
            "Hungary backs strikes inside Russia",
            Verdict::Unverified,
            None,
        );
        assert!(r.reason.contains("Hungary"), "{}", r.reason);
        expect(
            "Viktor Orban criticised Stoltenberg",
            Verdict::Unverified,
            None,
        );
        expect(
            "The US sent F-16 jets to Ukraine",
            Verdict::Unverified,
            None,
        );
        expect(
            "The financial commitment is 40 billion dollars",
            Verdict::Unverified,
            None,
        );
    }

    #[test]
    fn bad_input_is_unverified_not_a_panic() {
        for claim in [
            "",
            "   ",
            "???",
            "\u{0}\u{1b}",
            "🦀🦀",
            "\u{202E}",
            &"a ".repeat(50_000),
        ] {
            let r = engine().check(claim);
            assert_eq!(r.verdict, Verdict::Unverified, "{claim:?}");
            assert!(r.fact.is_none());
        }
    }

    #[test]
    fn negation_governs_only_its_head() {
        let an = engine().analyzer();
        let a = an.analyze("had not supplied weapons");
        let n = negated(&a.tokens);
        let flags: Vec<(&str, bool)> = a
            .tokens
            .iter()
            .zip(n)
            .map(|(t, n)| (t.word.as_str(), n))
            .collect();
        assert!(flags.contains(&("supplied", true)), "{flags:?}");
        assert!(
            flags.iter().any(|(w, n)| *w == "weapons" && !n),
            "{flags:?}"
        );
    }
}
