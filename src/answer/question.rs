//! Reading a question for verification: what it asks for (an answer type, yes or no) and the
//! specifics it constrains the answer with (a person, a place, a number, a time, a unit, a word
//! no fact uses). A fact that does not state one of them does not answer the question: that is
//! what a near miss looks like ("how many ministers came?" to the fact that they met).

use crate::analysis::classes::{Asks, WordClasses};
use crate::analysis::{Analyzed, Analyzer, Kind, Token};
use crate::knowledge::EntityKind;
use crate::retrieval::Index;
use crate::text::{normalize, stem, stems};

use super::stems::QuoteStems;

/// What kind of specific a constraint is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Specific {
    /// A person, place, organisation or country some article names.
    Entity(EntityKind),
    /// A role or title ("foreign minister").
    Role,
    Number,
    Time,
    Unit,
    /// A person, place or country the language knows that no fact mentions ("Sweden"), or a word
    /// no fact uses that is not English either: most likely a name ("Zelensky", "Bronx").
    Foreign,
    /// An English word no fact uses that names something concrete: a thing, a person, a place,
    /// a group, an amount or a time ("tanks", "journalist", "km", "beer").
    Concrete,
    /// Any other word no fact uses ("flips", "budged", "chance"): often just other wording.
    Unknown,
}

#[derive(Debug, Clone)]
pub struct Constraint {
    /// Index of the token in [`Question::analyzed`].
    pub token: usize,
    pub kind: Specific,
}

/// A question as the verifier reads it.
#[derive(Debug, Clone)]
pub struct Question {
    pub analyzed: Analyzed,
    pub asks: Asks,
    pub constraints: Vec<Constraint>,
    /// Words the question puts in quotation marks, as numbered quote stems (at least two words
    /// each; `None`: a stem no quote uses): "who said 'the last weeks and months'" is answered by
    /// the fact holding those words.
    pub quoted: Vec<Vec<Option<u32>>>,
    /// Its words as numbered quote stems ([`QuoteStems`]), in order: what a quote may hold
    /// verbatim.
    pub stems: Vec<Option<u32>>,
    /// Every term its words can stand for that the knowledge uses, as the index numbers them;
    /// sorted.
    pub terms: Vec<u32>,
}

impl Question {
    /// Reads a question; `left_out` as in [`Index::rank_excluding`].
    pub fn read(
        text: &str,
        an: &Analyzer,
        index: &Index,
        classes: &WordClasses,
        quote_stems: &QuoteStems,
        left_out: Option<usize>,
    ) -> Question {
        let analyzed = an.analyze(text);
        let asks = classes.asks(&analyzed);
        let mut constraints = Vec::new();
        let names = written_as_names(text);
        for (i, t) in analyzed.tokens.iter().enumerate() {
            // "Which two countries...": a number right after the question word counts the
            // answers asked for; the fact names them rather than stating the number.
            let counts_answers = i > 0
                && matches!(analyzed.tokens[i - 1].word.as_str(), "which" | "what")
                && classes.is_quantity(t);
            if counts_answers {
                continue;
            }
            if let Some(kind) = specific(t, an, index, classes, left_out, &names) {
                constraints.push(Constraint { token: i, kind });
            }
        }
        let numbered = analyzed
            .tokens
            .iter()
            .flat_map(|t| t.word.split(' '))
            .map(|w| quote_stems.id(&stem(w)))
            .collect();
        let quoted = quoted_spans(text)
            .iter()
            .map(|span| span.iter().map(|s| quote_stems.id(s)).collect())
            .collect();
        let mut terms: Vec<u32> = analyzed
            .content()
            .flat_map(|t| t.all_terms())
            .filter_map(|x| index.term_id(x))
            .collect();
        terms.sort_unstable();
        terms.dedup();
        Question {
            analyzed,
            asks,
            constraints,
            quoted,
            stems: numbered,
            terms,
        }
    }

    /// Whether one of its words stands for term `id` (as the index numbers terms).
    pub fn names(&self, id: u32) -> bool {
        self.terms.binary_search(&id).is_ok()
    }

    pub fn token(&self, c: &Constraint) -> &Token {
        &self.analyzed.tokens[c.token]
    }

