//! Scoring an evaluation set (the `grade.py` format) in-process: answerable questions, off-topic
//! questions and claims, with the same rules for quotes.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::check::Verdict;
use crate::engine::Engine;
use crate::knowledge::{Fact, Source};

#[derive(Deserialize)]
struct QuestionItem {
    #[serde(default)]
    id: String,
    q: String,
    #[serde(default)]
    gold: Vec<usize>,
    #[serde(default)]
    kind: String,
}

#[derive(Deserialize)]
struct ClaimItem {
    #[serde(default)]
    id: String,
    claim: String,
    verdict: String,
    #[serde(default)]
    gold: Vec<usize>,
}

/// A rate with what it counts.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Rate {
    pub n: usize,
    pub hits: usize,
    pub rate: f64,
}

impl Rate {
    fn add(&mut self, hit: bool) {
        self.n += 1;
        if hit {
            self.hits += 1;
        }
        self.rate = self.hits as f64 / self.n as f64;
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Answered with a quote in a gold paragraph.
    pub answerable: Rate,
    pub wrong: Rate,
    pub unsure: Rate,
    /// The right fact was the answer or the first alternative offered.
    pub right_or_first: Rate,
    pub answerable_by_kind: BTreeMap<String, Rate>,
    pub offtopic_abstained: Rate,
    pub offtopic_by_kind: BTreeMap<String, Rate>,
    /// mean(answerable, off-topic abstention), as grade.py's OVERALL.
    pub overall: f64,
    pub claims: Rate,
    pub claims_by_verdict: BTreeMap<String, Rate>,
    /// Supported or contradicted claims whose quote is in a gold paragraph.
    pub claim_quote_in_gold: Rate,
    pub fabricated_quotes: usize,
    /// Items that went wrong, for a curator to read: (set file, id, text, what happened).
    pub failures: Vec<(String, String, String, String)>,
}

/// Error reading a set folder.
#[derive(Debug, thiserror::Error)]
pub enum SetError {
    #[error("{file}: {message}")]
    Read { file: String, message: String },
    #[error("{file}:{line}: not a valid item: {message}")]
    Item {
        file: String,
        line: usize,
        message: String,
    },
}

/// Largest evaluation file read: far beyond any hand-written set.
const SET_FILE_LIMIT: u64 = 64 * crate::fsutil::MIB;

fn read_items<T: for<'de> Deserialize<'de>>(dir: &Path, name: &str) -> Result<Vec<T>, SetError> {
    let path = dir.join(name);
    let file = path.display().to_string();
    let bytes = match crate::fsutil::read_regular(&path, SET_FILE_LIMIT) {
        Ok(b) => b,
        Err(e) if e.is_not_found() => return Ok(Vec::new()),
        Err(e) => {
            return Err(SetError::Read {
                file,
                message: e.to_string(),
            })
        }
    };
    let text = String::from_utf8_lossy(&bytes);
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        out.push(serde_json::from_str(line).map_err(|e| SetError::Item {
            file: file.clone(),
            line: i + 1,
            message: e.to_string(),
        })?);
    }
    Ok(out)
}

