//! Drafting a new article's knowledge from its text alone (`factbot draft`): one draft fact per
//! informative sentence, and a draft entities file with the names the article uses.
//!
//! A curated fact takes a curator an article's worth of reading; a draft takes none, and is
//! honest from the start: its quote is a sentence of the article, verbatim, inside one paragraph
//! (ranges into the text, never retyped), and its answer is that sentence in plain words, adding
//! nothing but the speaker of a quotation attributed in the paragraph before. What a draft lacks
//! is judgement: its example questions come from patterns of news prose over the sentence's own
//! people, places, times and numbers ([`questions`]), its names from capitalisation and the
//! language data ([`names`]), its speakers from speech verbs ([`speaker`]). So every fact is
//! marked `draft = true` and every entity `# draft: check ...`; the engine serves drafts until a
//! curator reviews them, and `factbot validate` counts them.
//!
//! The pipeline, one concern per file: [`structure`] reads paragraphs, sentences and words (the
//! knowledge's own splitting); [`vocab`] views the general language data; [`names`] finds entity
//! candidates; [`speaker`] attributions; [`select`] keeps the informative sentences; [`answer`]
//! and [`questions`] make each fact; [`render`] writes the TOML. Everything here is a pure
//! function of the article's text and the language data: it reads and writes no file (the CLI
//! does), and the same article always gives the same draft.

mod answer;
mod names;
mod questions;
mod render;
mod select;
mod speaker;
mod structure;
mod vocab;

use serde::Deserialize;
use toml::Spanned;

use self::render::DraftFact;
use self::speaker::Attribution;
use self::structure::Structure;
use self::vocab::Vocab;
use crate::knowledge::{is_iso_date, valid_id};
use crate::language::Language;
use crate::text::LineIndex;

/// A new article, as the curator gives it.
#[derive(Debug, Clone, Copy)]
pub struct Article<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// Publication date, `YYYY-MM-DD`.
    pub date: &'a str,
    /// The article's text, verbatim.
    pub text: &'a str,
}

impl Article<'_> {
    /// Where the article's text goes in the knowledge folder.
    pub fn text_file(&self) -> String {
        format!("sources/{}.txt", self.id)
    }

    /// Where its entities file goes (the loader's default, beside the text).
    pub fn entities_file(&self) -> String {
        format!("sources/{}.entities.toml", self.id)
    }

    /// Where its draft facts go.
    pub fn facts_file(&self) -> String {
        format!("facts/{}.toml", self.id)
    }
}

/// The texts to write for a drafted article, and what they hold.
#[derive(Debug, Clone)]
pub struct Draft {
    /// `sources/<id>.entities.toml`.
    pub entities_toml: String,
    /// `facts/<id>.toml`.
    pub facts_toml: String,
    /// Number of draft facts.
    pub facts: usize,
    /// How many of them have a speaker.
    pub speakers: usize,
    /// Number of draft entities.
    pub entities: usize,
    /// Total example questions.
    pub questions: usize,
}

/// Why an article cannot be drafted, or its source entry added.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DraftError {
    #[error("id \"{0}\" is not usable: use only letters, digits, '-', '_' or '.'")]
    Id(String),
    #[error("date \"{0}\" is not a date like 2024-05-30")]
    Date(String),
    #[error("the title is empty")]
    Title,
    #[error("the article has no text")]
    Empty,
    #[error("no sentence of the article says enough for a fact")]
    NothingToDraft,
    /// The existing `sources.toml` cannot be read as TOML.
    #[error("sources.toml{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    SourcesToml {
        line: Option<usize>,
        message: String,
    },
    #[error("sources.toml:{line}: field `source[{index}].id`: a source \"{id}\" already exists (choose another --id)")]
    DuplicateId {
        id: String,
        line: usize,
        index: usize,
    },
    #[error(
        "sources.toml:{line}: field `source[{index}].file`: source \"{other}\" already uses {file}"
    )]
    DuplicateFile {
        file: String,
        other: String,
        line: usize,
        index: usize,
    },
}

