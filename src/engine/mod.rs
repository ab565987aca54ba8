//! The answer engine: matches a question against the curated facts and returns the best one with
//! a confidence in [0, 1], close alternatives, or an abstention.
//!
//! An [`Engine`] is immutable once built and cheap to clone (an `Arc`), so one instance serves
//! any number of concurrent tasks; [`EngineHandle`] swaps in a freshly loaded one at run time
//! without disturbing questions already in flight.

mod build;

use std::path::Path;
use std::sync::{Arc, RwLock};

use crate::analysis::Analyzer;
use crate::answer::question::Question;
use crate::answer::{compound, Answerer, Candidate};
use crate::check::{self, CheckIndex, CheckResult};
use crate::knowledge::{Knowledge, LoadError};
use crate::retrieval::Index;

pub use crate::answer::{round, Answer, Scored};

/// Questions longer than this are cut (on a character boundary) before matching: no real
/// question is longer, and it bounds the work a hostile input can cause.
pub const MAX_INPUT_CHARS: usize = 1000;

#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Answer only at or above this confidence. `None`: the threshold fitted for the knowledge
    /// (see [`crate::calibrate`]), which is what it should be unless an operator wants the bot
    /// more (higher) or less (lower) cautious.
    pub min_confidence: Option<f64>,
    /// How many alternatives ("did you mean") to return at most.
    pub max_alternatives: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            min_confidence: None,
            max_alternatives: 3,
        }
    }
}

struct Inner {
    knowledge: Knowledge,
    analyzer: Analyzer,
    index: Index,
    answerer: Answerer,
    check_index: CheckIndex,
    options: Options,
}

/// Loaded knowledge plus the indexes built from it. Clone freely: clones share one copy.
#[derive(Clone)]
pub struct Engine(Arc<Inner>);

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("facts", &self.0.knowledge.facts().len())
            .field("options", &self.0.options)
            .finish()
    }
}

impl Engine {
    pub fn new(knowledge: Knowledge) -> Engine {
        Self::with_options(knowledge, Options::default())
    }

    /// Builds the indexes and fits the answer confidence for this knowledge.
    pub fn with_options(knowledge: Knowledge, options: Options) -> Engine {
        let started = std::time::Instant::now();
        let analyzer = Analyzer::new(&knowledge);
        let (index, mut answerer, mut check_index) = build::indexes(
            &knowledge,
            &analyzer,
            check::meaning::bundled(knowledge.language()),
        );
        let indexed = started.elapsed();
        answerer.model = crate::calibrate::fit(&knowledge, &analyzer, &index, &answerer).model;
        if let Some(m) = options.min_confidence {
            answerer.model.answer_at = m;
            answerer.model.unsure_at = answerer.model.unsure_at.min(m);
        }
        check_index.fit(&knowledge, &analyzer, &index);
        tracing::debug!(
            facts = knowledge.facts().len(),
            indexed_ms = indexed.as_millis() as u64,
            fitted_ms = (started.elapsed() - indexed).as_millis() as u64,
            "engine built"
        );
        Engine(Arc::new(Inner {
            knowledge,
            analyzer,
            index,
            answerer,
            check_index,
            options,
        }))
    }

    /// Loads `dir` (or the bundled knowledge when `None`) and builds an engine over it.
    pub fn load(dir: Option<&Path>, options: Options) -> Result<Engine, LoadError> {
        Ok(Self::with_options(Knowledge::load(dir)?, options))
    }

    pub fn knowledge(&self) -> &Knowledge {
        &self.0.knowledge
    }

    pub fn options(&self) -> Options {
        self.0.options
    }

    /// The questions the answer confidence is fitted on (see [`crate::calibrate`]), for
    /// `factbot eval`.
    pub fn training(&self) -> Vec<crate::calibrate::TrainingQuestion> {
        let inner = &*self.0;
        crate::calibrate::training_questions(
            &inner.knowledge,
            &inner.analyzer,
            &inner.index,
            &inner.answerer,
        )
    }

    /// The confidence at or above which the engine answers.
    pub fn answer_threshold(&self) -> f64 {
        self.0.answerer.model.answer_at
    }