/// grade.py's normalisation: casefold, curly quotes straightened, whitespace collapsed.
fn norm(text: &str) -> String {
    let mapped: String = text
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '\u{B4}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{AB}'
            | '\u{BB}' => '"',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The paragraphs (1-based) of `source` holding each occurrence of `quote`, as grade.py maps
/// them; empty when it is nowhere (fabricated).
fn occurrences(source: &Source, quote: &str) -> Vec<Vec<usize>> {
    let q = norm(quote);
    if q.is_empty() {
        return Vec::new();
    }
    let paras: Vec<String> = source.paragraphs().map(norm).collect();
    let mut out = Vec::new();
    for (i, p) in paras.iter().enumerate() {
        let mut from = 0;
        while let Some(at) = p[from..].find(&q) {
            out.push(vec![i + 1]);
            from += at + q.len().max(1);
            if from > p.len() {
                break;
            }
        }
    }
    if out.is_empty() {
        // Across a paragraph boundary: every paragraph it touches.
        let mut joined = String::new();
        let mut spans = Vec::new();
        for (i, p) in paras.iter().enumerate() {
            if !joined.is_empty() {
                joined.push(' ');
            }
            let start = joined.len();
            joined.push_str(p);
            spans.push((start, joined.len(), i + 1));
        }
        let mut from = 0;
        while let Some(at) = joined[from..].find(&q) {
            let (s, e) = (from + at, from + at + q.len());
            out.push(
                spans
                    .iter()
                    .filter(|(a, b, _)| *a < e && s < *b)
                    .map(|x| x.2)
                    .collect(),
            );
            from = s + 1;
            while from < joined.len() && !joined.is_char_boundary(from) {
                from += 1;
            }
        }
    }
    out
}

/// Whether a fact's quote counts as in `gold`: found, and every place it occurs is gold.
fn in_gold(source: &Source, fact: &Fact, gold: &[usize]) -> Option<bool> {
    let occ = occurrences(source, &fact.quote);
    if occ.is_empty() {
        return None;
    }
    Some(occ.iter().all(|o| o.iter().any(|p| gold.contains(p))))
}

/// Scores `engine` on the set in `dir`.
pub fn run(engine: &Engine, dir: &Path) -> Result<Report, SetError> {
    let k = engine.knowledge();
    let questions: Vec<QuestionItem> = read_items(dir, "questions.jsonl")?;
    let offtopic: Vec<QuestionItem> = read_items(dir, "offtopic.jsonl")?;
    let claims: Vec<ClaimItem> = read_items(dir, "claims.jsonl")?;
    let mut r = Report::default();
    for item in &questions {
        let a = engine.ask(&item.q);
        let right = match (&a.fact, &a.source) {
            (Some(f), Some(s)) => match in_gold(s, f, &item.gold) {
                Some(g) => g,
                None => {
                    r.fabricated_quotes += 1;
                    false
                }
            },
            _ => false,
        };
        let first_right = a.alternatives.first().is_some_and(|alt| {
            in_gold(k.source_of(&alt.fact), &alt.fact, &item.gold) == Some(true)
        });
        r.answerable.add(right);
        r.wrong.add(a.answered() && !right);
        r.unsure.add(a.unsure);
        r.right_or_first
            .add(right || (!a.answered() && first_right));
        r.answerable_by_kind
            .entry(item.kind.clone())
            .or_default()
            .add(right);
        if !right {
            let what = match &a.fact {
                Some(f) => format!("answered {} (paragraph {})", f.id, f.paragraph),
                None if a.unsure => format!(
                    "unsure; first candidate {}",
                    a.alternatives.first().map_or("-", |s| s.fact.id.as_ref())
                ),
                None => "not covered".to_string(),
            };
            r.failures.push((
                "questions".into(),
                item.id.clone(),
                item.q.clone(),
                format!("{what}; gold {:?}", item.gold),
            ));
        }
    }
    for item in &offtopic {
        let a = engine.ask(&item.q);
        r.offtopic_abstained.add(!a.answered());
        r.offtopic_by_kind
            .entry(item.kind.clone())
            .or_default()
            .add(!a.answered());
        if let Some(f) = &a.fact {
            r.failures.push((
                "offtopic".into(),
                item.id.clone(),
                item.q.clone(),
                format!("answered {}", f.id),
            ));
        }
    }
    r.overall = (r.answerable.rate + r.offtopic_abstained.rate) / 2.0;
    for item in &claims {
        let c = engine.check(&item.claim);
        let hit = c.verdict.as_str() == item.verdict;
        r.claims.add(hit);
        r.claims_by_verdict
            .entry(item.verdict.clone())
            .or_default()
            .add(hit);
        let mut quote_ok = true;
        if let (Some(f), Some(s)) = (&c.fact, &c.source) {
            match in_gold(s, f, &item.gold) {
                Some(g) => quote_ok = g,
                None => {
                    r.fabricated_quotes += 1;
                    quote_ok = false;
                }
            }
        }
        if item.verdict != Verdict::Unverified.as_str() {
            r.claim_quote_in_gold.add(hit && quote_ok);
        }
        if !hit || !quote_ok {
            r.failures.push((
                "claims".into(),
                item.id.clone(),
                item.claim.clone(),
                format!(
                    "{} ({}), gold {} {:?}",
                    c.verdict.as_str(),
                    c.reason,
                    item.verdict,
                    item.gold
                ),
            ));
        }
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occurrences_follow_grade_py() {
        let s = Source::new(
            "a".into(),
            "t".into(),
            "d".into(),
            None,
            "One \u{201C}two\u{201D} three.\n\nFour two.\n".into(),
        );
        assert_eq!(occurrences(&s, "\"Two\""), vec![vec![1]]);
        assert_eq!(occurrences(&s, "two"), vec![vec![1], vec![2]]);
        assert_eq!(occurrences(&s, "three. four"), vec![vec![1, 2]]);
        assert!(occurrences(&s, "five").is_empty());
    }
}
