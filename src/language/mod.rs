//! General English, apart from any article: the words factbot reads every question and claim
//! with (stop words, negations, question words and the answers they ask for, stance words),
//! general synonyms and spellings, closed sets of values (weekdays, months, roles, countries,
//! cities) and opposites.
//!
//! This is the one place for language data. Each article's own world (its people, places and the
//! other names it uses for them) lives beside that article, in its entities file, so that a new
//! article needs no change here and two articles never read each other's aliases.
//!
//! Word meanings (synonyms, opposites, broader terms, a coarse class per word, irregular forms)
//! come from WordNet 3.0 and a hand-written list of opposites ([`thesaurus`]; see
//! `language/README.md` for provenance and how to rebuild them).
//!
//! The data is compiled into the binary from the repository's `language/` folder. A knowledge
//! folder in the older layout may still carry its own root `lexicon.toml` / `aliases.toml`; they
//! then stand in for the matching parts of this data (see [`Language::with_overrides`]).

mod raw;
pub mod thesaurus;

/// The `[[alias]]` shape, shared with articles' entities files.
pub(crate) mod raw_alias {
    pub(crate) use super::raw::{alias_groups, RawAlias};
}

use std::collections::HashMap;

use serde::Deserialize;

use crate::knowledge::Problem;
use crate::text::LineIndex;

/// The language data compiled into the binary.
static BUNDLED: include_dir::Dir<'static> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/language");

/// What a question asks for, by its question word: "who" an agent, "where" a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AnswerType {
    /// A person, an organisation or a country ("who opposes it?").
    Agent,
    /// Whose words a quote is ("who said ...?").
    Speaker,
    Place,
    Time,
    /// A number or a measure, in digits or in words ("two-day", "dozens").
    Quantity,
    Reason,
}

impl AnswerType {
    pub const ALL: [AnswerType; 6] = [
        AnswerType::Agent,
        AnswerType::Speaker,
        AnswerType::Place,
        AnswerType::Time,
        AnswerType::Quantity,
        AnswerType::Reason,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AnswerType::Agent => "agent",
            AnswerType::Speaker => "speaker",
            AnswerType::Place => "place",
            AnswerType::Time => "time",
            AnswerType::Quantity => "quantity",
            AnswerType::Reason => "reason",
        }
    }
}

/// A group of words that mean the same thing ("Kyiv", "Kiev", "Ukraine" in one article; "tv",
/// "television" in any).
#[derive(Debug, Clone)]
pub struct AliasGroup {
    pub canonical: String,
    pub variants: Vec<String>,
}

/// A closed set of mutually exclusive values, e.g. the days of the week.
#[derive(Debug, Clone)]
pub struct Category {
    pub name: String,
    pub conflict: Conflict,
    /// Each value with its spellings; the first spelling is the canonical one.
    pub values: Vec<Vec<String>>,
    /// Whether a value is a detail a fact must state to support a claim naming it (a place, a
    /// day: "Eide spoke to NRK in Oslo" is not supported by a fact that does not say where).
    pub detail: bool,
    /// When either is non-empty, a value counts only right after one of `place_before` or right
    /// before one of `place_after` (keys `before` / `after` in the file): a city as a place, not
    /// as a government; "home" as a ministry only in "home secretary".
    pub place_before: Vec<String>,
    pub place_after: Vec<String>,
}

/// When naming another value of a [`Category`] than a fact does contradicts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Conflict {
    /// Attributes an event has exactly one of (its place, day, duration): any other value
    /// contradicts, even one no source mentions ("Warsaw" for "Prague").
    Always,
    /// Agents (a speaker, a role): only a value the sources mention contradicts; one they never
    /// mention is simply not covered.
    IfMentioned,
    /// Only marks what a text is about (a country); never a contradiction by itself.
    Never,
}

