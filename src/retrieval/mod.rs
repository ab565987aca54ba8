//! Finding the facts a question or claim is about: an inverted index from terms to the facts
//! and example questions that use them, and the measures a candidate is scored by.
//!
//! A fact is described by the terms of its own text (quote, answer, keywords, speaker: its
//! "bag") and, separately, by each of its curated example questions. A text is scored against a
//! fact by measures each weighted by how rare a term is across facts (IDF):
//! - coverage: how much of the text's meaning the fact's bag holds. Terms the knowledge never
//!   uses count against it at full weight, which is what makes off-topic questions abstain;
//! - example similarity: weighted overlap with the closest example question, which carries
//!   phrasing the article itself does not use ("who's the NATO boss");
//! - precision: how much of the fact's own text the question touches.
//!
//! Only facts that share a term with the text are ever looked at (postings), so the cost of a
//! question grows with how common its words are, not with the size of the knowledge.
//!
//! This layer belongs to neither answering nor fact-checking: both rank facts through it.

mod postings;
pub(crate) mod rows;
mod scratch;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::analysis::{phrase_stems, Analyzed, Analyzer, FactReading, SourceIdx, Token};
use crate::knowledge::{Conflict, EntityKind, Fact, Knowledge};

use self::postings::{Dense, ExampleBits, Lists, Posting};
use self::rows::{Rows, TextRows};
use self::scratch::Scratch;

/// Candidates within this distance of the best are offered as "did you mean" alternatives.
pub const ALTERNATIVE_MARGIN: f64 = 0.06;

/// How the base score mixes its parts. Coverage and example similarity carry it; precision (how
/// much of the fact's own quote and answer the question touches) breaks ties in favour of the
/// focused fact over the broad one.
const COVERAGE_WEIGHT: f64 = 0.45;
const EXAMPLE_WEIGHT: f64 = 0.45;
const PRECISION_WEIGHT: f64 = 0.10;
/// Added to an example's similarity when it asks with the same question word ("when" for "when").
const WH_BONUS: f64 = 0.08;
const FIRST_TERM_BOOST: f64 = 1.3;
/// Weight in a fact's bag of the words inside its alias phrases ("french" in "French President").
const INNER_WEIGHT: f32 = 0.8;
/// Weight in a fact's bag of a term only its example questions use.
const EXAMPLE_TERM_WEIGHT: f32 = 0.8;
/// Relative weight of an alias's surface form next to its canonical term.
const SURFACE_WEIGHT: f64 = 0.5;

/// A term in more facts than this is "common": it only adds to candidates rarer terms found.
const COMMON_POSTINGS: usize = 2000;
/// At most this many facts are scored for one text. Only a text made entirely of words that
/// thousands of facts use reaches it, and then which facts make the cut is already arbitrary
/// (the first ones of its rarest word's list), so a larger cap buys time, not answers: at
/// 100,000 generated facts, 4,000 gave an ask p99 of 1.2-1.4 ms, 2,000 gives 0.6 ms.
const MAX_TOUCHED: usize = 2000;
/// At most this many candidates are returned, best first.
pub const MAX_RANKED: usize = 64;

/// Question words whose agreement with an example question is a hint about the expected answer
/// (a person for "who", a day for "when").
const WH: [&str; 7] = ["who", "what", "when", "where", "why", "how", "which"];

const QUANTITY_WORDS: [&str; 16] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "hundred",
    "thousand", "million", "billion", "dozen", "single",
];

struct FactEntry {
    source: SourceIdx,
    /// Sum of the IDF of the terms of the fact's own text.
    norm: f64,
    /// Its example questions: a range of [`Index::examples`].
    examples: std::ops::Range<u32>,
    /// Whether the quote states a number or amount ("two-day", "2024").
    has_quantity: bool,
    /// Which of [`MEASURES`] the quote uses, as bits.
    measures: u8,
    /// Terms of the sentence around the quote that the bag lacks, sorted: a reply shows that
    /// sentence, so a question's specific it states is answered.
    context: Box<[u32]>,
}

/// What scoring reads of an example question. Kept to 16 bytes: a question made of common
/// words reads it for tens of thousands of examples, and its terms and text live apart
/// ([`Index::example_terms`], [`Index::example_text`]).
#[derive(Clone, Copy)]
struct Example {
    weight: f64,
    fact: u32,
    /// Its question word, as a position in [`WH`].
    wh: Option<u8>,
}

