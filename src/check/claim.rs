//! Reading a claim: who or what it is about (its subject), what it says of them (the predicate:
//! the action or statement, with its negations and stance), and its specifics (people, places,
//! times, amounts, roles, things, names) that the article must state for the claim to hold.
//!
//! A claim may be about any article, and a word may mean something of its own in one article
//! ("Washington" is the United States in one, a city in another): the claim is read once
//! ([`Claim`]) and then once per article it is compared with ([`Reading`]).

use rustc_hash::FxHashSet as HashSet;

use crate::analysis::numbers::{quantities, Quantity};
use crate::analysis::{Analyzed, Analyzer, Kind, SourceIdx};
use crate::knowledge::EntityKind;
use crate::text::{normalize, stem, words};

use super::index::{CheckIndex, TermId};
use super::meaning::{Relation, WordClass};
use super::negation;
use super::slots::{Family, Hit};

/// Copulas and auxiliaries: a claim that has one says something of its subject ("X is Y").
const AUXILIARIES: [&str; 17] = [
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "can",
    "could", "should", "may", "might", "must",
];

/// What a word of a claim is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordKind {
    /// A person, organisation, country, place or thing an article names.
    Entity(EntityKind),
    /// A value of a closed set: a weekday, a month, a role, a city or a place after "in".
    Slot,
    /// Part of an amount ("two", "dozens", "hours").
    Quantity,
    /// A word neither the knowledge nor the language knows: most likely a name ("HIMARS").
    Name,
    /// A concrete thing, being, group or place in general English ("troops", "jets").
    Thing,
    /// A word that places something in time without pinning it to a date ("start", "evening",
    /// "ahead of"): part of what the claim says, compared with the fact's, opposites included.
    Time,
    /// A word for being for (`true`) or against (`false`) something ("backs", "opposes").
    Stance(bool),
    /// Any other word: part of what the claim says happened or holds.
    Predicate,
}

impl WordKind {
    /// Whether the article must state it for the claim to hold: a specific.
    pub fn specific(self) -> bool {
        !matches!(
            self,
            WordKind::Predicate | WordKind::Stance(_) | WordKind::Time
        )
    }

    /// Whether a negation or an opposite in one text can meet it in the other: the predicate's
    /// words, and words of time ("at the start" against "at the close").
    pub fn compared(self) -> bool {
        !self.specific()
    }

    pub fn as_str(self) -> &'static str {
        match self {
            WordKind::Entity(EntityKind::Person) => "person",
            WordKind::Entity(EntityKind::Place) => "place",
            WordKind::Entity(EntityKind::Country) => "country",
            WordKind::Entity(EntityKind::Organisation) => "organisation",
            WordKind::Entity(EntityKind::Thing) => "thing",
            WordKind::Slot => "slot",
            WordKind::Quantity => "amount",
            WordKind::Name => "name",
            WordKind::Thing => "thing",
            WordKind::Time => "time",
            WordKind::Stance(true) => "stance (for)",
            WordKind::Stance(false) => "stance (against)",
            WordKind::Predicate => "predicate",
        }
    }
}

/// One content word of a claim, as read in one article.
#[derive(Debug, Clone)]
pub struct Word {
    /// Its token in [`Claim::analyzed`].
    pub tok: usize,
    /// Its term in this article's reading.
    pub term: String,
    pub id: Option<TermId>,
    pub kind: WordKind,
    /// How much it says: the rarer among the facts, the more (unknown words: the median).
    pub weight: f64,
    /// The knowledge terms it may stand for, and how (itself first when the knowledge has it).
    pub means: Vec<(TermId, Relation)>,
    /// It reads as a noun (a thing or a notion, not an action or a quality).
    pub noun: bool,
}

/// A claim as read once, before any article's reading.
pub struct Claim {
    pub text: String,
    pub analyzed: Analyzed,
    pub quantities: Vec<Quantity>,
    /// Token spans of phrases that look negative but are not ("not the only").
    pub not_negating: Vec<(usize, usize)>,
    /// Words written with a capital inside the sentence ("the BBC"): names.
    pub capitalised: HashSet<String>,
    /// Per token, its clause (see [`negation::clauses`]).
    pub clause: Vec<u16>,
    /// Per token, its kind, as [`negation::governed`] takes them.
    pub kinds: Vec<Kind>,
}

