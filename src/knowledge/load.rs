//! Reading a knowledge folder (from disk or from the copy compiled into the binary) and
//! validating it. Every problem found is collected, not just the first, so a curator can fix a
//! folder in one pass; each names the file, the line and the field.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use super::quotes;
use super::raw::{FactsFile, RawFact, SourcesFile};
use super::{Fact, Knowledge, Language, Quote, Source, StrList};
use crate::fsutil::{self, ReadError};
use crate::text::LineIndex;

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
pub(super) trait Files: Sync {
    /// The file's bytes: [`ReadError::NotFound`] when it does not exist; an error too when it is
    /// not a regular file or is larger than `limit` bytes.
    fn read(&self, rel: &str, limit: u64) -> Result<Vec<u8>, ReadError>;
    /// Names of the `*.toml` files directly in `rel_dir`, sorted.
    fn list_toml(&self, rel_dir: &str) -> Result<Vec<String>, String>;
}

pub(super) struct Disk<'a>(pub &'a Path);

impl Files for Disk<'_> {
    fn read(&self, rel: &str, limit: u64) -> Result<Vec<u8>, ReadError> {
        fsutil::read_regular(&self.0.join(rel), limit)
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
    fn read(&self, rel: &str, limit: u64) -> Result<Vec<u8>, ReadError> {
        let file = self.0.get_file(rel).ok_or(ReadError::NotFound)?;
        if file.contents().len() as u64 > limit {
            return Err(ReadError::TooLarge(limit));
        }
        Ok(file.contents().to_vec())
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

/// One file's text, the name problems give it, and where its lines start: computed once per
/// file, so that line numbers cost O(log lines) each however many facts the file holds.
struct Doc {
    /// As the user will look for it: `knowledge/facts/x.toml`, or `<bundled>/lexicon.toml`.
    name: String,
    text: String,
    lines: LineIndex,
}

impl Doc {
    fn new(name: String, text: String) -> Doc {
        let lines = LineIndex::new(&text);
        Doc { name, text, lines }
    }

    fn line(&self, offset: usize) -> usize {
        self.lines.line(offset)
    }
}

/// Collects problems while loading; the file prefix makes paths read as the user gave them.
struct Ctx {
    prefix: String,
    problems: Vec<Problem>,
}

impl Ctx {
    /// A problem inside `doc`, at the line of `span` when there is one.
    fn problem(
        &mut self,
        doc: &Doc,
        span: Option<std::ops::Range<usize>>,
        field: Option<String>,
        message: impl Into<String>,
    ) {
        self.problems.push(Problem {
            file: doc.name.clone(),
            line: span.map(|s| doc.line(s.start)),
            field,
            message: message.into(),
        });
    }

    /// A problem with a whole file (`rel`, in the folder) that has no text to point into.
    fn file_problem(&mut self, rel: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            file: format!("{}{rel}", self.prefix),
            line: None,
            field: None,
            message: message.into(),
        });
    }

    /// Reads a UTF-8 TOML file of the folder; `None` (with a problem recorded, unless it is
    /// missing and not `required`) when unusable.
    fn read_doc(&mut self, files: &dyn Files, rel: &str, required: bool) -> Option<Doc> {
        match files.read(rel, fsutil::KNOWLEDGE_TOML_LIMIT) {
            Ok(bytes) => self.doc(format!("{}{rel}", self.prefix), bytes),
            Err(ReadError::NotFound) => {
                if required {
                    self.file_problem(rel, "file not found");
                }
                None
            }
            Err(e) => {
                self.file_problem(rel, e.to_string());
                None
            }
        }
    }

    /// `bytes` as a document named `name`, if they are UTF-8 (else a problem at the first bad byte).
    fn doc(&mut self, name: String, bytes: Vec<u8>) -> Option<Doc> {
        match String::from_utf8(bytes) {
            Ok(text) => Some(Doc::new(name, text)),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(&e.into_bytes()[..at]).into_owned();
                let doc = Doc::new(name, text);
                self.problem(
                    &doc,
                    Some(at..at),
                    None,
                    format!("not valid UTF-8 (byte {at})"),
                );
                None
            }
        }
    }

    fn parse<T: DeserializeOwned>(&mut self, doc: &Doc) -> Option<T> {
        match toml::from_str::<T>(&doc.text) {
            Ok(v) => Some(v),
            Err(e) => {
                let msg = crate::text::toml_message(&e);
                self.problem(doc, e.span(), None, msg);
                None
            }
        }
    }
}