pub struct Index {
    term_ids: HashMap<String, u32>,
    idf: Vec<f64>,
    unknown_weight: f64,
    facts: Vec<FactEntry>,
    examples: Vec<Example>,
    /// Per example question: its distinct canonical terms, sorted.
    example_terms: Rows<u32>,
    /// Per example question: its words in order, for autocomplete.
    example_text: TextRows,
    /// Per term: the facts whose bag holds it, in fact order.
    postings: Lists,
    /// Constant-time lookups into the long posting lists, by term.
    dense: HashMap<u32, Dense>,
    /// People and countries no fact mentions.
    foreign: HashSet<String>,
}

/// The parts of one candidate's score, for explanations and for the verifier.
#[derive(Debug, Clone, Copy, Default)]
pub struct Parts {
    /// Share of the text's words the knowledge uses that the fact holds (IDF-weighted).
    pub coverage: f64,
    /// The part of `coverage` matched only through synonyms of the text's words.
    pub synonym: f64,
    /// Similarity to the closest example question.
    pub example: f64,
    /// The same, among example questions asked with the question's own question word.
    pub example_wh: f64,
    pub precision: f64,
}

/// A fact with its score for one text.
#[derive(Debug, Clone, Copy)]
pub struct Ranked {
    pub fact: usize,
    pub score: f64,
    pub parts: Parts,
}

/// The question word of a text, as a position in [`WH`].
fn wh_of(a: &Analyzed) -> Option<u8> {
    a.tokens
        .iter()
        .find_map(|t| WH.iter().position(|w| *w == t.word))
        .map(|i| i as u8)
}

/// Whether a text's words ([`crate::text::words`] of its normalised form) state an amount.
fn has_quantity(words: &[String]) -> bool {
    words
        .iter()
        .any(|w| w.bytes().any(|b| b.is_ascii_digit()) || QUANTITY_WORDS.contains(&w.as_str()))
}

/// The measure a question asks for ("how many", "how much", "how long"), if any.
fn asks_quantity(a: &Analyzed) -> Option<&str> {
    a.tokens.windows(2).find_map(|w| {
        (w[0].word == "how"
            && matches!(
                w[1].word.as_str(),
                "many" | "much" | "long" | "far" | "big" | "old" | "large" | "often"
            ))
        .then_some(w[1].word.as_str())
    })
}

/// One content word of a text, with every term it may stand for.
struct Slot {
    /// (term id, scope): the term counts only for facts of that article when scoped.
    alts: Vec<(u32, Option<SourceIdx>)>,
    /// Articles with a reading of their own for this word: the general one does not hold there.
    own_readings: Vec<SourceIdx>,
    /// Whether the word is matched only through its synonyms (the knowledge does not use it).
    synonym: bool,
    /// IDF weight (boosted for the first content word); unknown words at full weight.
    weight: f64,
    /// The same without the boost, for example similarity.
    raw: f64,
}

/// Measure words a "how ..." question asks with; a fact answers "how long" with a number or
/// with the measure word itself ("have long opposed").
const MEASURES: [&str; 8] = [
    "many", "much", "long", "far", "big", "old", "large", "often",
];

/// Builds an [`Index`] one fact at a time from each fact's reading ([`FactReading`]), so that a
/// large folder is read once and its per-fact readings need not all be held at once.
pub struct Builder {
    term_ids: HashMap<String, u32>,
    /// (term, posting) in the order added, made into [`Lists`] once all facts are in.
    postings: Vec<(u32, Posting)>,
    facts: Vec<FactEntry>,
    examples: Vec<Example>,
    example_terms: Rows<u32>,
    example_text: TextRows,
    /// Every term and plain word stem the facts' own texts use: a person or country the language
    /// knows that is not among them is foreign to the knowledge.
    mentioned: HashSet<String>,
}

/// One term of a fact's bag while it is built: (term, weight, examples using it, own text).
type BagEntry = (u32, f32, ExampleBits, bool);

impl Builder {
    pub fn new() -> Builder {
        Builder {
            term_ids: HashMap::default(),
            postings: Vec::new(),
            facts: Vec::new(),
            examples: Vec::new(),
            example_terms: Rows::default(),
            example_text: TextRows::default(),
            mentioned: HashSet::default(),
        }
    }

    /// The number of a term, as the finished index knows it (numbered now if new).
    pub fn term_id(&mut self, t: &str) -> u32 {
        self.intern(t)
    }

    fn intern(&mut self, t: &str) -> u32 {
        if let Some(&id) = self.term_ids.get(t) {
            return id;
        }
        let id = self.term_ids.len() as u32;
        self.term_ids.insert(t.to_string(), id);
        id
    }

