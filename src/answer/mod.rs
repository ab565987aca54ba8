//! Answering a question: rank the facts ([`crate::retrieval`]), verify the best candidates
//! (does this fact answer *this* question: the kind of answer asked for, every specific it
//! names), and decide with a calibrated confidence: answer, "unsure" (close but not confident:
//! offer the candidates), or "not covered".
//!
//! - [`question`]: what a question asks for and the specifics it names;
//! - [`features`]: the verifier's measures of one (question, fact) pair;
//! - [`model`]: the fitted confidence over them and its two thresholds.

pub mod compound;
pub mod features;
pub mod model;
pub mod question;
pub mod stems;

use std::sync::Arc;

use crate::analysis::classes::{given, WordClasses};
use crate::analysis::{Analyzer, FactReading};
use crate::knowledge::{Fact, Knowledge, Source};
use crate::language::AnswerType;
use crate::retrieval::{Index, Ranked};

use self::features::{Features, Gives};
use self::model::Model;
use self::question::Question;
use self::stems::QuoteStems;

/// How many of the best-ranked facts are verified.
pub const CANDIDATES: usize = 4;

/// A fact with the confidence it got for one question.
#[derive(Debug, Clone)]
pub struct Scored {
    pub fact: Arc<Fact>,
    pub score: f64,
}

/// The reply to one question.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The best fact, or `None` when abstaining.
    pub fact: Option<Arc<Fact>>,
    /// The source the fact quotes (`None` when abstaining).
    pub source: Option<Arc<Source>>,
    /// Confidence of the best candidate, in [0, 1] (also reported when abstaining).
    pub score: f64,
    /// When answering: other facts that scored close to the best ("did you mean").
    /// When abstaining: the closest topics, best first.
    pub alternatives: Vec<Scored>,
    /// Abstaining, but a candidate is plausible: "I'm not sure the article answers that. Did you
    /// mean:" with `alternatives` as the choices. Always false when answering.
    pub unsure: bool,
    /// When answering a question that asks several things ([`compound`]): the facts answering
    /// its other questions, in order, each once. Empty otherwise.
    pub also: Vec<Scored>,
}

impl Answer {
    pub fn answered(&self) -> bool {
        self.fact.is_some()
    }
}

/// A verified candidate.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub ranked: Ranked,
    pub features: Features,
    pub confidence: f64,
}

/// What answering precomputes over the knowledge: the word classes, what kind of answer each
/// fact gives, and the fitted model.
pub struct Answerer {
    pub classes: WordClasses,
    gives: Vec<Gives>,
    /// Per fact: the people, organisations, countries and places it names.
    named: Vec<Named>,
    stems: QuoteStems,
    pub model: Model,
}

impl Answerer {
    /// From what [`gives_of`] found for every fact, in order; the model is fitted afterwards
    /// (see [`crate::calibrate`], which needs the rest of this to fit one).
    pub fn new(classes: WordClasses, gives: Vec<(Gives, Named)>, stems: QuoteStems) -> Answerer {
        let (gives, named) = gives.into_iter().unzip();
        Answerer {
            classes,
            gives,
            named,
            stems,
            model: Model::fallback(),
        }
    }

    /// Reads a question; `left_out` as in [`Index::rank_excluding`].
    pub fn read(
        &self,
        text: &str,
        an: &Analyzer,
        index: &Index,
        left_out: Option<usize>,
    ) -> Question {
        Question::read(text, an, index, &self.classes, &self.stems, left_out)
    }

    /// The best-ranked facts, verified, most confident first. `left_out`: an example question to
    /// leave out of the knowledge (leave-one-out measurement).
    pub fn candidates(
        &self,
        q: &Question,
        k: &Knowledge,
        an: &Analyzer,
        index: &Index,
        left_out: Option<usize>,
    ) -> Vec<Candidate> {
        let ranked = index.rank_excluding(&q.analyzed, left_out);
        let cx = features::Context {
            an,
            classes: &self.classes,
            index,
            left_out,
        };
        let mut out: Vec<Candidate> = ranked
            .iter()
            .take(CANDIDATES)
            .map(|r| {
                let f = &k.facts()[r.fact];
                let fact = features::Candidate {
                    gives: self.gives[r.fact],
                    quote: &f.quote,
                    stems: self.stems.of_fact(r.fact),
                    curated: &f.answers,
                    named: &self.named[r.fact],
                };
                let x = features::features(&cx, q, r, &ranked, &fact);
                Candidate {
                    ranked: *r,
                    features: x,
                    confidence: self.model.confidence(&x),
                }
            })
            .collect();
        out.sort_by(|a, b| {
            b.confidence
                .total_cmp(&a.confidence)
                .then(b.ranked.score.total_cmp(&a.ranked.score))
                .then(a.ranked.fact.cmp(&b.ranked.fact))
        });
        out
    }

    /// What kind of answer a fact gives.
    pub fn gives(&self, fact: usize) -> Gives {
        self.gives[fact]
    }

