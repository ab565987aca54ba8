//! Claim-fact alignment: choosing the evidence. A claim is compared with a few candidate facts
//! (the best-ranked ones, and the best-ranked ones about the claim's subject), and each pairing
//! says, word by word, how the fact meets the claim: states it (the same word, a synonym, a
//! broader word, or its opposite), says it in other words (keywords, example questions), states
//! it only around the quote, or not at all; and for slots and amounts, whether it names another
//! value for the same thing.
//!
//! Evidence is then chosen by subject first (a claim about Eide is judged by what the article
//! says about Eide), then by how much of the claim the fact meets; slots are compared only
//! within the chosen fact. Nothing here compares candidates with one another: each pairing is
//! computed on its own, and the candidate set is capped ([`MAX_CANDIDATES`]).

use crate::analysis::numbers::Agreement;
use crate::analysis::{Analyzed, Analyzer, Kind, Token};
use crate::knowledge::EntityKind;
use crate::retrieval::{Index, Ranked};

use super::claim::{Claim, Reading, WordKind};
use super::index::{CheckIndex, FactView, TermId, Text};
use super::meaning::Relation;
use super::negation;
use super::slots::{Catalog, Family, Hit};

/// At most this many facts are compared with a claim, whatever the size of the knowledge: the
/// best-ranked ones overall...
pub(crate) const MAX_CANDIDATES: usize = 10;
/// ...and the best-ranked ones that state the claim's subject.
pub(crate) const MAX_ABOUT_SUBJECT: usize = 6;

/// Where a fact meets a claim's word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Where {
    /// Its quote, answer or speaker.
    Stated,
    /// Who it says supports or opposes what it is about (for a stance word).
    Stance,
    /// Its keywords.
    Keyword,
    /// Its example questions.
    Example,
    /// The sentence around its quote.
    Context,
    /// The rest of its quote's paragraph or the paragraph before: what a news paragraph takes
    /// as already said ("the talks" after "the meeting in Prague").
    Nearby,
    /// The action its article's stance facts are about (for a stance fact).
    Topic,
    /// What its article is about, which any of its facts implies; or, for the standard of a
    /// comparison ("less committal than Macron"), anything its article states.
    Article,
}

impl Where {
    pub fn as_str(self) -> &'static str {
        match self {
            Where::Stated => "stated",
            Where::Stance => "stance",
            Where::Keyword => "keyword",
            Where::Example => "example question",
            Where::Context => "sentence",
            Where::Nearby => "nearby paragraph",
            Where::Topic => "stance topic",
            Where::Article => "article",
        }
    }
}

/// How a fact meets one word of the claim.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Status {
    /// The fact has it, as `term`, related as `Relation`.
    Met(Relation, Where, Option<TermId>),
    /// A slot or amount for which the fact gives another value.
    Conflict,
    Missing,
}

impl Status {
    pub fn met(self) -> bool {
        matches!(self, Status::Met(..))
    }
    /// Met in the fact's own text (quote, answer, speaker) or its stance.
    pub fn stated(self) -> bool {
        matches!(self, Status::Met(_, Where::Stated | Where::Stance, _))
    }
}

/// A word both texts have, with whether each negates it.
#[derive(Debug, Clone, Copy)]
pub struct Pair {
    pub claim_token: usize,
    pub term: TermId,
    pub relation: Relation,
    pub claim_negated: bool,
    pub fact_negated: bool,
    /// The fact says the word only of an agent the claim does not name, and the claim names no
    /// agent for it: enough to compare negation ("the debate does not risk..."), not to trust
    /// an opposite found there.
    pub of_another: bool,
}

/// An example question left out of the knowledge, to see how a claim nobody wrote down fares.
#[derive(Debug, Clone)]
pub struct LeftOut {
    /// Its index among all example questions (see [`Index::rank_excluding`]).
    pub example: usize,
    pub fact: usize,
    /// The terms it used (sorted).
    pub terms: Vec<TermId>,
}

/// One candidate fact set against the claim.
pub struct Pairing<'a> {
    pub fact: usize,
    pub view: &'a FactView,
    pub claim: &'a Reading,
    pub catalog: &'a Catalog,
    /// Per claim word, how the fact meets it.
    pub status: Vec<Status>,
    /// Words both have, in the fact's own text, with their negations.
    pub pairs: Vec<Pair>,
    /// The fact states the claim's subject.
    pub subject: bool,
    /// Weighted share of the claim's words the fact meets or gives another value for (of the
    /// words the knowledge has something for).
    pub align: f64,
    /// The same without the claim's subject: how much of what is said of the subject the fact
    /// has, whoever it says it of.
    pub align_without_subject: f64,
    /// Weighted share of the claim's predicate words (not its specifics) the fact meets.
    pub predicate: f64,
    /// Retrieval's score for the fact.
    pub rank: f64,
}

