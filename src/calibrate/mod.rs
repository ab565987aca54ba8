//! Fitting the answer confidence from the knowledge folder itself, so that no weight or
//! threshold is set by hand and the same method serves any article a curator adds.
//!
//! Training questions come from the folder:
//! - positives: every curated example question, asked with itself left out of the knowledge
//!   (leave-one-out), which is how a question nobody wrote down fares;
//! - negatives: decoys made from those questions by swapping in a specific the fact does not
//!   state (another person, place or country; a year, a month, a city; another kind of answer:
//!   "when" where the fact says nothing of time), each fact's curated `not_answered` questions,
//!   and general off-topic questions from the language data.
//!
//! Each candidate fact of each training question becomes one labelled sample of the verifier's
//! features; a weighted logistic regression ([`logistic`]) fits the weights; the answer
//! threshold is the middle of the range that best separates the training questions (answered
//! right vs abstained), and the "unsure" threshold, below it, the one that best separates the
//! remaining positives whose best candidate is right (worth offering) from the negatives.

pub mod logistic;
mod samples;

use crate::analysis::Analyzer;
use crate::answer::features::{Features, N};
use crate::answer::model::Model;
use crate::answer::Answerer;
use crate::knowledge::Knowledge;
use crate::retrieval::Index;

pub use samples::{Kind as QuestionKind, TrainingQuestion};

use self::logistic::Sample;

/// The L2 penalty of the fit: enough to keep weights finite on separable data, small next to
/// the hundreds of samples any real folder gives.
const L2: f64 = 1.0;
const ITERATIONS: usize = 30;
/// At most this many example questions are left out (a deterministic sample beyond), so that
/// fitting stays fast on very large knowledge folders.
pub const MAX_POSITIVES: usize = 600;
/// Below this many positive and negative samples, keep the fallback model.
const MIN_SAMPLES: usize = 20;

/// What fitting saw and decided, for `factbot eval`.
#[derive(Debug, Clone)]
pub struct Fit {
    pub model: Model,
    pub questions: Vec<TrainingQuestion>,
    pub positives: usize,
    pub negatives: usize,
}

/// Fits the answer model for a knowledge folder. Deterministic.
pub fn fit(k: &Knowledge, an: &Analyzer, index: &Index, answerer: &Answerer) -> Fit {
    let questions = samples::training_questions(k, an, index, answerer);
    let (model, positives, negatives) = fit_model(&questions);
    Fit {
        model,
        questions,
        positives,
        negatives,
    }
}

/// The training questions of a knowledge folder (see the module documentation).
pub fn training_questions(
    k: &Knowledge,
    an: &Analyzer,
    index: &Index,
    answerer: &Answerer,
) -> Vec<TrainingQuestion> {
    samples::training_questions(k, an, index, answerer)
}

/// Fits a model on these training questions; also returns how many positive and negative
/// samples it saw. Too few of either: the fallback model.
pub fn fit_model(questions: &[TrainingQuestion]) -> (Model, usize, usize) {
    // Features of every candidate of every training question, with labels.
    let mut rows: Vec<(Features, bool)> = Vec::new();
    for tq in questions {
        for (c, label) in tq.candidates.iter().zip(&tq.labels) {
            if let Some(y) = label {
                rows.push((c.features, *y));
            }
        }
    }
    let positives = rows.iter().filter(|r| r.1).count();
    let negatives = rows.len() - positives;
    if positives < MIN_SAMPLES || negatives < MIN_SAMPLES {
        return (Model::fallback(), positives, negatives);
    }
    let (mean, scale) = standardisation(&rows);
    // Each class weighs the same in total.
    let (wp, wn) = (
        rows.len() as f64 / (2.0 * positives as f64),
        rows.len() as f64 / (2.0 * negatives as f64),
    );
    let samples: Vec<Sample<N>> = rows
        .iter()
        .map(|(x, y)| {
            let mut z = [0.0; N];
            for i in 0..N {
                z[i] = (x[i] - mean[i]) / scale[i];
            }
            Sample {
                x: z,
                y: *y,
                weight: if *y { wp } else { wn },
            }
        })
        .collect();
    let (weights, bias) = logistic::fit(&samples, L2, ITERATIONS);
    let mut model = Model {
        mean,
        scale,
        weights,
        bias,
        answer_at: 0.5,
        unsure_at: 0.5,
    };
    // Re-score the training questions with the fitted model, then place the thresholds.
    let rescored = rescore(questions, &model);
    model.answer_at = answer_threshold(&rescored);
    model.unsure_at = unsure_threshold(&rescored, model.answer_at);
    (model, positives, negatives)
}

/// The training questions with their candidates' confidences under `model`, most confident
/// first, as answering would order them.
pub fn rescore(questions: &[TrainingQuestion], model: &Model) -> Vec<TrainingQuestion> {
    questions
        .iter()
        .map(|tq| {
            let mut tq = tq.clone();
            for c in &mut tq.candidates {
                c.confidence = model.confidence(&c.features);
            }
            tq.sort_candidates();
            tq
        })
        .collect()
}

