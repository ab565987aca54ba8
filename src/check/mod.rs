//! Fact-checking claims against the knowledge: supported, contradicted or unverified (the FEVER
//! convention: SUPPORTS / REFUTES / NOT ENOUGH INFO), always with the quote that decides it.
//!
//! A claim is checked in three steps, each in its own file:
//! 1. **Reading** ([`claim`]): its subject, its predicate (the words that say what happened or
//!    holds, with their negations and stance) and its specifics (people, places, times, amounts,
//!    roles, things, names).
//! 2. **Alignment** ([`align`]): a few candidate facts (bounded), each set against the claim
//!    word by word through general English ([`meaning`]: synonyms, broader words, opposites),
//!    and ordered subject first, then by how much of the claim each meets.
//! 3. **Rules**, on the chosen evidence only, in order: who ([`agents`]: identity, role,
//!    affiliation, speaker), [`slots`] (place, day, month...), [`numbers`], [`stance`],
//!    [`opposites`], [`negation`]. Any of them contradicts. Otherwise the claim is supported
//!    when the evidence is about its subject, states every specific and meets enough of its
//!    predicate; else it is unverified, and [`coverage`] names what the article lacks.
//!
//! A claim that joins statements ("A, whereas B") and is undecided as a whole is then checked
//! part by part ([`parts`]).
//!
//! What is computed once per knowledge lives in [`index::CheckIndex`]; the two thresholds are
//! fitted to the knowledge ([`fit`]). [`explain::Explanation`] records every step as data.

mod agents;
mod align;
mod amounts;
mod claim;
mod coverage;
pub mod explain;
pub mod fit;
pub(crate) mod index;
pub mod meaning;
mod negation;
mod numbers;
mod opposites;
mod parts;
mod slots;
mod stance;

use std::sync::Arc;

use serde::Serialize;

use crate::analysis::{Analyzer, SourceIdx};
use crate::engine::round;
use crate::knowledge::{Fact, Knowledge, Source};
use crate::retrieval::Index;

use self::align::{LeftOut, Pairing, Status};
use self::claim::{Claim, Reading};
pub use self::explain::{Explanation, Rule};
pub(crate) use self::index::CheckIndex;

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
    /// How much of the claim the deciding fact meets (its words, weighted by how telling they
    /// are), in [0, 1]; for an unverified claim, the most any fact met.
    pub score: f64,
}

/// What a rule found against a claim.
pub(crate) struct Finding {
    pub rule: Rule,
    /// One line for the moderator.
    pub reason: String,
}

/// What a rule reads: the pairing it judges, with the fact, the claim and the index.
pub(crate) struct Cx<'a> {
    pub p: &'a Pairing<'a>,
    pub fact: &'a Fact,
    pub claim: &'a Claim,
    pub ci: &'a CheckIndex,
    pub an: &'a Analyzer,
}

impl Cx<'_> {
    /// The name to show for a term: the curator's spelling of an entity, else title case.
    pub fn display(&self, term: &str) -> String {
        slots::title(self.an.display(term))
    }

    /// Whether a negation in the claim governs token `tok` (as the first word after it the
    /// fact shares).
    pub fn claim_negated(&self, tok: usize) -> bool {
        let c = self.claim;
        let mut aligned = vec![false; c.analyzed.tokens.len()];
        aligned[tok] = true;
        negation::governed_in(&c.kinds, &c.clause, &aligned, &c.not_negating)[tok]
    }

    /// How the fact's quote (else its answer) writes a term.
    pub fn fact_word(&self, term: index::TermId) -> Option<&str> {
        for text in [&self.p.view.quote, &self.p.view.answer] {
            if let Some(i) = text.ids().iter().position(|id| id == Some(term)) {
                return Some(self.ci.words.name(text.words()[i]));
            }
        }
        None
    }
}