impl Pairing<'_> {
    /// The fact's slot values comparable with claim slot `i` (of `claim.hits`), each with
    /// whether it is in the quote: the same category, attached to the same thing. When the claim
    /// says what its value attaches to and the fact attaches its values to other things, none:
    /// "the summit in Washington" is not compared with "the meeting in Prague".
    pub fn fact_hits_like(&self, i: usize) -> Vec<(Hit, bool)> {
        comparable(self.view, self.claim, &self.claim.hits[i])
    }

    /// The claim gives its subject a stance and the fact states the subject's stance.
    pub fn states_stance(&self) -> bool {
        self.claim
            .stance
            .is_some_and(|s| matches!(self.status[s], Status::Met(_, Where::Stance, _)))
    }

    pub fn same_value(&self, a: &Hit, b: &Hit) -> bool {
        a.cat == b.cat && a.value == b.value
    }

    /// Claim words the fact does not have that the article must state: the specifics it lacks.
    pub fn missing_specifics(&self) -> impl Iterator<Item = usize> + '_ {
        self.claim
            .words
            .iter()
            .enumerate()
            .filter(|(i, w)| w.kind.specific() && self.status[*i] == Status::Missing)
            .map(|(i, _)| i)
    }
}

/// The fact's values comparable with claim value `h`, each with whether it is in the quote: the
/// same category, attached to the same thing. When the claim says what its value attaches to
/// and the fact attaches its values to other things, none: "the summit in Washington" is not
/// compared with "the meeting in Prague".
fn comparable(view: &FactView, reading: &Reading, h: &Hit) -> Vec<(Hit, bool)> {
    let mut same: Vec<(Hit, &Text, bool)> = Vec::new();
    for (text, in_quote) in [(&view.quote, true), (&view.answer, false)] {
        for f in text.hits() {
            if f.cat == h.cat {
                same.push((f, text, in_quote));
            }
        }
    }
    let head = h.head.and_then(|t| reading.word_at(t));
    let Some(head) = head else {
        return same.into_iter().map(|(f, _, q)| (f, q)).collect();
    };
    let head_terms: Vec<TermId> = head
        .means
        .iter()
        .filter(|(_, r)| *r != Relation::Opposite)
        .map(|(t, _)| *t)
        .collect();
    let headed: Vec<(Hit, bool)> = same
        .iter()
        .filter(|(f, text, _)| {
            f.head
                .and_then(|t| text.ids().get(t))
                .is_some_and(|id| head_terms.contains(&id))
        })
        .map(|(f, _, q)| (*f, *q))
        .collect();
    if !headed.is_empty() {
        return headed;
    }
    // The claim's value attaches to a thing the knowledge knows and this fact does not state:
    // the fact's values are about something else ("the Washington summit" and the quote
    // "meeting in Prague"). An action ("planned for September") may be the same in other words.
    if head.noun && head.id.is_some() && !head_terms.iter().any(|&t| view.states(t)) {
        return Vec::new();
    }
    // Else the fact's values attached to something the claim also names ("NATO's July
    // summit will take place in Prague": the fact's place of the summit).
    let named: Vec<(Hit, bool)> = same
        .iter()
        .filter(|(f, text, _)| {
            f.head.and_then(|t| text.ids().get(t)).is_some_and(|id| {
                reading.words.iter().any(|w| {
                    w.means
                        .iter()
                        .any(|(m, r)| *m == id && *r != Relation::Opposite)
                })
            })
        })
        .map(|(f, _, q)| (*f, *q))
        .collect();
    if !named.is_empty() {
        return named;
    }
    same.into_iter().map(|(f, _, q)| (f, q)).collect()
}