/// The claim read in one article.
#[derive(Debug, Clone)]
pub struct Reading {
    pub source: SourceIdx,
    pub words: Vec<Word>,
    /// Values of closed sets it names.
    pub hits: Vec<Hit>,
    /// Index in `words` of who the claim is about: its first person, organisation, country or
    /// unknown name.
    pub subject: Option<usize>,
    /// Index in `words` of its stance word, if it states one.
    pub stance: Option<usize>,
}

impl Reading {
    pub fn word_at(&self, tok: usize) -> Option<&Word> {
        self.words.iter().find(|w| w.tok == tok)
    }
}

impl Claim {
    pub fn read(text: &str, an: &Analyzer, ci: &CheckIndex) -> Claim {
        let capitalised = capitalised(text);
        let analyzed = an.analyze(text);
        let not_negating = negation::not_negating(&analyzed.tokens, &ci.not_negating);
        Claim {
            clause: negation::clauses(text, &analyzed.tokens),
            kinds: analyzed.tokens.iter().map(|t| t.kind).collect(),
            text: text.to_string(),
            quantities: quantities(text),
            not_negating,
            capitalised,
            analyzed,
        }
    }

    /// Whether it states something: at least two words that carry meaning, and something said
    /// of them (a verb, a copula, a negation), or three content words. "Russia", "NATO", "e" and
    /// "NATO summit" are not claims.
    pub fn is_statement(&self) -> bool {
        let t = &self.analyzed.tokens;
        let meaningful = t
            .iter()
            .filter(|x| matches!(x.kind, Kind::Content | Kind::Generic))
            .count();
        let content = t.iter().filter(|x| x.kind == Kind::Content).count();
        let verb = t.iter().any(|x| {
            matches!(x.kind, Kind::Negation | Kind::Generic)
                || AUXILIARIES.contains(&x.word.as_str())
                || x.kind == Kind::Content
                    && (x.word.ends_with("ed") || x.word.ends_with('s') && !x.word.ends_with("ss"))
        });
        meaningful >= 2 && content >= 1 && (verb || content >= 3)
    }

    /// How the claim itself writes a normalised word ("BBC" for `bbc`), else the word.
    pub fn surface(&self, word: &str) -> String {
        for raw in self.text.split_whitespace() {
            let trimmed = raw.trim_matches(|c: char| !c.is_alphanumeric());
            if words(&normalize(trimmed))
                .first()
                .is_some_and(|w| w == word)
            {
                return trimmed
                    .split(['\'', '\u{2019}'])
                    .next()
                    .unwrap_or(trimmed)
                    .to_string();
            }
        }
        word.to_string()
    }

    /// How the claim itself writes token `tok` ("Norway's foreign minister").
    pub fn written(&self, tok: usize) -> String {
        let tokens = &self.analyzed.tokens;
        let first: usize = tokens[..tok]
            .iter()
            .map(|t| t.word.split(' ').count())
            .sum();
        let n = tokens[tok].word.split(' ').count();
        // Raw chunks with the analyzer's words each yields.
        let mut seen = 0;
        let mut parts: Vec<&str> = Vec::new();
        for raw in self.text.split_whitespace() {
            let k = words(&normalize(raw)).len();
            if k > 0 && seen + k > first && seen < first + n {
                parts.push(raw.trim_matches(|c: char| !c.is_alphanumeric()));
            }
            seen += k;
        }
        if parts.is_empty() {
            tokens[tok].word.clone()
        } else {
            parts.join(" ")
        }
    }

