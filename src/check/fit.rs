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
//! fact, not about it when it quotes another paragraph and shares no word but names with it
//! (such a fact may well be about the same thing: left out). That places `min_align`.
//!
//! What a fact about the right person meets of a statement about someone else places
//! `min_predicate`: each fact's answer, with the person it is about replaced by another person
//! its article names, is read as a claim; the facts about that other person are facts about
//! the claim's subject that do not say what it says. Against them, the facts the example
//! questions paraphrase.
//!
//! Each threshold is the value that best separates its two groups (balanced accuracy over a
//! grid), the middle of the best plateau.

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
    /// The sample comes from a statement given to the wrong person.
    pub swapped: bool,
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
    let mut out = Vec::new();
    let mut used = 0;
    // Read in step, not collected: a list of every example question is 12 MB at 100,000 facts.
    for (e, text) in k.example_questions().enumerate().take(total).step_by(step) {
        let fact = index.example_fact(e);
        let claim = Claim::read(text, an, ci);
        if !claim.is_statement() {
            continue;
        }
        used += 1;
        let source = ci.facts[fact].source;
        let mut terms: Vec<u32> = an
            .analyze_in(text, source)
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
            let about = k.quotes_overlap(p.fact, fact);
            // A fact elsewhere that shares words with the question's fact (not only names) may
            // be about the same thing: neither about nor not about, left out.
            if !about && ci.related(p.fact, fact, an) {
                continue;
            }
            out.push(Sample {
                align: p.align,
                predicate: p.predicate,
                about,
                swapped: false,
            });
        }
    }
    // Statements given to the wrong person: each fact's answer with the person it is about
    // replaced by another person of its article. What the facts about that other person meet
    // of it is what a claim saying something else of them looks like.
    let step = k.facts().len().div_ceil(MAX_QUESTIONS).max(1);
    for fi in (0..k.facts().len()).step_by(step) {
        let Some(claim) = swapped(ci, an, fi) else {
            continue;
        };
        let claim = Claim::read(&claim, an, ci);
        let (readings, cands) = ci.gather(an, index, &claim, None);
        for p in ci.pairings(an, &claim, &readings, &cands, None) {
            if p.subject && !k.quotes_overlap(p.fact, fi) {
                out.push(Sample {
                    align: p.align,
                    predicate: p.predicate,
                    about: false,
                    swapped: true,
                });
            }
        }
    }
    (out, used)
}

/// Fact `fi`'s answer with its first person replaced by another person its article names (the
/// next one in the entities file that the fact does not name), if it names a person.
fn swapped(ci: &CheckIndex, an: &Analyzer, fi: usize) -> Option<String> {
    let f = &ci.facts[fi];
    let text = &f.answer;
    let (at, term) = text.ids().iter().enumerate().find_map(|(i, id)| {
        let term = ci.vocab.name(id?);
        (an.entity_kind(term) == Some(crate::knowledge::EntityKind::Person)).then_some((i, term))
    })?;
    let people = &ci.people[f.source as usize];
    let mut names: Vec<&str> = people.keys().map(|&id| ci.vocab.name(id)).collect();
    names.sort_unstable();
    let here = names.iter().position(|n| *n == term)?;
    let other = (1..names.len())
        .map(|d| names[(here + d) % names.len()])
        .find(|n| ci.vocab.id(n).is_none_or(|id| !f.states(id)))?;
    let mut words: Vec<&str> = text.words().iter().map(|&w| ci.words.name(w)).collect();
    let display = an.display(other);
    words[at] = display;
    Some(words.join(" "))
}