/// The facts to compare a claim with: the best-ranked ones for the claim as written and for the
/// claim without its slot values (so "the summit is in Paris" finds the summit fact that says
/// Washington), and the best-ranked ones that state the claim's subject. Bounded.
pub(crate) fn candidates(
    index: &Index,
    ci: &CheckIndex,
    claim: &Claim,
    ranked: &[Ranked],
    readings: &[Reading],
    left_out: Option<&LeftOut>,
) -> Vec<(usize, f64)> {
    let analyzed = &claim.analyzed;
    let masked = slot_free(analyzed, readings);
    let masked_ranked = masked
        .as_ref()
        .map(|m| index.rank_excluding(m, left_out.map(|l| l.example)))
        .unwrap_or_default();
    let mut out: Vec<(usize, f64)> = Vec::new();
    let add = |fact: usize, score: f64, out: &mut Vec<(usize, f64)>| match out
        .iter_mut()
        .find(|c| c.0 == fact)
    {
        Some(c) => c.1 = c.1.max(score),
        None => out.push((fact, score)),
    };
    for list in [ranked, &masked_ranked[..]] {
        for r in list.iter().take(MAX_CANDIDATES) {
            add(r.fact, r.score, &mut out);
        }
    }
    let subjects: Vec<(u16, TermId)> = readings
        .iter()
        .filter_map(|r| {
            let w = &r.words[r.subject?];
            Some((r.source, w.id?))
        })
        .collect();
    if !subjects.is_empty() {
        let mut n = 0;
        for r in ranked {
            let f = &ci.facts[r.fact];
            if subjects
                .iter()
                .any(|&(s, id)| f.source == s && f.states(id))
            {
                add(r.fact, r.score, &mut out);
                n += 1;
                if n == MAX_ABOUT_SUBJECT {
                    break;
                }
            }
        }
    }
    out
}

/// The claim without the tokens that are slot values in every reading, if it has any.
fn slot_free(a: &Analyzed, readings: &[Reading]) -> Option<Analyzed> {
    let in_slot = |i: usize| {
        readings
            .iter()
            .all(|r| r.hits.iter().any(|h| i >= h.first && i <= h.last))
    };
    let tokens: Vec<Token> = a
        .tokens
        .iter()
        .enumerate()
        .filter(|(i, _)| !in_slot(*i))
        .map(|(_, t)| t.clone())
        .collect();
    (tokens.len() < a.tokens.len() && tokens.iter().any(|t| t.kind == Kind::Content))
        .then_some(Analyzed { tokens })
}

/// Whether `text` writes `phrase` (words as the analyzer reads them, space-separated) inside a
/// longer name: "the mayor of New York City". Only there: a name on its own is read by its term
/// ("Berlin" may stand for Germany), which the caller has already looked up.
fn names_inside(ci: &CheckIndex, text: &Text, phrase: &str) -> bool {
    let want: Vec<&str> = phrase.split(' ').collect();
    text.words().iter().any(|&w| {
        let name = ci.words.name(w);
        let have: Vec<&str> = name.split(' ').collect();
        have.len() > want.len() && have.windows(want.len()).any(|w| w == want.as_slice())
    })
}

