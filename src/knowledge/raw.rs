//! The on-disk TOML shapes. Spans are kept so that validation errors can name the line.

use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourcesFile {
    #[serde(default)]
    pub source: Vec<Spanned<RawSource>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub id: Spanned<String>,
    pub title: String,
    pub date: Spanned<String>,
    pub file: Spanned<String>,
    #[serde(default)]
    pub url: Option<String>,
    /// The article's entities file; default `<file without .txt>.entities.toml` when present.
    #[serde(default)]
    pub entities: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactsFile {
    #[serde(default)]
    pub fact: Vec<Spanned<RawFact>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFact {
    pub id: Spanned<String>,
    pub source: Spanned<String>,
    pub quote: Spanned<String>,
    pub answer: Spanned<String>,
    pub questions: Spanned<Vec<String>>,
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub speaker: Option<String>,
    #[serde(default)]
    pub supports: Vec<String>,
    #[serde(default)]
    pub opposes: Vec<String>,
    #[serde(default)]
    pub not_answered: Vec<String>,
    #[serde(default)]
    pub answers: Vec<crate::language::AnswerType>,
    /// Written by `factbot draft`: not yet reviewed by a curator.
    #[serde(default)]
    pub draft: bool,
}
