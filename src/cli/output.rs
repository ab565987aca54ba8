//! How the CLI prints answers, verdicts and validation reports, for people and as JSON.

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
}

pub fn ask_json(out: &mut dyn Write, question: &str, a: &Answer) -> io::Result<()> {
    let fact = a.fact.as_deref();
    let obj = AskJson {
        question,
        answered: a.answered(),
        fact_id: fact.map(|f| f.id.as_str()),
        answer: fact.map(|f| f.answer.as_str()),
        quote: fact.map(|f| f.quote.as_str()),
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
    };
    serde_json::to_writer(&mut *out, &obj)?;
    writeln!(out)
}

/// "NATO chief pushes... (2024-05-30), paragraph 1"
pub fn citation(source: &Source, fact: &Fact) -> String {
    format!(
        "{} ({}), paragraph {}",
        source.title, source.date, fact.paragraph
    )
}

pub fn ask_human(out: &mut dyn Write, question: &str, a: &Answer) -> io::Result<()> {
    match (&a.fact, &a.source) {
        (Some(f), Some(s)) => {
            writeln!(out, "Q: {}", one_line(question))?;
            writeln!(out, "{}", f.answer)?;
            writeln!(out, "  \u{201C}{}\u{201D}", f.quote.trim())?;
            writeln!(out, "  — {}", citation(s, f))?;
            writeln!(out, "  confidence {:.2}", a.score)?;
            if !a.alternatives.is_empty() {
                let alts: Vec<&str> = a.alternatives.iter().map(|s| s.fact.id.as_str()).collect();
                writeln!(out, "  see also: {}", alts.join(", "))?;
            }
        }
        _ => {
            writeln!(out, "Q: {}", one_line(question))?;
            writeln!(
                out,
                "Not covered by the source (confidence {:.2}).",
                a.score
            )?;
            if !a.alternatives.is_empty() {
                writeln!(out, "  Closest topics:")?;
                for s in &a.alternatives {
                    let example = s
                        .fact
                        .questions
                        .first()
                        .map(String::as_str)
                        .unwrap_or(&s.fact.id);
                    writeln!(out, "  - {example}")?;
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
        fact_id: fact.map(|f| f.id.as_str()),
        quote: fact.map(|f| f.quote.as_str()),
        source: r.source.as_deref().map(|s| s.id.as_str()),
        paragraph: fact.map(|f| f.paragraph),
        reason: Some(r.reason.as_str()),
        score: r.score,
    };
    serde_json::to_writer(&mut *out, &obj)?;
    writeln!(out)
}

pub fn check_human(out: &mut dyn Write, claim: &str, r: &CheckResult) -> io::Result<()> {
    writeln!(out, "Claim: {}", one_line(claim))?;
    writeln!(out, "{}: {}", r.verdict.label(), r.reason)?;
    if let (Some(f), Some(s)) = (&r.fact, &r.source) {
        writeln!(out, "  \u{201C}{}\u{201D}", f.quote.trim())?;
        writeln!(out, "  — {}", citation(s, f))?;
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
            source.title,
            source.date,
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
        let sentences = k.uncovered_sentences(&source);
        if sentences.is_empty() {
            writeln!(out, "  every sentence is quoted by at least one fact")?;
        } else {
            writeln!(out, "  sentences no fact quotes:")?;
            for (p, s) in sentences {
                writeln!(out, "    paragraph {p}: {s}")?;
            }
        }
    }
    Ok(())
}

/// Control characters (including newlines) become spaces, so echoed input cannot break the layout.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validate_warns_about_drafts_and_a_source_without_entities() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        std::fs::create_dir(p.join("facts")).unwrap();
        std::fs::write(p.join("a.txt"), "It rained in Boston.\n").unwrap();
        std::fs::write(
            p.join("sources.toml"),
            "[[source]]\nid = \"a\"\ntitle = \"T\"\ndate = \"2025-01-21\"\nfile = \"a.txt\"\n",
        )
        .unwrap();
        std::fs::write(
            p.join("facts/a.toml"),
            "[[fact]]\nid = \"f\"\nsource = \"a\"\nquote = \"It rained in Boston.\"\nanswer = \"Rain.\"\nquestions = [\"did it rain\"]\ndraft = true\n",
        )
        .unwrap();
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
}