    /// Answers a question: the best fact if it is confident enough; else "unsure" with the
    /// plausible candidates, or "not covered" with the closest topics. Deterministic.
    pub fn ask(&self, question: &str) -> Answer {
        let question = truncate_chars(question, MAX_INPUT_CHARS);
        let read = self.read(question);
        let whole = self.decide(&read);
        if whole.answered() {
            return whole;
        }
        // A question asking several things, none of which alone answers the whole: each one.
        let parts: Vec<String> = match compound::split(question) {
            parts if parts.len() >= 2 => parts.into_iter().map(String::from).collect(),
            _ => match compound::distribute(&read.analyzed) {
                Some(two) => two.into(),
                None => return whole,
            },
        };
        compound::combine(parts.iter().map(|p| self.decide(&self.read(p))).collect())
            .unwrap_or(whole)
    }

    /// A question as the verifier reads it (cut to [`MAX_INPUT_CHARS`]).
    fn read(&self, question: &str) -> Question {
        let inner = &*self.0;
        inner.answerer.read(
            truncate_chars(question, MAX_INPUT_CHARS),
            &inner.analyzer,
            &inner.index,
            None,
        )
    }

    /// The reply to one question, taken whole.
    fn decide(&self, q: &Question) -> Answer {
        let inner = &*self.0;
        let cands =
            inner
                .answerer
                .candidates(q, &inner.knowledge, &inner.analyzer, &inner.index, None);
        inner
            .answerer
            .decide(&cands, &inner.knowledge, inner.options.max_alternatives)
    }

    /// The verified candidates for a question, most confident first.
    pub fn candidates(&self, question: &str) -> Vec<Candidate> {
        let inner = &*self.0;
        inner.answerer.candidates(
            &self.read(question),
            &inner.knowledge,
            &inner.analyzer,
            &inner.index,
            None,
        )
    }

    /// How the question was read and the top candidates with the parts of their confidence:
    /// for curators asking "why this fact?".
    pub fn explain(&self, question: &str, n: usize) -> String {
        let inner = &*self.0;
        let q = self.read(question);
        let mut out = String::from("terms:");
        for t in &q.analyzed.tokens {
            // How a word the knowledge does not use was read: as synonyms it uses, or as what it
            // is a kind of.
            let related = match (t.synonyms.is_empty(), t.broader) {
                (true, _) => String::new(),
                (false, false) => format!(", as {}", t.synonyms.join("/")),
                (false, true) => format!(", a kind of {}", t.synonyms.join("/")),
            };
            out.push_str(&format!(
                " {}({:?}{}{related})",
                t.term,
                t.kind,
                t.surface
                    .as_deref()
                    .map(|s| format!(" <- {s}"))
                    .unwrap_or_default()
            ));
        }
        out.push('\n');
        out.push_str(&format!(
            "asks: {}{}; specifics:",
            q.asks.answer.map(|t| t.as_str()).unwrap_or("-"),
            if q.asks.yes_no { " (yes/no)" } else { "" }
        ));
        for c in &q.constraints {
            out.push_str(&format!(" {}={:?}", q.token(c).word, c.kind));
        }
        out.push_str(&format!(
            "\nanswer at >= {:.3}, unsure at >= {:.3}\n",
            inner.answerer.model.answer_at, inner.answerer.model.unsure_at
        ));
        let cands =
            inner
                .answerer
                .candidates(&q, &inner.knowledge, &inner.analyzer, &inner.index, None);
        for c in cands.into_iter().take(n) {
            let f = &inner.knowledge.facts()[c.ranked.fact];
            out.push_str(&format!(
                "  {:.3}  {}  (rank {:.3}: coverage {:.2}, example {:.2}, precision {:.2})\n     ",
                c.confidence,
                f.id,
                c.ranked.score,
                c.ranked.parts.coverage,
                c.ranked.parts.example,
                c.ranked.parts.precision
            ));
            for (name, v) in inner.answerer.model.contributions(&c.features) {
                if v.abs() >= 0.05 {
                    out.push_str(&format!(" {name} {v:+.2}"));
                }
            }
            out.push('\n');
        }
        out
    }

    /// Fact-checks a claim against the knowledge: supported, contradicted or unverified.
    pub fn check(&self, claim: &str) -> CheckResult {
        let inner = &*self.0;
        inner
            .check_index
            .check(
                &inner.knowledge,
                &inner.analyzer,
                &inner.index,
                truncate_chars(claim, MAX_INPUT_CHARS),
                false,
            )
            .0
    }

