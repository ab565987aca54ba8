//! Reading a knowledge folder (from disk or from the copy compiled into the binary) and
//! validating it. Every problem found is collected, not just the first, so a curator can fix a
//! folder in one pass; each names the file, the line and the field.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use serde::de::DeserializeOwned;

use super::raw::{FactsFile, SourcesFile};
use super::{Fact, Knowledge, Language, Source};
use crate::text::line_of;

/// One thing wrong with a knowledge folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file, as the user named the folder (`knowledge/facts/x.toml`).
    pub file: String,
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    /// The field at fault (`quote`, `fact[3].id`), when there is one.
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// A knowledge folder that cannot be used, with every problem found in it.
#[derive(Debug, Clone, thiserror::Error)]
#[error("invalid knowledge folder ({} problem{}):\n{}", problems.len(), if problems.len() == 1 { "" } else { "s" }, problems.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
pub struct LoadError {
    pub problems: Vec<Problem>,
}

/// Where the files come from: a folder on disk, or the one compiled into the binary.
pub(super) trait Files {
    /// `Ok(None)` when the file does not exist.
    fn read(&self, rel: &str) -> Result<Option<Vec<u8>>, String>;
    /// Names of the `*.toml` files directly in `rel_dir`, sorted.
    fn list_toml(&self, rel_dir: &str) -> Result<Vec<String>, String>;
}

pub(super) struct Disk<'a>(pub &'a Path);

impl Files for Disk<'_> {
    fn read(&self, rel: &str) -> Result<Option<Vec<u8>>, String> {
        match std::fs::read(self.0.join(rel)) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }

    fn list_toml(&self, rel_dir: &str) -> Result<Vec<String>, String> {
        let dir = self.0.join(rel_dir);
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e.to_string()),
        };
        let mut names: Vec<String> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml"))
            .collect();
        names.sort();
        Ok(names)
    }
}

pub(super) struct Embedded<'a>(pub &'a include_dir::Dir<'static>);

impl Files for Embedded<'_> {
    fn read(&self, rel: &str) -> Result<Option<Vec<u8>>, String> {
        Ok(self.0.get_file(rel).map(|f| f.contents().to_vec()))
    }

    fn list_toml(&self, rel_dir: &str) -> Result<Vec<String>, String> {
        let Some(dir) = self.0.get_dir(rel_dir) else {
            return Ok(Vec::new());
        };
        let mut names: Vec<String> = dir
            .files()
            .filter_map(|f| {
                f.path()
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
            })
            .filter(|n| n.ends_with(".toml"))
            .collect();
        names.sort();
        Ok(names)
    }
}

/// Collects problems while loading; the file prefix makes paths read as the user gave them.
struct Ctx {
    prefix: String,
    problems: Vec<Problem>,
}

impl Ctx {
    fn problem(
        &mut self,
        file: &str,
        text: &str,
        span: Option<std::ops::Range<usize>>,
        field: Option<String>,
        message: impl Into<String>,
    ) {
        self.problems.push(Problem {
            file: format!("{}{}", self.prefix, file),
            line: span.map(|s| line_of(text, s.start)),
            field,
            message: message.into(),
        });
    }

    /// Reads a UTF-8 text file; `None` (with a problem recorded if `required`) when unusable.
    fn read_text(&mut self, files: &dyn Files, rel: &str, required: bool) -> Option<String> {
        match files.read(rel) {
            Ok(Some(bytes)) => match String::from_utf8(bytes) {
                Ok(s) => Some(s),
                Err(e) => {
                    let at = e.utf8_error().valid_up_to();
                    let text = String::from_utf8_lossy(&e.into_bytes()[..at]).into_owned();
                    self.problem(
                        rel,
                        &text,
                        Some(at..at),
                        None,
                        format!("not valid UTF-8 (byte {at})"),
                    );
                    None
                }
            },
            Ok(None) => {
                if required {
                    self.problem(rel, "", None, None, "file not found");
                }
                None
            }
            Err(e) => {
                self.problem(rel, "", None, None, format!("cannot read: {e}"));
                None
            }
        }
    }