fn standardisation(rows: &[(Features, bool)]) -> (Features, Features) {
    let n = rows.len().max(1) as f64;
    let mut mean = [0.0; N];
    let mut scale = [1.0; N];
    for i in 0..N {
        mean[i] = rows.iter().map(|r| r.0[i]).sum::<f64>() / n;
        let var = rows.iter().map(|r| (r.0[i] - mean[i]).powi(2)).sum::<f64>() / n;
        scale[i] = if var > 1e-12 { var.sqrt() } else { 1.0 };
    }
    (mean, scale)
}

/// The confidence threshold that maximises the mean of two rates on the training questions:
/// positives answered with a right fact, and negatives abstained on. Many thresholds often do
/// equally well (the decoys are easy to tell apart); the middle of the best plateau is taken, so
/// that a small change to the knowledge does not swing the threshold from one end to the other.
fn answer_threshold(questions: &[TrainingQuestion]) -> f64 {
    let points = best_points(questions);
    let (pos_total, neg_total) = totals(questions);
    let right_total = points.iter().filter(|p| p.1 && p.2).count() as f64;
    let neg_with_candidates = points.iter().filter(|p| !p.1).count() as f64;
    let neg_none = neg_total - neg_with_candidates;
    // Score of a threshold just above point i-1 (everything at or below it abstains).
    let mut scores = Vec::with_capacity(points.len() + 1);
    let (mut right_below, mut neg_below) = (0.0, 0.0);
    for i in 0..=points.len() {
        if i > 0 {
            let p = points[i - 1];
            if p.1 && p.2 {
                right_below += 1.0;
            }
            if !p.1 {
                neg_below += 1.0;
            }
        }
        let score = (right_total - right_below) / pos_total + (neg_below + neg_none) / neg_total;
        let lo = if i == 0 { 0.0 } else { points[i - 1].0 };
        let hi = if i == points.len() { 1.0 } else { points[i].0 };
        scores.push((score, lo, hi));
    }
    plateau_middle(&scores).clamp(0.05, 0.95)
}

/// The middle of the confidence range over which `scores` (score, from, to) are within a small
/// tolerance of the best.
fn plateau_middle(scores: &[(f64, f64, f64)]) -> f64 {
    const TOLERANCE: f64 = 0.005;
    let best = scores.iter().map(|s| s.0).fold(f64::MIN, f64::max);
    let near: Vec<&(f64, f64, f64)> = scores.iter().filter(|s| s.0 >= best - TOLERANCE).collect();
    let lo = near.iter().map(|s| s.1).fold(f64::MAX, f64::min);
    let hi = near.iter().map(|s| s.2).fold(f64::MIN, f64::max);
    if lo > hi {
        0.5
    } else {
        (lo + hi) / 2.0
    }
}

/// (best candidate's confidence, is a positive, best is right), for positives and true
/// negatives, lowest confidence first.
fn best_points(questions: &[TrainingQuestion]) -> Vec<(f64, bool, bool)> {
    let mut points: Vec<(f64, bool, bool)> = questions
        .iter()
        .filter(|q| q.is_positive() || q.is_negative())
        .filter_map(|q| {
            let best = q.candidates.first()?;
            Some((best.confidence, q.is_positive(), q.best_is_right()))
        })
        .collect();
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    points
}

fn totals(questions: &[TrainingQuestion]) -> (f64, f64) {
    (
        questions.iter().filter(|q| q.is_positive()).count().max(1) as f64,
        questions.iter().filter(|q| q.is_negative()).count().max(1) as f64,
    )
}

/// Below the answer threshold, the confidence that best separates positives whose best candidate
/// is right (worth offering: "did you mean") from negatives (better a plain "not covered").
fn unsure_threshold(questions: &[TrainingQuestion], answer_at: f64) -> f64 {
    let points: Vec<(f64, bool, bool)> = best_points(questions)
        .into_iter()
        .filter(|p| p.0 < answer_at)
        .collect();
    let right_total = points.iter().filter(|p| p.1 && p.2).count() as f64;
    let neg_total = points.iter().filter(|p| !p.1).count() as f64;
    if right_total == 0.0 || neg_total == 0.0 {
        return answer_at;
    }
    let mut scores = Vec::with_capacity(points.len() + 1);
    let (mut right_below, mut neg_below) = (0.0, 0.0);
    for i in 0..=points.len() {
        if i > 0 {
            let p = points[i - 1];
            if p.1 && p.2 {
                right_below += 1.0;
            }
            if !p.1 {
                neg_below += 1.0;
            }
        }
        let score = (right_total - right_below) / right_total + neg_below / neg_total;
        let lo = if i == 0 { 0.0 } else { points[i - 1].0 };
        let hi = if i == points.len() {
            answer_at
        } else {
            points[i].0
        };
        scores.push((score, lo, hi));
    }
    plateau_middle(&scores).min(answer_at)
}