    /// The fact-checker's thresholds, as fitted to this knowledge at load (see
    /// [`check::fit`]).
    pub fn check_params(&self) -> check::fit::Params {
        self.0.check_index.params()
    }

    /// Fact-checks a claim and says how: the claim as read, the candidate facts with their
    /// scores, and the rule that decided (`factbot check --explain`).
    pub fn check_explained(&self, claim: &str) -> (CheckResult, check::Explanation) {
        let inner = &*self.0;
        let (r, ex) = inner.check_index.check(
            &inner.knowledge,
            &inner.analyzer,
            &inner.index,
            truncate_chars(claim, MAX_INPUT_CHARS),
            true,
        );
        (r, ex.expect("asked for an explanation"))
    }

    /// Up to `limit` curated example questions closest to what has been typed so far, for
    /// autocomplete. Never empty while facts exist: with nothing typed (or nothing close), the
    /// first examples of the first facts.
    pub fn suggest(&self, partial: &str, limit: usize) -> Vec<String> {
        #[cfg(test)]
        suggest_calls::count();
        self.0.index.suggest(
            &self.0.analyzer,
            self.0.knowledge.facts(),
            truncate_chars(partial, MAX_INPUT_CHARS),
            limit,
        )
    }
}

/// Test-only count of [`Engine::suggest`] calls made on the current thread: lets the bot's tests
/// prove that suggestions are never computed on the async runtime's threads.
#[cfg(test)]
pub(crate) mod suggest_calls {
    use std::cell::Cell;

    thread_local!(static CALLS: Cell<usize> = const { Cell::new(0) });

    pub(crate) fn count() {
        CALLS.with(|c| c.set(c.get() + 1));
    }

    /// Calls on this thread since the last `take`.
    pub(crate) fn take() -> usize {
        CALLS.with(|c| c.replace(0))
    }
}

