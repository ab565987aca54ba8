//! The checker's two thresholds, fitted to the knowledge they are used with, at load, by a
//! deterministic routine anyone can rerun (`factbot check --explain` prints the values and what
//! they were fitted on):
//! - `min_align`: a fact is about a claim when it meets at least this weighted share of the
//!   claim's words (rules judge only facts about the claim);
//! - `min_predicate`: a fact about the claim's subject states what the claim says of it when it
//!   meets at least this share of the claim's predicate words (its words that are not
//!   specifics).
//!
//! What they are fitted on comes from the knowledge itself: every curated example question is a
//! paraphrase of its fact written by someone else, which is what a claim is. Each example
//! question, left out of the knowledge (its words no longer describe its fact), goes through
//! the same reading and alignment as a claim; each candidate that is about the question's
//! subject gives one sample: about the claim when it quotes the same words as the question's
//! fact, not about it when it quotes another paragraph (another part of the same paragraph is
//! left out, and so is any fact sharing a word other than a name with the question's fact: it
//! may well be about the same thing). The thresholds are those that best separate
//! the two (balanced accuracy over a grid), the middle of the best plateau.

use crate::analysis::Analyzer;
use crate::knowledge::Knowledge;
use crate::retrieval::Index;

use super::align::LeftOut;
use super::claim::Claim;
use super::index::CheckIndex;

/// The thresholds the checker decides with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// A fact is about a claim when it meets at least this weighted share of the claim's words.
    pub min_align: f64,
    /// It states what the claim says when it meets at least this share of the claim's
    /// predicate words (the words that are not specifics).
    pub min_predicate: f64,
    /// How many example questions and (question, fact) samples they were fitted on: 0 when
    /// there was nothing to fit on and the defaults stand.
    pub questions: usize,
    pub samples: usize,
    /// Balanced accuracy on those samples.
    pub accuracy: f64,
}

impl Default for Params {
    /// The middle of the range, for a knowledge with nothing to fit on.
    fn default() -> Self {
        Params {
            min_align: 0.5,
            min_predicate: 0.5,
            questions: 0,
            samples: 0,
            accuracy: 0.0,
        }
    }
}

impl Params {
    pub fn origin(&self) -> String {
        if self.samples == 0 {
            "defaults: nothing to fit on".into()
        } else {
            format!(
                "fitted on {} example questions, {} samples, balanced accuracy {:.2}",
                self.questions, self.samples, self.accuracy
            )
        }
    }
}

/// At most this many example questions are used (evenly spread over the knowledge): enough to
/// place two thresholds, few enough to fit at every load.
pub const MAX_QUESTIONS: usize = 600;
/// The grid the thresholds are chosen on.
const STEPS: usize = 40;

/// One candidate fact for one left-out example question.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    pub align: f64,
    pub predicate: f64,
    /// The fact quotes what the question's fact quotes.
    pub about: bool,
}

/// Whether two facts quote overlapping text of the same source.
fn overlaps(k: &Knowledge, a: usize, b: usize) -> bool {
    let (fa, fb) = (&k.facts()[a], &k.facts()[b]);
    a == b
        || (fa.source == fb.source
            && fa.span().start < fb.span().end
            && fb.span().start < fa.span().end)
}