/// Sets the claim, as read in the fact's article, against fact `fact`.
pub(crate) fn pair<'a>(
    ci: &'a CheckIndex,
    an: &Analyzer,
    claim: &Claim,
    reading: &'a Reading,
    fact: usize,
    rank: f64,
    left_out: Option<&LeftOut>,
) -> Pairing<'a> {
    let view = &ci.facts[fact];
    let subject_id = reading.subject.and_then(|s| reading.words[s].id);
    let claims_stance = reading.stance.is_some();
    let topic = &ci.topics[view.source as usize];
    let examples = |id: TermId| {
        let n = view.examples_with(id);
        match left_out {
            Some(l) if l.fact == fact && l.terms.binary_search(&id).is_ok() => n.saturating_sub(1),
            _ => n,
        }
    };
    let mut status = Vec::with_capacity(reading.words.len());
    for w in &reading.words {
        // A broader word states what a narrower one does of things ("weapons" for "missiles"),
        // not of actions or qualities.
        let as_predicate = || {
            best(
                w.means.iter().filter(|(_, r)| *r != Relation::Broader),
                view,
                examples,
                claims_stance,
                topic,
                true,
            )
        };
        let s = match w.kind {
            WordKind::Slot => match slot_status(ci, reading, view, w.tok) {
                // Named in the sentence around the quote, by the value's own name ("Prague"; not
                // what a city stands for in the article: "Oslo" is no statement about Norway).
                Status::Missing => {
                    let said = &claim.analyzed.tokens[w.tok].word;
                    // The value's own name when the claim writes it inside a longer phrase an
                    // article reads as one ("in Russia" for "inside Russia"): the name is what
                    // the fact must state.
                    let hit = reading
                        .hits
                        .iter()
                        .find(|h| w.tok >= h.first && w.tok <= h.last);
                    let value = hit
                        .map(|h| ci.catalog.display(h).to_lowercase())
                        .filter(|v| v != said && said.split(' ').any(|x| x == v));
                    // A setting (place, day) carries over from the paragraph before; a role
                    // says who acted, which the evidence itself must say.
                    let setting = hit.is_some_and(|h| ci.catalog.family(h) != Family::Role);
                    let named = |said: &str| {
                        let plain = crate::analysis::phrase_stems(said).join(" ");
                        match ci.vocab.id(&plain) {
                            Some(t) if view.in_context(t) => {
                                Status::Met(Relation::Same, Where::Context, Some(t))
                            }
                            Some(t) if setting && ci.nearby(fact, t) => {
                                Status::Met(Relation::Same, Where::Nearby, Some(t))
                            }
                            // Or inside a longer name: "the mayor of New York City" names the
                            // city, though as part of naming her.
                            t if names_inside(ci, &view.quote, said)
                                || names_inside(ci, &view.answer, said) =>
                            {
                                Status::Met(Relation::Same, Where::Context, t)
                            }
                            _ => Status::Missing,
                        }
                    };
                    match named(said) {
                        Status::Missing => value.map_or(Status::Missing, |v| named(&v)),
                        s => s,
                    }
                }
                s => s,
            },
            WordKind::Quantity => quantity_status(ci, claim, view, w.tok),
            WordKind::Stance(for_it) => {
                let stance = subject_id.and_then(|id| {
                    let sup = view.supports().binary_search(&id).is_ok();
                    let opp = view.opposes().binary_search(&id).is_ok();
                    match (sup, opp) {
                        (true, false) => Some(if for_it {
                            Relation::Same
                        } else {
                            Relation::Opposite
                        }),
                        (false, true) => Some(if for_it {
                            Relation::Opposite
                        } else {
                            Relation::Same
                        }),
                        _ => None,
                    }
                });
                match stance {
                    Some(r) => Status::Met(r, Where::Stance, None),
                    None => as_predicate(),
                }
            }
            WordKind::Predicate => as_predicate(),
            WordKind::Time => best(
                w.means.iter().filter(|(_, r)| *r != Relation::Broader),
                view,
                |_| 0,
                false,
                &[],
                false,
            ),
            _ => {
                let s = best(
                    w.means.iter().filter(|(_, r)| *r != Relation::Opposite),
                    view,
                    |_| 0,
                    claims_stance,
                    topic,
                    false,
                );
                let article = |ids: &[TermId]| {
                    w.means
                        .iter()
                        .filter(|(_, r)| *r != Relation::Opposite)
                        .find(|(t, _)| ids.binary_search(t).is_ok())
                };
                let compared = w.tok > 0 && claim.analyzed.tokens[w.tok - 1].word == "than";
                // "countries" is met by a fact naming a country.
                let kind = ci.kind_words.get(&w.term).filter(|&&k| {
                    view.stated()
                        .iter()
                        .any(|&t| an.entity_kind(ci.vocab.name(t)) == Some(k))
                });
                match s {
                    Status::Missing if kind.is_some() => {
                        Status::Met(Relation::Broader, Where::Stated, None)
                    }
                    Status::Missing => {
                        // The setting (a place) carries over from the paragraph before; who
                        // acted must be in the evidence itself.
                        let setting = matches!(w.kind, WordKind::Entity(k) if !k.is_agent());
                        let nearby = w
                            .means
                            .iter()
                            .filter(|_| setting)
                            .find(|&&(t, r)| r == Relation::Same && ci.nearby(fact, t));
                        let pool = if compared {
                            &ci.source_terms[view.source as usize]
                        } else {
                            &ci.about[view.source as usize]
                        };
                        match (nearby, article(pool)) {
                            (Some(&(t, _)), _) => {
                                Status::Met(Relation::Same, Where::Nearby, Some(t))
                            }
                            (None, Some(&(t, r))) => Status::Met(r, Where::Article, Some(t)),
                            (None, None) => Status::Missing,
                        }
                    }
                    s => s,
                }
            }
        };
        status.push(s);
    }
    // Aboutness counts the words the knowledge has something for: a word no fact has in any
    // form ("calming down", a name no article mentions) says nothing of which fact the claim
    // is about (it is for the specifics and the predicate to judge).
    let (mut total, mut met, mut ptotal, mut pmet) = (0.0, 0.0, 0.0, 0.0);
    let (mut subject_weight, mut subject_met) = (0.0, 0.0);
    for (i, (w, s)) in reading.words.iter().zip(&status).enumerate() {
        let counts = !w.means.is_empty() || matches!(w.kind, WordKind::Slot | WordKind::Quantity);
        if counts {
            total += w.weight;
            if !matches!(s, Status::Missing) {
                met += w.weight;
            }
            if reading.subject == Some(i) {
                subject_weight = w.weight;
                subject_met = if matches!(s, Status::Missing) {
                    0.0
                } else {
                    w.weight
                };
            }
        }
        if !w.kind.specific() {
            ptotal += w.weight;
            if s.met() {
                pmet += w.weight;
            }
        }
    }
    let subject = match reading.subject {
        Some(i) => status[i].stated(),
        None => true,
    };
    let mut p = Pairing {
        fact,
        view,
        claim: reading,
        catalog: &ci.catalog,
        status,
        pairs: Vec::new(),
        subject,
        align: if total > 0.0 { met / total } else { 0.0 },
        align_without_subject: if total - subject_weight > 0.0 {
            (met - subject_met) / (total - subject_weight)
        } else {
            0.0
        },
        predicate: if ptotal > 0.0 { pmet / ptotal } else { 1.0 },
        rank,
    };
    p.pairs = pairs(ci, an, claim, &p);
    p
}