    fn put(&mut self, bag: &mut Vec<BagEntry>, t: &str, w: f32) {
        let id = self.intern(t);
        match bag.iter_mut().find(|e| e.0 == id) {
            Some(e) => e.1 = e.1.max(w),
            None => bag.push((id, w, ExampleBits::default(), true)),
        }
    }

    /// Adds the next fact (facts must come in knowledge order).
    pub fn add(&mut self, an: &Analyzer, f: &Fact, r: &FactReading) {
        let fi = self.facts.len() as u32;
        let source = r.source;
        let mut bag: Vec<BagEntry> = Vec::new();
        let own: Vec<&Analyzed> = [&r.quote, &r.answer]
            .into_iter()
            .chain(&r.keywords)
            .chain(&r.speaker)
            .collect();
        for a in &own {
            for t in a.content() {
                self.put(&mut bag, &t.term, 1.0);
            }
        }
        // The words inside an alias phrase still say something: "French President" is Macron,
        // and also French.
        for a in [&r.quote, &r.answer] {
            for t in a.content() {
                for inner in an.inner_terms(t, source) {
                    self.put(&mut bag, &inner, INNER_WEIGHT);
                }
            }
        }
        // Most of these are already in the set: a borrowed one is copied only when it is not.
        let mentioned = &mut self.mentioned;
        let mut mention = |term: std::borrow::Cow<str>| {
            if !mentioned.contains(term.as_ref()) {
                mentioned.insert(term.into_owned());
            }
        };
        for a in [&r.quote, &r.answer].into_iter().chain(&r.speaker) {
            for t in a.tokens.iter() {
                if t.kind == crate::analysis::Kind::Content {
                    mention(t.term.as_str().into());
                    if let Some(s) = &t.surface {
                        mention(s.as_str().into());
                    }
                    for inner in an.inner_terms(t, source) {
                        mention(inner.into());
                    }
                }
                for w in t.word.split(' ') {
                    mention(crate::text::stem(w).into());
                }
            }
        }
        let first_example = self.examples.len() as u32;
        for (position, a) in r.questions.iter().enumerate() {
            // Canonical terms only: an example's alias spelling must not make it a worse match
            // for a question that names the same thing differently.
            let mut terms: Vec<u32> = a.content().map(|t| self.intern(&t.term)).collect();
            terms.sort_unstable();
            terms.dedup();
            // Example-question terms also describe the fact, a little more weakly.
            for &t in &terms {
                match bag.iter_mut().find(|e| e.0 == t) {
                    Some(e) => e.2.insert(position),
                    None => {
                        let mut examples = ExampleBits::default();
                        examples.insert(position);
                        bag.push((t, EXAMPLE_TERM_WEIGHT, examples, false));
                    }
                }
            }
            self.example_text
                .push_joined(a.tokens.iter().map(|t| t.word.as_str()), " ");
            self.example_terms.push(&terms);
            self.examples.push(Example {
                weight: 0.0,
                fact: fi,
                wh: wh_of(a),
            });
        }
        bag.sort_unstable_by_key(|e| e.0);
        let mut context: Vec<u32> = Vec::new();
        if let Some(a) = &r.context {
            for t in a.content() {
                let id = self.intern(&t.term);
                if bag.binary_search_by_key(&id, |e| e.0).is_err() {
                    context.push(id);
                }
            }
        }
        context.sort_unstable();
        context.dedup();
        for (t, weight, examples, own) in bag {
            self.postings.push((
                t,
                Posting {
                    fact: fi,
                    weight,
                    examples,
                    own,
                },
            ));
        }
        let quote_words = crate::text::words(&crate::text::normalize(&f.quote));
        let measures = MEASURES
            .iter()
            .enumerate()
            .filter(|(_, m)| quote_words.iter().any(|w| w == *m))
            .fold(0u8, |bits, (i, _)| bits | 1 << i);
        self.facts.push(FactEntry {
            source,
            norm: 0.0,
            examples: first_example..self.examples.len() as u32,
            has_quantity: has_quantity(&quote_words),
            measures,
            context: context.into_boxed_slice(),
        });
    }

