//! Training questions for the answer confidence, made from the knowledge folder: left-out
//! example questions (positives), decoys made from them, curated `not_answered` questions and
//! general off-topic questions (negatives). See the module above for why.

use crate::analysis::{Analyzer, Token};
use crate::answer::question::Specific;
use crate::answer::{Answerer, Candidate};
use crate::knowledge::{EntityKind, Knowledge};
use crate::language::AnswerType;
use crate::retrieval::Index;

use super::MAX_POSITIVES;

/// General questions that no article answers, from the language data.
const OFF_TOPIC: &str = include_str!("../../language/offtopic.txt");

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A curated example question, left out: this fact answers it.
    Positive { fact: usize },
    /// An example question with a specific swapped for one the fact does not state.
    Decoy { from_fact: usize, what: String },
    /// A curator's `not_answered` question of this fact.
    NotAnswered { fact: usize },
    /// A general question about something else entirely.
    OffTopic,
}

#[derive(Debug, Clone)]
pub struct TrainingQuestion {
    pub text: String,
    pub kind: Kind,
    pub left_out: Option<usize>,
    /// The best-ranked facts, verified.
    pub candidates: Vec<Candidate>,
    /// Per candidate: whether it answers the question (`None`: unknown, not used for fitting).
    pub labels: Vec<Option<bool>>,
}

impl TrainingQuestion {
    pub fn is_positive(&self) -> bool {
        matches!(self.kind, Kind::Positive { .. })
    }

    /// Whether no fact answers the question: a negative whose every candidate is known not to
    /// (a decoy some candidate might answer after all is neither positive nor negative).
    pub fn is_negative(&self) -> bool {
        !self.is_positive() && self.labels.iter().all(|l| *l == Some(false))
    }

    /// Whether the most confident candidate answers the question.
    pub fn best_is_right(&self) -> bool {
        self.labels.first().copied().flatten() == Some(true)
    }

    /// Orders candidates (and their labels) most confident first, as answering does.
    pub fn sort_candidates(&mut self) {
        let mut pairs: Vec<(Candidate, Option<bool>)> = self
            .candidates
            .drain(..)
            .zip(self.labels.drain(..))
            .collect();
        pairs.sort_by(|a, b| {
            b.0.confidence
                .total_cmp(&a.0.confidence)
                .then(b.0.ranked.score.total_cmp(&a.0.ranked.score))
                .then(a.0.ranked.fact.cmp(&b.0.ranked.fact))
        });
        for (c, l) in pairs {
            self.candidates.push(c);
            self.labels.push(l);
        }
    }
}

/// A deterministic pick among `n` choices for the `i`-th question.
fn pick(i: usize, salt: usize, n: usize) -> usize {
    ((i.wrapping_mul(2654435761) ^ salt.wrapping_mul(40503)) >> 3) % n.max(1)
}

/// Kinds of answer a decoy may ask for instead. Not "why": a fact often gives its reason without
/// a marker word ("bases used to launch strikes"), so "why" of a fact that seems to give none
/// is not reliably a question it does not answer.
const WH_FOR: [(AnswerType, &str); 4] = [
    (AnswerType::Time, "when"),
    (AnswerType::Place, "where"),
    (AnswerType::Quantity, "how many"),
    (AnswerType::Agent, "who"),
];

const WH_WORDS: [&str; 7] = ["who", "what", "when", "where", "why", "how", "which"];