    /// Turns verified candidates into a reply.
    pub fn decide(&self, cands: &[Candidate], k: &Knowledge, max_alternatives: usize) -> Answer {
        let facts = k.facts();
        let scored = |c: &Candidate| Scored {
            fact: facts[c.ranked.fact].clone(),
            score: round(c.confidence),
        };
        let Some(best) = cands.first() else {
            return Answer {
                fact: None,
                source: None,
                score: 0.0,
                alternatives: Vec::new(),
                unsure: false,
                also: Vec::new(),
            };
        };
        if best.confidence < self.model.answer_at {
            return Answer {
                fact: None,
                source: None,
                score: round(best.confidence),
                alternatives: distinct(cands, facts, None)
                    .into_iter()
                    .take(max_alternatives)
                    .map(scored)
                    .collect(),
                unsure: best.confidence >= self.model.unsure_at,
                also: Vec::new(),
            };
        }
        let fact = facts[best.ranked.fact].clone();
        // "Did you mean": others that come close to the best.
        let alternatives = distinct(&cands[1..], facts, Some(&fact))
            .into_iter()
            .filter(|c| c.confidence >= best.confidence - ALTERNATIVE_MARGIN)
            .take(max_alternatives)
            .map(scored)
            .collect();
        Answer {
            source: Some(k.source_of(&fact).clone()),
            fact: Some(fact),
            score: round(best.confidence),
            alternatives,
            unsure: false,
            also: Vec::new(),
        }
    }
}

/// What kind of answer a fact gives: what its quote and answer state (a person, a place, a time,
/// an amount, a reason), a speaker's words, what its curated example questions ask, and what the
/// curator says it answers.
pub fn gives_of(
    classes: &WordClasses,
    an: &Analyzer,
    f: &Fact,
    r: &FactReading,
) -> (Gives, NamedTerms) {
    let quote = given(classes, an, &r.quote);
    let answer = given(classes, an, &r.answer);
    let mut types = quote.types;
    types.extend(answer.types);
    if f.speaker.is_some() {
        types.extend([AnswerType::Speaker, AnswerType::Agent]);
    }
    for q in &r.questions {
        if let Some(t) = classes.asks(q).answer {
            types.push(t);
        }
    }
    types.extend(f.answers.iter().copied());
    let texts = [&r.quote, &r.answer];
    let gives = Gives::of(types)
        .with(Gives::CLOCK, texts.iter().any(|a| classes.tells_clock(a)))
        .with(Gives::DAY, texts.iter().any(|a| classes.tells_day(a)));
    let agents = texts
        .iter()
        .copied()
        .chain(&r.speaker)
        .flat_map(|a| a.content())
        .filter(|t| {
            an.entity_kind(&t.term)
                .is_some_and(crate::knowledge::EntityKind::is_agent)
                || classes.is_role(t)
        })
        .map(|t| (t.term.clone(), Named::AGENT));
    let places = quote
        .places
        .into_iter()
        .chain(answer.places)
        .map(|(term, city)| (term, Named::PLACE | if city { Named::CITY } else { 0 }));
    (gives, agents.chain(places).collect())
}

/// What [`gives_of`] finds a fact names: (term, kinds) pairs, before the index numbers the terms
/// ([`Named::new`]).
pub type NamedTerms = Vec<(String, u8)>;

/// The people, organisations, countries and places a fact names (their terms): a who- or
/// where-question is answered by someone or somewhere beyond what the question itself names
/// ("who will replace Stoltenberg?" is not answered by a fact whose only person is Stoltenberg).
/// Terms are kept as the index numbers them: every fact has one, and strings would cost
/// 10 MB at 100,000 facts.
#[derive(Debug, Clone, Default)]
pub struct Named(Box<[(u32, u8)]>);

impl Named {
    pub const AGENT: u8 = 1;
    pub const PLACE: u8 = 2;
    /// A city or town (also a place).
    pub const CITY: u8 = 4;

    /// From (term id, kinds) pairs; a term named twice gets the kinds of both.
    pub fn new(names: impl IntoIterator<Item = (u32, u8)>) -> Named {
        let mut v: Vec<(u32, u8)> = names.into_iter().collect();
        v.sort_unstable();
        let mut out: Vec<(u32, u8)> = Vec::with_capacity(v.len());
        for (term, kinds) in v {
            match out.last_mut() {
                Some(last) if last.0 == term => last.1 |= kinds,
                _ => out.push((term, kinds)),
            }
        }
        Named(out.into_boxed_slice())
    }

    /// The terms (ids) named as any of `kinds`.
    pub fn of(&self, kinds: u8) -> impl Iterator<Item = u32> + '_ {
        self.0
            .iter()
            .filter(move |(_, k)| k & kinds != 0)
            .map(|(t, _)| *t)
    }
}

/// Candidates within this confidence of the best are offered as "did you mean" alternatives.
pub const ALTERNATIVE_MARGIN: f64 = 0.06;

/// Candidates whose quote differs from `answer`'s and from each other's: two buttons showing the
/// same quote would be one choice offered twice.
fn distinct<'a>(
    cands: &'a [Candidate],
    facts: &[Arc<Fact>],
    answer: Option<&Arc<Fact>>,
) -> Vec<&'a Candidate> {
    let mut quotes: Vec<&str> = answer.map(|f| f.quote.as_ref()).into_iter().collect();
    let mut out = Vec::new();
    for c in cands {
        let q = facts[c.ranked.fact].quote.as_ref();
        if !quotes.contains(&q) {
            quotes.push(q);
            out.push(c);
        }
    }
    out
}

/// Rounds scores for display and JSON, so equal scores print equally across platforms.
pub fn round(x: f64) -> f64 {
    (x.clamp(0.0, 1.0) * 1000.0).round() / 1000.0
}