/// Word lists, each a property of English rather than of any article.
#[derive(Debug, Clone, Default)]
pub struct Words {
    /// Words so common that they carry no meaning for matching.
    pub stop: Vec<String>,
    /// Words common in any question or claim ("said", "remarks") that say nothing of its topic.
    pub generic: Vec<String>,
    /// Words that flip the polarity of what follows ("not", "never", "no").
    pub negations: Vec<String>,
    /// Phrases that start with a negation but do not negate ("not only", "not the only").
    pub not_negating: Vec<String>,
    /// Verbs that make a stance preposition a stance ("is against").
    pub copulas: Vec<String>,
    /// Auxiliary verbs: one followed by "nt" ("doesnt") reads as the verb and "not".
    pub auxiliaries: Vec<String>,
    /// Articles and possessives: the word after one is a noun ("its back", "his backing").
    pub determiners: Vec<String>,
    /// Verbs that report what someone said ("said", "warned", "told"): a claim with one gives
    /// words to a speaker. Read by stem, and wider than [`Words::speech_verbs`] (which drafting
    /// reads as written).
    pub claim_speech_verbs: Vec<String>,
    /// Stance verbs: support-like ("back", "urge") and oppose-like ("oppose", "against").
    pub support: Vec<String>,
    pub oppose: Vec<String>,
    /// Amounts in words ("dozens", "a handful"): these answer "how many" as digits do.
    pub quantity: Vec<String>,
    /// Words that place something in time ("next", "ahead of", "morning").
    pub time: Vec<String>,
    /// Units of measure ("km", "mph", "hours").
    pub units: Vec<String>,
    /// Nouns that name a measure ("range", "cost"): "what is the X" asks for an amount.
    pub measure_nouns: Vec<String>,
    /// Words that tell the time of day ("morning", "noon"): what "what time" asks for.
    pub clock_words: Vec<String>,
    /// Question phrases that ask a time of day ("what time", "how early").
    pub asks_clock: Vec<String>,
    /// Words right after a clock time's digits ("pm" in "6 pm").
    pub clock_suffixes: Vec<String>,
    /// Question phrases that ask a day ("which day", "what date").
    pub asks_day: Vec<String>,
    /// Days named relative to today ("yesterday").
    pub relative_days: Vec<String>,
    /// Question phrases that ask which city or town ("which city").
    pub asks_city: Vec<String>,
    /// Verbs that make "where" ask a position, not a place ("where does X stand").
    pub position_verbs: Vec<String>,
    /// Words that say where, besides place names ("border", "capital").
    pub place: Vec<String>,
    /// Words and phrases that give a reason ("because", "out of fear").
    pub reason_markers: Vec<String>,
    /// Words that pin a time down relative to now ("next", "last", "ago").
    pub time_qualifiers: Vec<String>,
    /// Prepositions that make a place name a place ("in", "inside").
    pub locatives: Vec<String>,
    /// Question words and phrases with the answer each asks for.
    pub answer_types: Vec<(String, AnswerType)>,
    /// First words of a yes/no question ("does", "is").
    pub yes_no_starters: Vec<String>,
    /// Verbs that attribute words to a speaker, as written ("said", "telling"): read by
    /// `factbot draft`.
    pub speech_verbs: Vec<String>,
    /// Small words inside a proper name ("of" in "Secretary of State").
    pub name_particles: Vec<String>,
    /// Words that make a name an organisation ("ministry", "council").
    pub organisation_words: Vec<String>,
    /// Past tenses not ending in -ed, with their base form ("said", "say").
    pub irregular_past: Vec<(String, String)>,
}

/// All the general language data. Shared by every knowledge folder loaded in the process.
#[derive(Debug, Clone, Default)]
pub struct Language {
    pub words: Words,
    pub aliases: Vec<AliasGroup>,
    pub categories: Vec<Category>,
    /// Pairs of words or phrases with opposite meaning ("greater" / "smaller").
    pub antonyms: Vec<(String, String)>,
}

/// Files of the language folder: where each part comes from.
pub const WORDS_FILE: &str = "words.toml";
pub const ALIASES_FILE: &str = "aliases.toml";
pub const CATEGORIES_FILE: &str = "categories.toml";

