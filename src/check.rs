//! Fact-checking claims against the knowledge: supported, contradicted or unverified (the FEVER
//! convention: SUPPORTS / REFUTES / NOT ENOUGH INFO), always with the quote that decides it.

use std::sync::Arc;

use serde::Serialize;

use crate::engine::Engine;
use crate::knowledge::{Fact, Source};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Supported,
    Contradicted,
    Unverified,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Supported => "supported",
            Verdict::Contradicted => "contradicted",
            Verdict::Unverified => "unverified",
        }
    }

    /// Capitalised, for people: "Supported".
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Supported => "Supported",
            Verdict::Contradicted => "Contradicted",
            Verdict::Unverified => "Unverified",
        }
    }
}

/// The verdict on one claim.
#[derive(Debug, Clone)]
pub struct CheckResult {
    pub verdict: Verdict,
    /// The deciding fact: set for supported and contradicted, never for unverified.
    pub fact: Option<Arc<Fact>>,
    pub source: Option<Arc<Source>>,
    /// One line a moderator can paste ("The article says Germany has long opposed this.").
    pub reason: String,
    /// Confidence in [0, 1] that the deciding fact is about the claim.
    pub score: f64,
}

pub(crate) fn check(engine: &Engine, claim: &str) -> CheckResult {
    let answer = engine.ask(claim);
    match answer.fact {
        Some(fact) => CheckResult {
            verdict: Verdict::Supported,
            reason: format!("The article says: {}", fact.answer),
            source: answer.source,
            fact: Some(fact),
            score: answer.score,
        },
        None => CheckResult {
            verdict: Verdict::Unverified,
            fact: None,
            source: None,
            reason: "The source does not cover this claim.".into(),
            score: answer.score,
        },
    }
}