    /// Weighs every term by how rare it is, now that all facts are in.
    pub fn finish(self, k: &Knowledge, an: &Analyzer) -> Index {
        let Builder {
            term_ids,
            postings,
            mut facts,
            mut examples,
            mut example_terms,
            mut example_text,
            mentioned,
        } = self;
        let postings = Lists::new(term_ids.len(), &postings);
        let n = facts.len().max(1) as f64;
        let idf: Vec<f64> = postings
            .iter()
            .map(|p| (1.0 + n / p.len().max(1) as f64).ln())
            .collect();
        let unknown_weight = idf.iter().cloned().fold(0.0, f64::max).max(1.0) * 1.2;
        for (t, list) in postings.iter().enumerate() {
            for p in list.iter().filter(|p| p.weight >= 1.0) {
                facts[p.fact as usize].norm += idf[t];
            }
        }
        for (i, e) in examples.iter_mut().enumerate() {
            e.weight = example_terms.get(i).iter().map(|&t| idf[t as usize]).sum();
        }
        example_terms.shrink_to_fit();
        example_text.shrink_to_fit();
        let dense = postings
            .iter()
            .enumerate()
            .filter_map(|(t, list)| Some((t as u32, Dense::of(list, facts.len())?)))
            .collect();
        let foreign = foreign_terms(k, an, &mentioned);
        Index {
            term_ids,
            idf,
            unknown_weight,
            facts,
            examples,
            example_terms,
            example_text,
            postings,
            dense,
            foreign,
        }
    }
}

impl Default for Builder {
    fn default() -> Self {
        Builder::new()
    }
}

impl Index {
    /// Builds the index of a knowledge folder, reading each fact once.
    pub fn new(k: &Knowledge, an: &Analyzer) -> Index {
        let mut b = Builder::new();
        for (i, f) in k.facts().iter().enumerate() {
            b.add(
                an,
                f,
                &an.read_fact(f, source_index(k, i), k.context_of(f).0),
            );
        }
        b.finish(k, an)
    }