/// Checks what the curator gave: a usable id, an ISO date, a title, some text.
fn check(a: &Article) -> Result<(), DraftError> {
    if !valid_id(a.id) {
        return Err(DraftError::Id(a.id.to_string()));
    }
    if !is_iso_date(a.date) {
        return Err(DraftError::Date(a.date.to_string()));
    }
    if a.title.trim().is_empty() {
        return Err(DraftError::Title);
    }
    if a.text.trim().is_empty() {
        return Err(DraftError::Empty);
    }
    Ok(())
}

/// Drafts the facts and entities of article `a`, read with the language data `lang`.
pub fn draft(a: &Article, lang: &Language) -> Result<Draft, DraftError> {
    check(a)?;
    let text = a.text;
    let st = structure::read(text);
    let v = Vocab::new(lang);
    let names = names::find(text, &st, &v);
    let said = attribute_paragraphs(&st, &names, &v);

    let mut facts = Vec::new();
    if let Some(fact) = date_fact(a, &st) {
        facts.push(fact);
    }
    let mut lead = true;
    let mut nth_in_paragraph = 0;
    for (i, s) in st.sentences.iter().enumerate() {
        nth_in_paragraph = if s.opens_paragraph {
            1
        } else {
            nth_in_paragraph + 1
        };
        if !select::informative(s, names.mentions[i].len(), &v) {
            continue;
        }
        let quote = &text[s.span.clone()];
        let attributions = &said[i];
        // One speaker, or none: a fact's speaker is who said its quoted words, and a claim
        // giving them to another person is contradicted.
        let speaker = match attributions.as_slice() {
            [a] => Some(names.entities[a.entity].name.clone()),
            _ => None,
        };
        let carried = attributions
            .first()
            .filter(|a| !a.own)
            .map(|a| names.entities[a.entity].name.as_str());
        let questions = questions::questions(
            &questions::Input {
                text,
                sentence: s,
                mentions: &names.mentions[i],
                entities: &names.entities,
                said: attributions,
                lead,
            },
            &v,
        );
        lead = false;
        facts.push(DraftFact {
            id: format!("{}.p{}s{}", a.id, s.paragraph, nth_in_paragraph),
            paragraph: s.paragraph,
            quote: quote.to_string(),
            answer: answer::answer(quote, carried),
            questions,
            speaker,
        });
    }
    if facts.is_empty() {
        return Err(DraftError::NothingToDraft);
    }
    Ok(Draft {
        entities_toml: render::entities_file(a.id, &names.entities),
        facts_toml: render::facts_file(a.id, a.title, &facts),
        facts: facts.len(),
        speakers: facts.iter().filter(|f| f.speaker.is_some()).count(),
        entities: names.entities.len(),
        questions: facts.iter().map(|f| f.questions.len()).sum(),
    })
}

/// Questions any article's date answers.
const DATE_QUESTIONS: [&str; 6] = [
    "when was this article published",
    "what is the date of the article",
    "when is this story from",
    "what day was this written",
    "how recent is this news",
    "article date",
];

/// A fact for a metadata token that dates the article ("date 2024-05-30"): the token is the
/// article's own words, so it can be quoted like any sentence.
fn date_fact(a: &Article, st: &Structure) -> Option<DraftFact> {
    let meta = st.metadata.first()?;
    let date = &a.text[meta.date.clone()?];
    let paragraph = crate::knowledge::paragraph_ranges(a.text)
        .iter()
        .position(|p| p.contains(&meta.span.start))?
        + 1;
    Some(DraftFact {
        id: format!("{}.date", a.id),
        paragraph,
        quote: a.text[meta.span.clone()].to_string(),
        answer: format!("The article is dated {date}."),
        questions: DATE_QUESTIONS.iter().map(|q| q.to_string()).collect(),
        speaker: None,
    })
}