/// The rules a fact about the claim's subject is judged by, in order (after who the subject is
/// and whose words they are, see [`agents`]). Each returns what it found against the claim.
type RuleFn = fn(&Cx) -> Option<Finding>;
const RULES: [RuleFn; 5] = [
    slots::check,
    numbers::check,
    stance::check,
    opposites::check,
    negation::check,
];

/// What one check decided, before it becomes a [`CheckResult`].
struct Decision {
    verdict: Verdict,
    fact: Option<usize>,
    reason: String,
    score: f64,
    rule: Rule,
}

impl CheckIndex {
    /// Fits the thresholds to the knowledge (see [`fit`]).
    pub(crate) fn fit(&mut self, k: &Knowledge, an: &Analyzer, index: &Index) {
        let (samples, questions) = fit::samples(self, k, an, index);
        self.params = fit::fit(&samples, questions);
    }

    /// The thresholds in use.
    pub fn params(&self) -> fit::Params {
        self.params
    }

    /// Fact-checks one claim; with `explain`, also says how.
    pub(crate) fn check(
        &self,
        k: &Knowledge,
        an: &Analyzer,
        index: &Index,
        text: &str,
        explain: bool,
    ) -> (CheckResult, Option<Explanation>) {
        let claim = Claim::read(text, an, self);
        let (mut d, mut ex) = self.decide(k, an, index, &claim, None, explain);
        if d.verdict == Verdict::Unverified && d.rule != Rule::NotAStatement {
            if let Some((joined, parts)) = self.in_parts(k, an, index, text) {
                if let Some(ex) = ex.as_mut() {
                    ex.parts = parts;
                    ex.rule = joined.rule;
                }
                d = joined;
            }
        }
        let fact = d.fact.map(|f| k.facts()[f].clone());
        let result = CheckResult {
            verdict: d.verdict,
            source: fact.as_ref().map(|f| k.source_of(f).clone()),
            fact,
            reason: d.reason,
            score: round(d.score),
        };
        (result, ex)
    }

    /// A claim that joins statements (see [`parts`]), decided part by part: contradicted when
    /// a part is (the first such part's evidence), supported when every part is (the first
    /// part's evidence); `None` when it joins none, a part is no statement, or the parts leave
    /// it unverified. Also each part's verdict and evidence, for `--explain`.
    fn in_parts(
        &self,
        k: &Knowledge,
        an: &Analyzer,
        index: &Index,
        text: &str,
    ) -> Option<(Decision, Vec<explain::PartView>)> {
        let texts = parts::split(text);
        if !(2..=parts::MAX_PARTS).contains(&texts.len()) {
            return None;
        }
        let mut decided = Vec::with_capacity(texts.len());
        for t in &texts {
            let claim = Claim::read(t, an, self);
            if !claim.is_statement() {
                return None;
            }
            decided.push(self.decide(k, an, index, &claim, None, false).0);
        }
        let views = texts
            .iter()
            .zip(&decided)
            .map(|(t, d)| explain::PartView {
                text: t.to_string(),
                verdict: d.verdict,
                fact_id: d.fact.map(|f| k.facts()[f].id.to_string()),
            })
            .collect();
        let score = decided.iter().map(|d| d.score).fold(1.0, f64::min);
        if let Some((t, d)) = texts
            .iter()
            .zip(&decided)
            .find(|(_, d)| d.verdict == Verdict::Contradicted)
        {
            return Some((
                Decision {
                    verdict: Verdict::Contradicted,
                    fact: d.fact,
                    reason: format!("Not so that {}: {}", lowercase_first(t), d.reason),
                    score,
                    rule: Rule::InParts,
                },
                views,
            ));
        }
        if decided.iter().all(|d| d.verdict == Verdict::Supported) {
            let answers: Vec<&str> = decided
                .iter()
                .filter_map(|d| d.fact.map(|f| &*k.facts()[f].answer))
                .collect();
            return Some((
                Decision {
                    verdict: Verdict::Supported,
                    fact: decided[0].fact,
                    reason: format!("The article says: {}", answers.join(" It also says: ")),
                    score,
                    rule: Rule::InParts,
                },
                views,
            ));
        }
        None
    }