    /// What "how many" or "how much" counts, when the question says ("how many *ministers*").
    pub fn measure(&self) -> Option<&Token> {
        let t = &self.analyzed.tokens;
        let i = t
            .windows(2)
            .position(|w| w[0].word == "how" && matches!(w[1].word.as_str(), "many" | "much"))?;
        t[i + 2..].iter().find(|x| x.kind == Kind::Content)
    }
}

/// The kind of specific a token is, if it is one.
fn specific(
    t: &Token,
    an: &Analyzer,
    index: &Index,
    classes: &WordClasses,
    left_out: Option<usize>,
    names: &[String],
) -> Option<Specific> {
    if classes.pins_time(t) {
        return Some(Specific::Time);
    }
    if classes.is_quantity(t) && t.kind != Kind::Negation {
        return Some(Specific::Number);
    }
    if t.kind != Kind::Content {
        return None;
    }
    if index.is_foreign(t) {
        return Some(Specific::Foreign);
    }
    if let Some(kind) = t.all_terms().find_map(|x| an.entity_kind(x)) {
        return Some(Specific::Entity(kind));
    }
    if classes.is_role(t) {
        return Some(Specific::Role);
    }
    if classes.is_unit(t) {
        return Some(Specific::Unit);
    }
    if !index.knows_excluding(t, left_out) && !t.synonyms.iter().any(|s| index.knows_term(s)) {
        return Some(match an.word_class(&t.word) {
            None if looks_like_a_name(&t.word) => Specific::Foreign,
            // "the Pentagon": an English word written as a name is one.
            _ if names.contains(&t.word) => Specific::Foreign,
            Some(c) if c.is_concrete() => Specific::Concrete,
            _ => Specific::Unknown,
        });
    }
    None
}

/// Whether a word no fact uses, and that is not English, reads as a name rather than as chat
/// shorthand: names have vowels and more than three letters ("Zelensky", "Bronx"); shorthand
/// often has neither ("rn", "smh", "pplz", "acc").
fn looks_like_a_name(word: &str) -> bool {
    !word.contains(' ')
        && word.chars().count() > 3
        && word.chars().any(|c| "aeiouy".contains(c))
        && word.chars().all(char::is_alphabetic)
}

/// Words the question writes capitalised inside a sentence ("what did the Pentagon say"), as
/// normalised words: names, whatever else they may mean in English. None when most words are
/// capitalised ("What Did The Pentagon Say"), where capitals tell nothing.
fn written_as_names(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let (mut words, mut capitalised) = (0, 0);
    let mut starts_sentence = true;
    for raw in text.split_whitespace() {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        if word.is_empty() {
            continue;
        }
        words += 1;
        let capital = word.chars().next().is_some_and(char::is_uppercase)
            && word.chars().skip(1).any(char::is_lowercase);
        if capital {
            capitalised += 1;
            if !starts_sentence {
                names.push(normalize(word).trim().to_string());
            }
        }
        starts_sentence = raw.ends_with(['.', '?', '!', ':', '-']);
    }
    if 2 * capitalised > words {
        names.clear();
    }
    names
}

/// Spans between quotation marks (straight or curly), as stem sequences of two words or more.
fn quoted_spans(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let marks = ['"', '\u{201C}', '\u{201D}', '\u{AB}', '\u{BB}'];
    let mut parts = text.split(|c| marks.contains(&c));
    parts.next();
    while let Some(inside) = parts.next() {
        let span = stems(inside);
        if span.len() >= 2 {
            out.push(span);
        }
        parts.next();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitalised_words_inside_a_sentence_are_names() {
        assert_eq!(
            written_as_names("What did the Pentagon say? Did NATO agree"),
            ["pentagon"]
        );
        assert!(
            written_as_names("Where Is The Pentagon").is_empty(),
            "title case"
        );
        assert!(written_as_names("what did the pentagon say").is_empty());
        assert!(written_as_names("").is_empty());
    }

    #[test]
    fn quoted_spans_are_found_in_any_quote_marks() {
        assert_eq!(
            quoted_spans("who said \u{201C}one hand tied\u{201D}?"),
            vec![vec!["one", "hand", "tied"]]
        );
        assert_eq!(
            quoted_spans("who said \"x\" and \"the last weeks\""),
            vec![vec!["the", "last", "week"]]
        );
        assert!(quoted_spans("no quotes here").is_empty());
    }
}
