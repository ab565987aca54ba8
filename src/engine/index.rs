//! Per-fact term statistics and the scoring that ranks facts for a question.
//!
//! A fact is described by the terms of its quote, answer, keywords and speaker (its "bag") and,
//! separately, by each of its curated example questions. A question scores against a fact by
//! two measures, each weighted by how rare a term is across facts (IDF):
//! - coverage: how much of the question's meaning the fact's bag contains. Terms the knowledge
//!   never uses count against it at full weight, which is what makes off-topic and near-miss
//!   questions ("what is Poland's position") abstain;
//! - example similarity: weighted overlap with the closest example question, which carries
//!   phrasing the article itself does not use ("who's the NATO boss").

use std::collections::HashMap;

use super::analyze::{Analyzed, Analyzer, Token};
use crate::knowledge::Knowledge;

/// Candidates within this distance of the best are offered as "did you mean" alternatives.
pub(crate) const ALTERNATIVE_MARGIN: f64 = 0.06;

/// How the final score mixes its parts. Coverage and example similarity carry it; precision (how
/// much of the fact's own quote and answer the question touches) breaks ties in favour of the
/// focused fact over the broad one.
const COVERAGE_WEIGHT: f64 = 0.45;
const EXAMPLE_WEIGHT: f64 = 0.45;
const PRECISION_WEIGHT: f64 = 0.10;
/// Added to an example's similarity when it asks with the same question word ("when" for "when").
const WH_BONUS: f64 = 0.08;
const FIRST_TERM_BOOST: f64 = 1.3;
/// Weight in a fact's bag of the words inside its alias phrases ("french" in "French President").
const INNER_WEIGHT: f64 = 0.8;
/// Relative weight of an alias's surface form next to its canonical term.
const SURFACE_WEIGHT: f64 = 0.5;

/// Question words whose agreement with an example question is a hint about the expected answer
/// (a person for "who", a day for "when").
const WH: [&str; 7] = ["who", "what", "when", "where", "why", "how", "which"];

struct FactTerms {
    bag: HashMap<u32, f64>,
    /// Sum of the IDF of the terms of the fact's own text (quote, answer, keywords, speaker).
    norm: f64,
    examples: Vec<Example>,
    /// Whether the quote states a number or amount ("two-day", "2024").
    has_quantity: bool,
    /// The quote's words, normalised.
    quote_words: Vec<String>,
}

struct Example {
    terms: Vec<u32>,
    weight: f64,
    wh: Option<&'static str>,
    /// Stemmed words in order, for autocomplete.
    text_norm: String,
}

pub(crate) struct Index {
    term_ids: HashMap<String, u32>,
    idf: Vec<f64>,
    unknown_weight: f64,
    facts: Vec<FactTerms>,
    /// People and countries the lexicon knows that no fact mentions.
    foreign: std::collections::HashSet<String>,
    /// Every example question with its fact index, in fact order, for autocomplete.
    suggestions: Vec<(usize, String)>,
}

fn wh_of(a: &Analyzed) -> Option<&'static str> {
    a.tokens
        .iter()
        .find_map(|t| WH.iter().find(|w| **w == t.word).copied())
}

const QUANTITY_WORDS: [&str; 16] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "hundred",
    "thousand", "million", "billion", "dozen", "single",
];

fn has_quantity(text: &str) -> bool {
    crate::text::words(&crate::text::normalize(text))
        .iter()
        .any(|w| w.bytes().any(|b| b.is_ascii_digit()) || QUANTITY_WORDS.contains(&w.as_str()))
}

