//! Questions that ask several things: "Which two countries back it, and which two oppose it?";
//! "what did blinken say? whats the us position". No single fact answers all of such a question,
//! so when the whole is not answered, each question in it is asked on its own, and the whole is
//! answered when every one of them is (the first one's fact, the others' facts as
//! [`Answer::also`](super::Answer::also)). One unanswered question keeps the whole unanswered:
//! half an answer given with confidence would read as the whole.
//!
//! A question is cut only where a new one plainly starts: after "?" or ";", or at "and" before a
//! question word ("..., and why does Scholz say..."; ", and did ..."). "What did Macron and
//! Scholz say" is one question.

use std::sync::Arc;

use super::{Answer, Scored};
use crate::analysis::{Analyzed, Kind, Token};

/// Question words that open a second question after a bare "and".
const WH: [&str; 8] = [
    "what", "why", "who", "which", "where", "when", "how", "whose",
];

/// Words that open a second question after ", and" (a comma makes "and is" a new clause).
const AUXILIARIES: [&str; 10] = [
    "did", "does", "do", "is", "are", "was", "were", "has", "have", "will",
];

/// At most this many questions: a text asking more is not cut (every part is answered like a
/// question, so this bounds the work a long input can cause).
pub const MAX_PARTS: usize = 4;

/// The questions a text asks, in order; one (the whole text) when it asks one. A part of fewer
/// than two words ("??", "and?") is not a question and is dropped.
pub fn split(text: &str) -> Vec<&str> {
    let lower = text.to_ascii_lowercase();
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let bytes = lower.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if matches!(bytes[i], b'?' | b';') {
            let mut j = i;
            while j < bytes.len() && matches!(bytes[j], b'?' | b';' | b'!' | b' ') {
                j += 1;
            }
            if j < bytes.len() {
                cuts.push((i, j));
            }
            i = j;
            continue;
        }
        // ASCII lowercasing keeps byte offsets; `i` may still sit inside a multi-byte character.
        let mut next = i + 1;
        if lower.is_char_boundary(i) {
            for joiner in [", and ", " and "] {
                let Some(after) = lower[i..].strip_prefix(joiner) else {
                    continue;
                };
                let word = after
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .next()
                    .unwrap_or("");
                let comma = joiner.starts_with(',');
                if WH.contains(&word) || comma && AUXILIARIES.contains(&word) {
                    cuts.push((i, i + joiner.len()));
                    next = i + joiner.len();
                    break;
                }
            }
        }
        i = next;
    }
    let mut parts = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for (from, to) in cuts {
        parts.push(&text[start..from]);
        start = to;
    }
    parts.push(&text[start..]);
    let parts: Vec<&str> = parts
        .into_iter()
        .map(str::trim)
        .filter(|p| p.split_whitespace().count() >= 2)
        .collect();
    if parts.len() < 2 || parts.len() > MAX_PARTS {
        return vec![text];
    }
    parts
}

/// "What did Macron and Scholz each say?" asks the same question of two names: the question
/// asked of each ("what did macron say", "what did scholz say"), when two names (of at most
/// three words each) are joined by "and" right before "each" or "both". `None` otherwise.
pub fn distribute(q: &Analyzed) -> Option<[String; 2]> {
    let t = &q.tokens;
    let each = t
        .iter()
        .position(|x| matches!(x.word.as_str(), "each" | "both"))?;
    let and = t[..each].iter().rposition(|x| x.word == "and")?;
    let names = |r: &[Token]| r.iter().any(|x| x.kind == Kind::Content);
    let second = &t[and + 1..each];
    if second.is_empty() || second.len() > 3 || !names(second) {
        return None;
    }
    // The first name: the content words (and "the") right before "and".
    let mut start = and;
    while start > 0
        && and - start < 3
        && (t[start - 1].kind == Kind::Content || t[start - 1].word == "the")
    {
        start -= 1;
    }
    let first = &t[start..and];
    if !names(first) {
        return None;
    }
    let ask = |name: &[Token]| {
        t[..start]
            .iter()
            .chain(name)
            .chain(&t[each + 1..])
            .map(|x| x.word.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    Some([ask(first), ask(second)])
}

/// The answer to a question made of `parts` (each one's answer, in order): the first one's,
/// with the others' facts as `also`, when every part is answered; else `None`. Its confidence is
/// the least of the parts': the whole is only as sure as its weakest answer.
pub fn combine(parts: Vec<Answer>) -> Option<Answer> {
    if parts.len() < 2 || !parts.iter().all(Answer::answered) {
        return None;
    }
    let mut parts = parts.into_iter();
    let mut first = parts.next()?;
    for p in parts {
        let fact = p.fact?;
        first.score = first.score.min(p.score);
        let seen = std::iter::once(first.fact.as_ref())
            .flatten()
            .chain(first.also.iter().map(|s| &s.fact))
            .any(|f| Arc::ptr_eq(f, &fact));
        if !seen {
            first.also.push(Scored {
                fact,
                score: p.score,
            });
        }
    }
    Some(first)
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn a_second_question_starts_after_a_question_mark_or_at_and_before_a_question_word() {
        assert_eq!(
            split("Which two countries back it, and which two oppose it?"),
            ["Which two countries back it", "which two oppose it?"]
        );
        assert_eq!(
            split("which city hosts the meeting and which city hosts the summit"),
            [
                "which city hosts the meeting",
                "which city hosts the summit"
            ]
        );
        assert_eq!(
            split("what did blinken say?? whats the us position"),
            ["what did blinken say", "whats the us position"]
        );
        assert_eq!(
            split("Who backs it; who opposes it?"),
            ["Who backs it", "who opposes it?"]
        );
        assert_eq!(
            split("What weapons does Ukraine want, and did Germany send any?"),
            ["What weapons does Ukraine want", "did Germany send any?"]
        );
    }

    #[test]
    fn a_question_about_two_names_each_is_asked_of_each() {
        let k = crate::knowledge::Knowledge::bundled().unwrap();
        let an = crate::analysis::Analyzer::new(&k);
        let each = |q: &str| super::distribute(&an.analyze(q));
        assert_eq!(
            each("What did Macron and Scholz each say about it?").unwrap(),
            [
                "what did macron say about it",
                "what did scholz say about it"
            ]
        );
        assert_eq!(
            each("what did the brits and the norwegians both say").unwrap(),
            ["what did the brits say", "what did the norwegians say"]
        );
        assert_eq!(each("What did Macron and Scholz say?"), None);
        assert_eq!(each("and each"), None);
        assert_eq!(each("each and every one"), None);
        assert_eq!(each("What did they and each say"), None);
    }

    #[test]
    fn one_question_stays_whole() {
        for q in [
            "What did Macron and Scholz say?",
            "Is the US and Germany's position firm and is it changing",
            "Where is the meeting?",
            "where is it?? ok",
            "and?? what",
        ] {
            assert_eq!(split(q), [q], "{q}");
        }
    }

    #[test]
    fn too_many_questions_stay_whole_and_any_text_is_cut_safely() {
        let many = "who backs it? who opposes it? who pays? who decides? who wins?";
        assert_eq!(split(many), [many]);
        for q in ["é and what é", "«x» ; y z", "x and whé is", "?;?;", ""] {
            let parts = split(q);
            assert!(!parts.is_empty());
        }
    }
}
