//! Why a verdict came out as it did, as data: how the claim was read (subject, predicate with
//! its negations and stance, specifics), the candidate facts with their scores and how each met
//! the claim's words, and the rule that decided. `factbot check --explain` prints it; tests and
//! fitting read it.

use std::fmt;

use super::fit::Params;

/// The rule that decided a verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// A word or a fragment, not a statement.
    NotAStatement,
    /// No fact is about the claim.
    NoEvidence,
    /// It names a person or country no source mentions.
    Foreign,
    /// The facts about it do not state one of its specifics.
    MissingSpecific,
    /// The facts about its subject do not say what it says of them.
    NotSaid,
    /// A fact states it.
    Supported,
    /// Another place, day, month or other value of a closed set.
    Slot,
    /// Another amount of the same measure.
    Number,
    /// Another role for the person.
    Role,
    /// Another country or organisation for the person's role.
    Affiliation,
    /// Two different people said to be one.
    Identity,
    /// Someone else's words.
    Speaker,
    /// The opposite stance for the same party.
    Stance,
    /// The claim negates what the article affirms.
    NegatedInClaim,
    /// The article negates what the claim affirms.
    NegatedInArticle,
    /// A word of opposite meaning.
    Opposite,
    /// A claim joining statements, decided part by part.
    InParts,
}

impl Rule {
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::NotAStatement => "not a statement",
            Rule::NoEvidence => "no fact is about it",
            Rule::Foreign => "names someone or something no source mentions",
            Rule::MissingSpecific => "a specific the evidence does not state",
            Rule::NotSaid => "the evidence does not say it",
            Rule::Supported => "supported: the evidence states it",
            Rule::Slot => "slot: another value for the same thing",
            Rule::Number => "number: another amount of the same measure",
            Rule::Role => "role: another role for the person",
            Rule::Affiliation => "affiliation: another country or organisation",
            Rule::Identity => "identity: two different people",
            Rule::Speaker => "speaker: someone else's words",
            Rule::Stance => "stance: the opposite stance",
            Rule::NegatedInClaim => "negation: the claim negates it",
            Rule::NegatedInArticle => "negation: the article negates it",
            Rule::Opposite => "opposite: a word of opposite meaning",
            Rule::InParts => "in parts: each statement the claim joins, checked on its own",
        }
    }
}

/// One word of the claim as read.
#[derive(Debug, Clone)]
pub struct WordView {
    pub word: String,
    pub term: String,
    pub kind: &'static str,
    pub negated: bool,
    pub weight: f64,
}

/// How the claim was read, in the article of the first candidate.
#[derive(Debug, Clone, Default)]
pub struct ClaimView {
    pub statement: bool,
    pub subject: Option<String>,
    pub stance: Option<String>,
    pub words: Vec<WordView>,
    pub slots: Vec<String>,
    pub quantities: Vec<String>,
}

/// One candidate fact and how it met the claim.
#[derive(Debug, Clone)]
pub struct CandidateView {
    pub fact_id: String,
    pub rank: f64,
    pub subject: bool,
    pub align: f64,
    pub predicate: f64,
    /// Per claim word: how the fact meets it ("stated/same", "example question/synonym",
    /// "missing", "conflict").
    pub words: Vec<(String, String)>,
    /// What examining it found, if it was examined.
    pub outcome: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Explanation {
    pub claim: ClaimView,
    pub candidates: Vec<CandidateView>,
    pub rule: Rule,
    pub params: Params,
    /// When the claim joins statements and was decided part by part: each part's verdict.
    pub parts: Vec<PartView>,
}

/// One statement of a claim that joins several, as checked on its own.
#[derive(Debug, Clone)]
pub struct PartView {
    pub text: String,
    pub verdict: super::Verdict,
    pub fact_id: Option<String>,
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.claim;
        writeln!(
            f,
            "read as: subject {}; stance {}{}",
            c.subject.as_deref().unwrap_or("-"),
            c.stance.as_deref().unwrap_or("-"),
            if c.statement { "" } else { "; NOT A STATEMENT" }
        )?;
        write!(f, "  words:")?;
        for w in &c.words {
            write!(
                f,
                " {}[{}{} {:.2}]",
                w.word,
                w.kind,
                if w.negated { ", negated" } else { "" },
                w.weight
            )?;
        }
        writeln!(f)?;
        if !c.slots.is_empty() {
            writeln!(f, "  slots: {}", c.slots.join(", "))?;
        }
        if !c.quantities.is_empty() {
            writeln!(f, "  amounts: {}", c.quantities.join(", "))?;
        }
        writeln!(
            f,
            "thresholds: align >= {:.2}, predicate >= {:.2} ({})",
            self.params.min_align,
            self.params.min_predicate,
            self.params.origin()
        )?;
        writeln!(f, "candidates (examined in this order):")?;
        for k in &self.candidates {
            writeln!(
                f,
                "  {:<34} subject {} align {:.2} predicate {:.2} rank {:.2}{}",
                k.fact_id,
                if k.subject { "yes" } else { "no " },
                k.align,
                k.predicate,
                k.rank,
                k.outcome
                    .as_deref()
                    .map(|o| format!("  -> {o}"))
                    .unwrap_or_default()
            )?;
            let words: Vec<String> = k.words.iter().map(|(w, s)| format!("{w}: {s}")).collect();
            writeln!(f, "      {}", words.join("; "))?;
        }
        if !self.parts.is_empty() {
            writeln!(f, "in parts:")?;
            for p in &self.parts {
                writeln!(
                    f,
                    "  {:<12} {}{}",
                    p.verdict.as_str(),
                    p.text,
                    p.fact_id
                        .as_deref()
                        .map(|id| format!("  ({id})"))
                        .unwrap_or_default()
                )?;
            }
        }
        writeln!(f, "decided by: {}", self.rule.as_str())
    }
}
