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
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AliasesFile {
    #[serde(default)]
    pub alias: Vec<Spanned<RawAlias>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAlias {
    pub canonical: String,
    pub variants: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconFile {
    #[serde(default)]
    pub negations: Vec<String>,
    #[serde(default)]
    pub support_words: Vec<String>,
    #[serde(default)]
    pub oppose_words: Vec<String>,
    #[serde(default)]
    pub generic_words: Vec<String>,
    #[serde(default)]
    pub stop_words: Vec<String>,
    #[serde(default)]
    pub antonyms: Vec<[String; 2]>,
    #[serde(default)]
    pub category: Vec<RawCategory>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCategory {
    pub name: String,
    pub conflict: super::Conflict,
    /// Each entry: spellings separated by `|`, canonical first ("two-day|two days|2-day").
    pub values: Vec<String>,
    #[serde(default)]
    pub detail: bool,
    #[serde(default)]
    pub place_before: Vec<String>,
    #[serde(default)]
    pub place_after: Vec<String>,
}
