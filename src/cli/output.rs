//! How the CLI prints answers, verdicts and validation reports, for people and as JSON.
//!
//! For people, a quote is shown in the sentence of the article that holds it, the quote itself
//! marked with »…« (a minimal quote such as "meeting in Prague" is easier to trust in context);
//! JSON keeps `quote` exactly as the fact states it and gives the sentence as `context`.
//!
//! Human output goes to a terminal, so every text in it that came from outside the program (the
//! question, the knowledge folder's answers, quotes, titles, error messages) passes through
//! [`terminal_safe`]: bidirectional controls (which can make a terminal show text in another
//! order than it is, "Trojan Source" style) and control characters (escape sequences) become
//! U+FFFD. JSON output is for programs: its strings are the exact text, and serde_json escapes
//! what JSON requires (control characters) while leaving bidi controls as they are, which is
//! valid JSON; a consumer that shows them on a terminal must neutralise them itself.

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;

use crate::check::CheckResult;
use crate::engine::Answer;
use crate::knowledge::{Fact, Knowledge, Source};

#[derive(Serialize)]
struct AltJson<'a> {
    fact_id: &'a str,
    score: f64,
}

#[derive(Serialize)]
struct AskJson<'a> {
    question: &'a str,
    answered: bool,
    fact_id: Option<&'a str>,
    answer: Option<&'a str>,
    quote: Option<&'a str>,
    source: Option<&'a str>,
    paragraph: Option<usize>,
    score: f64,
    alternatives: Vec<AltJson<'a>>,
    /// The sentence of the source holding the quote, verbatim (`null` when abstaining).
    context: Option<&'a str>,
    /// Abstaining, but with plausible candidates (`alternatives`) to offer.
    unsure: bool,
    /// A question asking several things: the facts answering its other questions, in order.
    also: Vec<AlsoJson<'a>>,
}

#[derive(Serialize)]
struct AlsoJson<'a> {
    fact_id: &'a str,
    answer: &'a str,
    quote: &'a str,
    source: &'a str,
    paragraph: usize,
    score: f64,
    context: &'a str,
}

pub fn ask_json(out: &mut dyn Write, k: &Knowledge, question: &str, a: &Answer) -> io::Result<()> {
    let fact = a.fact.as_deref();
    let obj = AskJson {
        question,
        answered: a.answered(),
        fact_id: fact.map(|f| f.id.as_ref()),
        answer: fact.map(|f| f.answer.as_ref()),
        quote: fact.map(|f| f.quote.as_ref()),
        source: a.source.as_deref().map(|s| s.id.as_str()),
        paragraph: fact.map(|f| f.paragraph),
        score: a.score,
        alternatives: a
            .alternatives
            .iter()
            .map(|s| AltJson {
                fact_id: &s.fact.id,
                score: s.score,
            })
            .collect(),
        context: fact.map(|f| k.context_of(f).0),
        unsure: a.unsure,
        also: a
            .also
            .iter()
            .map(|s| AlsoJson {
                fact_id: &s.fact.id,
                answer: &s.fact.answer,
                quote: &s.fact.quote,
                source: &k.source_of(&s.fact).id,
                paragraph: s.fact.paragraph,
                score: s.score,
                context: k.context_of(&s.fact).0,
            })
            .collect(),
    };
    serde_json::to_writer(&mut *out, &obj)?;
    writeln!(out)
}

/// A fact's quote in its sentence, the quote marked »…«, on one line.
pub fn quote_in_context(k: &Knowledge, fact: &Fact) -> String {
    let (sentence, span) = k.context_of(fact);
    let marked = match (
        sentence.get(..span.start),
        sentence.get(span.clone()),
        sentence.get(span.end..),
    ) {
        (Some(before), Some(quote), Some(after)) if !quote.trim().is_empty() => {
            let lead = quote.len() - quote.trim_start().len();
            let trail = quote.len() - quote.trim_end().len();
            format!(
                "{before}{}\u{BB}{}\u{AB}{}{after}",
                &quote[..lead],
                quote.trim(),
                &quote[quote.len() - trail..]
            )
        }
        _ => format!("\u{BB}{}\u{AB}", fact.quote.trim()),
    };
    one_line(marked.trim())
}

/// The quote in its sentence, then where it comes from: how ask and check show their evidence.
fn quote_lines(out: &mut dyn Write, k: &Knowledge, f: &Fact, s: &Source) -> io::Result<()> {
    writeln!(
        out,
        "  \u{201C}{}\u{201D}",
        terminal_safe(&quote_in_context(k, f))
    )?;
    writeln!(out, "  — {}", terminal_safe(&citation(s, f)))
}

/// "NATO chief pushes... (2024-05-30), paragraph 1"
pub fn citation(source: &Source, fact: &Fact) -> String {
    format!(
        "{} ({}), paragraph {}",
        source.title, source.date, fact.paragraph
    )
}