    fn decide(
        &self,
        k: &Knowledge,
        an: &Analyzer,
        index: &Index,
        claim: &Claim,
        left_out: Option<&LeftOut>,
        explain: bool,
    ) -> (Decision, Option<Explanation>) {
        let unverified = |reason: String, score: f64, rule: Rule| Decision {
            verdict: Verdict::Unverified,
            fact: None,
            reason,
            score,
            rule,
        };
        if !claim.is_statement() {
            let d = unverified(
                "This is not a claim to check: write a whole statement, saying who did or said what.".into(),
                0.0,
                Rule::NotAStatement,
            );
            let ex = explain.then(|| self.explanation(k, claim, &[], &[], &[], d.rule, false));
            return (d, ex);
        }
        let (readings, cands) = self.gather(an, index, claim, left_out);
        let pairings = self.pairings(an, claim, &readings, &cands, left_out);
        let params = &self.params;
        let mut outcomes: Vec<Option<String>> = vec![None; pairings.len()];
        let mut missing: Option<(usize, usize)> = None;
        // The best evidence about the subject states every specific of the claim and still does
        // not say it: a specific a worse fact lacks is not why ("2019 is not stated" of a claim
        // whose fact says 2019).
        let mut evidence_has_specifics = false;
        let mut decision: Option<Decision> = None;
        let mut about_subject = false;
        // The evidence: the best-aligned fact about the claim's subject (and any aligned as
        // well). Slots, amounts, stance, opposites and negation are compared within it only: a
        // fact that meets less of the claim is about something else.
        let evidence = pairings
            .iter()
            .find(|p| p.subject && p.align >= params.min_align)
            .map(|p| p.align);
        for (pi, p) in pairings.iter().enumerate() {
            let fact = &k.facts()[p.fact];
            let cx = Cx {
                p,
                fact,
                claim,
                ci: self,
                an,
            };
            // Who the claim is about (identity, role, affiliation) is judged on any fact about
            // them; whose words they are, on a fact about the words; the rest on a fact about the
            // claim.
            let found = agents::who(&cx)
                .or_else(|| {
                    (p.align_without_subject >= params.min_align)
                        .then(|| agents::speaker(&cx))
                        .flatten()
                })
                .or_else(|| {
                    (p.subject && evidence.is_some_and(|e| p.align >= e - 1e-9))
                        .then(|| RULES.iter().find_map(|rule| rule(&cx)))
                        .flatten()
                });
            if found.is_none() && p.align < params.min_align {
                outcomes[pi] = Some("not about the claim".into());
                // Still the closest the article comes: what it lacks names why it does not
                // cover the claim.
                if missing.is_none() && p.subject && p.align > 0.0 {
                    missing = p.missing_specifics().next().map(|w| (pi, w));
                }
                continue;
            }
            if let Some(found) = found {
                outcomes[pi] = Some(format!("contradicts: {}", found.rule.as_str()));
                decision = Some(Decision {
                    verdict: Verdict::Contradicted,
                    fact: Some(p.fact),
                    reason: found.reason,
                    score: p.align,
                    rule: found.rule,
                });
                break;
            }
            about_subject |= p.subject;
            let lacks = p.missing_specifics().next();
            if missing.is_none() && p.subject && lacks.is_none() {
                evidence_has_specifics = true;
            }
            let conflict = p.status.contains(&Status::Conflict);
            // A claim that gives its subject a stance needs a fact that states it.
            let stance = p.claim.stance.is_none_or(|s| p.status[s].stated());
            if p.subject
                && lacks.is_none()
                && !conflict
                && stance
                && p.predicate >= params.min_predicate
            {
                outcomes[pi] = Some("supports".into());
                decision = Some(Decision {
                    verdict: Verdict::Supported,
                    fact: Some(p.fact),
                    reason: format!("The article says: {}", fact.answer),
                    score: p.align,
                    rule: Rule::Supported,
                });
                break;
            }
            outcomes[pi] = Some(match lacks {
                Some(w) => {
                    if missing.is_none() && p.subject {
                        missing = Some((pi, w));
                    }
                    format!("lacks {}", claim.analyzed.tokens[p.claim.words[w].tok].word)
                }
                None if !p.subject => "not about the subject".into(),
                None => format!("meets {:.2} of the predicate", p.predicate),
            });
        }
        let best = pairings.iter().map(|p| p.align).fold(0.0, f64::max);
        let d = decision.unwrap_or_else(|| {
            if let Some(entity) = index.foreign_entity(&claim.analyzed) {
                return unverified(
                    format!("The article does not mention {}.", slots::title(entity)),
                    best,
                    Rule::Foreign,
                );
            }
            // A name no fact of any article states.
            let unknown = readings.iter().find_map(|r| {
                r.words
                    .iter()
                    .find(|w| {
                        matches!(w.kind, claim::WordKind::Name | claim::WordKind::Entity(_))
                            && !w.means.iter().any(|(t, _)| self.stated_anywhere(*t))
                    })
                    .map(|w| (r, w))
            });
            if let Some((reading, w)) = unknown {
                if let Some((fact, said)) = agents::unknown_identity(self, claim, reading, w, |t| {
                    slots::title(an.display(t))
                }) {
                    return Decision {
                        verdict: Verdict::Contradicted,
                        fact: Some(fact),
                        reason: format!("{said}: {}", k.facts()[fact].answer),
                        score: best,
                        rule: Rule::Identity,
                    };
                }
                return unverified(
                    format!(
                        "The article does not mention {}.",
                        claim.surface(&claim.analyzed.tokens[w.tok].word)
                    ),
                    best,
                    Rule::Foreign,
                );
            }
            if let Some((pi, w)) = missing.filter(|_| !evidence_has_specifics) {
                let p = &pairings[pi];
                let reason =
                    coverage::missing_reason(self, claim, p, w, |t| slots::title(an.display(t)));
                return unverified(reason, best, Rule::MissingSpecific);
            }
            let first = pairings
                .iter()
                .find(|p| p.subject && p.align >= params.min_align);
            match first.and_then(|p| p.claim.subject.map(|s| (p, s))) {
                Some((p, s)) if about_subject => unverified(
                    format!(
                        "The article does not say this about {}.",
                        slots::title(an.display(&p.claim.words[s].term))
                    ),
                    best,
                    Rule::NotSaid,
                ),
                _ => unverified(
                    "The article does not say this.".into(),
                    best,
                    Rule::NoEvidence,
                ),
            }
        });
        let ex = explain.then(|| {
            let reading = pairings.first().map(|p| p.claim).or(readings.first());
            self.explanation(
                k,
                claim,
                &pairings,
                &outcomes,
                reading.map(std::slice::from_ref).unwrap_or(&[]),
                d.rule,
                true,
            )
        });
        (d, ex)
    }