    fn parse<T: DeserializeOwned>(&mut self, rel: &str, text: &str) -> Option<T> {
        match toml::from_str::<T>(text) {
            Ok(v) => Some(v),
            Err(e) => {
                let msg = e.message().trim().to_string();
                self.problem(rel, text, e.span(), None, msg);
                None
            }
        }
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
}

pub(super) fn load(files: &dyn Files, prefix: &str) -> Result<Knowledge, LoadError> {
    let mut cx = Ctx {
        prefix: prefix.to_string(),
        problems: Vec::new(),
    };

    let sources = load_sources(files, &mut cx);
    let facts = load_facts(files, &mut cx, &sources);
    let language = load_language(files, &mut cx);

    if !cx.problems.is_empty() {
        return Err(LoadError {
            problems: cx.problems,
        });
    }
    Ok(Knowledge::assemble(
        sources.into_iter().map(Arc::new).collect(),
        facts,
        language,
    ))
}

fn load_sources(files: &dyn Files, cx: &mut Ctx) -> Vec<Source> {
    const FILE: &str = "sources.toml";
    let Some(text) = cx.read_text(files, FILE, true) else {
        return Vec::new();
    };
    let Some(parsed) = cx.parse::<SourcesFile>(FILE, &text) else {
        return Vec::new();
    };
    if parsed.source.is_empty() {
        cx.problem(
            FILE,
            &text,
            None,
            Some("source".into()),
            "no [[source]] entries: at least one source is needed",
        );
    }
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (i, entry) in parsed.source.into_iter().enumerate() {
        let span = entry.span();
        let raw = entry.into_inner();
        let id = raw.id.get_ref().trim().to_string();
        if !valid_id(&id) {
            cx.problem(
                FILE,
                &text,
                Some(raw.id.span()),
                Some(format!("source[{i}].id")),
                "must be non-empty and use only letters, digits, '-', '_' or '.'",
            );
            continue;
        }
        if !seen.insert(id.clone()) {
            cx.problem(
                FILE,
                &text,
                Some(raw.id.span()),
                Some(format!("source[{i}].id")),
                format!("duplicate source id \"{id}\""),
            );
            continue;
        }
        if !is_iso_date(raw.date.get_ref()) {
            cx.problem(
                FILE,
                &text,
                Some(raw.date.span()),
                Some(format!("source[{i}].date")),
                format!("\"{}\" is not a date like 2024-05-30", raw.date.get_ref()),
            );
        }
        let rel = raw.file.get_ref().clone();
        if rel.contains("..") || rel.starts_with('/') {
            cx.problem(
                FILE,
                &text,
                Some(raw.file.span()),
                Some(format!("source[{i}].file")),
                "must be a path inside the knowledge folder",
            );
            continue;
        }
        let body = match files.read(&rel) {
            Ok(Some(bytes)) => match String::from_utf8(bytes) {
                Ok(s) => s,
                Err(_) => {
                    cx.problem(
                        FILE,
                        &text,
                        Some(raw.file.span()),
                        Some(format!("source[{i}].file")),
                        format!("{rel} is not valid UTF-8"),
                    );
                    continue;
                }
            },
            Ok(None) => {
                cx.problem(
                    FILE,
                    &text,
                    Some(raw.file.span()),
                    Some(format!("source[{i}].file")),
                    format!("{prefix}{rel} not found", prefix = cx.prefix),
                );
                continue;
            }
            Err(e) => {
                cx.problem(
                    FILE,
                    &text,
                    Some(raw.file.span()),
                    Some(format!("source[{i}].file")),
                    format!("cannot read {rel}: {e}"),
                );
                continue;
            }
        };
        if body.trim().is_empty() {
            cx.problem(
                FILE,
                &text,
                Some(span),
                Some(format!("source[{i}].file")),
                format!("{rel} is empty"),
            );
            continue;
        }
        let mut source = Source::new(id, raw.title, raw.date.into_inner(), raw.url, body);
        load_entities(files, cx, &text, i, &raw.entities, &rel, &mut source);
        out.push(source);
    }
    out
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn load_facts(files: &dyn Files, cx: &mut Ctx, sources: &[Source]) -> Vec<Arc<Fact>> {
    let names = match files.list_toml("facts") {
        Ok(n) => n,
        Err(e) => {
            cx.problem("facts/", "", None, None, format!("cannot list: {e}"));
            return Vec::new();
        }
    };
    if names.is_empty() {
        cx.problem("facts/", "", None, None, "no fact files (*.toml) found");
        return Vec::new();
    }
    let by_id: HashMap<&str, &Source> = sources.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut out = Vec::new();
    for name in names {
        let rel = format!("facts/{name}");
        let Some(text) = cx.read_text(files, &rel, true) else {
            continue;
        };
        let Some(parsed) = cx.parse::<FactsFile>(&rel, &text) else {
            continue;
        };
        if parsed.fact.is_empty() {
            cx.problem(
                &rel,
                &text,
                None,
                Some("fact".into()),
                "no [[fact]] entries",
            );
        }
        for (i, entry) in parsed.fact.into_iter().enumerate() {
            let raw = entry.into_inner();
            let field = |f: &str| Some(format!("fact[{i}].{f}"));
            let id = raw.id.get_ref().trim().to_string();
            let mut ok = true;
            if !valid_id(&id) {
                cx.problem(
                    &rel,
                    &text,
                    Some(raw.id.span()),
                    field("id"),
                    "must be non-empty and use only letters, digits, '-', '_' or '.'",
                );
                ok = false;
            } else if let Some(first) = seen.get(&id) {
                cx.problem(
                    &rel,
                    &text,
                    Some(raw.id.span()),
                    field("id"),
                    format!("duplicate fact id \"{id}\" (first defined in {first})"),
                );
                ok = false;
            } else {
                seen.insert(
                    id.clone(),
                    format!("{}{rel}:{}", cx.prefix, line_of(&text, raw.id.span().start)),
                );
            }
            let source = by_id.get(raw.source.get_ref().as_str()).copied();
            if source.is_none() {
                let known: Vec<_> = by_id.keys().copied().collect();
                cx.problem(
                    &rel,
                    &text,
                    Some(raw.source.span()),
                    field("source"),
                    format!(
                        "unknown source id \"{}\" (known: {})",
                        raw.source.get_ref(),
                        known.join(", ")
                    ),
                );
                ok = false;
            }
            if raw.answer.get_ref().trim().is_empty() {
                cx.problem(
                    &rel,
                    &text,
                    Some(raw.answer.span()),
                    field("answer"),
                    "is empty",
                );
                ok = false;
            }
            let questions: Vec<String> = raw
                .questions
                .get_ref()
                .iter()
                .map(|q| q.trim().to_string())
                .filter(|q| !q.is_empty())
                .collect();
            if questions.is_empty() {
                cx.problem(
                    &rel,
                    &text,
                    Some(raw.questions.span()),
                    field("questions"),
                    "needs at least one example question",
                );
                ok = false;
            }
            let quote = raw.quote.get_ref();
            let mut offset = 0;
            if quote.trim().is_empty() {
                cx.problem(
                    &rel,
                    &text,
                    Some(raw.quote.span()),
                    field("quote"),
                    "is empty",
                );
                ok = false;
            } else if let Some(src) = source {
                match src.text.find(quote.as_str()) {
                    Some(at) => offset = at,
                    None => {
                        cx.problem(
                            &rel,
                            &text,
                            Some(raw.quote.span()),
                            field("quote"),
                            format!(
                                "is not an exact substring of source \"{}\"{}",
                                src.id,
                                near_miss_hint(&src.text, quote)
                            ),
                        );
                        ok = false;
                    }
                }
            }
            if !ok {
                continue;
            }
            let src = source.expect("checked above");
            let paragraph = src
                .paragraph_at(offset + quote.len() - quote.trim_start().len())
                .unwrap_or(1);
            out.push(Arc::new(Fact {
                id,
                source: src.id.clone(),
                quote: quote.clone(),
                answer: raw.answer.into_inner().trim().to_string(),
                questions,
                keywords: raw.keywords,
                speaker: raw.speaker,
                supports: raw
                    .supports
                    .iter()
                    .map(|s| s.trim().to_lowercase())
                    .collect(),
                opposes: raw
                    .opposes
                    .iter()
                    .map(|s| s.trim().to_lowercase())
                    .collect(),
                not_answered: raw
                    .not_answered
                    .iter()
                    .map(|q| q.trim().to_string())
                    .filter(|q| !q.is_empty())
                    .collect(),
                answers: raw.answers,
                draft: raw.draft,
                paragraph,
                offset,
            }));
        }
    }
    out
}

/// Where a quote almost matches (differs only in case, quote marks or spacing), say so: it is the
/// most common curation slip and the hardest to spot by eye.
fn near_miss_hint(source: &str, quote: &str) -> String {
    let fold = |s: &str| -> String {
        s.chars()
            .map(|c| match c {
                '\u{2018}' | '\u{2019}' => '\'',
                '\u{201C}' | '\u{201D}' => '"',
                c => c,
            })
            .flat_map(char::to_lowercase)
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    if fold(source).contains(&fold(quote)) {
        " (it differs only in case, quote marks or spacing: copy it from the source exactly)".into()
    } else {
        String::new()
    }
}

/// The general language data, with an older folder's own root `lexicon.toml` / `aliases.toml`
/// standing in for the parts they hold. A file that is absent is simply not there; one that exists
/// but cannot be read is an error, never a quiet switch to the general data.
fn load_language(files: &dyn Files, cx: &mut Ctx) -> Language {
    let lexicon = cx.read_text(files, "lexicon.toml", false);
    let aliases = cx.read_text(files, "aliases.toml", false);
    let (lexicon_name, aliases_name) = (
        format!("{}lexicon.toml", cx.prefix),
        format!("{}aliases.toml", cx.prefix),
    );
    Language::bundled().with_overrides(
        lexicon.as_deref().map(|t| (lexicon_name.as_str(), t)),
        aliases.as_deref().map(|t| (aliases_name.as_str(), t)),
        &mut cx.problems,
    )
}

/// A source's entities file: the one `entities` names in sources.toml, else
/// `<article file without .txt>.entities.toml` when it exists.
fn load_entities(
    files: &dyn Files,
    cx: &mut Ctx,
    sources_text: &str,
    i: usize,
    named: &Option<toml::Spanned<String>>,
    article: &str,
    source: &mut Source,
) {
    let rel = match named {
        Some(path) => {
            let rel = path.get_ref().clone();
            if rel.contains("..") || rel.starts_with('/') {
                cx.problem(
                    "sources.toml",
                    sources_text,
                    Some(path.span()),
                    Some(format!("source[{i}].entities")),
                    "must be a path inside the knowledge folder",
                );
                return;
            }
            rel
        }
        None => {
            let stem = article.strip_suffix(".txt").unwrap_or(article);
            let rel = format!("{stem}.entities.toml");
            if !matches!(files.read(&rel), Ok(Some(_))) {
                return;
            }
            rel
        }
    };
    let Some(text) = cx.read_text(files, &rel, true) else {
        return;
    };
    let name = format!("{}{rel}", cx.prefix);
    source.entities = super::entities::parse(&name, &text, &mut cx.problems);
    source.entities_file = Some(rel);
}

#[cfg(test)]
mod tests {
    use super::super::Knowledge;
    use super::*;

    const ARTICLE: &str = "First paragraph says Prague.\n\nSecond one says Washington in July.\n";
    const SOURCES: &str =
        "[[source]]\nid = \"a\"\ntitle = \"T\"\ndate = \"2024-05-30\"\nfile = \"a.txt\"\n";
    const FACT: &str = "[[fact]]\nid = \"f1\"\nsource = \"a\"\nquote = \"says Prague\"\nanswer = \"Prague.\"\nquestions = [\"where?\"]\n";

    /// A knowledge folder with the given facts file; returns it and its path prefix.
    fn folder(sources: &str, facts: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
        std::fs::write(dir.path().join("sources.toml"), sources).unwrap();
        std::fs::create_dir(dir.path().join("facts")).unwrap();
        std::fs::write(dir.path().join("facts/x.toml"), facts).unwrap();
        dir
    }

    fn problems(sources: &str, facts: &str) -> Vec<Problem> {
        let dir = folder(sources, facts);
        Knowledge::load_dir(dir.path())
            .expect_err("should be rejected")
            .problems
    }

    #[test]
    fn a_valid_folder_loads_with_paragraphs() {
        let dir = folder(SOURCES, FACT);
        let k = Knowledge::load_dir(dir.path()).unwrap();
        assert_eq!(k.facts().len(), 1);
        assert_eq!(k.facts()[0].paragraph, 1);
        assert_eq!(k.uncovered_paragraphs(&k.sources()[0]), vec![2]);
        // the general language data applies
        assert!(!k.lexicon().stop_words.is_empty());
        assert!(k.sources()[0].entities_file.is_none());
    }

    #[test]
    fn malformed_toml_names_file_and_line() {
        let p = problems(SOURCES, "[[fact]]\nid = \"f1\"\nquote = \"unterminated\n");
        assert_eq!(p.len(), 1);
        assert!(p[0].file.ends_with("facts/x.toml"), "{:?}", p[0]);
        assert_eq!(p[0].line, Some(3));
    }

    #[test]
    fn missing_field_is_named() {
        let p = problems(
            SOURCES,
            "[[fact]]\nid = \"f1\"\nsource = \"a\"\nquote = \"says Prague\"\nquestions = [\"q\"]\n",
        );
        assert!(p[0].message.contains("answer"), "{}", p[0]);
        assert_eq!(p[0].line, Some(1));
    }

    #[test]
    fn unknown_field_is_rejected() {
        let p = problems(SOURCES, &format!("{FACT}qestions = [\"typo\"]\n"));
        assert!(p[0].message.contains("qestions"), "{}", p[0]);
    }

    #[test]
    fn duplicate_ids_point_at_the_first() {
        let p = problems(SOURCES, &format!("{FACT}\n{FACT}"));
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].field.as_deref(), Some("fact[1].id"));
        assert_eq!(p[0].line, Some(9));
        assert!(
            p[0].message.contains("duplicate fact id \"f1\"") && p[0].message.contains("x.toml:2"),
            "{}",
            p[0]
        );
    }

    #[test]
    fn quote_must_be_verbatim() {
        let p = problems(SOURCES, &FACT.replace("says Prague", "says prague"));
        assert_eq!(p[0].field.as_deref(), Some("fact[0].quote"));
        assert_eq!(p[0].line, Some(4));
        assert!(
            p[0].message.contains("not an exact substring")
                && p[0].message.contains("differs only in case"),
            "{}",
            p[0]
        );
        let p = problems(SOURCES, &FACT.replace("says Prague", "says Warsaw"));
        assert!(!p[0].message.contains("differs only"), "{}", p[0]);
    }

    #[test]
    fn unknown_source_is_named() {
        let p = problems(SOURCES, &FACT.replace("source = \"a\"", "source = \"b\""));
        assert_eq!(p[0].field.as_deref(), Some("fact[0].source"));
        assert!(p[0].message.contains("unknown source id \"b\""), "{}", p[0]);
    }

    #[test]
    fn empty_question_list_is_rejected() {
        let p = problems(SOURCES, &FACT.replace("[\"where?\"]", "[]"));
        assert_eq!(p[0].field.as_deref(), Some("fact[0].questions"));
        let p = problems(SOURCES, &FACT.replace("[\"where?\"]", "[\"  \"]"));
        assert_eq!(p[0].field.as_deref(), Some("fact[0].questions"));
    }

    #[test]
    fn source_problems() {
        let p = problems(&SOURCES.replace("a.txt", "missing.txt"), FACT);
        assert!(
            p.iter()
                .any(|p| p.message.contains("missing.txt not found")),
            "{p:?}"
        );
        let p = problems(&SOURCES.replace("2024-05-30", "May 30"), FACT);
        assert!(
            p.iter()
                .any(|p| p.field.as_deref() == Some("source[0].date")),
            "{p:?}"
        );
        let p = problems(&SOURCES.replace("a.txt", "../etc/passwd"), FACT);
        assert!(
            p.iter()
                .any(|p| p.message.contains("inside the knowledge folder")),
            "{p:?}"
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let facts = format!(
            "{}\n{}",
            FACT.replace("says Prague", "nope"),
            FACT.replace("\"a\"", "\"zzz\"")
        );
        let p = problems(SOURCES, &facts);
        assert_eq!(p.len(), 3, "{p:?}"); // bad quote, duplicate id, unknown source
        let all = LoadError { problems: p }.to_string();
        assert!(all.contains("3 problems"), "{all}");
    }

    #[test]
    fn missing_folder_and_invalid_utf8() {
        let err = Knowledge::load_dir(Path::new("/definitely/not/here")).unwrap_err();
        assert!(err
            .problems
            .iter()
            .any(|p| p.file.ends_with("sources.toml") && p.message == "file not found"));
        let dir = folder(SOURCES, FACT);
        std::fs::write(dir.path().join("facts/x.toml"), b"id = \"\xff\xfe\"").unwrap();
        let err = Knowledge::load_dir(dir.path()).unwrap_err();
        assert!(err.problems[0].message.contains("not valid UTF-8"), "{err}");
    }

    #[test]
    fn display_is_file_line_field_message() {
        let p = Problem {
            file: "k/facts/x.toml".into(),
            line: Some(7),
            field: Some("fact[2].quote".into()),
            message: "bad".into(),
        };
        assert_eq!(
            p.to_string(),
            "k/facts/x.toml:7: field `fact[2].quote`: bad"
        );
    }
}