pub fn ask_human(out: &mut dyn Write, k: &Knowledge, question: &str, a: &Answer) -> io::Result<()> {
    match (&a.fact, &a.source) {
        (Some(f), Some(s)) => {
            writeln!(out, "Q: {}", one_line(question))?;
            writeln!(out, "{}", terminal_safe(&f.answer))?;
            quote_lines(out, k, f, s)?;
            for also in &a.also {
                writeln!(out, "Also: {}", terminal_safe(&also.fact.answer))?;
                quote_lines(out, k, &also.fact, k.source_of(&also.fact))?;
            }
            writeln!(out, "  confidence {:.2}", a.score)?;
            if !a.alternatives.is_empty() {
                let alts: Vec<&str> = a.alternatives.iter().map(|s| s.fact.id.as_ref()).collect();
                writeln!(out, "  see also: {}", terminal_safe(&alts.join(", ")))?;
            }
        }
        _ => {
            writeln!(out, "Q: {}", one_line(question))?;
            if a.unsure {
                writeln!(
                    out,
                    "Not sure the source answers that (confidence {:.2}).",
                    a.score
                )?;
            } else {
                writeln!(
                    out,
                    "Not covered by the source (confidence {:.2}).",
                    a.score
                )?;
            }
            if !a.alternatives.is_empty() {
                writeln!(
                    out,
                    "  {}",
                    if a.unsure {
                        "Did you mean:"
                    } else {
                        "Closest topics:"
                    }
                )?;
                for s in &a.alternatives {
                    let example = s.fact.questions.first().unwrap_or(&s.fact.id);
                    writeln!(out, "  - {}", one_line(example))?;
                }
            }
        }
    }
    writeln!(out)
}

#[derive(Serialize)]
struct CheckJson<'a> {
    claim: &'a str,
    verdict: &'static str,
    fact_id: Option<&'a str>,
    quote: Option<&'a str>,
    source: Option<&'a str>,
    paragraph: Option<usize>,
    reason: Option<&'a str>,
    score: f64,
}

pub fn check_json(out: &mut dyn Write, claim: &str, r: &CheckResult) -> io::Result<()> {
    let fact = r.fact.as_deref();
    let obj = CheckJson {
        claim,
        verdict: r.verdict.as_str(),
        fact_id: fact.map(|f| f.id.as_ref()),
        quote: fact.map(|f| f.quote.as_ref()),
        source: r.source.as_deref().map(|s| s.id.as_str()),
        paragraph: fact.map(|f| f.paragraph),
        reason: Some(r.reason.as_str()),
        score: r.score,
    };
    serde_json::to_writer(&mut *out, &obj)?;
    writeln!(out)
}

pub fn check_human(
    out: &mut dyn Write,
    k: &Knowledge,
    claim: &str,
    r: &CheckResult,
) -> io::Result<()> {
    writeln!(out, "Claim: {}", one_line(claim))?;
    writeln!(out, "{}: {}", r.verdict.label(), terminal_safe(&r.reason))?;
    if let (Some(f), Some(s)) = (&r.fact, &r.source) {
        quote_lines(out, k, f, s)?;
    }
    writeln!(out, "  confidence {:.2}", r.score)?;
    writeln!(out)
}

pub fn validate_report(out: &mut dyn Write, k: &Knowledge) -> io::Result<()> {
    let questions: usize = k.facts().iter().map(|f| f.questions.len()).sum();
    let not_answered: usize = k.facts().iter().map(|f| f.not_answered.len()).sum();
    let entities: usize = k.sources().iter().map(|s| s.entities.entities.len()).sum();
    writeln!(
        out,
        "knowledge OK: {} source(s), {} facts, {} example questions, {} not_answered questions, {} entities",
        k.sources().len(),
        k.facts().len(),
        questions,
        not_answered,
        entities
    )?;
    let drafts = k.facts().iter().filter(|f| f.draft).count();
    if drafts > 0 {
        writeln!(
            out,
            "warning: {drafts} draft fact(s) not yet reviewed (draft = true): they are served, but check their answers and example questions, then remove `draft`"
        )?;
    }
    for (source, count) in k.fact_counts() {
        writeln!(
            out,
            "source {} \"{}\" ({}): {} facts, {} paragraphs",
            source.id,
            one_line(&source.title),
            one_line(&source.date),
            count,
            source.paragraph_count()
        )?;
        match &source.entities_file {
            Some(f) => writeln!(
                out,
                "  entities: {} in {f}",
                source.entities.entities.len()
            )?,
            None => writeln!(
                out,
                "  warning: no entities file beside the article (<article>.entities.toml): its people and places, and the other names readers use for them, are unknown to factbot"
            )?,
        }
        let paragraphs = k.uncovered_paragraphs(&source);
        if paragraphs.is_empty() {
            writeln!(out, "  every paragraph is quoted by at least one fact")?;
        } else {
            let list: Vec<String> = paragraphs.iter().map(usize::to_string).collect();
            writeln!(out, "  paragraphs no fact quotes: {}", list.join(", "))?;
        }
        let headings = k.headings(&source);
        if !headings.is_empty() {
            let list: Vec<String> = headings
                .iter()
                .map(|(p, h)| format!("{p} (\"{}\")", terminal_safe(h)))
                .collect();
            writeln!(out, "  headings (no fact needed): {}", list.join(", "))?;
        }
        let sentences = k.uncovered_sentences(&source);
        if sentences.is_empty() {
            writeln!(out, "  every sentence is quoted by at least one fact")?;
        } else {
            writeln!(out, "  sentences no fact quotes:")?;
            for (p, s) in sentences {
                writeln!(out, "    paragraph {p}: {}", one_line(&s))?;
            }
        }
    }
    Ok(())
}

