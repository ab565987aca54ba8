//! The knowledge base: sources (articles kept verbatim), each with the entities it names, and the
//! curated facts that quote them; read together with the general language data
//! ([`crate::language`]) the matcher and the fact-checker reason with.
//!
//! Everything here is plain data, validated once at load time so that the rest of the program can
//! rely on two invariants: every fact's quote is an exact substring of its source, and every id is
//! unique. The bot must never show a quote that is not in the article; this is where that is enforced.

mod entities;
mod load;
mod quote;
mod quotes;
mod raw;
mod strlist;

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

pub use entities::{Entities, Entity, EntityKind};
pub(crate) use load::{is_iso_date, valid_id};
pub use load::{LoadError, Problem};
pub use quote::Quote;
pub use strlist::StrList;

pub use crate::language::{AliasGroup, Category, Conflict, Language};

/// The knowledge folder compiled into the binary, so `factbot` works from any directory.
static BUNDLED: include_dir::Dir<'static> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/knowledge");

/// One article, kept byte for byte as published.
#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    pub title: String,
    /// Publication date as written by the curator (ISO 8601, `YYYY-MM-DD`).
    pub date: String,
    pub url: Option<String>,
    /// The verbatim text of the article, shared with its facts' quotes.
    pub text: Arc<str>,
    /// Byte ranges of the paragraphs: the non-empty lines, in file order.
    paragraphs: Vec<Range<usize>>,
    /// The people, places and other names of this article; read only for its own facts.
    pub entities: Entities,
    /// Where they came from (`None`: the source has no entities file).
    pub entities_file: Option<String>,
}

impl Source {
    pub(crate) fn new(
        id: String,
        title: String,
        date: String,
        url: Option<String>,
        text: String,
    ) -> Self {
        let paragraphs = paragraph_ranges(&text);
        Source {
            id,
            title,
            date,
            url,
            text: text.into(),
            paragraphs,
            entities: Entities::default(),
            entities_file: None,
        }
    }

    /// The paragraphs (non-empty lines, trimmed), numbered from 1 by their position + 1.
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.paragraphs.iter().map(|r| &self.text[r.clone()])
    }

    pub fn paragraph_count(&self) -> usize {
        self.paragraphs.len()
    }

    /// The whole sentence (or sentences) of the text around the byte range `span`, within its
    /// paragraph: a minimal quote ("meeting in Prague") is easier to trust read in its sentence.
    /// Returns `span` itself when it lies in no paragraph.
    pub fn sentence_around(&self, span: Range<usize>) -> Range<usize> {
        let Some(p) = self
            .paragraphs
            .iter()
            .find(|r| r.start <= span.start && span.start < r.end)
        else {
            return span;
        };
        let mut out = span.clone();
        for s in sentences(&self.text, p.clone()) {
            if s.start < span.end.max(span.start + 1) && span.start < s.end {
                out.start = out.start.min(s.start);
                out.end = out.end.max(s.end);
            }
        }
        out
    }

    /// 1-based number of the paragraph holding byte `offset`, if any.
    pub fn paragraph_at(&self, offset: usize) -> Option<usize> {
        // Paragraphs are in text order and do not overlap: binary search.
        let i = self.paragraphs.partition_point(|r| r.end <= offset);
        self.paragraphs
            .get(i)
            .filter(|r| r.start <= offset)
            .map(|_| i + 1)
    }
}