    /// The claim read in article `source`.
    pub fn reading(&self, source: SourceIdx, an: &Analyzer, ci: &CheckIndex) -> Reading {
        let tokens = &self.analyzed.tokens;
        let tails = super::index::phrase_tails(tokens, ci.lexicon.as_ref());
        let hits = ci
            .catalog
            .hits(tokens, source, an, &self.capitalised, &tails);
        let quantity_words: HashSet<&str> = self
            .quantities
            .iter()
            .flat_map(|q| {
                let counted = match &q.unit {
                    Some(u)
                        if matches!(u.dimension, crate::analysis::numbers::Dimension::Count(_)) =>
                    {
                        Some(u.name.as_str())
                    }
                    _ => None,
                };
                q.words
                    .iter()
                    .map(String::as_str)
                    .filter(move |w| Some(*w) != counted)
            })
            .collect();
        let mut words: Vec<Word> = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            if t.kind != Kind::Content {
                continue;
            }
            let term = t.term_in(source).to_string();
            let id = ci.vocab.id(&term);
            let in_hit = hits.iter().find(|h| i >= h.first && i <= h.last);
            let entity = an.entity_kind(&term);
            let stance_term = ci.support.contains(&term) || ci.oppose.contains(&term);
            let stance_word = stance_term && self.stance_position(i, ci);
            // "against" and "for" outside a stance ("weapons against targets") are prepositions.
            if stance_term && !stance_word {
                continue;
            }
            let kind = if in_hit
                .is_some_and(|h| !matches!(ci.catalog.family(h), Family::Person | Family::Duration))
            {
                WordKind::Slot
            } else if quantity_words.contains(t.word.as_str())
                || t.word.split(' ').all(|w| quantity_words.contains(w))
            {
                WordKind::Quantity
            } else if let Some(kind) = entity {
                WordKind::Entity(kind)
            } else if stance_word {
                WordKind::Stance(ci.support.contains(&term))
            } else if ci.is_time_word(tokens, i) {
                WordKind::Time
            } else if id.is_none() && self.is_name(t, &term, ci) {
                WordKind::Name
            } else if ci.lexicon.class_of(&term, &t.word) == Some(WordClass::Concrete) {
                WordKind::Thing
            } else {
                WordKind::Predicate
            };
            let means = means(&term, id, ci);
            let noun = matches!(
                ci.lexicon.class_of(&term, &t.word),
                Some(WordClass::Concrete | WordClass::Abstract)
            );
            words.push(Word {
                noun,
                tok: i,
                weight: ci.vocab.weight(id),
                term,
                id,
                kind,
                means,
            });
        }
        // A word and the next one read as a phrase the lexicon knows ("far from", "brought
        // together", "step back").
        let mut consumed: Vec<usize> = Vec::new();
        for w in words
            .iter_mut()
            .filter(|w| matches!(w.kind, WordKind::Predicate | WordKind::Time))
        {
            let Some(next) = tokens.get(w.tok + 1) else {
                continue;
            };
            let joined = format!("{} {}", stem(&tokens[w.tok].word), stem(&next.word));
            let phrase = means(&joined, ci.vocab.id(&joined), ci);
            if !phrase.is_empty() {
                // Its second word is part of it, not a word of its own ("calming down").
                consumed.push(w.tok + 1);
                // The phrase means what it means, not what its first word does alone ("end up"
                // is no opposite of "start").
                w.means.retain(|(_, r)| *r == Relation::Same);
                for m in phrase {
                    if !w.means.iter().any(|x| x.0 == m.0) {
                        w.means.push(m);
                    }
                }
            }
        }
        words.retain(|w| {
            !(consumed.contains(&w.tok) && matches!(w.kind, WordKind::Predicate | WordKind::Time))
        });
        let stance = words
            .iter()
            .position(|w| matches!(w.kind, WordKind::Stance(_)));
        // The first person, organisation or country, or a name no fact states ("Viktor Orban
        // criticised Stoltenberg" is about Orban).
        let subject = words.iter().position(|w| match w.kind {
            WordKind::Entity(kind) => kind.is_agent(),
            WordKind::Name => true,
            _ => false,
        });
        Reading {
            source,
            words,
            hits,
            subject,
            stance,
        }
    }

    /// A stance preposition ("against", "for") is a stance only after a verb: a copula ("is
    /// against"), a verb of saying ("spoke out against"), a generic verb; not after a noun
    /// ("weapons against targets").
    fn stance_position(&self, i: usize, ci: &CheckIndex) -> bool {
        let t = &self.analyzed.tokens;
        let w = t[i].word.as_str();
        if let Some(tails) = ci.stance_tails.get(&t[i].term) {
            let follows = |tail: &Vec<String>| {
                tail.iter()
                    .enumerate()
                    .all(|(k, x)| t.get(i + 1 + k).is_some_and(|n| n.word == *x))
            };
            if !tails.iter().any(follows) {
                return false;
            }
        }
        if w != "against" && w != "for" {
            // After an article or a possessive, a stance word that names a thing is that thing
            // ("behind its back", "his daily press briefing"), not a stance ("his backing").
            let after_determiner = t[i.saturating_sub(2)..i]
                .iter()
                .any(|x| ci.determiners.contains(&x.word));
            return !(after_determiner
                && ci.lexicon.noun_class(&stem(&t[i].word)) == Some(WordClass::Concrete));
        }
        t[..i]
            .iter()
            .rev()
            .find(|x| x.kind != Kind::Stop || ci.copulas.contains(&x.word))
            .is_some_and(|x| {
                ci.copulas.contains(&x.word)
                    || x.kind == Kind::Generic
                    || ci.speech.contains(&stem(&x.word))
                    || matches!(ci.lexicon.class_of(&x.term, &x.word), Some(WordClass::Verb))
            })
    }

    /// A word no fact uses that is a name: written with a capital inside the sentence, or
    /// unknown to the language's lexicon.
    fn is_name(&self, t: &crate::analysis::Token, term: &str, ci: &CheckIndex) -> bool {
        if t.word.bytes().any(|b| b.is_ascii_digit()) {
            return true;
        }
        t.word.split(' ').any(|w| self.capitalised.contains(w))
            || (ci.lexicon.has_classes()
                && !ci.lexicon.knows(term)
                && !ci.lexicon.knows(&stem(&t.word)))
    }
}

