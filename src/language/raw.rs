//! The on-disk TOML shapes of the language files, and their checks.

use serde::Deserialize;
use toml::Spanned;

use super::{AliasGroup, AnswerType, Category, Conflict, Language, Words};
use crate::knowledge::Problem;
use crate::text::LineIndex;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WordsFile {
    #[serde(default)]
    stop_words: Vec<String>,
    #[serde(default)]
    generic_words: Vec<String>,
    #[serde(default)]
    negations: Vec<String>,
    #[serde(default)]
    not_negating: Vec<String>,
    #[serde(default)]
    copulas: Vec<String>,
    #[serde(default)]
    auxiliaries: Vec<String>,
    #[serde(default)]
    claim_speech_verbs: Vec<String>,
    #[serde(default)]
    determiners: Vec<String>,
    #[serde(default)]
    support_words: Vec<String>,
    #[serde(default)]
    oppose_words: Vec<String>,
    #[serde(default)]
    quantity_words: Vec<String>,
    #[serde(default)]
    time_words: Vec<String>,
    #[serde(default)]
    unit_words: Vec<String>,
    #[serde(default)]
    measure_nouns: Vec<String>,
    #[serde(default)]
    clock_words: Vec<String>,
    #[serde(default)]
    asks_clock: Vec<String>,
    #[serde(default)]
    clock_suffixes: Vec<String>,
    #[serde(default)]
    asks_day: Vec<String>,
    #[serde(default)]
    relative_days: Vec<String>,
    #[serde(default)]
    asks_city: Vec<String>,
    #[serde(default)]
    position_verbs: Vec<String>,
    #[serde(default)]
    place_words: Vec<String>,
    #[serde(default)]
    reason_markers: Vec<String>,
    #[serde(default)]
    time_qualifiers: Vec<String>,
    #[serde(default)]
    locatives: Vec<String>,
    #[serde(default)]
    answer_types: std::collections::BTreeMap<String, AnswerType>,
    #[serde(default)]
    yes_no_starters: Vec<String>,
    #[serde(default)]
    speech_verbs: Vec<String>,
    #[serde(default)]
    name_particles: Vec<String>,
    #[serde(default)]
    organisation_words: Vec<String>,
    #[serde(default)]
    irregular_past: std::collections::BTreeMap<String, String>,
}