/// Whether `id` is a valid source or fact id: non-empty, ASCII letters, digits, `-`, `_`, `.`.
pub(crate) fn valid_id(id: &str) -> bool {
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
        sources.loaded.into_iter().map(Arc::new).collect(),
        facts,
        language,
    ))
}

/// The sources that loaded, and what is known of those that did not: a fact citing a source
/// whose file could not be used is not reported again (the source's own problem says it all).
struct Sources {
    loaded: Vec<Source>,
    /// Ids declared in `sources.toml` whose entry or file was rejected.
    failed: HashSet<String>,
    /// `sources.toml` itself could not be used: no source id can be checked.
    unknown: bool,
}

fn load_sources(files: &dyn Files, cx: &mut Ctx) -> Sources {
    let mut out = Sources {
        loaded: Vec::new(),
        failed: HashSet::new(),
        unknown: true,
    };
    let Some(doc) = cx.read_doc(files, "sources.toml", true) else {
        return out;
    };
    let Some(parsed) = cx.parse::<SourcesFile>(&doc) else {
        return out;
    };
    out.unknown = false;
    if parsed.source.is_empty() {
        cx.problem(
            &doc,
            None,
            Some("source".into()),
            "no [[source]] entries: at least one source is needed",
        );
    }
    let mut seen = HashSet::new();
    for (i, entry) in parsed.source.into_iter().enumerate() {
        let span = entry.span();
        let raw = entry.into_inner();
        let id = raw.id.get_ref().trim().to_string();
        if !valid_id(&id) {
            cx.problem(
                &doc,
                Some(raw.id.span()),
                Some(format!("source[{i}].id")),
                "must be non-empty and use only letters, digits, '-', '_' or '.'",
            );
            continue;
        }
        if !seen.insert(id.clone()) {
            cx.problem(
                &doc,
                Some(raw.id.span()),
                Some(format!("source[{i}].id")),
                format!("duplicate source id \"{id}\""),
            );
            continue;
        }
        if !is_iso_date(raw.date.get_ref()) {
            cx.problem(
                &doc,
                Some(raw.date.span()),
                Some(format!("source[{i}].date")),
                format!("\"{}\" is not a date like 2024-05-30", raw.date.get_ref()),
            );
        }
        let rel = raw.file.get_ref().clone();
        let file_field = Some(format!("source[{i}].file"));
        if rel.contains("..") || rel.starts_with('/') {
            cx.problem(
                &doc,
                Some(raw.file.span()),
                file_field,
                "must be a path inside the knowledge folder",
            );
            out.failed.insert(id);
            continue;
        }
        let shown = format!("{}{rel}", cx.prefix);
        let body = match files.read(&rel, fsutil::SOURCE_LIMIT) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(s) => s,
                Err(e) => {
                    let at = e.utf8_error().valid_up_to();
                    cx.problem(
                        &doc,
                        Some(raw.file.span()),
                        file_field,
                        format!("{shown} is not valid UTF-8 (byte {at})"),
                    );
                    out.failed.insert(id);
                    continue;
                }
            },
            Err(ReadError::NotFound) => {
                cx.problem(
                    &doc,
                    Some(raw.file.span()),
                    file_field,
                    format!("{shown} not found"),
                );
                out.failed.insert(id);
                continue;
            }
            Err(e) => {
                cx.problem(
                    &doc,
                    Some(raw.file.span()),
                    file_field,
                    format!("{shown} {e}"),
                );
                out.failed.insert(id);
                continue;
            }
        };
        if body.trim().is_empty() {
            cx.problem(&doc, Some(span), file_field, format!("{rel} is empty"));
            out.failed.insert(id);
            continue;
        }
        let mut source = Source::new(id, raw.title, raw.date.into_inner(), raw.url, body);
        load_entities(files, cx, &doc, i, &raw.entities, &rel, &mut source);
        out.loaded.push(source);
    }
    out
}