    /// The claim read in each article its candidates come from, and the candidates (fact,
    /// retrieval score): bounded, see [`align::candidates`].
    fn gather(
        &self,
        an: &Analyzer,
        index: &Index,
        claim: &Claim,
        left_out: Option<&LeftOut>,
    ) -> (Vec<Reading>, Vec<(usize, f64)>) {
        let ranked = index.rank_excluding(&claim.analyzed, left_out.map(|l| l.example));
        let mut readings: Vec<Reading> = Vec::new();
        let read = |s: SourceIdx, readings: &mut Vec<Reading>| {
            if !readings.iter().any(|r| r.source == s) {
                readings.push(claim.reading(s, an, self));
            }
        };
        for r in ranked.iter().take(align::MAX_CANDIDATES) {
            read(self.facts[r.fact].source, &mut readings);
        }
        let cands = align::candidates(index, self, claim, &ranked, &readings, left_out);
        for &(f, _) in &cands {
            read(self.facts[f].source, &mut readings);
        }
        (readings, cands)
    }

    /// Each candidate set against the claim, in the order they are examined: subject first;
    /// for a claim about someone's stance, the facts that state their stance; then how much of
    /// the claim each meets; then retrieval's score.
    fn pairings<'a>(
        &'a self,
        an: &Analyzer,
        claim: &Claim,
        readings: &'a [Reading],
        cands: &[(usize, f64)],
        left_out: Option<&LeftOut>,
    ) -> Vec<Pairing<'a>> {
        let mut pairings: Vec<Pairing> = cands
            .iter()
            .map(|&(f, rank)| {
                let s = self.facts[f].source;
                let reading = readings
                    .iter()
                    .find(|r| r.source == s)
                    .expect("every candidate's article is read");
                align::pair(self, an, claim, reading, f, rank, left_out)
            })
            .collect();
        pairings.sort_by(|a, b| {
            b.subject
                .cmp(&a.subject)
                .then(b.states_stance().cmp(&a.states_stance()))
                .then(b.align.total_cmp(&a.align))
                .then(b.rank.total_cmp(&a.rank))
                .then(a.fact.cmp(&b.fact))
        });
        pairings
    }

    /// Whether two facts state a common term besides names (people, places, countries...).
    fn related(&self, a: usize, b: usize, an: &Analyzer) -> bool {
        let (fa, fb) = (&self.facts[a], &self.facts[b]);
        fa.stated().iter().any(|t| {
            fb.stated().binary_search(t).is_ok() && an.entity_kind(self.vocab.name(*t)).is_none()
        })
    }

    /// Whether any fact states the term.
    fn stated_anywhere(&self, t: index::TermId) -> bool {
        self.source_terms
            .iter()
            .any(|s| s.binary_search(&t).is_ok())
    }

    #[allow(clippy::too_many_arguments)]
    fn explanation(
        &self,
        k: &Knowledge,
        claim: &Claim,
        pairings: &[Pairing],
        outcomes: &[Option<String>],
        reading: &[Reading],
        rule: Rule,
        statement: bool,
    ) -> Explanation {
        use explain::{CandidateView, ClaimView, WordView};
        let tokens = &claim.analyzed.tokens;
        let mut view = ClaimView {
            statement,
            quantities: claim.quantities.iter().map(|q| q.display()).collect(),
            ..ClaimView::default()
        };
        if let Some(r) = reading.first() {
            let compared: Vec<bool> = (0..tokens.len())
                .map(|i| r.words.iter().any(|w| w.tok == i && w.kind.compared()))
                .collect();
            let negated =
                negation::governed_in(&claim.kinds, &claim.clause, &compared, &claim.not_negating);
            view.subject = r.subject.map(|s| tokens[r.words[s].tok].word.clone());
            view.stance = r.stance.map(|s| tokens[r.words[s].tok].word.clone());
            view.words = r
                .words
                .iter()
                .map(|w| WordView {
                    word: tokens[w.tok].word.clone(),
                    term: w.term.clone(),
                    kind: w.kind.as_str(),
                    negated: negated[w.tok],
                    weight: w.weight,
                })
                .collect();
            view.slots = r
                .hits
                .iter()
                .map(|h| {
                    format!(
                        "{}={}",
                        self.catalog.cats[h.cat as usize].name,
                        self.catalog.display(h)
                    )
                })
                .collect();
        }
        let candidates = pairings
            .iter()
            .zip(outcomes)
            .map(|(p, o)| CandidateView {
                fact_id: k.facts()[p.fact].id.to_string(),
                rank: p.rank,
                subject: p.subject,
                align: p.align,
                predicate: p.predicate,
                words: p
                    .claim
                    .words
                    .iter()
                    .zip(&p.status)
                    .map(|(w, s)| {
                        let how = match s {
                            Status::Met(r, at, t) => format!(
                                "{} {}{}",
                                at.as_str(),
                                r.as_str(),
                                t.filter(|t| Some(*t) != w.id)
                                    .map(|t| format!(" ({})", self.vocab.name(t)))
                                    .unwrap_or_default()
                            ),
                            Status::Conflict => "another value".into(),
                            Status::Missing => "missing".into(),
                        };
                        (tokens[w.tok].word.clone(), how)
                    })
                    .collect(),
                outcome: o.clone(),
            })
            .collect();
        Explanation {
            claim: view,
            candidates,
            rule,
            params: self.params,
            parts: Vec::new(),
        }
    }
}