pub fn training_questions(
    k: &Knowledge,
    an: &Analyzer,
    index: &Index,
    answerer: &Answerer,
) -> Vec<TrainingQuestion> {
    let mut out = Vec::new();
    let total = index.example_count();
    let step = total.div_ceil(MAX_POSITIVES).max(1);
    let pools = entity_pools(k);
    let concrete = concrete_nouns(an, index);
    // Read in step, not collected: a list of every example question is 12 MB at 100,000 facts.
    for (e, text) in k.example_questions().enumerate().take(total).step_by(step) {
        let fact = index.example_fact(e);
        let q = answerer.read(text, an, index, Some(e));
        let candidates = answerer.candidates(&q, k, an, index, Some(e));
        let labels = candidates
            .iter()
            .map(|c| Some(k.quotes_overlap(c.ranked.fact, fact)))
            .collect();
        out.push(TrainingQuestion {
            text: text.to_string(),
            kind: Kind::Positive { fact },
            left_out: Some(e),
            candidates,
            labels,
        });

        let words: Vec<String> = q.analyzed.tokens.iter().map(|t| t.word.clone()).collect();
        // The same question in other words: one word swapped for an English synonym the
        // knowledge does not use, as people who never saw the example would write it.
        if let Some((pos, synonym)) = paraphrase(an, index, &q.analyzed, e) {
            let mut w = words.clone();
            w[pos] = synonym;
            let text = w.join(" ");
            let q = answerer.read(&text, an, index, Some(e));
            let candidates = answerer.candidates(&q, k, an, index, Some(e));
            let labels = candidates
                .iter()
                .map(|c| Some(k.quotes_overlap(c.ranked.fact, fact)))
                .collect();
            out.push(TrainingQuestion {
                text,
                kind: Kind::Positive { fact },
                left_out: Some(e),
                candidates,
                labels,
            });
        }
        // Another kind of answer than the fact gives.
        let gives = answerer.gives(fact);
        let missing: Vec<&(AnswerType, &str)> =
            WH_FOR.iter().filter(|(t, _)| !gives.has(*t)).collect();
        if !missing.is_empty() {
            let (t, wh) = *missing[pick(e, 1, missing.len())];
            let mut w = words.clone();
            match w.iter().position(|x| WH_WORDS.contains(&x.as_str())) {
                Some(i) => {
                    // "how many": drop the word after "how" too.
                    if w[i] == "how" && i + 1 < w.len() {
                        w.remove(i + 1);
                    }
                    w[i] = wh.to_string();
                }
                None => w.insert(0, wh.to_string()),
            }
            out.push(decoy(
                k,
                an,
                index,
                answerer,
                e,
                fact,
                w.join(" "),
                |c| !answerer.gives(c).has(t),
                format!("asks {}", t.as_str()),
            ));
        }
        // Another person, place or country than the fact names; or a time it does not give.
        let entity = q
            .constraints
            .iter()
            .find(|c| matches!(c.kind, Specific::Entity(_)));
        if let Some(con) = entity {
            let Specific::Entity(kind) = con.kind else {
                unreachable!()
            };
            let pool = &pools[kind_index(kind)];
            // A few deterministic tries, never a scan of the whole pool: on a folder with
            // thousands of people, every decoy would otherwise read every name.
            let option = (0..8)
                .map(|attempt| {
                    &pool[pick(e, 2 + attempt * 31, pool.len().max(1)) % pool.len().max(1)]
                })
                .find(|name| !pool.is_empty() && !states_name(an, index, fact, name));
            if let Some(name) = option.cloned() {
                let mut w = words.clone();
                w[con.token] = name.to_lowercase();
                let what = format!("names {name}");
                out.push(decoy(
                    k,
                    an,
                    index,
                    answerer,
                    e,
                    fact,
                    w.join(" "),
                    |c| !states_name(an, index, c, &name),
                    what,
                ));
            }
        } else {
            let extra = if pick(e, 3, 2) == 0 {
                format!("in {}", 1990 + pick(e, 4, 30))
            } else {
                let months = [
                    "january",
                    "february",
                    "march",
                    "april",
                    "june",
                    "august",
                    "september",
                    "october",
                    "november",
                    "december",
                ];
                format!("in {}", months[pick(e, 5, months.len())])
            };
            if !states_name(an, index, fact, &extra) {
                let text = format!("{} {extra}", words.join(" "));
                let what = format!("adds \"{extra}\"");
                out.push(decoy(
                    k,
                    an,
                    index,
                    answerer,
                    e,
                    fact,
                    text,
                    |c| !states_name(an, index, c, &extra),
                    what,
                ));
            }
        }
        // A concrete thing, person, place or amount no fact mentions, in place of the question's
        // last content word: "what did X say about the tanks".
        if let Some(pos) = q.analyzed.tokens.iter().rposition(|t| {
            t.kind == crate::analysis::Kind::Content && an.entity_kind(&t.term).is_none()
        }) {
            let noun = &concrete[pick(e, 6, concrete.len().max(1)) % concrete.len().max(1)];
            if !concrete.is_empty() {
                let mut w = words.clone();
                w[pos] = noun.clone();
                let what = format!("about \"{noun}\"");
                out.push(decoy(
                    k,
                    an,
                    index,
                    answerer,
                    e,
                    fact,
                    w.join(" "),
                    |_| true,
                    what,
                ));
            }
        }
    }
    for (fi, f) in k.facts().iter().enumerate() {
        for text in &f.not_answered {
            out.push(negative(
                k,
                an,
                index,
                answerer,
                text,
                Kind::NotAnswered { fact: fi },
            ));
        }
    }
    for line in OFF_TOPIC.lines().map(str::trim) {
        if !line.is_empty() && !line.starts_with('#') {
            out.push(negative(k, an, index, answerer, line, Kind::OffTopic));
        }
    }
    out
}