/// The best way the fact meets a word, over the terms the word may stand for: where first
/// (its own text before its keywords, examples and context), then how (the same word first).
fn best<'x>(
    means: impl Iterator<Item = &'x (TermId, Relation)>,
    view: &FactView,
    examples: impl Fn(TermId) -> u16,
    claims_stance: bool,
    topic: &[TermId],
    predicate: bool,
) -> Status {
    let mut found: Option<(Where, Relation, TermId)> = None;
    for &(t, r) in means {
        let place = if view.states(t) {
            Some(Where::Stated)
        } else if predicate && view.has_keyword(t) {
            Some(Where::Keyword)
        } else if predicate && examples(t) > 0 {
            Some(Where::Example)
        } else if view.in_context(t) {
            Some(Where::Context)
        } else if claims_stance && view.takes_stance() && topic.binary_search(&t).is_ok() {
            Some(Where::Topic)
        } else {
            None
        };
        if let Some(place) = place {
            if found.is_none_or(|f| (place, r) < (f.0, f.1)) {
                found = Some((place, r, t));
            }
        }
    }
    match found {
        Some((place, r, t)) => Status::Met(r, place, Some(t)),
        None => Status::Missing,
    }
}

fn slot_status(ci: &CheckIndex, reading: &Reading, view: &FactView, tok: usize) -> Status {
    let Some(h) = reading
        .hits
        .iter()
        .find(|h| tok >= h.first && tok <= h.last)
    else {
        return Status::Missing;
    };
    if ci.catalog.family(h) == Family::Role {
        // A role the fact names, or one a person it names holds ("Kremlin spokesman Dmitry
        // Peskov" names a spokesman).
        let named = view
            .quote
            .hits()
            .chain(view.answer.hits())
            .any(|f| f.cat == h.cat && f.value == h.value);
        let people = &ci.people[view.source as usize];
        let held = view
            .stated()
            .iter()
            .any(|id| people.get(id).is_some_and(|p| p.roles.contains(&h.value)));
        return if named || held {
            Status::Met(Relation::Same, Where::Stated, None)
        } else {
            Status::Missing
        };
    }
    let like = comparable(view, reading, h);
    if like
        .iter()
        .any(|(f, _)| f.cat == h.cat && f.value == h.value)
    {
        Status::Met(Relation::Same, Where::Stated, None)
    } else if !like.is_empty() {
        Status::Conflict
    } else {
        Status::Missing
    }
}

fn quantity_status(ci: &CheckIndex, claim: &Claim, view: &FactView, tok: usize) -> Status {
    let word = &claim.analyzed.tokens[tok].word;
    let mut best = Status::Missing;
    for q in claim
        .quantities
        .iter()
        .filter(|q| q.words.iter().any(|w| w == word))
    {
        for f in view.quantities(&ci.units) {
            match q.compare(&f) {
                Agreement::Same => return Status::Met(Relation::Same, Where::Stated, None),
                // A claim more precise than the fact ("five years" of "multi-year") is not
                // what the fact states, nor against it.
                Agreement::Compatible if q.covers(&f) => {
                    return Status::Met(Relation::Same, Where::Stated, None)
                }
                Agreement::Compatible => {}
                Agreement::Conflict => best = Status::Conflict,
                Agreement::Incomparable => {}
            }
        }
    }
    best
}