/// Each sentence's attribution: its own, or that of the quotation it belongs to. A quotation can
/// run over sentences and paragraphs with its attribution in only one of them:
///
/// - `"A. B," X said.`: A is X's as much as B;
/// - a paragraph that opens a quotation with no attribution of its own continues the quotation
///   attributed in the paragraph before (the news convention for long quotations).
fn attribute_paragraphs(st: &Structure, names: &names::Names, v: &Vocab) -> Vec<Vec<Attribution>> {
    let n = st.sentences.len();
    let own: Vec<Vec<Attribution>> = (0..n)
        .map(|i| speaker::attribute(&st.sentences[i], &names.mentions[i], names, v))
        .collect();
    let mut out: Vec<Vec<Attribution>> = vec![Vec::new(); n];
    // The speaker of the last paragraph's quotation.
    let mut carry: Option<usize> = None;
    let mut i = 0;
    while i < n {
        let p = st.sentences[i].paragraph;
        let j = (i..n)
            .find(|&k| st.sentences[k].paragraph != p)
            .unwrap_or(n);
        let mut open = false;
        let mut quoted_paragraph = false;
        for k in i..j {
            let words = &st.sentences[k].words;
            let in_quote = open || words[0].open_quote;
            for w in words {
                if w.open_quote {
                    open = true;
                    quoted_paragraph = true;
                }
                if w.close_quote {
                    open = false;
                    quoted_paragraph = true;
                }
            }
            out[k] = if !own[k].is_empty() {
                own[k].clone()
            } else if in_quote {
                let later = own[k + 1..j].iter().find_map(|a| a.first());
                let earlier = out[i..k].iter().rev().find_map(|a| a.first());
                later
                    .or(earlier)
                    .map(|a| a.entity)
                    .or(carry)
                    .map(|entity| Attribution {
                        entity,
                        said: 0..0,
                        own: false,
                    })
                    .into_iter()
                    .collect()
            } else {
                Vec::new()
            };
        }
        carry = if quoted_paragraph {
            out[i..j]
                .iter()
                .rev()
                .find_map(|a| a.first())
                .map(|a| a.entity)
        } else {
            None
        };
        i = j;
    }
    out
}

/// The `sources.toml` text with article `a` added: `existing` (the file's text, `None` when there
/// is none yet) with a `[[source]]` entry appended, comments and layout kept. An id or a text file
/// already in use is an error naming its line: a curator's entry is never replaced.
pub fn add_source(existing: Option<&str>, a: &Article) -> Result<String, DraftError> {
    check(a)?;
    let file = a.text_file();
    let entry = render::source_entry(a.id, a.title, a.date, &file);
    let Some(existing) = existing.filter(|t| !t.trim().is_empty()) else {
        return Ok(entry);
    };
    let lines = LineIndex::new(existing);
    let parsed: ExistingSources =
        toml::from_str(existing).map_err(|e| DraftError::SourcesToml {
            line: e.span().map(|s| lines.line(s.start)),
            message: e.message().trim().to_string(),
        })?;
    for (index, s) in parsed.source.iter().enumerate() {
        let line = lines.line(s.id.span().start);
        if s.id.get_ref().trim() == a.id {
            return Err(DraftError::DuplicateId {
                id: a.id.to_string(),
                line,
                index,
            });
        }
        if s.file.as_deref() == Some(file.as_str()) {
            return Err(DraftError::DuplicateFile {
                file,
                other: s.id.get_ref().clone(),
                line,
                index,
            });
        }
    }
    let mut out = existing.to_string();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&entry);
    Ok(out)
}

/// What drafting needs of an existing `sources.toml`: its ids and files. Other fields are the
/// loader's to check.
#[derive(Deserialize)]
struct ExistingSources {
    #[serde(default)]
    source: Vec<ExistingSource>,
}

#[derive(Deserialize)]
struct ExistingSource {
    id: Spanned<String>,
    #[serde(default)]
    file: Option<String>,
}

#[cfg(test)]
mod tests;