/// Whether `s` reads as an ISO 8601 date, `YYYY-MM-DD`.
pub(crate) fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// How many known source ids an "unknown source" problem lists.
const KNOWN_SOURCES_SHOWN: usize = 10;

/// A facts file with its facts as written.
type ParsedFile = (Doc, Vec<RawFact>);

fn load_facts(files: &dyn Files, cx: &mut Ctx, sources: &Sources) -> Vec<Arc<Fact>> {
    let names = match files.list_toml("facts") {
        Ok(n) => n,
        Err(e) => {
            cx.file_problem("facts/", format!("cannot list: {e}"));
            return Vec::new();
        }
    };
    if names.is_empty() {
        cx.file_problem("facts/", "no fact files (*.toml) found");
        return Vec::new();
    }
    let by_id: HashMap<&str, &Source> = sources.loaded.iter().map(|s| (s.id.as_str(), s)).collect();
    // Said the same way by every "unknown source" problem: built once, sorted, short.
    let known = {
        let mut ids: Vec<&str> = by_id.keys().copied().collect();
        ids.sort_unstable();
        let more = ids.len().saturating_sub(KNOWN_SOURCES_SHOWN);
        ids.truncate(KNOWN_SOURCES_SHOWN);
        let mut list = ids.join(", ");
        if more > 0 {
            list.push_str(&format!(" and {more} more"));
        }
        list
    };
    // Parse every file first, so that each source's quotes can be located in one pass over
    // its text (see `quotes`), then check the facts in file order.
    // Files are parsed side by side, each with its own problems, which are then reported in
    // file order as if read one after the other.
    let parsed: Vec<(Vec<Problem>, Option<ParsedFile>)> = names
        .par_iter()
        .map(|name| {
            let mut local = Ctx {
                prefix: cx.prefix.clone(),
                problems: Vec::new(),
            };
            let rel = format!("facts/{name}");
            let file = local.read_doc(files, &rel, true).and_then(|doc| {
                let parsed = local.parse::<FactsFile>(&doc)?;
                if parsed.fact.is_empty() {
                    local.problem(&doc, None, Some("fact".into()), "no [[fact]] entries");
                }
                let facts = parsed.fact.into_iter().map(|f| f.into_inner()).collect();
                Some((doc, facts))
            });
            (local.problems, file)
        })
        .collect();
    let mut parsed_files: Vec<ParsedFile> = Vec::new();
    for (problems, file) in parsed {
        cx.problems.extend(problems);
        parsed_files.extend(file);
    }
    let offsets = locate_quotes(&by_id, &parsed_files);

    // Fact id -> where it is first defined (file, line), for duplicate messages.
    let mut seen: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut out = Vec::new();
    for (doc_i, (doc, facts)) in parsed_files.iter().enumerate() {
        for (i, raw) in facts.iter().enumerate() {
            let field = |f: &str| Some(format!("fact[{i}].{f}"));
            let id = raw.id.get_ref().trim();
            let mut ok = true;
            if !valid_id(id) {
                cx.problem(
                    doc,
                    Some(raw.id.span()),
                    field("id"),
                    "must be non-empty and use only letters, digits, '-', '_' or '.'",
                );
                ok = false;
            } else if let Some(&(first_doc, first_line)) = seen.get(id) {
                cx.problem(
                    doc,
                    Some(raw.id.span()),
                    field("id"),
                    format!(
                        "duplicate fact id \"{id}\" (first defined in {}:{first_line})",
                        parsed_files[first_doc].0.name
                    ),
                );
                ok = false;
            } else {
                seen.insert(id, (doc_i, doc.line(raw.id.span().start)));
            }
            let cited = raw.source.get_ref().as_str();
            let source = by_id.get(cited).copied();
            if source.is_none() {
                // A source that failed to load has had its problem reported already.
                if !sources.unknown && !sources.failed.contains(cited) {
                    cx.problem(
                        doc,
                        Some(raw.source.span()),
                        field("source"),
                        format!("unknown source id \"{cited}\" (known: {known})"),
                    );
                }
                ok = false;
            }
            if raw.answer.get_ref().trim().is_empty() {
                cx.problem(doc, Some(raw.answer.span()), field("answer"), "is empty");
                ok = false;
            }
            let questions: StrList = raw
                .questions
                .get_ref()
                .iter()
                .map(|q| q.trim())
                .filter(|q| !q.is_empty())
                .collect();
            if questions.is_empty() {
                cx.problem(
                    doc,
                    Some(raw.questions.span()),
                    field("questions"),
                    "needs at least one example question",
                );
                ok = false;
            }
            let quote = raw.quote.get_ref();
            let mut offset = 0;
            if quote.trim().is_empty() {
                cx.problem(doc, Some(raw.quote.span()), field("quote"), "is empty");
                ok = false;
            } else if let Some(src) = source {
                match offsets
                    .get(&(src.id.as_str(), quote.as_str()))
                    .copied()
                    .flatten()
                {
                    Some(at) => offset = at,
                    None => {
                        cx.problem(
                            doc,
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
            let Some(span) = Quote::new(&src.text, offset, offset + quote.len()) else {
                // Never expected: the offset is where the quote was found in this text.
                cx.problem(
                    doc,
                    Some(raw.quote.span()),
                    field("quote"),
                    format!("could not be located in source \"{}\"", src.id),
                );
                continue;
            };
            let paragraph = src
                .paragraph_at(offset + quote.len() - quote.trim_start().len())
                .unwrap_or(1);
            out.push(Arc::new(Fact {
                id: id.into(),
                source: src.id.as_str().into(),
                quote: span,
                answer: raw.answer.get_ref().trim().into(),
                questions,
                keywords: raw.keywords.as_slice().into(),
                speaker: raw.speaker.as_deref().map(Into::into),
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
                answers: raw.answers.as_slice().into(),
                draft: raw.draft,
                paragraph,
            }));
        }
    }
    out
}

/// Where each distinct (source, quote) pair of the parsed facts first occurs in the source's
/// text (`None`: nowhere), one pass over each source's text for all its quotes.
fn locate_quotes<'a>(
    by_id: &HashMap<&str, &'a Source>,
    parsed_files: &'a [ParsedFile],
) -> HashMap<(&'a str, &'a str), Option<usize>> {
    let mut wanted: HashMap<&'a str, (&'a Source, Vec<&'a str>)> = HashMap::new();
    let mut offsets: HashMap<(&'a str, &'a str), Option<usize>> = HashMap::new();
    for raw in parsed_files.iter().flat_map(|(_, facts)| facts) {
        let quote = raw.quote.get_ref().as_str();
        let Some(src) = by_id.get(raw.source.get_ref().as_str()) else {
            continue;
        };
        if quote.trim().is_empty() {
            continue;
        }
        if let std::collections::hash_map::Entry::Vacant(e) = offsets.entry((&src.id, quote)) {
            e.insert(None);
            wanted
                .entry(&src.id)
                .or_insert((src, Vec::new()))
                .1
                .push(quote);
        }
    }
    let found: Vec<_> = wanted
        .into_par_iter()
        .map(|(id, (src, quotes))| {
            let found = quotes::first_occurrences(&src.text, &quotes);
            (id, quotes, found)
        })
        .collect();
    for (id, quotes, found) in found {
        for (q, at) in quotes.into_iter().zip(found) {
            offsets.insert((id, q), at);
        }
    }
    offsets
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
/// but cannot be read (a directory, a FIFO, too large, unreadable, not UTF-8) is a problem, never
/// a quiet switch to the general data.
fn load_language(files: &dyn Files, cx: &mut Ctx) -> Language {
    let lexicon = cx.read_doc(files, "lexicon.toml", false);
    let aliases = cx.read_doc(files, "aliases.toml", false);
    Language::bundled().with_overrides(
        lexicon.as_ref().map(|d| (d.name.as_str(), d.text.as_str())),
        aliases.as_ref().map(|d| (d.name.as_str(), d.text.as_str())),
        &mut cx.problems,
    )
}

/// A source's entities file: the one `entities` names in sources.toml, else
/// `<article file without .txt>.entities.toml` when it exists.
fn load_entities(
    files: &dyn Files,
    cx: &mut Ctx,
    sources_doc: &Doc,
    i: usize,
    named: &Option<toml::Spanned<String>>,
    article: &str,
    source: &mut Source,
) {
    let (rel, required) = match named {
        Some(path) => {
            let rel = path.get_ref().clone();
            if rel.contains("..") || rel.starts_with('/') {
                cx.problem(
                    sources_doc,
                    Some(path.span()),
                    Some(format!("source[{i}].entities")),
                    "must be a path inside the knowledge folder",
                );
                return;
            }
            (rel, true)
        }
        None => {
            let stem = article.strip_suffix(".txt").unwrap_or(article);
            (format!("{stem}.entities.toml"), false)
        }
    };
    let Some(doc) = cx.read_doc(files, &rel, required) else {
        return;
    };
    source.entities = super::entities::parse(&doc.name, &doc.text, &mut cx.problems);
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
        crate::testutil::folder(&[
            ("a.txt", ARTICLE),
            ("sources.toml", sources),
            ("facts/x.toml", facts),
        ])
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

    /// `n` valid facts quoting the test article, one after the other in one file.
    fn many_facts(n: usize) -> String {
        (0..n)
            .map(|i| FACT.replace("\"f1\"", &format!("\"f{i}\"")))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn line_numbers_cost_one_pass_per_file_not_one_per_fact() {
        let facts = many_facts(1000);
        let dir = folder(SOURCES, &facts);
        crate::text::line_scan::take();
        let k = Knowledge::load_dir(dir.path()).unwrap();
        assert_eq!(k.facts().len(), 1000);
        let scanned = crate::text::line_scan::take();
        // Each file's text at most once (plus the bundled aliases and lexicon).
        let budget = 2 * (facts.len() + SOURCES.len() + 64 * 1024);
        assert!(
            scanned <= budget,
            "scanned {scanned} bytes for line numbers; a linear loader needs at most {budget}"
        );
        // Still right: a problem on the last fact names its line.
        let broken = format!("{facts}\n{}", FACT.replace("says Prague", "says Rome"));
        let p = problems(SOURCES, &broken);
        assert_eq!(p.len(), 2, "{p:?}"); // the bad quote, and the duplicate id f1
        let last_quote_line = broken.lines().count() - 2;
        assert!(
            p.iter()
                .any(|p| p.field.as_deref() == Some("fact[1000].quote")
                    && p.line == Some(last_quote_line)),
            "{p:?}"
        );
    }

    /// Loads on another thread, failing the test (instead of hanging it) after a generous wait.
    fn load_within_a_minute(dir: &Path) -> Result<Knowledge, LoadError> {
        let (tx, rx) = std::sync::mpsc::channel();
        let dir = dir.to_path_buf();
        std::thread::spawn(move || {
            let _ = tx.send(Knowledge::load_dir(&dir));
        });
        rx.recv_timeout(std::time::Duration::from_secs(60))
            .expect("loading must never hang")
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_or_a_device_in_the_folder_is_refused_not_waited_on() {
        let dir = folder(SOURCES, FACT);
        std::fs::remove_file(dir.path().join("facts/x.toml")).unwrap();
        crate::fsutil::tests::mkfifo(&dir.path().join("facts/x.toml"));
        let err = load_within_a_minute(dir.path()).unwrap_err();
        assert_eq!(err.problems.len(), 1, "{err}");
        let p = &err.problems[0];
        assert!(p.file.ends_with("facts/x.toml"), "{p}");
        assert!(
            p.message.contains("FIFO") && p.message.contains("not a regular file"),
            "{p}"
        );

        let dir = folder(SOURCES, FACT);
        std::fs::remove_file(dir.path().join("a.txt")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", dir.path().join("a.txt")).unwrap();
        let err = load_within_a_minute(dir.path()).unwrap_err();
        assert_eq!(err.problems.len(), 1, "{err}");
        assert!(
            err.problems[0].message.contains("a.txt") && err.problems[0].message.contains("device"),
            "{err}"
        );
    }

    #[test]
    fn files_over_the_size_limits_are_refused_naming_file_and_limit() {
        let dir = folder(SOURCES, FACT);
        let big = format!(
            "{ARTICLE}{}",
            "x".repeat(crate::fsutil::SOURCE_LIMIT as usize)
        );
        std::fs::write(dir.path().join("a.txt"), big).unwrap();
        let err = Knowledge::load_dir(dir.path()).unwrap_err();
        assert_eq!(err.problems.len(), 1, "{err}");
        let p = &err.problems[0];
        assert_eq!(p.field.as_deref(), Some("source[0].file"));
        assert!(
            p.message.contains("a.txt") && p.message.contains("4 MiB"),
            "{p}"
        );

        let dir = folder(SOURCES, FACT);
        let f = std::fs::File::create(dir.path().join("facts/huge.toml")).unwrap();
        f.set_len(crate::fsutil::KNOWLEDGE_TOML_LIMIT + 1).unwrap(); // sparse
        let err = Knowledge::load_dir(dir.path()).unwrap_err();
        assert_eq!(err.problems.len(), 1, "{err}");
        let p = &err.problems[0];
        assert!(
            p.file.ends_with("facts/huge.toml") && p.message.contains("64 MiB"),
            "{p}"
        );
    }

    #[test]
    fn an_unreadable_aliases_or_lexicon_is_an_error_not_the_bundled_copy() {
        for name in ["aliases.toml", "lexicon.toml"] {
            let dir = folder(SOURCES, FACT);
            std::fs::create_dir(dir.path().join(name)).unwrap();
            let err = Knowledge::load_dir(dir.path()).expect_err(name);
            assert_eq!(err.problems.len(), 1, "{err}");
            let p = &err.problems[0];
            assert!(
                p.file.ends_with(name) && !p.file.contains("<bundled>"),
                "{p}"
            );
            assert!(p.message.contains("directory"), "{p}");
        }
        // A syntax error names the folder's file and its line, not the bundled one.
        let dir = folder(SOURCES, FACT);
        std::fs::write(
            dir.path().join("lexicon.toml"),
            "negations = [\"not\"]\nstop_words = [\n",
        )
        .unwrap();
        let err = Knowledge::load_dir(dir.path()).unwrap_err();
        assert_eq!(err.problems.len(), 1, "{err}");
        let p = &err.problems[0];
        assert!(
            p.file.ends_with("lexicon.toml") && !p.file.contains("<bundled>"),
            "{p}"
        );
        assert!(p.line.is_some(), "{p}");
    }

    #[test]
    fn one_broken_file_does_not_hide_or_multiply_the_others_problems() {
        let facts = format!(
            "{}\n{}\n{}",
            FACT,
            FACT.replace("\"f1\"", "\"f2\""),
            FACT.replace("\"f1\"", "\"f3\"")
                .replace("[\"where?\"]", "[]")
        );
        let dir = folder("[[source]]\nid = \"a\"\ntitle = \n", &facts);
        std::fs::write(dir.path().join("aliases.toml"), "[[alias]\n").unwrap();
        let err = Knowledge::load_dir(dir.path()).unwrap_err();
        let files: Vec<_> = err
            .problems
            .iter()
            .map(|p| {
                (
                    p.file.rsplit('/').next().unwrap().to_string(),
                    p.field.clone(),
                )
            })
            .collect();
        assert_eq!(
            files,
            [
                ("sources.toml".to_string(), None),
                ("x.toml".to_string(), Some("fact[2].questions".to_string())),
                ("aliases.toml".to_string(), None),
            ],
            "{err}"
        );
    }

    #[test]
    fn an_unreadable_source_is_one_error_not_one_per_fact() {
        let facts = format!(
            "{}\n{}\n{}",
            FACT,
            FACT.replace("\"f1\"", "\"f2\""),
            FACT.replace("\"f1\"", "\"f3\"")
        );
        let p = problems(&SOURCES.replace("a.txt", "missing.txt"), &facts);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].field.as_deref(), Some("source[0].file"));
        // A source id that is really unknown is still an error for each fact citing it.
        let p = problems(SOURCES, &facts.replace("source = \"a\"", "source = \"b\""));
        assert_eq!(p.len(), 3, "{p:?}");
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