    /// The text's distinct content words with their weights. Terms the knowledge never uses
    /// count in full (they are what the question is about, and no fact has them); an alias's
    /// surface form counts only when some fact uses it, since its meaning is already carried by
    /// the canonical term. The first content word, usually the question's subject ("is Scholz
    /// as keen as Macron"), weighs a little more.
    fn slots(&self, q: &Analyzed) -> Vec<Slot> {
        let mut slots: Vec<Slot> = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for t in q.content() {
            let boost = if seen.is_empty() {
                FIRST_TERM_BOOST
            } else {
                1.0
            };
            if !seen.contains(&t.term.as_str()) {
                seen.push(&t.term);
                let mut alts = self.alternatives(t);
                let synonym = alts.is_empty() && !t.synonyms.is_empty();
                if synonym {
                    alts.extend(
                        t.synonyms
                            .iter()
                            .filter_map(|s| self.term_ids.get(s))
                            .map(|&id| (id, None)),
                    );
                }
                let raw = alts
                    .iter()
                    .map(|&(id, _)| self.idf[id as usize])
                    .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x))))
                    .unwrap_or(self.unknown_weight);
                slots.push(Slot {
                    alts,
                    own_readings: t.scoped.iter().map(|(s, _)| *s).collect(),
                    synonym,
                    weight: raw * boost,
                    raw,
                });
            }
            if let Some(surface) = &t.surface {
                if !seen.contains(&surface.as_str()) {
                    seen.push(surface);
                    if let Some(&id) = self.term_ids.get(surface) {
                        let w = self.idf[id as usize] * SURFACE_WEIGHT;
                        slots.push(Slot {
                            alts: vec![(id, None)],
                            own_readings: Vec::new(),
                            synonym: false,
                            weight: w,
                            raw: w,
                        });
                    }
                }
            }
        }
        slots
    }

    /// The known terms a token may stand for: its general reading, and each article's own.
    fn alternatives(&self, t: &Token) -> Vec<(u32, Option<SourceIdx>)> {
        let mut alts = Vec::new();
        // The general reading holds in every article that has no reading of its own.
        if let Some(&id) = self.term_ids.get(&t.term) {
            alts.push((id, None));
        }
        for (s, term) in &t.scoped {
            if let Some(&id) = self.term_ids.get(term) {
                alts.push((id, Some(*s)));
            }
        }
        alts
    }

    /// Whether an alternative applies to a fact: an article's own reading of a word replaces the
    /// general one there ("Washington" is not the city in the NATO article), and holds nowhere
    /// else.
    fn applies(slot: &Slot, scope: Option<SourceIdx>, fact: &FactEntry) -> bool {
        match scope {
            Some(s) => s == fact.source,
            None => !slot.own_readings.contains(&fact.source),
        }
    }

    /// Facts with a positive score, best first. Ties keep knowledge order, so ranking is
    /// deterministic.
    pub fn rank(&self, q: &Analyzed) -> Vec<Ranked> {
        self.rank_excluding(q, None)
    }

    /// [`Index::rank`] as if example question `left_out` (an index into all example questions,
    /// in fact order) were not in the knowledge: how a question nobody wrote down fares.
    pub fn rank_excluding(&self, q: &Analyzed, left_out: Option<usize>) -> Vec<Ranked> {
        let slots = self.slots(q);
        let total: f64 = slots.iter().map(|s| s.weight).sum();
        let raw_total: f64 = slots.iter().map(|s| s.raw).sum();
        // Coverage as a measure is taken over the words the knowledge uses: words it never uses
        // are the verifier's business (a name, a thing, or just other wording), and weighing them
        // here would count them twice. The ranking score keeps them, so that a text mostly made
        // of unknown words ranks nothing high.
        let known_total: f64 = slots
            .iter()
            .filter(|s| !s.alts.is_empty())
            .map(|s| s.weight)
            .sum();
        if total == 0.0 {
            return Vec::new();
        }
        // A question about a person or country that no source mentions ("what did Zelensky
        // say") is not answered by facts about the people the article does mention.
        let foreign = q.content().any(|t| self.foreign.contains(&t.term));
        let wh = wh_of(q);
        let quantity = asks_quantity(q);
        // Rarest words first: they choose the candidates. A word so common that its posting list
        // is long only adds to facts already found, looked up one by one, so a question costs
        // what its rare words cost however large the knowledge grows.
        let mut order: Vec<usize> = (0..slots.len()).collect();
        order.sort_by(|&a, &b| slots[b].raw.total_cmp(&slots[a].raw).then(a.cmp(&b)));
        Scratch::with(self.facts.len(), self.examples.len(), |sc| {
            for &si in &order {
                let slot = &slots[si];
                for &(id, scope) in &slot.alts {
                    let list = self.postings.get(id);
                    let idf = self.idf[id as usize];
                    let applies =
                        |p: &Posting| Self::applies(slot, scope, &self.facts[p.fact as usize]);
                    // A term only the left-out example gave this fact is not in it.
                    let skip = |p: &Posting| {
                        !applies(p) || left_out.is_some_and(|e| self.only_from(p, id, e))
                    };
                    let share = |sc: &mut Scratch, p: &Posting| {
                        for ei in self.examples_using(p, id) {
                            if left_out != Some(ei as usize) {
                                sc.example_shared(si, ei, slot.raw);
                            }
                        }
                    };
                    if list.len() > COMMON_POSTINGS && !sc.touched_facts().is_empty() {
                        let dense = self.dense.get(&id);
                        for i in 0..sc.touched_facts().len() {
                            let fi = sc.touched_facts()[i];
                            let Some(p) = postings::find(list, dense, fi) else {
                                continue;
                            };
                            if !skip(p) {
                                sc.slot_best(si, p.fact, p.weight as f64, idf);
                            }
                            if applies(p) {
                                share(sc, p);
                            }
                        }
                        continue;
                    }
                    // Postings come in fact order: once the cap is reached on a list that found
                    // every candidate so far, no later posting can be one of them.
                    let fresh = sc.is_empty();
                    for p in list {
                        if skip(p) {
                            continue;
                        }
                        if !sc.may_add(p.fact, MAX_TOUCHED) {
                            if fresh {
                                break;
                            }
                            continue;
                        }
                        sc.slot_best(si, p.fact, p.weight as f64, idf);
                        share(sc, p);
                    }
                }
                sc.end_slot(slot.weight, slot.synonym);
            }
            let mut out = Vec::new();
            for &fi in sc.touched_facts() {
                let f = &self.facts[fi as usize];
                let (covered, own, by_synonym) = sc.fact_sums(fi);
                let coverage = covered / total;
                let known_coverage = if known_total > 0.0 {
                    covered / known_total
                } else {
                    0.0
                };
                let precision = if f.norm > 0.0 {
                    (own / f.norm).min(1.0)
                } else {
                    0.0
                };
                let (mut example, mut example_wh, mut lifted) = (0.0f64, 0.0f64, 0.0f64);
                for ei in f.examples.clone() {
                    let shared = sc.example_sum(ei);
                    if shared == 0.0 {
                        continue;
                    }
                    let e = &self.examples[ei as usize];
                    let sim = 2.0 * shared / (raw_total + e.weight);
                    example = example.max(sim);
                    if wh.is_some() && e.wh == wh {
                        example_wh = example_wh.max(sim);
                        lifted = lifted.max(sim + WH_BONUS);
                    }
                }
                let lifted = lifted.max(example);
                if coverage == 0.0 {
                    continue;
                }
                let mut score = COVERAGE_WEIGHT * coverage
                    + EXAMPLE_WEIGHT * lifted
                    + PRECISION_WEIGHT * precision;
                // "How long..." is answered by a number, or by the measure itself ("have long
                // opposed").
                let says = |m: &str| {
                    MEASURES
                        .iter()
                        .position(|x| *x == m)
                        .is_some_and(|i| f.measures & (1 << i) != 0)
                };
                if quantity.is_some_and(|m| !f.has_quantity && !says(m)) {
                    score *= 0.5;
                }
                if foreign {
                    score *= 0.5;
                }
                out.push(Ranked {
                    fact: fi as usize,
                    score: score.clamp(0.0, 1.0),
                    parts: Parts {
                        coverage: known_coverage,
                        synonym: if known_total > 0.0 {
                            by_synonym / known_total
                        } else {
                            0.0
                        },
                        example,
                        example_wh,
                        precision,
                    },
                });
            }
            let by_score =
                |a: &Ranked, b: &Ranked| b.score.total_cmp(&a.score).then(a.fact.cmp(&b.fact));
            if out.len() > MAX_RANKED {
                out.select_nth_unstable_by(MAX_RANKED, by_score);
                out.truncate(MAX_RANKED);
            }
            out.sort_by(by_score);
            out
        })
    }

    /// Whether any fact uses this term.
    /// The number of a term the knowledge uses.
    pub fn term_id(&self, term: &str) -> Option<u32> {
        self.term_ids.get(term).copied()
    }

    pub fn knows_term(&self, term: &str) -> bool {
        self.term_ids.contains_key(term)
    }

    /// Whether any fact uses this token, in any article's reading.
    pub fn knows(&self, t: &Token) -> bool {
        self.knows_excluding(t, None)
    }

    /// [`Index::knows`] as if example question `left_out` were not in the knowledge: a word only
    /// that example used is then a word the knowledge does not use.
    pub fn knows_excluding(&self, t: &Token, left_out: Option<usize>) -> bool {
        t.all_terms().any(|x| {
            let Some(&id) = self.term_ids.get(x) else {
                return false;
            };
            let Some(e) = left_out else {
                return true;
            };
            let p = self.postings.get(id);
            !(p.len() == 1 && self.only_from(&p[0], id, e))
        })
    }

    /// A person or country in the text that no source mentions, if any.
    pub fn foreign_entity<'a>(&self, q: &'a Analyzed) -> Option<&'a str> {
        q.content()
            .find(|t| self.foreign.contains(&t.term))
            .map(|t| t.word.as_str())
    }

    /// Share of the text's content (IDF-weighted; unknown terms in full) that fact `fi` states,
    /// leaving out the terms in `exclude`.
    pub fn coverage(
        &self,
        q: &Analyzed,
        fi: usize,
        exclude: &std::collections::HashSet<String>,
    ) -> f64 {
        let fact = &self.facts[fi];
        let mut total = 0.0;
        let mut covered = 0.0;
        let mut seen: Vec<&str> = Vec::new();
        for t in q.content() {
            let term = t.term_in(fact.source);
            if exclude.contains(term) || seen.contains(&term) {
                continue;
            }
            seen.push(term);
            match self.term_ids.get(term) {
                Some(&id) => {
                    let w = self.idf[id as usize];
                    total += w;
                    covered += w * self.bag_weight(fi, id);
                }
                None => total += self.unknown_weight,
            }
        }
        if total == 0.0 {
            0.0
        } else {
            covered / total
        }
    }

    /// Whether fact `fi` states what token `t` stands for (in the fact's article's reading), in its
    /// own text or its example questions; `left_out` as in [`Index::rank_excluding`].
    pub fn fact_states(&self, fi: usize, t: &Token, left_out: Option<usize>) -> bool {
        let fact = &self.facts[fi];
        let Some(&id) = self.term_ids.get(t.term_in(fact.source)) else {
            return false;
        };
        match self.posting(id, fi as u32) {
            // A term only the left-out example gave this fact is not in it.
            Some(p) => !left_out.is_some_and(|e| self.only_from(p, id, e)),
            None => fact.context.binary_search(&id).is_ok(),
        }
    }

    /// The article (scope) a fact belongs to.
    pub fn fact_source(&self, fi: usize) -> SourceIdx {
        self.facts[fi].source
    }

    /// The example questions of a fact, as indices into all example questions.
    pub fn examples_of(&self, fi: usize) -> std::ops::Range<usize> {
        let r = &self.facts[fi].examples;
        r.start as usize..r.end as usize
    }

    /// Whether some article's text or example questions use the term.
    pub fn is_foreign(&self, t: &Token) -> bool {
        self.foreign.contains(&t.term)
    }

    /// Weight of term `id` in fact `fi`'s bag (0 when absent).
    fn bag_weight(&self, fi: usize, id: u32) -> f64 {
        self.posting(id, fi as u32).map_or(0.0, |p| p.weight as f64)
    }

    /// Fact `fi`'s posting for term `id`, when its bag holds the term.
    fn posting(&self, id: u32, fi: u32) -> Option<&Posting> {
        postings::find(self.postings.get(id), self.dense.get(&id), fi)
    }

    /// The example questions of `p`'s fact that use term `id`, as indices into all examples.
    fn examples_using(&self, p: &Posting, id: u32) -> impl Iterator<Item = u32> + '_ {
        let range = &self.facts[p.fact as usize].examples;
        let start = range.start;
        let late = if p.examples.spills() {
            start + ExampleBits::spill_start() as u32..range.end
        } else {
            0..0
        };
        p.examples
            .listed()
            .map(move |i| start + i as u32)
            .chain(late.filter(move |&ei| {
                self.example_terms
                    .get(ei as usize)
                    .binary_search(&id)
                    .is_ok()
            }))
    }

    /// Whether `p` holds term `id` only because example question `example` (an index into all
    /// examples) uses it: leaving that example out leaves the fact without the term.
    fn only_from(&self, p: &Posting, id: u32, example: usize) -> bool {
        let e = &self.examples[example];
        if e.fact != p.fact || p.own {
            return false;
        }
        let position = example - self.facts[p.fact as usize].examples.start as usize;
        p.examples.only(position)
            && (position < ExampleBits::spill_start()
                || self.examples_using(p, id).eq([example as u32]))
    }

    /// Example questions for autocomplete: those containing what was typed (in order of how early
    /// it appears), then those sharing its terms, then the rest in knowledge order.
    pub fn suggest(
        &self,
        an: &Analyzer,
        facts: &[std::sync::Arc<Fact>],
        partial: &str,
        limit: usize,
    ) -> Vec<String> {
        let a = an.analyze(partial);
        let typed = a
            .tokens
            .iter()
            .map(|t| t.word.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let q_terms: Vec<u32> = a
            .content()
            .filter_map(|t| self.term_ids.get(&t.term).copied())
            .collect();
        let mut scored: Vec<(u8, f64, usize)> = Vec::with_capacity(self.examples.len());
        for k in 0..self.examples.len() {
            let rank = if typed.is_empty() {
                (2, 0.0)
            } else if let Some(pos) = self.example_text.get(k).find(&typed) {
                (0, -(pos as f64))
            } else {
                let shared: f64 = q_terms
                    .iter()
                    .filter(|t| self.example_terms.get(k).binary_search(t).is_ok())
                    .map(|&t| self.idf[t as usize])
                    .sum();
                if shared > 0.0 {
                    (1, shared)
                } else {
                    (2, 0.0)
                }
            };
            scored.push((rank.0, rank.1, k));
        }
        scored.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2)));
        let mut out: Vec<String> = Vec::new();
        for (_, _, k) in scored {
            let e = &self.examples[k];
            let first = self.facts[e.fact as usize].examples.start as usize;
            let q = &facts[e.fact as usize].questions[k - first];
            if !out.iter().any(|o| o.eq_ignore_ascii_case(q)) {
                out.push(q.to_string());
            }
            if out.len() == limit {
                break;
            }
        }
        out
    }

    /// How many example questions there are (for leave-one-out).
    pub fn example_count(&self) -> usize {
        self.examples.len()
    }

    /// The fact an example question belongs to.
    pub fn example_fact(&self, example: usize) -> usize {
        self.examples[example].fact as usize
    }
}

