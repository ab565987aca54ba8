//! What the verifier knows about one (question, candidate fact) pair, as numbers: the ranking's
//! measures and whether the fact gives the kind of answer asked for and states every specific
//! the question names. The confidence is a fitted combination of these ([`super::model`]); each
//! feature is named so that `factbot eval` and `ask --explain` can show what weighed.

use crate::analysis::classes::WordClasses;
use crate::analysis::{Analyzer, Token};
use crate::language::AnswerType;
use crate::retrieval::{Index, Ranked};

use super::question::{Question, Specific};
use super::Named;

/// Names of the features, in order. A new feature goes at the end of this list and of
/// [`features`]; the fitted model is refitted at every load, so no stored weights go stale.
pub const NAMES: [&str; 16] = [
    "coverage",
    "synonym",
    "example",
    "example_wh",
    "precision",
    "lead",
    "type_missing",
    "type_given",
    "entity_missing",
    "foreign",
    "concrete",
    "unknown",
    "number_missing",
    "time_missing",
    "quote_run",
    "yes_no",
];

pub const N: usize = NAMES.len();

pub type Features = [f64; N];

/// Answer types a fact gives, as a bit set over [`AnswerType::ALL`], plus whether it tells a
/// time of day ([`Gives::CLOCK`]) and a day ([`Gives::DAY`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Gives(pub u8);

impl Gives {
    pub fn of(types: impl IntoIterator<Item = AnswerType>) -> Gives {
        let mut bits = 0;
        for t in types {
            bits |= Self::bit(t);
        }
        Gives(bits)
    }

    fn bit(t: AnswerType) -> u8 {
        1 << AnswerType::ALL.iter().position(|x| *x == t).unwrap_or(0)
    }

    pub fn has(self, t: AnswerType) -> bool {
        self.0 & Self::bit(t) != 0
    }

    pub const CLOCK: u8 = 1 << 6;
    pub const DAY: u8 = 1 << 7;

    pub fn with(self, flag: u8, on: bool) -> Gives {
        if on {
            Gives(self.0 | flag)
        } else {
            self
        }
    }

    pub fn flag(self, flag: u8) -> bool {
        self.0 & flag != 0
    }

    pub fn types(self) -> impl Iterator<Item = AnswerType> {
        AnswerType::ALL.into_iter().filter(move |&t| self.has(t))
    }
}

/// What computing features reads besides the pair itself.
pub struct Context<'a> {
    pub an: &'a Analyzer,
    pub classes: &'a WordClasses,
    pub index: &'a Index,
    /// The example question left out of the knowledge, when measuring how unseen questions fare.
    pub left_out: Option<usize>,
}

/// What the verifier knows of a candidate fact.
pub struct Candidate<'a> {
    /// What kinds of answer it gives.
    pub gives: Gives,
    pub quote: &'a str,
    /// Its quote as numbered stems ([`super::stems::QuoteStems`]).
    pub stems: &'a [u32],
    /// What kinds of answer its curator says it gives (`answers`).
    pub curated: &'a [AnswerType],
    /// The people, organisations, countries and places it names.
    pub named: &'a Named,
}