/// The words both texts have in the fact's own text, with the negation on each side. A
/// negation governs the first word after it that the other text also has (see
/// [`negation::governed`]); specifics (names, places, amounts) pass it on.
fn pairs<'a>(ci: &'a CheckIndex, an: &Analyzer, claim: &Claim, p: &Pairing<'a>) -> Vec<Pair> {
    let reading = p.claim;
    let tokens = &claim.analyzed.tokens;
    let mut claim_aligned = vec![false; tokens.len()];
    let mut matched: Vec<TermId> = Vec::new();
    for (w, s) in reading.words.iter().zip(&p.status) {
        if let Status::Met(_, Where::Stated, Some(t)) = s {
            if w.kind.compared() && !ci.locatives.contains(&tokens[w.tok].word) {
                claim_aligned[w.tok] = true;
                matched.push(*t);
            }
        }
    }
    if matched.is_empty() {
        return Vec::new();
    }
    let claim_neg = negation::governed_in(
        &claim.kinds,
        &claim.clause,
        &claim_aligned,
        &claim.not_negating,
    );
    let fact_neg = |text: &Text| -> Vec<bool> {
        let aligned: Vec<bool> = text
            .ids()
            .iter()
            .zip(text.words())
            .map(|(id, &w)| {
                id.is_some_and(|id| matched.contains(&id))
                    && !ci.locatives.contains(ci.words.name(w))
            })
            .collect();
        text.governed(&aligned)
    };
    let (quote_neg, answer_neg) = (fact_neg(&p.view.quote), fact_neg(&p.view.answer));
    let is_agent = |term: &str| an.entity_kind(term).is_some_and(EntityKind::is_agent);
    // Who does or undergoes it: the nearest person, organisation or country before the word in
    // its clause.
    let fact_agent = |text: &'a Text, i: usize| -> Option<&'a str> {
        (0..i)
            .rev()
            .take_while(|&j| text.clause(j) == text.clause(i))
            .filter_map(|j| text.ids().get(j).map(|id| ci.vocab.name(id)))
            .find(|term| is_agent(term))
    };
    // Whether a text negates term `t`, at the occurrences whose agent is compatible with the
    // claim's (`None`: no comparable occurrence).
    let claim_names = |term: &str| reading.words.iter().any(|w| w.term == term);
    // Whether the claim says who does or undergoes the word at token `i`: an agent before it
    // in its clause. When it does not, a fact's agent is not someone else's.
    let claim_has_agent = |i: usize| {
        (0..i)
            .rev()
            .take_while(|&j| claim.clause.get(j) == claim.clause.get(i))
            .any(|j| tokens[j].kind == Kind::Content && is_agent(&tokens[j].term))
    };
    let negated_in = |text: &'a Text, neg: &[bool], t: TermId, agent: bool| -> Option<bool> {
        let mut seen = None;
        let at = text
            .ids()
            .iter()
            .enumerate()
            .filter(|(_, id)| *id == Some(t))
            .map(|(i, _)| i)
            .chain(text.bigrams().iter().filter(|b| b.1 == t).map(|b| b.0));
        for i in at {
            // Said of someone the claim does not name: about someone else.
            if agent && fact_agent(text, i).is_some_and(|a| !claim_names(a)) {
                continue;
            }
            seen = Some(seen.unwrap_or(false) || neg[i]);
        }
        seen
    };
    let mut out = Vec::new();
    for (w, s) in reading.words.iter().zip(&p.status) {
        if let Status::Met(r, Where::Stated, Some(t)) = *s {
            if !w.kind.compared() {
                continue;
            }
            let said = |agent: bool| {
                negated_in(&p.view.quote, &quote_neg, t, agent)
                    .or_else(|| negated_in(&p.view.answer, &answer_neg, t, agent))
            };
            let (fact_negated, of_another) = match said(true) {
                Some(n) => (n, false),
                None if !claim_has_agent(w.tok) => match said(false) {
                    Some(n) => (n, true),
                    None => continue,
                },
                // The fact says it of someone else.
                None => continue,
            };
            out.push(Pair {
                claim_token: w.tok,
                term: t,
                relation: r,
                claim_negated: claim_neg[w.tok],
                fact_negated,
                of_another,
            });
        }
    }
    out
}