/// People and countries the language or an article knows of that no fact mentions: a text about
/// them is about something the sources do not cover.
fn foreign_terms(k: &Knowledge, an: &Analyzer, mentioned: &HashSet<String>) -> HashSet<String> {
    let mut foreign = HashSet::default();
    for c in k
        .lexicon()
        .categories
        .iter()
        .filter(|c| c.conflict != Conflict::Always)
    {
        for value in &c.values {
            let terms: Vec<String> = value
                .iter()
                .filter_map(|spelling| {
                    let a = an.analyze(spelling);
                    let toks: Vec<&Token> = a.content().collect();
                    (toks.len() == 1).then(|| toks[0].term.clone())
                })
                .collect();
            let plain: Vec<String> = value.iter().map(|s| phrase_stems(s).join(" ")).collect();
            // A value is foreign when none of its spellings is mentioned; then all of them are.
            if !terms.iter().chain(&plain).any(|t| mentioned.contains(t)) {
                foreign.extend(terms.into_iter().filter(|t| {
                    an.entity_kind(t)
                        .is_none_or(|kind| kind != EntityKind::Thing)
                }));
            }
        }
    }
    foreign
}

/// The scope of fact `i`: the index of the source it quotes.
pub fn source_index(k: &Knowledge, i: usize) -> SourceIdx {
    k.source_position(&k.facts()[i].source).unwrap_or(0) as SourceIdx
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder whose first fact has 20 example questions: past the 15 a posting lists one by
    /// one. "zebra" is used by late example 17 alone, "yak" by late examples 16 and 18, "lynx"
    /// by early example 2 alone.
    fn many_examples() -> (tempfile::TempDir, Knowledge) {
        let mut questions: Vec<String> = (0..20).map(|i| format!("council meeting {i}")).collect();
        questions[2] = "did the lynx council meet".into();
        questions[16] = "yak council".into();
        questions[17] = "zebra council".into();
        questions[18] = "yak meeting".into();
        let list = questions
            .iter()
            .map(|q| format!("{q:?}"))
            .collect::<Vec<_>>()
            .join(", ");
        let facts = format!(
                "[[fact]]\nid = \"council\"\nsource = \"a\"\nquote = \"The council met in Oslo\"\n\
                 answer = \"The council met in Oslo.\"\nquestions = [{list}]\n\n\
                 [[fact]]\nid = \"bridge\"\nsource = \"a\"\nquote = \"The mayor opened a bridge\"\n\
                 answer = \"The mayor opened a bridge.\"\nquestions = [\"what did the mayor open\"]\n"
            );
        let dir = crate::testutil::folder(&[
            (
                "sources/a.txt",
                "The council met in Oslo on Monday.\n\nThe mayor opened a bridge in Bergen.\n",
            ),
            (
                "sources.toml",
                "[[source]]\nid = \"a\"\ntitle = \"A\"\ndate = \"2024-01-01\"\nfile = \"sources/a.txt\"\n",
            ),
            ("facts/a.toml", &facts),
        ]);
        let p = dir.path();
        let k = Knowledge::load_dir(p).expect("valid folder");
        (dir, k)
    }

    #[test]
    fn leaving_out_the_only_example_with_a_word_removes_it_from_the_fact() {
        let (_dir, k) = many_examples();
        let an = Analyzer::new(&k);
        let index = Index::new(&k, &an);
        let first = index.examples_of(0).start;
        let token = |w: &str| an.analyze(w).content().next().unwrap().clone();
        for (word, only, other) in [("zebra", 17, 16), ("lynx", 2, 3)] {
            let t = token(word);
            assert!(index.knows(&t), "{word}");
            assert!(!index.knows_excluding(&t, Some(first + only)), "{word}");
            assert!(index.knows_excluding(&t, Some(first + other)), "{word}");
            assert!(index.fact_states(0, &t, None), "{word}");
            assert!(!index.fact_states(0, &t, Some(first + only)), "{word}");
            let q = an.analyze(word);
            assert!(index.rank(&q).iter().any(|r| r.fact == 0), "{word}");
            assert!(
                !index
                    .rank_excluding(&q, Some(first + only))
                    .iter()
                    .any(|r| r.fact == 0),
                "{word}"
            );
        }
        // Two late examples use "yak": leaving one out keeps it.
        let yak = token("yak");
        assert!(index.knows_excluding(&yak, Some(first + 16)));
        assert!(index.fact_states(0, &yak, Some(first + 18)));
    }

    #[test]
    fn late_examples_count_towards_example_similarity() {
        let (_dir, k) = many_examples();
        let an = Analyzer::new(&k);
        let index = Index::new(&k, &an);
        let best = |q: &str| {
            let r = index.rank(&an.analyze(q));
            r.iter().find(|r| r.fact == 0).map(|r| r.parts.example)
        };
        // "zebra council" is example 17, word for word.
        assert!(best("zebra council").unwrap() > 0.99);
        assert!(best("lynx council meet").unwrap() > 0.99);
    }
}
