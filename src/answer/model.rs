//! The calibrated confidence: a logistic model over the verifier's [`features`](super::features),
//! with the two thresholds that split answers from "unsure" and "unsure" from "not covered".
//! Its weights are fitted from the knowledge folder itself ([`crate::calibrate`]), never set by
//! hand, so the same method serves any article.

use super::features::{Features, N, NAMES};

#[derive(Debug, Clone)]
pub struct Model {
    /// Per feature: mean and spread the weights were fitted on (features are standardised).
    pub mean: Features,
    pub scale: Features,
    pub weights: Features,
    pub bias: f64,
    /// At or above: answer.
    pub answer_at: f64,
    /// At or above (and below `answer_at`): "I'm not sure; did you mean...".
    pub unsure_at: f64,
}

impl Model {
    /// Probability that the candidate answers the question.
    pub fn confidence(&self, x: &Features) -> f64 {
        let z = self.bias
            + (0..N)
                .map(|i| self.weights[i] * (x[i] - self.mean[i]) / self.scale[i])
                .sum::<f64>();
        1.0 / (1.0 + (-z).exp())
    }

    /// Each feature's share of the score (weight × value, in the fitted units; a feature at 0
    /// adds nothing), with the base it adds to: for explanations.
    pub fn contributions(&self, x: &Features) -> Vec<(&'static str, f64)> {
        (0..N)
            .map(|i| (NAMES[i], self.weights[i] * x[i] / self.scale[i]))
            .collect()
    }

    /// The score of a candidate whose every feature is 0.
    pub fn base(&self) -> f64 {
        self.bias
            - (0..N)
                .map(|i| self.weights[i] * self.mean[i] / self.scale[i])
                .sum::<f64>()
    }

    /// A model that knows nothing: used for a knowledge folder too small to fit one (it answers
    /// on ranking coverage alone, through `answer_at`).
    pub fn fallback() -> Model {
        let mut weights = [0.0; N];
        weights[0] = 1.0;
        Model {
            mean: [0.0; N],
            scale: [1.0; N],
            weights,
            bias: -0.5,
            answer_at: 0.5,
            unsure_at: 0.4,
        }
    }
}
