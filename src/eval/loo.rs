//! Leave-one-out and cross-validated measurement of the answer side on the knowledge itself.

use std::collections::HashMap;

use serde::Serialize;

use crate::answer::features::NAMES;
use crate::answer::model::Model;
use crate::calibrate::{self, QuestionKind, TrainingQuestion};
use crate::engine::Engine;

/// Folds of the cross-validation: facts are split by index into this many groups.
pub const FOLDS: usize = 5;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Curated example questions asked with themselves left out.
    pub examples: usize,
    pub answered_right: usize,
    pub answered_wrong: usize,
    /// Not answered, but "unsure" with the candidates offered.
    pub unsure: usize,
    pub not_covered: usize,
    /// The right fact was the answer or the first candidate offered.
    pub right_or_first: usize,
    pub accuracy: f64,
    pub wrong_rate: f64,
    pub right_or_first_rate: f64,
    /// Negatives by kind: (questions, abstained on).
    pub decoys: (usize, usize),
    pub not_answered: (usize, usize),
    pub off_topic: (usize, usize),
    pub abstention: f64,
    /// Facts whose example questions fare worst, worst first.
    pub fragile: Vec<FragileFact>,
    /// Which fact was given instead of which, most often first.
    pub confusions: Vec<Confusion>,
    /// Confidence of the best candidate in ten bins, with how often it was right.
    pub reliability: Vec<Bin>,
    /// Expected calibration error over those bins.
    pub calibration_error: f64,
    /// The model fitted on all of the knowledge (what the engine uses).
    pub model: ModelReport,
    /// Every left-out example question not answered right, and every negative answered: what a
    /// curator reads to see which wording to add (`eval --failures`).
    pub failures: Vec<Failure>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    /// "example" (a left-out example question), "decoy", "not_answered" or "off-topic".
    pub kind: &'static str,
    /// The fact the question belongs to (none for off-topic ones).
    pub fact_id: Option<String>,
    pub question: String,
    /// What the engine did: "answered <fact>", "unsure", "not covered".
    pub outcome: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FragileFact {
    pub fact_id: String,
    pub examples: usize,
    pub right: usize,
    pub accuracy: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Confusion {
    pub fact_id: String,
    pub given: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Bin {
    pub from: f64,
    pub to: f64,
    pub count: usize,
    pub mean_confidence: f64,
    pub right_rate: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ModelReport {
    pub answer_at: f64,
    pub unsure_at: f64,
    pub bias: f64,
    pub weights: Vec<(String, f64)>,
    pub positive_samples: usize,
    pub negative_samples: usize,
}

fn fold_of(tq: &TrainingQuestion, i: usize) -> usize {
    match tq.kind {
        QuestionKind::Positive { fact }
        | QuestionKind::NotAnswered { fact }
        | QuestionKind::Decoy {
            from_fact: fact, ..
        } => fact % FOLDS,
        QuestionKind::OffTopic => i % FOLDS,
    }
}

/// Measures the engine's knowledge. Deterministic.
pub fn run(engine: &Engine) -> Report {
    let k = engine.knowledge();
    let full = engine.training();
    let (model, positives, negatives) = calibrate::fit_model(&full);
    // Each question scored by a model fitted without its fold.
    let mut scored: Vec<(TrainingQuestion, Model)> = Vec::with_capacity(full.len());
    for fold in 0..FOLDS {
        let train: Vec<TrainingQuestion> = full
            .iter()
            .enumerate()
            .filter(|(i, q)| fold_of(q, *i) != fold)
            .map(|(_, q)| q.clone())
            .collect();
        let test: Vec<TrainingQuestion> = full
            .iter()
            .enumerate()
            .filter(|(i, q)| fold_of(q, *i) == fold)
            .map(|(_, q)| q.clone())
            .collect();
        let (m, _, _) = calibrate::fit_model(&train);
        for q in calibrate::rescore(&test, &m) {
            scored.push((q, m.clone()));
        }
    }

    let mut r = Report {
        examples: 0,
        answered_right: 0,
        answered_wrong: 0,
        unsure: 0,
        not_covered: 0,
        right_or_first: 0,
        accuracy: 0.0,
        wrong_rate: 0.0,
        right_or_first_rate: 0.0,
        decoys: (0, 0),
        not_answered: (0, 0),
        off_topic: (0, 0),
        abstention: 0.0,
        fragile: Vec::new(),
        confusions: Vec::new(),
        reliability: Vec::new(),
        calibration_error: 0.0,
        model: ModelReport {
            answer_at: model.answer_at,
            unsure_at: model.unsure_at,
            bias: model.base(),
            weights: NAMES
                .iter()
                .zip(model.weights.iter().zip(&model.scale))
                .map(|(n, (w, s))| (n.to_string(), w / s))
                .collect(),
            positive_samples: positives,
            negative_samples: negatives,
        },
        failures: Vec::new(),
    };
    let mut per_fact: HashMap<usize, (usize, usize)> = HashMap::new();
    let mut confusions: HashMap<(usize, usize), usize> = HashMap::new();
    let mut bins = vec![(0usize, 0.0f64, 0usize); 10];
    for (q, m) in &scored {
        let best = q.candidates.first();
        let conf = best.map(|c| c.confidence).unwrap_or(0.0);
        let answered = best.is_some() && conf >= m.answer_at;
        let right = q.best_is_right();
        let outcome = match best {
            Some(b) if answered => format!("answered {}", k.facts()[b.ranked.fact].id),
            Some(_) if conf >= m.unsure_at => "unsure".to_string(),
            _ => "not covered".to_string(),
        };
        let (kind, fact) = match &q.kind {
            QuestionKind::Positive { fact } => ("example", Some(*fact)),
            QuestionKind::Decoy { from_fact, .. } => ("decoy", Some(*from_fact)),
            QuestionKind::NotAnswered { fact } => ("not_answered", Some(*fact)),
            QuestionKind::OffTopic => ("off-topic", None),
        };
        let failed = if q.is_positive() {
            !(answered && right)
        } else {
            answered && q.is_negative()
        };
        if failed {
            r.failures.push(Failure {
                kind,
                fact_id: fact.map(|f| k.facts()[f].id.to_string()),
                question: q.text.clone(),
                outcome,
            });
        }
        let bin = ((conf * 10.0) as usize).min(9);
        bins[bin].0 += 1;
        bins[bin].1 += conf;
        if right {
            bins[bin].2 += 1;
        }
        match q.kind {
            QuestionKind::Positive { fact } => {
                r.examples += 1;
                let e = per_fact.entry(fact).or_default();
                e.0 += 1;
                if right {
                    r.right_or_first += 1;
                }
                if answered && right {
                    r.answered_right += 1;
                    e.1 += 1;
                } else if answered {
                    r.answered_wrong += 1;
                    if let Some(b) = best {
                        *confusions.entry((fact, b.ranked.fact)).or_default() += 1;
                    }
                } else if conf >= m.unsure_at {
                    r.unsure += 1;
                } else {
                    r.not_covered += 1;
                }
            }
            // A decoy some candidate may answer after all measures nothing.
            QuestionKind::Decoy { .. } if !q.is_negative() => {}
            QuestionKind::Decoy { .. } => count(&mut r.decoys, !answered),
            QuestionKind::NotAnswered { .. } => count(&mut r.not_answered, !answered),
            QuestionKind::OffTopic => count(&mut r.off_topic, !answered),
        }
    }
    let rate = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    r.accuracy = rate(r.answered_right, r.examples);
    r.wrong_rate = rate(r.answered_wrong, r.examples);
    r.right_or_first_rate = rate(r.right_or_first, r.examples);
    let (neg, abst) = [r.decoys, r.not_answered, r.off_topic]
        .iter()
        .fold((0, 0), |a, x| (a.0 + x.0, a.1 + x.1));
    r.abstention = rate(abst, neg);
    let facts = k.facts();
    let mut fragile: Vec<FragileFact> = per_fact
        .into_iter()
        .filter(|(_, (n, right))| right < n)
        .map(|(fi, (n, right))| FragileFact {
            fact_id: facts[fi].id.to_string(),
            examples: n,
            right,
            accuracy: rate(right, n),
        })
        .collect();
    fragile.sort_by(|a, b| {
        a.accuracy
            .total_cmp(&b.accuracy)
            .then(b.examples.cmp(&a.examples))
            .then(a.fact_id.cmp(&b.fact_id))
    });
    r.fragile = fragile;
    let mut confusions: Vec<Confusion> = confusions
        .into_iter()
        .map(|((a, b), count)| Confusion {
            fact_id: facts[a].id.to_string(),
            given: facts[b].id.to_string(),
            count,
        })
        .collect();
    confusions.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(a.fact_id.cmp(&b.fact_id))
            .then(a.given.cmp(&b.given))
    });
    r.confusions = confusions;
    let total: usize = bins.iter().map(|b| b.0).sum();
    for (i, (n, sum, right)) in bins.into_iter().enumerate() {
        let mean = if n == 0 { 0.0 } else { sum / n as f64 };
        let right_rate = rate(right, n);
        r.calibration_error += (n as f64 / total.max(1) as f64) * (mean - right_rate).abs();
        r.reliability.push(Bin {
            from: i as f64 / 10.0,
            to: (i + 1) as f64 / 10.0,
            count: n,
            mean_confidence: mean,
            right_rate,
        });
    }
    r
}

fn count(c: &mut (usize, usize), abstained: bool) {
    c.0 += 1;
    if abstained {
        c.1 += 1;
    }
}