/// A curated fact: a plain-language answer backed by a verbatim quote from one source.
///
/// Kept for every fact while the bot runs, so its strings and lists are boxed (no spare capacity,
/// 16-byte headers): at 100,000 facts that is about 10 MB.
#[derive(Debug, Clone)]
pub struct Fact {
    pub id: Box<str>,
    /// Id of the [`Source`] the quote comes from.
    pub source: Box<str>,
    /// Exact substring of the source text (validated at load), shared with it.
    pub quote: Quote,
    pub answer: Box<str>,
    /// Example questions this fact answers; the matcher's main evidence, and autocomplete's menu.
    pub questions: StrList,
    pub keywords: Box<[String]>,
    /// Who said or wrote the quoted words, when the fact reports a statement.
    pub speaker: Option<Box<str>>,
    /// Canonical entity names that, per this quote, support the action it is about.
    pub supports: Box<[String]>,
    /// Canonical entity names that, per this quote, oppose it.
    pub opposes: Box<[String]>,
    /// On-topic questions this fact does NOT answer ("how many ministers came" for the fact that
    /// they meet): near misses the engine learns to abstain on.
    pub not_answered: Box<[String]>,
    /// What kinds of answer the fact gives, when the curator states it; else derived from its
    /// quote, answer and speaker.
    pub answers: Box<[crate::language::AnswerType]>,
    /// Drafted by `factbot draft` and not yet reviewed.
    pub draft: bool,
    /// 1-based paragraph of the source where the quote starts.
    pub paragraph: usize,
}

impl Fact {
    /// Byte range of the quote in its source's text.
    pub fn span(&self) -> Range<usize> {
        self.quote.span()
    }
}

/// Word lists the matcher and fact-checker reason with: the general language data (or an older
/// folder's own lexicon in its place), with the articles' people and places added to its sets.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Sets of mutually exclusive values (weekdays, months, cities, durations...): naming a different
    /// member of the same set than the fact does is a contradiction.
    pub categories: Vec<Category>,
    /// Pairs of words or phrases with opposite meaning ("greater" / "smaller").
    pub antonyms: Vec<(String, String)>,
    /// Words that flip the polarity of what follows ("not", "never", "no").
    pub negations: Vec<String>,
    /// Stance verbs: support-like ("back", "urge") and oppose-like ("oppose", "against").
    pub support_words: Vec<String>,
    pub oppose_words: Vec<String>,
    /// Words common in any claim or question ("said", "remarks") that say nothing about its topic.
    pub generic_words: Vec<String>,
    /// Words so common that they carry no meaning for matching.
    pub stop_words: Vec<String>,
}

impl Lexicon {
    /// The language's lists, with every article's people as one more closed set (a wrong speaker
    /// contradicts) and its places added to the cities.
    fn new(language: &Language, sources: &[Arc<Source>]) -> Lexicon {
        let mut categories = language.categories.clone();
        let entities = || sources.iter().flat_map(|s| &s.entities.entities);
        let people: Vec<Vec<String>> = entities()
            .filter(|e| e.kind == EntityKind::Person)
            .map(|e| {
                std::iter::once(e.name.clone())
                    .chain(e.aliases.clone())
                    .collect()
            })
            .collect();
        if !people.is_empty() {
            categories.push(Category {
                name: "person".into(),
                conflict: Conflict::IfMentioned,
                values: people,
                detail: false,
                place_before: Vec::new(),
                place_after: Vec::new(),
            });
        }
        if let Some(city) = categories.iter_mut().find(|c| c.name == "city") {
            // Spelling -> value, so that joining stays linear with thousands of places.
            let mut by_spelling: HashMap<String, usize> = city
                .values
                .iter()
                .enumerate()
                .flat_map(|(i, v)| v.iter().map(move |s| (s.clone(), i)))
                .collect();
            for e in entities().filter(|e| e.kind == EntityKind::Place) {
                // The article's names for a place the language already lists ("New York City",
                // "NYC") join that value: they are one place, never two that contradict.
                let names: Vec<String> = std::iter::once(&e.name)
                    .chain(&e.aliases)
                    .map(|n| n.to_lowercase())
                    .collect();
                let value = match names.iter().find_map(|n| by_spelling.get(n).copied()) {
                    Some(i) => i,
                    None => {
                        city.values.push(Vec::new());
                        city.values.len() - 1
                    }
                };
                for n in names {
                    if !city.values[value].contains(&n) {
                        by_spelling.insert(n.clone(), value);
                        city.values[value].push(n);
                    }
                }
            }
        }
        let w = &language.words;
        Lexicon {
            categories,
            antonyms: language.antonyms.clone(),
            negations: w.negations.clone(),
            support_words: w.support.clone(),
            oppose_words: w.oppose.clone(),
            generic_words: w.generic.clone(),
            stop_words: w.stop.clone(),
        }
    }
}