/// Control characters (including newlines) become spaces, so echoed input cannot break the
/// layout; bidi controls become U+FFFD as in [`terminal_safe`].
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            c if c.is_control() => ' ',
            c if is_bidi_control(c) => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// Whether `c` is a bidirectional formatting control: the embeddings and overrides
/// (U+202A–U+202E), the isolates (U+2066–U+2069), the marks (U+200E, U+200F) and the Arabic
/// letter mark (U+061C).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// `s` safe to print on a terminal: bidi controls and control characters other than newline
/// and tab become U+FFFD (visible, and inert). Borrowed when there is nothing to replace.
pub fn terminal_safe(s: &str) -> Cow<'_, str> {
    let bad = |c: char| is_bidi_control(c) || (c.is_control() && c != '\n' && c != '\t');
    if !s.chars().any(bad) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| if bad(c) { '\u{FFFD}' } else { c })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Engine, Options};

    #[test]
    fn validate_warns_about_drafts_and_a_source_without_entities() {
        let dir = crate::testutil::folder(&[
            ("a.txt", "It rained in Boston.\n"),
            (
                "sources.toml",
                "[[source]]\nid = \"a\"\ntitle = \"T\"\ndate = \"2025-01-21\"\nfile = \"a.txt\"\n",
            ),
            (
                "facts/a.toml",
                "[[fact]]\nid = \"f\"\nsource = \"a\"\nquote = \"It rained in Boston.\"\nanswer = \"Rain.\"\nquestions = [\"did it rain\"]\ndraft = true\n",
            ),
        ]);
        let p = dir.path();
        let k = Knowledge::load_dir(p).unwrap();
        let mut out = Vec::new();
        validate_report(&mut out, &k).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("1 draft fact(s)"), "{text}");
        assert!(text.contains("warning: no entities file"), "{text}");
        std::fs::write(
            p.join("a.entities.toml"),
            "[[entity]]\nname = \"Boston\"\nkind = \"place\"\n",
        )
        .unwrap();
        let k = Knowledge::load_dir(p).unwrap();
        let mut out = Vec::new();
        validate_report(&mut out, &k).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("entities: 1 in a.entities.toml"), "{text}");
    }

    #[test]
    fn terminal_text_is_neutralised() {
        assert_eq!(terminal_safe("plain\ttext\n"), "plain\ttext\n");
        assert!(matches!(terminal_safe("plain"), Cow::Borrowed(_)));
        assert_eq!(
            terminal_safe("a\u{202E}b\u{1b}[31mc\u{2066}d\u{200F}\u{061C}"),
            "a\u{FFFD}b\u{FFFD}[31mc\u{FFFD}d\u{FFFD}\u{FFFD}"
        );
        assert_eq!(one_line("a\nb\u{202D}"), "a b\u{FFFD}");
        // Right-to-left text itself is untouched: only the invisible controls go.
        assert_eq!(terminal_safe("שלום مرحبا"), "שלום مرحبا");
    }

    #[test]
    fn the_quote_is_marked_inside_its_sentence() {
        let e = Engine::load(None, Options::default()).unwrap();
        let k = e.knowledge();
        for f in k.facts() {
            let (sentence, _) = k.context_of(f);
            let shown = quote_in_context(k, f);
            assert_eq!(
                shown.replace(['\u{BB}', '\u{AB}'], ""),
                one_line(sentence.trim())
            );
            let marked = shown
                .split('\u{BB}')
                .nth(1)
                .unwrap()
                .split('\u{AB}')
                .next()
                .unwrap();
            assert_eq!(marked, f.quote.trim(), "{}", f.id);
        }
    }

    #[test]
    fn ask_json_adds_context_and_unsure_and_keeps_every_field() {
        let e = Engine::load(None, Options::default()).unwrap();
        let q = e.knowledge().facts()[0].questions[0].to_string();
        let mut out = Vec::new();
        ask_json(&mut out, e.knowledge(), &q, &e.ask(&q)).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        for f in [
            "question",
            "answered",
            "fact_id",
            "answer",
            "quote",
            "source",
            "paragraph",
            "score",
            "alternatives",
            "context",
            "unsure",
        ] {
            assert!(v.get(f).is_some(), "{f} missing: {v}");
        }
        let (sentence, _) = e.knowledge().context_of(&e.knowledge().facts()[0]);
        assert_eq!(v["context"], sentence);
        assert!(sentence.contains(v["quote"].as_str().unwrap()));
        assert_eq!(v["unsure"], false);
        let mut out = Vec::new();
        let off = "banana bread";
        ask_json(&mut out, e.knowledge(), off, &e.ask(off)).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert!(v["context"].is_null());
    }
}