impl WordsFile {
    pub fn into_words(self) -> Words {
        Words {
            stop: self.stop_words,
            generic: self.generic_words,
            negations: self.negations,
            not_negating: self.not_negating,
            copulas: self.copulas,
            auxiliaries: self.auxiliaries,
            claim_speech_verbs: self.claim_speech_verbs,
            determiners: self.determiners,
            support: self.support_words,
            oppose: self.oppose_words,
            quantity: self.quantity_words,
            time: self.time_words,
            units: self.unit_words,
            measure_nouns: self.measure_nouns,
            clock_words: self.clock_words,
            asks_clock: self.asks_clock,
            clock_suffixes: self.clock_suffixes,
            asks_day: self.asks_day,
            relative_days: self.relative_days,
            asks_city: self.asks_city,
            position_verbs: self.position_verbs,
            place: self.place_words,
            reason_markers: self.reason_markers,
            time_qualifiers: self.time_qualifiers,
            locatives: self.locatives,
            answer_types: self.answer_types.into_iter().collect(),
            yes_no_starters: self.yes_no_starters,
            speech_verbs: self.speech_verbs,
            name_particles: self.name_particles,
            organisation_words: self.organisation_words,
            irregular_past: self.irregular_past.into_iter().collect(),
        }
    }
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

/// Checks `[[alias]]` entries: a canonical name and non-empty variants.
pub fn alias_groups(
    entries: Vec<Spanned<RawAlias>>,
    name: &str,
    text: &str,
    problems: &mut Vec<Problem>,
) -> Vec<AliasGroup> {
    let lines = LineIndex::new(text);
    let mut out = Vec::new();
    for (i, entry) in entries.into_iter().enumerate() {
        let line = Some(lines.line(entry.span().start));
        let raw = entry.into_inner();
        let mut problem = |field: &str, message: &str| {
            problems.push(Problem {
                file: name.to_string(),
                line,
                field: Some(format!("alias[{i}].{field}")),
                message: message.to_string(),
            })
        };
        if raw.canonical.trim().is_empty() {
            problem("canonical", "is empty");
            continue;
        }
        if raw.variants.iter().any(|v| v.trim().is_empty()) {
            problem("variants", "contains an empty variant");
            continue;
        }
        out.push(AliasGroup {
            canonical: raw.canonical,
            variants: raw.variants,
        });
    }
    out
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoriesFile {
    #[serde(default)]
    antonyms: Vec<[String; 2]>,
    #[serde(default)]
    category: Vec<Spanned<RawCategory>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCategory {
    name: String,
    conflict: Conflict,
    /// Each entry: spellings separated by `|`, canonical first ("two-day|two days|2-day").
    values: Vec<String>,
    #[serde(default)]
    detail: bool,
    /// `before` / `after` in the file: `place_` is the older spelling, from when only cities
    /// had them.
    #[serde(default, alias = "before")]
    place_before: Vec<String>,
    #[serde(default, alias = "after")]
    place_after: Vec<String>,
}

impl CategoriesFile {
    pub fn into_parts(
        self,
        name: &str,
        text: &str,
        problems: &mut Vec<Problem>,
    ) -> (Vec<Category>, Vec<(String, String)>) {
        (
            categories(self.category, name, text, problems),
            self.antonyms.into_iter().map(|[a, b]| (a, b)).collect(),
        )
    }
}

fn categories(
    raw: Vec<Spanned<RawCategory>>,
    name: &str,
    text: &str,
    problems: &mut Vec<Problem>,
) -> Vec<Category> {
    let lines = LineIndex::new(text);
    let mut out = Vec::new();
    for (i, entry) in raw.into_iter().enumerate() {
        let line = Some(lines.line(entry.span().start));
        let c = entry.into_inner();
        let values: Vec<Vec<String>> = c
            .values
            .iter()
            .map(|v| {
                v.split('|')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
            })
            .collect();
        if values.iter().any(|v| v.is_empty()) {
            problems.push(Problem {
                file: name.to_string(),
                line,
                field: Some(format!("category[{i}].values")),
                message: "contains an empty value".into(),
            });
            continue;
        }
        out.push(Category {
            name: c.name,
            conflict: c.conflict,
            detail: c.detail,
            values,
            place_before: c.place_before,
            place_after: c.place_after,
        });
    }
    out
}

/// A knowledge folder's own root `lexicon.toml`, from before language data had its own folder:
/// each list it has stands in for the general one.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegacyLexicon {
    negations: Option<Vec<String>>,
    support_words: Option<Vec<String>>,
    oppose_words: Option<Vec<String>>,
    generic_words: Option<Vec<String>>,
    stop_words: Option<Vec<String>>,
    antonyms: Option<Vec<[String; 2]>>,
    category: Option<Vec<Spanned<RawCategory>>>,
}

impl LegacyLexicon {
    pub fn apply(self, lang: &mut Language, name: &str, text: &str, problems: &mut Vec<Problem>) {
        let w = &mut lang.words;
        for (field, value) in [
            (&mut w.negations, self.negations),
            (&mut w.support, self.support_words),
            (&mut w.oppose, self.oppose_words),
            (&mut w.generic, self.generic_words),
            (&mut w.stop, self.stop_words),
        ] {
            if let Some(v) = value {
                *field = v;
            }
        }
        if let Some(a) = self.antonyms {
            lang.antonyms = a.into_iter().map(|[a, b]| (a, b)).collect();
        }
        if let Some(c) = self.category {
            lang.categories = categories(c, name, text, problems);
        }
    }
}