/// The best threshold on one measure for telling `yes` samples from the others (balanced
/// accuracy on a grid), the middle of the best plateau; with its accuracy.
fn threshold(samples: &[(f64, bool)]) -> Option<(f64, f64)> {
    let pos = samples.iter().filter(|s| s.1).count();
    let neg = samples.len() - pos;
    if pos == 0 || neg == 0 {
        return None;
    }
    let grid = |i: usize| i as f64 / STEPS as f64;
    let scores: Vec<f64> = (0..=STEPS)
        .map(|i| {
            let (mut tp, mut tn) = (0usize, 0usize);
            for &(x, yes) in samples {
                match (x >= grid(i), yes) {
                    (true, true) => tp += 1,
                    (false, false) => tn += 1,
                    _ => {}
                }
            }
            0.5 * (tp as f64 / pos as f64 + tn as f64 / neg as f64)
        })
        .collect();
    let best = scores.iter().cloned().fold(0.0, f64::max);
    let at: Vec<usize> = (0..=STEPS).filter(|&i| scores[i] >= best - 1e-9).collect();
    Some((grid(at[at.len() / 2]), best))
}

/// The thresholds, each on its own measure: `min_align` separates the facts a question is about
/// from those it is not; `min_predicate`, among facts about the subject, separates the facts
/// a question paraphrases from those a statement given to the wrong person meets.
pub fn fit(samples: &[Sample], questions: usize) -> Params {
    if let Some(path) = std::env::var_os("FACTBOT_FIT_DUMP") {
        let text: String = samples
            .iter()
            .map(|s| {
                format!(
                    "{} {} {} {}\n",
                    s.align, s.predicate, s.about as u8, s.swapped as u8
                )
            })
            .collect();
        let _ = std::fs::write(path, text);
    }
    let about: Vec<(f64, bool)> = samples
        .iter()
        .filter(|s| !s.swapped)
        .map(|s| (s.align, s.about))
        .collect();
    let says: Vec<(f64, bool)> = samples
        .iter()
        .filter(|s| s.about || s.swapped)
        .map(|s| (s.predicate, s.about))
        .collect();
    match (threshold(&about), threshold(&says)) {
        (Some((a, acc_a)), Some((p, acc_p))) => Params {
            min_align: a,
            min_predicate: p,
            questions,
            samples: samples.len(),
            accuracy: 0.5 * (acc_a + acc_p),
        },
        _ => Params::default(),
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
            swapped: false,
        }
    }

    fn w(align: f64, predicate: f64) -> Sample {
        Sample {
            align,
            predicate,
            about: false,
            swapped: true,
        }
    }

    #[test]
    fn thresholds_separate_the_samples() {
        let samples = [
            s(0.9, 0.8, true),
            s(0.7, 0.6, true),
            s(0.2, 0.9, false),
            s(0.3, 0.2, false),
            w(0.8, 0.1),
            w(0.9, 0.3),
        ];
        let p = fit(&samples, 4);
        assert_eq!(p.accuracy, 1.0);
        assert!(p.min_align > 0.3 && p.min_align <= 0.7, "{p:?}");
        assert!(p.min_predicate > 0.3 && p.min_predicate <= 0.6, "{p:?}");
    }

    #[test]
    fn nothing_to_fit_on_keeps_the_defaults() {
        assert_eq!(fit(&[], 0), Params::default());
        assert_eq!(fit(&[s(0.5, 0.5, true)], 1), Params::default());
        // Questions but no statement given to the wrong person: nothing places min_predicate.
        assert_eq!(
            fit(&[s(0.9, 0.9, true), s(0.1, 0.1, false)], 2),
            Params::default()
        );
    }

    #[test]
    fn fitting_is_deterministic() {
        let samples: Vec<Sample> = (0..50)
            .map(|i| {
                let (a, p) = ((i % 10) as f64 / 10.0, (i % 7) as f64 / 7.0);
                if i % 5 == 0 {
                    w(a, p)
                } else {
                    s(a, p, i % 3 == 0)
                }
            })
            .collect();
        let p = fit(&samples, 40);
        assert_eq!(p, fit(&samples, 40));
        assert!(p.samples == 50 && p.accuracy > 0.5);
    }
}