/// The features of candidate `c` (one of `ranked`), which is `fact`, for question `q`.
pub fn features(
    cx: &Context<'_>,
    q: &Question,
    c: &Ranked,
    ranked: &[Ranked],
    fact: &Candidate<'_>,
) -> Features {
    let Candidate {
        gives,
        quote,
        stems,
        curated,
        named,
    } = *fact;
    let Context {
        an,
        classes,
        index,
        left_out,
    } = *cx;
    let best_other = ranked
        .iter()
        .filter(|r| r.fact != c.fact)
        .map(|r| r.score)
        .fold(0.0, f64::max);
    let lead = c.score - best_other;
    let (mut type_missing, mut type_given) = (0.0, 0.0);
    if let Some(t) = q.asks.answer {
        // Speaker questions are also answered by a fact that names the agent behind the words.
        let mut given = gives.has(t) || (t == AnswerType::Speaker && gives.has(AnswerType::Agent));
        // "How many ministers": a number of ministers, not any number ("two-day"), unless the
        // curator says the fact gives the amount asked for.
        if given && t == AnswerType::Quantity && !curated.contains(&AnswerType::Quantity) {
            if let Some(what) = q.measure() {
                given = counts(an, index, c.fact, quote, what, classes);
            }
        }
        // "What time": a time of day; "what date": a day. A month or "ahead of the dinner"
        // does not answer either.
        if given && t == AnswerType::Time && !curated.contains(&AnswerType::Time) {
            if q.asks.clock {
                given = gives.flag(Gives::CLOCK);
            } else if q.asks.day {
                given = gives.flag(Gives::DAY);
            }
        }
        // "Who will replace Stoltenberg?" is not answered by a fact whose only agent is
        // Stoltenberg: who did something is someone else than those the question names.
        if given
            && t == AnswerType::Agent
            && !q.asks.identity
            && !curated.contains(&AnswerType::Agent)
        {
            given = named.of(Named::AGENT).any(|a| !q.names(a));
        }
        // "Where was Blinken?" is not answered by a fact whose only place is one the question
        // names; "in which city" not by a country. A fact that names no place at all (its
        // curator's example questions say it tells where) is left as it is.
        if given && t == AnswerType::Place && !curated.contains(&AnswerType::Place) {
            let kinds = if q.asks.city {
                Named::CITY
            } else {
                Named::PLACE
            };
            let mut places = named.of(kinds).peekable();
            if q.asks.city || places.peek().is_some() {
                given = places.any(|p| !q.names(p));
            }
        }
        if given {
            type_given = 1.0;
        } else if t != AnswerType::Reason {
            // A reason is often given without a marker ("bases used to launch strikes", "to
            // allow it to hit targets"), so a fact without one may still say why: its absence is
            // no evidence. Weighed as a feature of its own, it cost held-out "why" questions
            // answers on every set and kept no near miss out.
            type_missing = 1.0;
        }
    }
    let (mut entity, mut foreign, mut concrete, mut unknown, mut number, mut time) =
        (0.0f64, 0.0f64, 0.0f64, 0.0f64, 0.0f64, 0.0f64);
    for con in &q.constraints {
        let t = q.token(con);
        match con.kind {
            Specific::Foreign => foreign += 1.0,
            Specific::Concrete => concrete += 1.0,
            Specific::Unknown => unknown += 1.0,
            _ if index.fact_states(c.fact, t, left_out) => {}
            // A yes/no question naming a day or an amount is settled by a fact that gives
            // another one: "did Macron speak on Thursday?" by "on Tuesday", "is it a one-day
            // meeting?" by "two-day". The answer is no, and that fact is what shows it.
            Specific::Time if q.asks.yes_no && classes.is_weekday(t) && gives.flag(Gives::DAY) => {}
            Specific::Number if q.asks.yes_no && gives.has(AnswerType::Quantity) => {}
            Specific::Entity(_) | Specific::Role => entity += 1.0,
            Specific::Number | Specific::Unit => number += 1.0,
            Specific::Time => time += 1.0,
        }
    }
    let quote_run = if q.quoted.is_empty() {
        longest_run(&q.stems, stems) as f64
    } else {
        // Words put in quotation marks must be in the quote to count.
        let hit = q
            .quoted
            .iter()
            .any(|span| stems.windows(span.len()).any(|w| same(span, w)));
        if hit {
            6.0
        } else {
            -6.0
        }
    };
    [
        c.parts.coverage,
        c.parts.synonym,
        c.parts.example,
        c.parts.example_wh,
        c.parts.precision,
        lead,
        type_missing,
        type_given,
        entity.min(2.0),
        foreign.min(2.0),
        concrete.min(2.0),
        unknown.min(3.0),
        number.min(1.0),
        time.min(1.0),
        quote_run / 6.0,
        if q.asks.yes_no { 1.0 } else { 0.0 },
    ]
}

/// Whether the quote gives a number of `what` ("two-day" for days, "30 ministers", "dozens of
/// flights"): a quantity word at most three words before it.
fn counts(
    an: &Analyzer,
    index: &Index,
    fact: usize,
    quote: &str,
    what: &Token,
    classes: &WordClasses,
) -> bool {
    let source = index.fact_source(fact);
    let a = an.analyze_in(quote, source);
    let target = what.term_in(source);
    a.tokens.iter().enumerate().any(|(j, t)| {
        t.term == target
            && a.tokens[j.saturating_sub(3)..j]
                .iter()
                .any(|b| classes.is_quantity(b))
    })
}

/// Whether question stems `q` are quote stems `f`, one for one.
fn same(q: &[Option<u32>], f: &[u32]) -> bool {
    q.len() == f.len() && q.iter().zip(f).all(|(a, &b)| *a == Some(b))
}

/// The longest run of the question's words that the quote holds verbatim (as stems), counted
/// from three words up (shorter runs are common phrasing, not quotation), at most six.
fn longest_run(qs: &[Option<u32>], fs: &[u32]) -> usize {
    let mut best = 0;
    for i in 0..qs.len() {
        for j in 0..fs.len() {
            let mut n = 0;
            while i + n < qs.len() && j + n < fs.len() && qs[i + n] == Some(fs[j + n]) {
                n += 1;
            }
            best = best.max(n);
        }
    }
    if best >= 3 {
        best.min(6)
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::stems::QuoteStems;
    use crate::text::{stem, stems};

    /// A question's words as numbered stems of `table`, as [`Question::read`] numbers them.
    fn numbered(table: &QuoteStems, question: &str) -> Vec<Option<u32>> {
        stems(question).iter().map(|s| table.id(s)).collect()
    }

    #[test]
    fn a_run_counts_from_three_words_and_at_most_six() {
        let mut t = QuoteStems::default();
        t.push(&stems(
            "We have seen the last weeks and months a change in the fighting, a real change",
        ));
        let quote = t.of_fact(0);
        let run = |q: &str| longest_run(&numbered(&t, q), quote);
        assert_eq!(run("who said the last weeks and months"), 5);
        assert_eq!(run("who spoke of weeks and months"), 3, "stems, not words");
        assert_eq!(run("what changed in Ukraine"), 0, "two words are phrasing");
        assert_eq!(run("have seen the last weeks and months a change"), 6);
        assert_eq!(run("who said the final weeks"), 0);
    }

    #[test]
    fn words_no_quote_uses_match_nothing() {
        let mut t = QuoteStems::default();
        t.push(&stems("ministers met in Prague"));
        let q = numbered(&t, "ministers met in Brno");
        assert_eq!(q[3], None);
        assert!(!same(&q, t.of_fact(0)));
        assert!(same(&q[..3], &t.of_fact(0)[..3]));
        assert_eq!(t.id(&stem("brno")), None);
    }
}