/// Terms of the single words inside multi-word alias phrases of `text`.
fn inner_terms(an: &Analyzer, text: &str) -> Vec<String> {
    an.analyze(text)
        .content()
        .filter(|t| t.word.contains(' '))
        .flat_map(|t| {
            t.word
                .split(' ')
                .flat_map(|w| {
                    an.analyze(w)
                        .content_terms()
                        .map(str::to_string)
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>()
        })
        .collect()
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

impl Index {
    pub fn new(k: &Knowledge, an: &Analyzer) -> Index {
        let mut term_ids: HashMap<String, u32> = HashMap::new();
        let mut intern = |t: &str| -> u32 {
            let n = term_ids.len() as u32;
            *term_ids.entry(t.to_string()).or_insert(n)
        };
        let content = |text: &str| -> Vec<String> {
            an.analyze(text).content().map(|t| t.term.clone()).collect()
        };

        let mut raw_facts = Vec::new();
        for f in k.facts() {
            let mut bag: HashMap<u32, f64> = HashMap::new();
            let mut put = |terms: Vec<String>, w: f64, intern: &mut dyn FnMut(&str) -> u32| {
                for t in terms {
                    let id = intern(&t);
                    let e = bag.entry(id).or_insert(0.0);
                    *e = e.max(w);
                }
            };
            put(content(&f.quote), 1.0, &mut intern);
            put(content(&f.answer), 1.0, &mut intern);
            // The words inside an alias phrase still say something: "French President" is
            // Macron, and also French.
            put(inner_terms(an, &f.quote), INNER_WEIGHT, &mut intern);
            put(inner_terms(an, &f.answer), INNER_WEIGHT, &mut intern);
            for kw in &f.keywords {
                put(content(kw), 1.0, &mut intern);
            }
            if let Some(s) = &f.speaker {
                put(content(s), 1.0, &mut intern);
            }
            let mut examples = Vec::new();
            for q in &f.questions {
                let a = an.analyze(q);
                // Canonical terms only: an example's alias spelling must not make it a worse match
                // for a question that names the same thing differently.
                let mut terms: Vec<u32> = a.content().map(|t| intern(&t.term)).collect();
                terms.sort_unstable();
                terms.dedup();
                // Example-question terms also describe the fact, a little more weakly.
                for &t in &terms {
                    bag.entry(t).or_insert(0.8);
                }
                let text_norm = a
                    .tokens
                    .iter()
                    .map(|t| t.word.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                examples.push(Example {
                    terms,
                    weight: 0.0,
                    wh: wh_of(&a),
                    text_norm,
                });
            }
            raw_facts.push(FactTerms {
                bag,
                norm: 0.0,
                examples,
                has_quantity: has_quantity(&f.quote),
                quote_words: crate::text::words(&crate::text::normalize(&f.quote)),
            });
        }

        let n = raw_facts.len().max(1) as f64;
        let mut df = vec![0u32; term_ids.len()];
        for f in &raw_facts {
            for &t in f.bag.keys() {
                df[t as usize] += 1;
            }
        }
        let idf: Vec<f64> = df
            .iter()
            .map(|&d| (1.0 + n / d.max(1) as f64).ln())
            .collect();
        let unknown_weight = idf.iter().cloned().fold(0.0, f64::max).max(1.0) * 1.2;
        for f in &mut raw_facts {
            f.norm = f
                .bag
                .iter()
                .filter(|(_, &b)| b >= 1.0)
                .map(|(&t, _)| idf[t as usize])
                .sum();
            for e in &mut f.examples {
                e.weight = e.terms.iter().map(|&t| idf[t as usize]).sum();
            }
        }
        let suggestions = k
            .facts()
            .iter()
            .enumerate()
            .flat_map(|(i, f)| f.questions.iter().map(move |q| (i, q.clone())))
            .collect();
        // Everything the facts' own text names, as terms and as plain word stems.
        let mut mentioned: std::collections::HashSet<String> = std::collections::HashSet::new();
        for f in k.facts() {
            for text in [f.quote.as_str(), f.answer.as_str()]
                .into_iter()
                .chain(f.speaker.as_deref())
            {
                let a = an.analyze(text);
                mentioned.extend(a.content_terms().map(str::to_string));
                mentioned.extend(inner_terms(an, text));
                mentioned.extend(
                    a.tokens
                        .iter()
                        .flat_map(|t| t.word.split(' ').map(crate::text::stem).collect::<Vec<_>>()),
                );
            }
        }
        // A value is foreign when none of its spellings is mentioned; then all of them are.
        let mut foreign = std::collections::HashSet::new();
        for c in k
            .lexicon()
            .categories
            .iter()
            .filter(|c| c.conflict != crate::knowledge::Conflict::Always)
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
                let plain: Vec<String> = value
                    .iter()
                    .map(|s| crate::text::stem(&s.to_lowercase()))
                    .collect();
                if !terms.iter().chain(&plain).any(|t| mentioned.contains(t)) {
                    foreign.extend(terms);
                }
            }
        }
        Index {
            term_ids,
            idf,
            unknown_weight,
            facts: raw_facts,
            foreign,
            suggestions,
        }
    }

    /// Facts with a positive score, best first, as (fact index, score in [0, 1]). Ties keep
    /// knowledge order, so ranking is deterministic.
    pub fn rank(&self, q: &Analyzed) -> Vec<(usize, f64)> {
        self.rank_explained(q)
            .into_iter()
            .map(|(i, s, _)| (i, s))
            .collect()
    }

    /// [`Index::rank`] with each score's parts (coverage, example, precision), for `--explain`.
    pub fn rank_explained(&self, q: &Analyzed) -> Vec<(usize, f64, [f64; 3])> {
        let terms = self.query_terms(q);
        let total: f64 = terms.iter().map(|(_, w, _)| w).sum();
        let raw_total: f64 = terms.iter().map(|(_, _, raw)| raw).sum();
        if total == 0.0 {
            return Vec::new();
        }
        // A question about a person or country that no source mentions ("what did Zelensky
        // say") is not answered by facts about the people the article does mention.
        let foreign = q.content().any(|t| self.foreign.contains(&t.term));
        let wh = wh_of(q);
        let quantity = asks_quantity(q);
        let mut out = Vec::new();
        for (i, f) in self.facts.iter().enumerate() {
            let mut covered = 0.0;
            let mut own = 0.0;
            for &(id, w, _) in &terms {
                if let Some(b) = id.and_then(|id| f.bag.get(&id)) {
                    covered += w * b;
                    if *b >= 1.0 {
                        own += self.idf[id.unwrap_or_default() as usize];
                    }
                }
            }
            if covered == 0.0 {
                continue;
            }
            let coverage = covered / total;
            let precision = if f.norm > 0.0 {
                (own / f.norm).min(1.0)
            } else {
                0.0
            };
            // Closest example question, by weighted Dice overlap (unboosted weights, so a
            // perfect match scores 1); one asked with the same question word gets a small lift.
            let mut example = 0.0f64;
            for e in f.examples.iter() {
                let shared: f64 = terms
                    .iter()
                    .filter_map(|&(id, _, raw)| {
                        id.filter(|id| e.terms.binary_search(id).is_ok())
                            .map(|_| raw)
                    })
                    .sum();
                if shared == 0.0 {
                    continue;
                }
                let mut sim = 2.0 * shared / (raw_total + e.weight);
                if wh.is_some() && e.wh == wh {
                    sim += WH_BONUS;
                }
                example = example.max(sim);
            }
            let mut score = COVERAGE_WEIGHT * coverage
                + EXAMPLE_WEIGHT * example
                + PRECISION_WEIGHT * precision;
            // "How long..." is answered by a number, or by the measure itself ("have long opposed").
            if quantity.is_some_and(|m| !f.has_quantity && !f.quote_words.iter().any(|w| w == m)) {
                score *= 0.5;
            }
            if foreign {
                score *= 0.5;
            }
            out.push((i, score.clamp(0.0, 1.0), [coverage, example, precision]));
        }
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }

    /// The question's distinct content terms with their weights. Terms the knowledge never uses
    /// count in full (they are what the question is about, and no fact has them); an alias's
    /// surface form counts only when some fact uses it, since its meaning is already carried by
    /// the canonical term. The first content term, usually the question's subject ("is Scholz
    /// as keen as Macron"), weighs a little more.
    /// Each as (term id if known, weight, weight without the subject boost).
    fn query_terms(&self, q: &Analyzed) -> Vec<(Option<u32>, f64, f64)> {
        let mut terms: Vec<(Option<u32>, f64, f64)> = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for t in q.content() {
            let boost = if seen.is_empty() {
                FIRST_TERM_BOOST
            } else {
                1.0
            };
            if !seen.contains(&t.term.as_str()) {
                seen.push(&t.term);
                match self.term_ids.get(&t.term) {
                    Some(&id) => terms.push((
                        Some(id),
                        self.idf[id as usize] * boost,
                        self.idf[id as usize],
                    )),
                    None => terms.push((None, self.unknown_weight * boost, self.unknown_weight)),
                }
            }
            if let Some(surface) = &t.surface {
                if !seen.contains(&surface.as_str()) {
                    seen.push(surface);
                    if let Some(&id) = self.term_ids.get(surface) {
                        let w = self.idf[id as usize] * SURFACE_WEIGHT;
                        terms.push((Some(id), w, w));
                    }
                }
            }
        }
        terms
    }

    /// Whether any fact uses this term.
    pub fn knows_term(&self, term: &str) -> bool {
        self.term_ids.contains_key(term)
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
        let mut total = 0.0;
        let mut covered = 0.0;
        let mut seen: Vec<&str> = Vec::new();
        for t in q.content() {
            if exclude.contains(&t.term) || seen.contains(&t.term.as_str()) {
                continue;
            }
            seen.push(&t.term);
            match self.term_ids.get(&t.term) {
                Some(&id) => {
                    let w = self.idf[id as usize];
                    total += w;
                    covered += w * self.facts[fi].bag.get(&id).copied().unwrap_or(0.0);
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

    /// Example questions for autocomplete: those containing what was typed (in order of how early
    /// it appears), then those sharing its terms, then the rest in knowledge order.
    pub fn suggest(&self, an: &Analyzer, partial: &str, limit: usize) -> Vec<String> {
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
        let mut scored: Vec<(u8, f64, usize)> = Vec::with_capacity(self.suggestions.len());
        let mut k = 0;
        for f in &self.facts {
            for e in &f.examples {
                let rank = if typed.is_empty() {
                    (2, 0.0)
                } else if let Some(pos) = e.text_norm.find(&typed) {
                    (0, -(pos as f64))
                } else {
                    let shared: f64 = q_terms
                        .iter()
                        .filter(|t| e.terms.binary_search(t).is_ok())
                        .map(|&t| self.idf[t as usize])
                        .sum();
                    if shared > 0.0 {
                        (1, shared)
                    } else {
                        (2, 0.0)
                    }
                };
                scored.push((rank.0, rank.1, k));
                k += 1;
            }
        }
        scored.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2)));
        let mut out: Vec<String> = Vec::new();
        for (_, _, k) in scored {
            let q = &self.suggestions[k].1;
            if !out.iter().any(|o| o.eq_ignore_ascii_case(q)) {
                out.push(q.clone());
            }
            if out.len() == limit {
                break;
            }
        }
        out
    }
}