/// The samples: every example question (at most [`MAX_QUESTIONS`]), left out, against the
/// candidates about its subject. Returns them with the number of questions used.
pub(crate) fn samples(
    ci: &CheckIndex,
    k: &Knowledge,
    an: &Analyzer,
    index: &Index,
) -> (Vec<Sample>, usize) {
    let total = index.example_count();
    let step = total.div_ceil(MAX_QUESTIONS).max(1);
    let texts: Vec<&str> = k
        .facts()
        .iter()
        .flat_map(|f| f.questions.iter().map(String::as_str))
        .collect();
    let mut out = Vec::new();
    let mut used = 0;
    for e in (0..total).step_by(step) {
        let fact = index.example_fact(e);
        let claim = Claim::read(texts[e], an, ci);
        if !claim.is_statement() {
            continue;
        }
        used += 1;
        let source = ci.facts[fact].source;
        let mut terms: Vec<u32> = an
            .analyze_in(texts[e], source)
            .content()
            .filter_map(|t| ci.vocab.id(&t.term))
            .collect();
        terms.sort_unstable();
        terms.dedup();
        let left = LeftOut {
            example: e,
            fact,
            terms,
        };
        let (readings, cands) = ci.gather(an, index, &claim, Some(&left));
        for p in ci.pairings(an, &claim, &readings, &cands, Some(&left)) {
            if !p.subject {
                continue;
            }
            let about = overlaps(k, p.fact, fact);
            // A fact elsewhere that shares words with the question's fact (not only names) may
            // be about the same thing: neither about nor not about, left out.
            if !about && ci.related(p.fact, fact, an) {
                continue;
            }
            out.push(Sample {
                align: p.align,
                predicate: p.predicate,
                about,
            });
        }
    }
    (out, used)
}

/// The thresholds that best separate samples about their claim from the others.
pub fn fit(samples: &[Sample], questions: usize) -> Params {
    let pos = samples.iter().filter(|s| s.about).count();
    let neg = samples.len() - pos;
    if pos == 0 || neg == 0 {
        return Params::default();
    }
    let grid = |i: usize| i as f64 / STEPS as f64;
    let mut scores = vec![vec![0.0; STEPS + 1]; STEPS + 1];
    let mut best = 0.0f64;
    for (a, row) in scores.iter_mut().enumerate() {
        for (p, cell) in row.iter_mut().enumerate() {
            let (mut tp, mut tn) = (0usize, 0usize);
            for s in samples {
                let says = s.align >= grid(a) && s.predicate >= grid(p);
                match (says, s.about) {
                    (true, true) => tp += 1,
                    (false, false) => tn += 1,
                    _ => {}
                }
            }
            *cell = 0.5 * (tp as f64 / pos as f64 + tn as f64 / neg as f64);
            best = best.max(*cell);
        }
    }
    // The middle of the best plateau: the median of the grid points scoring the best.
    let mut at: Vec<(usize, usize)> = Vec::new();
    for (a, row) in scores.iter().enumerate() {
        for (p, &cell) in row.iter().enumerate() {
            if cell >= best - 1e-9 {
                at.push((a, p));
            }
        }
    }
    let mut xs: Vec<usize> = at.iter().map(|x| x.0).collect();
    let mut ys: Vec<usize> = at.iter().map(|x| x.1).collect();
    xs.sort_unstable();
    ys.sort_unstable();
    Params {
        min_align: grid(xs[xs.len() / 2]),
        min_predicate: grid(ys[ys.len() / 2]),
        questions,
        samples: samples.len(),
        accuracy: best,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(align: f64, predicate: f64, about: bool) -> Sample {
        Sample {
            align,
            predicate,
            about,
        }
    }

    #[test]
    fn thresholds_separate_the_samples() {
        let samples = [
            s(0.9, 0.8, true),
            s(0.7, 0.6, true),
            s(0.8, 0.1, false),
            s(0.2, 0.9, false),
            s(0.3, 0.2, false),
        ];
        let p = fit(&samples, 5);
        assert_eq!(p.accuracy, 1.0);
        for x in &samples {
            assert_eq!(
                x.align >= p.min_align && x.predicate >= p.min_predicate,
                x.about
            );
        }
    }

    #[test]
    fn nothing_to_fit_on_keeps_the_defaults() {
        assert_eq!(fit(&[], 0), Params::default());
        assert_eq!(fit(&[s(0.5, 0.5, true)], 1), Params::default());
    }

    #[test]
    fn fitting_is_deterministic() {
        let samples: Vec<Sample> = (0..50)
            .map(|i| s((i % 10) as f64 / 10.0, (i % 7) as f64 / 7.0, i % 3 == 0))
            .collect();
        assert_eq!(fit(&samples, 50), fit(&samples, 50));
    }
}