/// Everything loaded from one knowledge folder. Cheap to share: wrap in an `Arc` (the engine does).
#[derive(Debug, Clone)]
pub struct Knowledge {
    sources: Vec<Arc<Source>>,
    facts: Vec<Arc<Fact>>,
    language: Language,
    /// The language's alias groups, then every source's entities and aliases.
    aliases: Vec<AliasGroup>,
    lexicon: Lexicon,
    /// Fact positions by id.
    fact_index: crate::lookup::Positions,
    source_index: HashMap<String, usize>,
    /// For each source (in source order), the indexes of the facts that quote it.
    facts_by_source: Vec<Vec<usize>>,
}

impl Knowledge {
    /// The knowledge folder compiled into the binary.
    pub fn bundled() -> Result<Self, LoadError> {
        load::load(&load::Embedded(&BUNDLED), "<bundled>/")
    }

    /// Loads and validates the knowledge folder at `dir`.
    pub fn load_dir(dir: &Path) -> Result<Self, LoadError> {
        let prefix = format!("{}/", dir.display());
        load::load(&load::Disk(dir), &prefix)
    }

    /// `Some(dir)`: that folder; `None`: the bundled knowledge.
    pub fn load(dir: Option<&Path>) -> Result<Self, LoadError> {
        match dir {
            Some(d) => Self::load_dir(d),
            None => Self::bundled(),
        }
    }

    pub fn sources(&self) -> &[Arc<Source>] {
        &self.sources
    }

    pub fn facts(&self) -> &[Arc<Fact>] {
        &self.facts
    }

    /// Whether facts `a` and `b` (indices into [`Knowledge::facts`]) are one fact or quote
    /// overlapping text of the same source: in training, an answer with either is right.
    pub fn quotes_overlap(&self, a: usize, b: usize) -> bool {
        let (fa, fb) = (&self.facts[a], &self.facts[b]);
        a == b
            || (fa.source == fb.source
                && fa.span().start < fb.span().end
                && fb.span().start < fa.span().end)
    }

    /// Every fact's example questions, fact by fact: the order the retrieval index numbers them
    /// in, so the `n`-th is example `n` for leave-one-out.
    pub fn example_questions(&self) -> impl Iterator<Item = &str> {
        self.facts.iter().flat_map(|f| f.questions.iter())
    }