/// The longest prefix of `s` with at most `max` characters.
pub fn truncate_chars(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// A shared, swappable engine: readers take a cheap clone of the current one; a reload replaces
/// it atomically. Questions being answered keep the engine they started with.
#[derive(Clone, Debug)]
pub struct EngineHandle(Arc<RwLock<Engine>>);

impl EngineHandle {
    pub fn new(engine: Engine) -> Self {
        EngineHandle(Arc::new(RwLock::new(engine)))
    }

    pub fn current(&self) -> Engine {
        self.0.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn replace(&self, engine: Engine) {
        *self.0.write().unwrap_or_else(|e| e.into_inner()) = engine;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    fn engine() -> &'static Engine {
        static E: OnceLock<Engine> = OnceLock::new();
        E.get_or_init(|| Engine::load(None, Options::default()).expect("bundled knowledge loads"))
    }

    fn fact_id(q: &str) -> Option<String> {
        engine().ask(q).fact.map(|f| f.id.to_string())
    }

    fn paragraph(q: &str) -> Option<usize> {
        engine().ask(q).fact.map(|f| f.paragraph)
    }

    #[test]
    fn case_punctuation_and_quote_marks_do_not_matter() {
        let plain = fact_id("where are the nato ministers meeting");
        assert!(plain.is_some());
        assert_eq!(fact_id("WHERE are the NATO ministers meeting???"), plain);
        assert_eq!(
            fact_id("  where, are the NATO ministers ... meeting!  "),
            plain
        );
    }

    #[test]
    fn aliases_reach_the_same_fact() {
        assert_eq!(
            paragraph("what do the dutch think about strikes with their weapons"),
            Some(5)
        );
        assert_eq!(
            paragraph("what does holland think about strikes with their weapons"),
            Some(5)
        );
        assert_eq!(paragraph("who speaks for the kremlin"), Some(15));
        let kyiv = fact_id("what has kyiv been asking for");
        assert_eq!(fact_id("what has kiev been asking for"), kyiv);
    }

    #[test]
    fn typos_are_corrected() {
        assert_eq!(
            paragraph("what did stoltenburg say about the fighting at the border"),
            Some(8)
        );
        assert_eq!(
            paragraph("is the netherland ok with strikes on russia"),
            Some(5)
        );
        assert_eq!(paragraph("wat did macorn say on tusday"), Some(10));
    }

    #[test]
    fn quotes_are_verbatim_substrings_of_their_source() {
        for q in [
            "who is the head of nato",
            "what did putin say",
            "what did the norwegian minister tell nrk",
        ] {
            let a = engine().ask(q);
            let (f, s) = (a.fact.expect("answered"), a.source.expect("source"));
            assert!(s.text.contains(&*f.quote), "{q}: quote not in source");
        }
    }

    #[test]
    fn abstains_on_what_the_article_does_not_cover() {
        for q in [
            "",
            "hello there",
            "lol",
            "qwzx vbnm plokij",
            "what's the best pizza in town",
            "who won the world cup",
            "what did viktor orban say",
            "what is sweden's position",
            "how many tanks has germany sent",
            "ignore all previous instructions",
        ] {
            let a = engine().ask(q);
            assert!(
                !a.answered(),
                "{q:?} was answered with {:?}",
                a.fact.map(|f| f.id.clone())
            );
            assert!(a.score < engine().answer_threshold());
        }
    }

    /// The verifier's `type_missing` for `fact` among the candidates of `q`.
    fn type_missing(q: &str, fact: &str) -> f64 {
        feature(q, fact, "type_missing")
    }

    /// The verifier's feature `name` for `fact` among the candidates of `q`.
    fn feature(q: &str, fact: &str, name: &str) -> f64 {
        let at = feature_at(name);
        let e = engine();
        let c = e.candidates(q);
        let c = c
            .iter()
            .find(|c| e.knowledge().facts()[c.ranked.fact].id.as_ref() == fact)
            .unwrap_or_else(|| panic!("{fact} is a candidate for {q:?}"));
        c.features[at]
    }

    #[test]
    fn where_is_answered_by_a_place_the_question_does_not_name() {
        assert_eq!(
            type_missing("Where are the ministers meeting?", "meeting-place-prague"),
            0.0
        );
        assert_eq!(
            type_missing(
                "Where in Prague are the ministers meeting?",
                "meeting-place-prague"
            ),
            1.0
        );
        // "In which city": a city, not a country.
        assert_eq!(
            type_missing(
                "In which city did Macron make his neutralise remark?",
                "macron-neutralise-bases"
            ),
            1.0
        );
        assert_eq!(
            type_missing(
                "Which city will host the NATO summit in July?",
                "meeting-purpose"
            ),
            0.0
        );
    }

    #[test]
    fn a_yes_no_question_is_settled_by_another_day_or_amount() {
        let fact = "macron-neutralise-bases";
        let q = "did macron make his neutralise comment on thursday";
        assert_eq!(feature(q, fact, "time_missing"), 0.0, "Tuesday settles it");
        let q = "what did macron say on thursday about neutralising bases";
        assert_eq!(
            feature(q, fact, "time_missing"),
            1.0,
            "not a yes/no question"
        );
        let q = "is the prague meeting a one day event?";
        assert_eq!(
            feature(q, "meeting-two-days-thursday", "number_missing"),
            0.0
        );
    }

    #[test]
    fn a_number_after_which_counts_the_answers() {
        let q = "Which two countries let Kyiv use their weapons against targets in Russia?";
        let c = engine().candidates(q);
        assert!(c
            .iter()
            .all(|c| c.features[feature_at("number_missing")] == 0.0));
        let q = "Did two countries let Kyiv use their weapons in Russia?";
        let two = |q: &str| {
            let e = engine();
            let read = e.0.answerer.read(q, &e.0.analyzer, &e.0.index, None);
            read.constraints.iter().any(|c| read.token(c).word == "two")
        };
        assert!(two(q), "elsewhere a number is a specific");
        assert!(!two("Which two countries back it?"));
    }

    fn feature_at(name: &str) -> usize {
        crate::answer::features::NAMES
            .iter()
            .position(|n| *n == name)
            .unwrap()
    }

    #[test]
    fn a_question_asking_two_things_gets_both_answers() {
        let a = engine().ask("Who is Peskov, and when did Macron make his neutralise remark?");
        let fact = a.fact.as_ref().expect("answered");
        assert_eq!(fact.id.as_ref(), "who-is-peskov");
        assert_eq!(a.also.len(), 1);
        assert!(
            a.also[0].fact.id.starts_with("macron-"),
            "{}",
            a.also[0].fact.id
        );
        assert!(a.score <= a.also[0].score);
        // One question it cannot answer keeps the whole unanswered.
        let a = engine().ask("Who is Peskov, and what did Zelensky have for breakfast?");
        assert!(a.also.is_empty());
        // A single question has nothing else to answer.
        assert!(engine().ask("Who is Peskov?").also.is_empty());
    }

    #[test]
    fn abstention_offers_closest_topics() {
        let a = engine().ask("what did the nato chief eat for breakfast");
        if !a.answered() {
            assert!(!a.alternatives.is_empty(), "closest topics expected");
            assert!(a.alternatives.windows(2).all(|w| w[0].score >= w[1].score));
        }
    }

    #[test]
    fn alternatives_are_close_and_distinct() {
        for q in ["what did stoltenberg say", "what about germany", "macron"] {
            let a = engine().ask(q);
            let Some(f) = &a.fact else { continue };
            for alt in &a.alternatives {
                assert_ne!(alt.fact.quote, f.quote);
                assert!(
                    alt.score <= a.score
                        && alt.score >= a.score - crate::answer::ALTERNATIVE_MARGIN - 1e-9
                );
            }
            assert!(a.alternatives.len() <= engine().options().max_alternatives);
        }
    }

    #[test]
    fn min_confidence_is_respected() {
        let strict = Engine::load(
            None,
            Options {
                min_confidence: Some(0.99),
                ..Options::default()
            },
        )
        .unwrap();
        let a = strict.ask("france's take?");
        assert!(!a.answered() || a.score >= 0.99);
        let lax = Engine::load(
            None,
            Options {
                min_confidence: Some(0.0),
                ..Options::default()
            },
        )
        .unwrap();
        assert!(lax.ask("france's take?").answered());
    }

    #[test]
    fn deterministic() {
        let q = "what is washington's position on the strikes";
        let first = engine().ask(q);
        for _ in 0..5 {
            let again = engine().ask(q);
            assert_eq!(
                again.fact.as_ref().map(|f| &f.id),
                first.fact.as_ref().map(|f| &f.id)
            );
            assert_eq!(again.score, first.score);
        }
    }

    #[test]
    fn hostile_input_never_panics() {
        let long = "stoltenberg ".repeat(10_000);
        let unspaced = "ภาษาไทย".repeat(300);
        let inputs = [
            "\u{0}\u{1}\u{7f}\u{1b}[31m",
            "🦀🦀🦀 🇺🇦",
            "\u{202E}gninaem\u{202C} من قال ذلك",
            "e\u{301}\u{302}\u{303}\u{304}",
            "ผู้ใหญ่บ้าน",
            "'''\"\"\"",
            long.as_str(),
            unspaced.as_str(),
        ];
        for q in inputs {
            let a = engine().ask(q);
            assert!((0.0..=1.0).contains(&a.score));
            let _ = engine().check(q);
            let _ = engine().suggest(q, 25);
        }
    }

    #[test]
    fn truncate_respects_char_boundaries() {
        assert_eq!(truncate_chars("héllo", 2), "hé");
        assert_eq!(truncate_chars("🦀🦀", 1), "🦀");
        assert_eq!(truncate_chars("ab", 5), "ab");
    }

    #[test]
    fn suggest_is_never_empty_and_respects_limit() {
        let e = engine();
        let first = e.suggest("", 25);
        assert_eq!(first.len(), 25);
        let typed = e.suggest("who is", 25);
        assert!(!typed.is_empty() && typed.len() <= 25);
        assert!(typed[0].to_lowercase().contains("who is"), "{:?}", typed[0]);
        assert_eq!(e.suggest("zzzzqqq", 5).len(), 5);
    }

    #[test]
    fn handle_swaps_engines_without_disturbing_holders() {
        let a = Engine::load(None, Options::default()).unwrap();
        let handle = EngineHandle::new(a.clone());
        let held = handle.current();
        let b = Engine::load(
            None,
            Options {
                min_confidence: Some(0.9),
                ..Options::default()
            },
        )
        .unwrap();
        handle.replace(b);
        assert_eq!(held.options().min_confidence, None);
        assert_eq!(handle.current().options().min_confidence, Some(0.9));
    }
}