/// A content word of the question (not a name) with a one-word English synonym no fact uses:
/// (its position, the synonym).
fn paraphrase(
    an: &Analyzer,
    index: &Index,
    q: &crate::analysis::Analyzed,
    e: usize,
) -> Option<(usize, String)> {
    let th = an.thesaurus();
    let options: Vec<(usize, String)> = q
        .tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| {
            t.kind == crate::analysis::Kind::Content
                && !t.word.contains(' ')
                && an.entity_kind(&t.term).is_none()
        })
        .filter_map(|(i, t)| {
            let key = an.english_key(&t.word)?;
            let synonym = th.synonyms(&key).iter().map(|&id| th.name(id)).find(|s| {
                !s.contains(' ')
                    && *s != key
                    && an
                        .analyze(s)
                        .content()
                        .all(|x| !index.knows(x) && x.synonyms.iter().any(|y| y == &t.term))
            })?;
            Some((i, synonym.to_string()))
        })
        .collect();
    if options.is_empty() {
        return None;
    }
    Some(options[pick(e, 7, options.len())].clone())
}

/// Whether fact `fact` states every content word of `name` (as its article reads them).
fn states_name(an: &Analyzer, index: &Index, fact: usize, name: &str) -> bool {
    let a = an.analyze(name);
    let content: Vec<&Token> = a
        .tokens
        .iter()
        .filter(|t| t.kind != crate::analysis::Kind::Stop)
        .collect();
    !content.is_empty() && content.iter().all(|t| index.fact_states(fact, t, None))
}

#[allow(clippy::too_many_arguments)]
fn decoy(
    k: &Knowledge,
    an: &Analyzer,
    index: &Index,
    answerer: &Answerer,
    e: usize,
    fact: usize,
    text: String,
    wrong: impl Fn(usize) -> bool,
    what: String,
) -> TrainingQuestion {
    let q = answerer.read(&text, an, index, Some(e));
    let candidates = answerer.candidates(&q, k, an, index, Some(e));
    // A candidate that does state the swapped-in specific might answer: not used.
    let labels = candidates
        .iter()
        .map(|c| wrong(c.ranked.fact).then_some(false))
        .collect();
    TrainingQuestion {
        text,
        kind: Kind::Decoy {
            from_fact: fact,
            what,
        },
        left_out: Some(e),
        candidates,
        labels,
    }
}

fn negative(
    k: &Knowledge,
    an: &Analyzer,
    index: &Index,
    answerer: &Answerer,
    text: &str,
    kind: Kind,
) -> TrainingQuestion {
    let q = answerer.read(text, an, index, None);
    let candidates = answerer.candidates(&q, k, an, index, None);
    let labels = vec![Some(false); candidates.len()];
    TrainingQuestion {
        text: text.to_string(),
        kind,
        left_out: None,
        candidates,
        labels,
    }
}

fn kind_index(kind: EntityKind) -> usize {
    match kind {
        EntityKind::Person => 0,
        EntityKind::Place => 1,
        EntityKind::Organisation => 2,
        EntityKind::Country => 3,
        EntityKind::Thing => 4,
    }
}

/// Names to swap in, per entity kind: every article's entities, and the language's countries
/// and cities.
fn entity_pools(k: &Knowledge) -> [Vec<String>; 5] {
    let mut pools: [Vec<String>; 5] = Default::default();
    for s in k.sources() {
        for e in &s.entities.entities {
            pools[kind_index(e.kind)].push(e.name.clone());
        }
    }
    for c in &k.language().categories {
        let kind = match c.name.as_str() {
            "country" => EntityKind::Country,
            "city" => EntityKind::Place,
            _ => continue,
        };
        pools[kind_index(kind)].extend(c.values.iter().map(|v| v[0].clone()));
    }
    for p in &mut pools {
        p.sort();
        p.dedup();
    }
    pools
}

/// Common English nouns for concrete things, people, places, amounts and times (from the general
/// language data) that no fact uses: what a near miss asks about that the article never names.
fn concrete_nouns(an: &Analyzer, index: &Index) -> Vec<String> {
    /// Enough variety for the decoys, few enough to keep the list cheap to build.
    const COUNT: usize = 400;
    let th = an.thesaurus();
    let mut nouns: Vec<(u32, String)> = th
        .all_entries()
        .filter(|e| {
            e.pos() == crate::language::thesaurus::Pos::Noun
                && e.class().is_concrete()
                && e.tags() >= 5
                && !e.lemma().contains([' ', '-'])
        })
        .map(|e| (e.tags(), e.lemma().to_string()))
        .filter(|(_, l)| {
            let a = an.analyze(l);
            a.content().count() == 1 && a.content().all(|t| !index.knows(t))
        })
        .collect();
    nouns.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    nouns.dedup_by(|a, b| a.1 == b.1);
    nouns.into_iter().take(COUNT).map(|(_, l)| l).collect()
}