    pub fn aliases(&self) -> &[AliasGroup] {
        &self.aliases
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The general language data this folder is read with.
    pub fn language(&self) -> &Language {
        &self.language
    }

    /// Assembles a folder's validated parts into the views the engine reads, and the lookup
    /// tables over them (hash maps, one pass each): every lookup by id and every per-source
    /// report stays cheap with 100,000 facts.
    pub(crate) fn assemble(
        sources: Vec<Arc<Source>>,
        facts: Vec<Arc<Fact>>,
        language: Language,
    ) -> Knowledge {
        let aliases = language
            .aliases
            .iter()
            .cloned()
            .chain(sources.iter().flat_map(|s| s.entities.alias_groups()))
            .collect();
        let lexicon = Lexicon::new(&language, &sources);
        let mut fact_index = crate::lookup::Positions::with_capacity(facts.len());
        for (i, f) in facts.iter().enumerate() {
            fact_index.insert(&f.id, i, |j| &facts[j].id);
        }
        let source_index: HashMap<String, usize> = sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        let mut facts_by_source = vec![Vec::new(); sources.len()];
        for (i, f) in facts.iter().enumerate() {
            if let Some(&s) = source_index.get(&*f.source) {
                facts_by_source[s].push(i);
            }
        }
        Knowledge {
            sources,
            facts,
            language,
            aliases,
            lexicon,
            fact_index,
            source_index,
            facts_by_source,
        }
    }

    /// Position of a source in [`Knowledge::sources`].
    pub fn source_position(&self, id: &str) -> Option<usize> {
        self.source_index.get(id).copied()
    }

    pub fn source(&self, id: &str) -> Option<&Arc<Source>> {
        self.source_index.get(id).map(|&i| &self.sources[i])
    }

    pub fn fact(&self, id: &str) -> Option<&Arc<Fact>> {
        self.fact_index
            .get(id, |i| &self.facts[i].id)
            .map(|i| &self.facts[i])
    }

    /// The source a fact quotes. Validation guarantees it exists.
    pub fn source_of(&self, fact: &Fact) -> &Arc<Source> {
        self.source(&fact.source)
            .expect("validated: every fact cites a known source")
    }

    /// The sentence of its source that holds a fact's quote, verbatim, and where the quote sits
    /// in it (a byte range into the returned sentence): what replies show, the quote in bold.
    pub fn context_of(&self, fact: &Fact) -> (&str, Range<usize>) {
        let source = self.source_of(fact);
        let span = fact.span();
        let around = source.sentence_around(span.clone());
        let sentence = &source.text[around.clone()];
        (sentence, span.start - around.start..span.end - around.start)
    }

    /// Number of facts citing each source, in source order.
    pub fn fact_counts(&self) -> Vec<(Arc<Source>, usize)> {
        self.sources
            .iter()
            .zip(&self.facts_by_source)
            .map(|(s, facts)| (s.clone(), facts.len()))
            .collect()
    }

    /// Paragraphs (1-based) of `source` that no fact quotes any part of.
    pub fn uncovered_paragraphs(&self, source: &Source) -> Vec<usize> {
        let quoted = self.quoted_spans(source);
        (1..=source.paragraph_count())
            .filter(|&p| !quoted.overlaps(&source.paragraphs[p - 1]))
            .collect()
    }

    /// Sentences of `source` that no fact's quote overlaps: what a curator still has to cover.
    pub fn uncovered_sentences(&self, source: &Source) -> Vec<(usize, String)> {
        let quoted = self.quoted_spans(source);
        let mut out = Vec::new();
        for (i, range) in source.paragraphs.iter().enumerate() {
            if is_heading(&source.text[range.clone()]) {
                continue;
            }
            for sentence in sentences(&source.text, range.clone()) {
                if !quoted.overlaps(&sentence) {
                    out.push((i + 1, source.text[sentence].to_string()));
                }
            }
        }
        out
    }

    /// Paragraphs of `source` that read as headings (a few words, no sentence end): they need no
    /// fact, so coverage reports list them apart.
    pub fn headings(&self, source: &Source) -> Vec<(usize, String)> {
        source
            .paragraphs()
            .enumerate()
            .filter(|(_, p)| is_heading(p))
            .map(|(i, p)| (i + 1, p.to_string()))
            .collect()
    }

    /// The byte spans the facts quote in `source`, for coverage reports.
    fn quoted_spans(&self, source: &Source) -> Spans {
        let facts = self
            .source_index
            .get(&source.id)
            .map_or(&[][..], |&i| &self.facts_by_source[i]);
        Spans::new(facts.iter().map(|&i| self.facts[i].span()).collect())
    }
}

/// Byte ranges sorted by start, with the furthest end reached so far: whether any of them
/// overlaps a range is a binary search, not a scan of every fact.
struct Spans {
    starts: Vec<usize>,
    max_end: Vec<usize>,
}

impl Spans {
    fn new(mut spans: Vec<Range<usize>>) -> Spans {
        spans.sort_unstable_by_key(|r| r.start);
        let starts = spans.iter().map(|r| r.start).collect();
        let max_end = spans
            .iter()
            .scan(0, |m, r| {
                *m = (*m).max(r.end);
                Some(*m)
            })
            .collect();
        Spans { starts, max_end }
    }