/// The knowledge terms a claim word or phrase may stand for.
fn means(term: &str, id: Option<TermId>, ci: &CheckIndex) -> Vec<(TermId, Relation)> {
    let mut out: Vec<(TermId, Relation)> = Vec::new();
    if let Some(id) = id {
        out.push((id, Relation::Same));
    }
    let mut add = |t: TermId, r: Relation| {
        if let Some(e) = out.iter_mut().find(|(x, _)| *x == t) {
            // The closest relation wins; an opposite never overrides a synonym.
            if r < e.1 && e.1 != Relation::Opposite
                || e.1 == Relation::Opposite && r != Relation::Opposite
            {
                e.1 = e.1.min(r);
            }
        } else {
            out.push((t, r));
        }
    };
    if let Some(list) = ci.related.get(term) {
        for &(t, r) in list {
            add(t, r);
        }
    }
    // The claim word's own relations, for words the knowledge's terms do not list.
    for (w, r) in ci.lexicon.related(term) {
        // A knowledge term broader than the claim's word does not state it ("weapons" does not
        // say which); synonyms and opposites hold either way.
        if r == Relation::Broader {
            continue;
        }
        if let Some(t) = ci.vocab.id(&w) {
            add(t, r);
        }
    }
    out
}

/// Words written with a capital letter other than at the start of a sentence, normalised.
pub(crate) fn capitalised(text: &str) -> HashSet<String> {
    let mut out = HashSet::default();
    let mut sentence_start = true;
    for raw in text.split_whitespace() {
        let trimmed = raw.trim_matches(|c: char| !c.is_alphanumeric());
        if let Some(first) = trimmed.chars().next() {
            if first.is_uppercase() && !sentence_start {
                for w in words(&normalize(trimmed)) {
                    out.insert(w);
                }
            }
            sentence_start = false;
        }
        if raw.ends_with(['.', '!', '?', ':']) {
            sentence_start = true;
        }
    }
    out
}