impl Language {
    /// The language data compiled into the binary; parsed once per process.
    pub fn bundled() -> &'static Language {
        static LANG: std::sync::OnceLock<Language> = std::sync::OnceLock::new();
        LANG.get_or_init(|| {
            let read = |name: &str| {
                BUNDLED
                    .get_file(name)
                    .and_then(|f| f.contents_utf8())
                    .unwrap_or_default()
            };
            let mut problems = Vec::new();
            let lang = Language::parse(
                &Sources {
                    words: Some(("<language>/words.toml", read(WORDS_FILE))),
                    aliases: Some(("<language>/aliases.toml", read(ALIASES_FILE))),
                    categories: Some(("<language>/categories.toml", read(CATEGORIES_FILE))),
                },
                &mut problems,
            );
            // The bundled data is tested (see the tests below): a problem here is a build bug.
            assert!(problems.is_empty(), "bundled language data: {problems:?}");
            lang
        })
    }

    /// Parses the three language files, each given as (name for messages, text). Every problem
    /// is pushed to `problems`, with file and line; what could be read is still returned.
    pub fn parse(files: &Sources<'_>, problems: &mut Vec<Problem>) -> Language {
        let mut lang = Language::default();
        if let Some((name, text)) = files.words {
            if let Some(raw) = parse_toml::<raw::WordsFile>(name, text, problems) {
                lang.words = raw.into_words();
            }
        }
        if let Some((name, text)) = files.aliases {
            lang.aliases = parse_aliases(name, text, problems);
        }
        if let Some((name, text)) = files.categories {
            if let Some(raw) = parse_toml::<raw::CategoriesFile>(name, text, problems) {
                let (categories, antonyms) = raw.into_parts(name, text, problems);
                lang.categories = categories;
                lang.antonyms = antonyms;
            }
        }
        lang
    }

    /// This data with a knowledge folder's own root `lexicon.toml` / `aliases.toml` (the older
    /// layout) standing in for the matching parts: a folder written for factbot before language
    /// data was split from article data keeps reading exactly as it did.
    pub fn with_overrides(
        &self,
        lexicon: Option<(&str, &str)>,
        aliases: Option<(&str, &str)>,
        problems: &mut Vec<Problem>,
    ) -> Language {
        let mut out = self.clone();
        if let Some((name, text)) = lexicon {
            if let Some(raw) = parse_toml::<raw::LegacyLexicon>(name, text, problems) {
                raw.apply(&mut out, name, text, problems);
            }
        }
        if let Some((name, text)) = aliases {
            out.aliases = parse_aliases(name, text, problems);
        }
        out
    }

    /// The answer type a question word or phrase asks for, longest phrases first.
    pub fn answer_types(&self) -> HashMap<&str, AnswerType> {
        self.words
            .answer_types
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect()
    }
}

/// The texts of a language folder's files (`None`: file absent).
pub struct Sources<'a> {
    pub words: Option<(&'a str, &'a str)>,
    pub aliases: Option<(&'a str, &'a str)>,
    pub categories: Option<(&'a str, &'a str)>,
}

fn parse_toml<T: serde::de::DeserializeOwned>(
    name: &str,
    text: &str,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    match toml::from_str::<T>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let lines = LineIndex::new(text);
            problems.push(Problem {
                file: name.to_string(),
                line: e.span().map(|s| lines.line(s.start)),
                field: None,
                message: crate::text::toml_message(&e),
            });
            None
        }
    }
}

/// `[[alias]]` groups, as in `language/aliases.toml`, an older folder's root `aliases.toml`, or
/// an entities file.
pub(crate) fn parse_aliases(
    name: &str,
    text: &str,
    problems: &mut Vec<Problem>,
) -> Vec<AliasGroup> {
    let Some(parsed) = parse_toml::<raw::AliasesFile>(name, text, problems) else {
        return Vec::new();
    };
    raw::alias_groups(parsed.alias, name, text, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_language_parses_and_is_not_about_one_article() {
        let lang = Language::bundled();
        assert!(lang.words.stop.iter().any(|w| w == "the"));
        assert!(lang.words.negations.iter().any(|w| w == "not"));
        assert!(lang
            .words
            .answer_types
            .iter()
            .any(|(w, t)| w == "how many" && *t == AnswerType::Quantity));
        assert!(lang.categories.iter().any(|c| c.name == "weekday"));
        // The people of an article are not general language.
        let all_words: Vec<&str> = lang
            .aliases
            .iter()
            .flat_map(|g| std::iter::once(&g.canonical).chain(&g.variants))
            .map(String::as_str)
            .collect();
        for name in ["stoltenberg", "macron", "kremlin", "white house"] {
            assert!(!all_words.contains(&name), "{name} is article data");
        }
    }

    #[test]
    fn a_malformed_file_names_file_and_line() {
        let mut problems = Vec::new();
        let _ = Language::parse(
            &Sources {
                words: Some(("w.toml", "stop_words = [\"a\"]\nnegations = [1, \n")),
                aliases: Some((
                    "a.toml",
                    "[[alias]]\ncanonical = \"x\"\nvariants = [\"\"]\n",
                )),
                categories: None,
            },
            &mut problems,
        );
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(problems[0].file, "w.toml");
        assert!(problems[0].line.is_some());
        assert_eq!(problems[1].file, "a.toml");
        assert_eq!(problems[1].line, Some(1));
    }

    #[test]
    fn an_older_folder_lexicon_stands_in_for_the_parts_it_has() {
        let mut problems = Vec::new();
        let lang = Language::bundled().with_overrides(
            Some(("lexicon.toml", "negations = [\"nope\"]\n")),
            None,
            &mut problems,
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(lang.words.negations, ["nope"]);
        // what it does not state keeps the general data
        assert_eq!(lang.words.stop, Language::bundled().words.stop);
        assert_eq!(lang.aliases.len(), Language::bundled().aliases.len());
    }
}