    /// Whether some span starts before `r` ends and ends after `r` starts.
    fn overlaps(&self, r: &Range<usize>) -> bool {
        let before_end = self.starts.partition_point(|&s| s < r.end);
        before_end > 0 && self.max_end[before_end - 1] > r.start
    }
}

/// A heading: at most six words and no sentence end ("Serious consequences").
pub(crate) fn is_heading(paragraph: &str) -> bool {
    let p = paragraph.trim();
    !p.is_empty()
        && p.split_whitespace().count() <= 6
        && !p.ends_with(['.', '?', '!', '"', '\u{201D}', ':'])
}

/// Byte ranges of the paragraphs of `text`: its non-empty lines, trimmed, in order. The one
/// definition of a paragraph, shared by [`Source`] and `factbot draft`.
pub(crate) fn paragraph_ranges(text: &str) -> Vec<Range<usize>> {
    let mut paragraphs = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let lead = line.len() - line.trim_start().len();
            paragraphs.push(start + lead..start + lead + trimmed.len());
        }
        start = end;
    }
    paragraphs
}

/// Splits a paragraph into sentence byte ranges at `.`, `?` or `!` followed by a space (or a
/// closing quote then a space). Good enough for news prose; used for coverage reports, reply
/// context and by `factbot draft`, which drafts one fact per sentence.
pub(crate) fn sentences(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let para = &text[range.clone()];
    let bytes = para.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if matches!(bytes[i], b'.' | b'?' | b'!') {
            let mut end = i + 1;
            while end < bytes.len() && matches!(bytes[end], b'"' | b'\'') {
                end += 1;
            }
            if end == bytes.len() || bytes[end] == b' ' {
                if !para[start..end].trim().is_empty() {
                    out.push(range.start + start..range.start + end);
                }
                start = end;
                while start < bytes.len() && bytes[start] == b' ' {
                    start += 1;
                }
                i = start;
                continue;
            }
        }
        i += 1;
    }
    if start < bytes.len() && !para[start..].trim().is_empty() {
        out.push(range.start + start..range.end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_non_empty_lines_trimmed() {
        let s = Source::new(
            "a".into(),
            "t".into(),
            "d".into(),
            None,
            " one\n\ntwo two\n\n\nthree".into(),
        );
        let p: Vec<_> = s.paragraphs().collect();
        assert_eq!(p, ["one", "two two", "three"]);
        assert_eq!(s.paragraph_at(1), Some(1));
        assert_eq!(s.paragraph_at(6), Some(2));
        assert_eq!(s.paragraph_at(5), None);
    }

    #[test]
    fn sentences_split_after_closing_quotes() {
        let text = "He said \"no.\" Then left. Done";
        let s: Vec<_> = sentences(text, 0..text.len())
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(s, ["He said \"no.\"", "Then left.", "Done"]);
    }

    #[test]
    fn context_is_the_sentence_holding_the_quote() {
        let text = "First one. He said \"go now.\" Then left.\n\nNext para.";
        let s = Source::new("a".into(), "t".into(), "d".into(), None, text.into());
        let at = text.find("go now").unwrap();
        let r = s.sentence_around(at..at + 6);
        assert_eq!(&text[r], "He said \"go now.\"");
        // a quote spanning two sentences gets both
        let at = text.find("now").unwrap();
        let end = text.find("Then").unwrap() + 4;
        assert_eq!(
            &text[s.sentence_around(at..end)],
            "He said \"go now.\" Then left."
        );
        // the whole paragraph stays itself
        let r = s.sentence_around(0..text.find('\n').unwrap());
        assert_eq!(&text[r], "First one. He said \"go now.\" Then left.");
    }

    #[test]
    fn bundled_knowledge_loads() {
        let k = Knowledge::bundled().expect("bundled knowledge is valid");
        assert!(!k.facts().is_empty());
        assert_eq!(k.sources().len(), 1);
        assert_eq!(k.sources()[0].paragraph_count(), 16);
    }
}