/// `s` with a leading article ("The", "A", "An") in lower case, so that it reads on inside a
/// sentence; a leading name keeps its capital.
fn lowercase_first(s: &str) -> String {
    let s = s.trim_start();
    for article in ["The ", "A ", "An "] {
        if let Some(rest) = s.strip_prefix(article) {
            return format!("{}{rest}", article.to_lowercase());
        }
    }
    s.to_string()
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
                assert!(r.source.as_ref().unwrap().text.contains(&*f.quote));
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
    fn two_people_said_to_be_one() {
        // The reason says who the role or the person named first really is.
        let r = expect(
            "Stoltenberg is Norway's foreign minister",
            Verdict::Contradicted,
            None,
        );
        assert!(
            r.reason
                .starts_with("The article names Norway's foreign minister as Espen Barth Eide, not Jens Stoltenberg"),
            "{}",
            r.reason
        );
        let r = expect("The NATO chief is Olaf Scholz", Verdict::Contradicted, None);
        assert!(
            r.reason
                .starts_with("The article names NATO chief as Jens Stoltenberg, not Olaf Scholz"),
            "{}",
            r.reason
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
        // "yet" after a negation is the adverb, not a conjunction starting another clause.
        expect(
            "Stoltenberg said the time has not yet come to reconsider the restrictions",
            Verdict::Contradicted,
            Some(9),
        );
    }

    #[test]
    fn a_negation_counts_when_the_claim_names_nobody_for_the_word() {
        // The fact's nearest agent before "risks" is Russia ("strike inside Russia risks
        // overshadowing"); the claim names nobody who risks it, so that is no one else.
        expect(
            "The strike debate does not risk overshadowing the talks",
            Verdict::Contradicted,
            Some(3),
        );
    }

    #[test]
    fn a_place_named_inside_a_longer_name_is_stated() {
        // "the mayor of Springfield" names Ann Lee, and Springfield with her: a claim placing
        // the closure in Springfield says what the fact says.
        let dir = crate::testutil::folder(&[
            (
                "sources/a.txt",
                "date 2025-01-01 Ann Lee, the mayor of Springfield, said schools would close on \
                 Monday.\n\nTrains ran late in Shelbyville.\n",
            ),
            (
                "sources.toml",
                "[[source]]\nid = \"a\"\ntitle = \"A\"\ndate = \"2025-01-01\"\nfile = \"sources/a.txt\"\n",
            ),
            (
                "sources/a.entities.toml",
                "[[entity]]\nname = \"Ann Lee\"\nkind = \"person\"\nrole = \"mayor\"\n\
                 aliases = [\"Lee\", \"mayor of Springfield\"]\n\n\
                 [[entity]]\nname = \"Springfield\"\nkind = \"place\"\n\n\
                 [[entity]]\nname = \"Shelbyville\"\nkind = \"place\"\n",
            ),
            (
                "facts/a.toml",
                "[[fact]]\nid = \"schools\"\nsource = \"a\"\n\
                 quote = \"Ann Lee, the mayor of Springfield, said schools would close on Monday\"\n\
                 answer = \"Ann Lee said schools would close on Monday.\"\n\
                 questions = [\"will schools close\", \"what did ann lee say\"]\n\n\
                 [[fact]]\nid = \"trains\"\nsource = \"a\"\nquote = \"Trains ran late in Shelbyville\"\n\
                 answer = \"Trains ran late in Shelbyville.\"\nquestions = [\"were trains late\"]\n",
            ),
        ]);
        let p = dir.path();
        let e = Engine::load(Some(p), Options::default()).expect("valid folder");
        let r = e.check("Schools in Springfield would close on Monday");
        assert_eq!(r.verdict, Verdict::Supported, "{}", r.reason);
    }

    #[test]
    fn an_opposite_said_of_someone_else_decides_nothing() {
        // "pushed" is Stoltenberg's; a claim naming nobody is compared with it for negation
        // (above), but an opposite found there ("forbidden") is no contradiction.
        let r = engine().check("Striking over the border is forbidden.");
        assert!(!r.reason.contains("the opposite of"), "{}", r.reason);
    }

    #[test]
    fn the_reason_is_the_best_evidence_s_not_a_worse_fact_s() {
        // The fact about Britain's weapons names Britain, Russia and weapons but not that they
        // were used: Britain is mentioned, whatever a fact about Ukraine alone lacks.
        let r = expect(
            "Ukraine has already fired British weapons at targets inside Russia",
            Verdict::Unverified,
            None,
        );
        assert!(!r.reason.contains("Britain"), "{}", r.reason);
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

    /// A news paragraph leaves out what the one before it said: "the talks" are the Prague
    /// meeting of the paragraph before. Two paragraphs away is not the same passage.
    #[test]
    fn a_specific_the_paragraph_before_states_is_stated() {
        expect(
            "The debate over letting Kiev strike inside Russia risks overshadowing the talks in Prague.",
            Verdict::Supported,
            Some(3),
        );
        let r = expect(
            "Eide backed the strikes at the Prague meeting.",
            Verdict::Unverified,
            None,
        );
        assert!(r.reason.contains("Prague"), "{}", r.reason);
    }

    /// A person the article names, said to be someone it never mentions.
    #[test]
    fn a_named_role_said_to_be_an_unknown_person() {
        let r = expect(
            "The NATO chief is Mark Rutte.",
            Verdict::Contradicted,
            Some(1),
        );
        assert!(
            r.reason.contains("Jens Stoltenberg") && r.reason.contains("Mark Rutte"),
            "{}",
            r.reason
        );
        // No copula: nothing says who Rutte is.
        expect(
            "Mark Rutte praised the support plan.",
            Verdict::Unverified,
            None,
        );
    }

    /// A claim joining two statements no single fact states together is checked part by part.
    #[test]
    fn a_claim_joining_statements_is_checked_part_by_part() {
        let r = expect(
            "Stoltenberg wants Ukraine to strike inside Russia, but the ministers meet in Berlin.",
            Verdict::Contradicted,
            Some(2),
        );
        assert!(r.reason.contains("Berlin"), "{}", r.reason);
        let r = expect(
            "While Britain says Kiev may use its weapons inside Russia, the United States and Germany have long opposed that.",
            Verdict::Supported,
            None,
        );
        assert!(r.reason.contains("It also says"), "{}", r.reason);
        // A part the article does not cover leaves the whole unverified.
        expect(
            "Scholz was less committal, whereas Hungary vetoed the package.",
            Verdict::Unverified,
            None,
        );
        let (_, ex) = engine()
            .check_explained("Scholz was less committal, whereas Hungary vetoed the package.");
        assert!(
            ex.parts.is_empty(),
            "undecided parts are not reported as the decision"
        );
    }

    /// English's closed classes are not names the article must mention.
    #[test]
    fn function_words_are_not_names() {
        for prep in ["toward", "amid", "via"] {
            let claim = format!(
                "Washington and Berlin fear being dragged {prep} a direct conflict with Moscow."
            );
            expect(&claim, Verdict::Supported, Some(7));
        }
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
}
