//! What the checker computes once per knowledge, so that a claim costs only its own reading and
//! the few candidate facts it is compared with: a vocabulary of the knowledge's terms with their
//! weights, each fact's view (what it states, what it is about in other words, its agents,
//! slots, quantities and negations), each article's people (roles, affiliations) and stance
//! topic, and the general-English relations of every knowledge term.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::analysis::numbers::{quantities, Quantity};
use crate::analysis::{Analyzed, Analyzer, FactReading, Kind, SourceIdx};
use crate::knowledge::{EntityKind, Fact, Knowledge};
pub(crate) use crate::lookup::Strings;
use crate::text::{normalize, stem, words};

use super::amounts::{Amount, Units, UnitsBuilder};
use super::fit::Params;
use super::meaning::{Lexicon, Relation};
use super::slots::{Catalog, Family, Hit};

pub(crate) type TermId = u32;

/// The knowledge's terms, each with its weight: how rare it is across facts (IDF).
#[derive(Default)]
pub(crate) struct Vocab {
    terms: Strings,
    idf: Vec<f64>,
    /// The weight of a word no fact states: the median term weight.
    pub unknown: f64,
}

impl Vocab {
    pub fn id(&self, term: &str) -> Option<TermId> {
        self.terms.id(term)
    }
    pub fn name(&self, id: TermId) -> &str {
        self.terms.name(id)
    }
    pub fn weight(&self, id: Option<TermId>) -> f64 {
        id.map(|i| self.idf[i as usize]).unwrap_or(self.unknown)
    }
    fn intern(&mut self, term: &str) -> TermId {
        self.terms.intern(term)
    }
}

/// A fact's text read once: its tokens' words and kinds, each token's term id, its clauses and
/// its slots. Kept for every fact, so kept small: words as ids (see [`CheckIndex::words`]), a
/// content token's term as the vocabulary's name of its id, all of it in one allocation of
/// `u32`s, and what few texts have (known phrases, negations that are not) behind one pointer.
pub(crate) struct Text {
    /// The token count, then per token its word, then per token its term id ([`TermIds::NONE`]
    /// when it is not a content word), then per token its kind and clause (see [`pack`]), then
    /// per slot value five numbers (see [`Text::hits`]).
    ints: Box<[u32]>,
    rare: Option<Box<Rare>>,
}

/// What most texts lack; `None` in [`Text`] when both are empty.
struct Rare {
    bigrams: Box<[(usize, TermId)]>,
    not_negating: Box<[(usize, usize)]>,
}

/// A token's kind and clause in one number: the clause above the lowest byte.
fn pack(kind: Kind, clause: u16) -> u32 {
    let k = match kind {
        Kind::Stop => 0,
        Kind::Generic => 1,
        Kind::Negation => 2,
        Kind::Content => 3,
    };
    u32::from(clause) << 8 | k
}

fn unpack_kind(x: u32) -> Kind {
    match x & 0xff {
        0 => Kind::Stop,
        1 => Kind::Generic,
        2 => Kind::Negation,
        _ => Kind::Content,
    }
}

/// Numbers that are not a token's position (a hit without a head).
const NO_TOKEN: u32 = u32::MAX;

impl Text {
    fn new(
        words: impl Iterator<Item = u32>,
        ids: impl Iterator<Item = Option<TermId>>,
        kinds: &[Kind],
        hits: &[Hit],
        clause: &[u16],
        bigrams: Box<[(usize, TermId)]>,
        not_negating: Box<[(usize, usize)]>,
    ) -> Text {
        let n = kinds.len();
        let at = |i: usize| u32::try_from(i).unwrap_or(NO_TOKEN - 1);
        let mut ints: Vec<u32> = Vec::with_capacity(1 + 3 * n + 5 * hits.len());
        ints.push(at(n));
        ints.extend(words);
        ints.extend(ids.map(|id| id.unwrap_or(TermIds::NONE)));
        // `negation::clauses` numbers every token; a token it left out would read as a clause
        // of its own.
        ints.extend(
            kinds
                .iter()
                .enumerate()
                .map(|(i, &k)| pack(k, clause.get(i).copied().unwrap_or(u16::MAX))),
        );
        for h in hits {
            ints.extend([
                u32::from(h.cat),
                h.value,
                at(h.first),
                at(h.last),
                h.head.map_or(NO_TOKEN, at),
            ]);
        }
        debug_assert_eq!(ints.len(), 1 + 3 * n + 5 * hits.len());
        let rare = (!bigrams.is_empty() || !not_negating.is_empty()).then(|| {
            Box::new(Rare {
                bigrams,
                not_negating,
            })
        });
        Text {
            ints: ints.into(),
            rare,
        }
    }

    /// The number of tokens.
    pub fn len(&self) -> usize {
        self.ints[0] as usize
    }

    /// Per token, the word as written (an id in [`CheckIndex::words`]).
    pub fn words(&self) -> &[u32] {
        &self.ints[1..1 + self.len()]
    }

    /// Per token, its term's id when it is a content word.
    pub fn ids(&self) -> TermIds<'_> {
        let n = self.len();
        TermIds(&self.ints[1 + n..1 + 2 * n])
    }

    fn packed(&self) -> &[u32] {
        let n = self.len();
        &self.ints[1 + 2 * n..1 + 3 * n]
    }

    /// Token `i`'s kind.
    pub fn kind(&self, i: usize) -> Kind {
        unpack_kind(self.packed()[i])
    }

    /// Which clause of the text token `i` is in (see [`super::negation::clauses`]); `None`
    /// past the end.
    pub fn clause(&self, i: usize) -> Option<u16> {
        self.packed()
            .get(i)
            .map(|&x| u16::try_from(x >> 8).unwrap_or(u16::MAX))
    }

    /// Its slot values.
    pub fn hits(&self) -> impl Iterator<Item = Hit> + '_ {
        let n = self.len();
        let pos = |x: u32| x as usize;
        self.ints[1 + 3 * n..].chunks_exact(5).map(move |h| Hit {
            cat: u16::try_from(h[0]).unwrap_or(u16::MAX),
            value: h[1],
            first: pos(h[2]),
            last: pos(h[3]),
            head: (h[4] != NO_TOKEN).then(|| pos(h[4])),
        })
    }

    /// For each token, whether a negation governs it (see [`super::negation::governed`]).
    pub fn governed(&self, aligned: &[bool]) -> Vec<bool> {
        super::negation::governed(
            self.len(),
            |i| self.kind(i),
            |i| self.clause(i),
            aligned,
            self.not_negating(),
        )
    }

    /// Two-word phrases the lexicon knows ("ahead of", "step back"), by their first token.
    pub fn bigrams(&self) -> &[(usize, TermId)] {
        self.rare.as_ref().map_or(&[], |r| &r.bigrams)
    }

    /// Phrases that look negative but are not ("not only"), as token spans.
    pub fn not_negating(&self) -> &[(usize, usize)] {
        self.rare.as_ref().map_or(&[], |r| &r.not_negating)
    }
}

/// Per token of a text, its term's id when it is a content word. Four bytes a token, not the
/// eight an `Option<u32>` takes: it is kept for every token of every fact.
#[derive(Clone, Copy)]
pub(crate) struct TermIds<'a>(&'a [TermId]);

impl<'a> TermIds<'a> {
    const NONE: TermId = TermId::MAX;

    pub fn get(&self, i: usize) -> Option<TermId> {
        Some(self.0[i]).filter(|&id| id != Self::NONE)
    }

    pub fn iter(&self) -> impl Iterator<Item = Option<TermId>> + 'a {
        self.0
            .iter()
            .map(|&id| Some(id).filter(|&id| id != Self::NONE))
    }
}

/// A fact's sorted term sets, end to end in one allocation: a view is kept for every fact, and
/// nine boxed slices would cost 144 bytes of headers and up to nine heap blocks a fact, where
/// this costs 52 bytes and one block.
pub(crate) struct TermSets {
    terms: Box<[TermId]>,
    /// Where each set ends in `terms`, in [`Set`] order.
    ends: [u32; Set::COUNT],
}

/// [`Set::Examples`] and [`Set::ExampleUses`] of (term, how many example questions use it),
/// sorted by term.
fn example_sets(examples: &[(TermId, u16)]) -> (Vec<TermId>, Vec<u32>) {
    let terms = examples.iter().map(|e| e.0).collect();
    let uses = examples
        .chunks(2)
        .map(|c| u32::from(c[0].1) | c.get(1).map_or(0, |e| u32::from(e.1) << 16))
        .collect();
    (terms, uses)
}

/// How many example questions use `id`, from [`example_sets`]' two sets.
fn uses_of(terms: &[TermId], uses: &[u32], id: TermId) -> u16 {
    match terms.binary_search(&id) {
        Ok(i) => (uses[i / 2] >> (16 * (i % 2))) as u16,
        Err(_) => 0,
    }
}

/// The term sets of a [`FactView`].
#[derive(Clone, Copy)]
pub(crate) enum Set {
    Stated,
    Context,
    Keywords,
    Agents,
    Supports,
    Opposes,
    Described,
    /// The terms of its example questions (sorted)...
    Examples,
    /// ... and how many of them use each, two 16-bit counts a number (see
    /// [`FactView::examples_with`]).
    ExampleUses,
}

impl Set {
    const COUNT: usize = 9;
}

impl TermSets {
    /// The sets, each sorted and without repeats, in [`Set`] order.
    fn new(sets: [&[TermId]; Set::COUNT]) -> TermSets {
        let mut terms = Vec::with_capacity(sets.iter().map(|s| s.len()).sum());
        let mut ends = [0; Set::COUNT];
        for (set, end) in sets.iter().zip(&mut ends) {
            terms.extend_from_slice(set);
            // A fact's texts are bounded by the source size limit, far below 2^32 terms.
            *end = u32::try_from(terms.len()).expect("a fact states fewer than 2^32 terms");
        }
        TermSets {
            terms: terms.into(),
            ends,
        }
    }

    pub fn get(&self, set: Set) -> &[TermId] {
        self.at(set as usize)
    }

    fn at(&self, i: usize) -> &[TermId] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.terms[start..self.ends[i] as usize]
    }

    /// The same sets with `set` replaced by `terms`.
    fn with(&self, set: Set, terms: &[TermId]) -> TermSets {
        let mut sets = [&[][..]; Set::COUNT];
        for (i, s) in sets.iter_mut().enumerate() {
            *s = if i == set as usize { terms } else { self.at(i) };
        }
        TermSets::new(sets)
    }
}

pub(crate) struct FactView {
    pub source: SourceIdx,
    /// Its term sets; read through the accessors below.
    sets: TermSets,
    pub quote: Text,
    pub answer: Text,
    pub speaker: Option<TermId>,
    /// Its amounts (read through [`FactView::quantities`]).
    pub amounts: Box<[Amount]>,
}

impl FactView {
    /// Its amounts as read, in the order its quote and then its answer give them.
    pub fn quantities<'a>(&'a self, units: &'a Units) -> impl Iterator<Item = Quantity> + 'a {
        self.amounts.iter().map(|a| a.quantity(units))
    }
    /// Terms of its quote, answer and speaker: what it states (sorted).
    pub fn stated(&self) -> &[TermId] {
        self.sets.get(Set::Stated)
    }
    /// Terms of the sentence(s) around its quote (sorted): where a specific the minimal quote
    /// leaves out may still be stated ("meeting in Prague" in "Thursday's two-day meeting in
    /// Prague...").
    pub fn context(&self) -> &[TermId] {
        self.sets.get(Set::Context)
    }
    /// People, organisations and countries it names, its speaker, and who it says supports or
    /// opposes what it is about (sorted).
    pub fn agents(&self) -> &[TermId] {
        self.sets.get(Set::Agents)
    }
    pub fn supports(&self) -> &[TermId] {
        self.sets.get(Set::Supports)
    }
    pub fn opposes(&self) -> &[TermId] {
        self.sets.get(Set::Opposes)
    }
    /// People its quote names with their role or affiliation ("Norway's Foreign Minister Espen
    /// Barth Eide"): facts that can show someone's role.
    pub fn described(&self) -> &[TermId] {
        self.sets.get(Set::Described)
    }
    pub fn states(&self, id: TermId) -> bool {
        self.stated().binary_search(&id).is_ok() || self.agents().binary_search(&id).is_ok()
    }
    pub fn in_context(&self, id: TermId) -> bool {
        self.context().binary_search(&id).is_ok()
    }
    /// Whether its keywords (other words for what it is about) hold the term.
    pub fn has_keyword(&self, id: TermId) -> bool {
        self.sets.get(Set::Keywords).binary_search(&id).is_ok()
    }
    /// How many example questions use the term.
    pub fn examples_with(&self, id: TermId) -> u16 {
        uses_of(
            self.sets.get(Set::Examples),
            self.sets.get(Set::ExampleUses),
            id,
        )
    }
    pub fn takes_stance(&self) -> bool {
        !self.supports().is_empty() || !self.opposes().is_empty()
    }
}

/// What an article says about one person, from its entities file.
#[derive(Debug, Clone, Default)]
pub(crate) struct Person {
    /// Role values (category "role") the person holds.
    pub roles: Vec<u32>,
    /// Countries and organisations the person's names tie them to ("Norway's foreign minister").
    pub affiliations: Vec<TermId>,
    /// The first fact whose quote names them with their role or affiliation, to quote when a
    /// claim says they are someone else.
    pub described_in: Option<u32>,
}

/// Which paragraph each fact quotes, and the facts of each paragraph of each source in one
/// allocation: a paragraph's facts are `facts[starts[g]..starts[g + 1]]`, `g` numbering the
/// paragraphs of all sources in order (`first[source] + paragraph`).
#[derive(Default)]
pub(crate) struct Paragraphs {
    /// Per fact, its global paragraph number (`u32::MAX`: its quote lies in none).
    of: Vec<u32>,
    first: Vec<u32>,
    starts: Vec<u32>,
    facts: Vec<u32>,
}

impl Paragraphs {
    fn new(k: &Knowledge, views: &[FactView]) -> Paragraphs {
        let mut first = Vec::with_capacity(k.sources().len());
        let mut total = 0u32;
        for s in k.sources() {
            first.push(total);
            total += s.paragraph_count() as u32;
        }
        let of: Vec<u32> = k
            .facts()
            .iter()
            .zip(views)
            .map(|(f, v)| {
                // The paragraph the loader found for the quote (1-based), the one answers cite.
                let s = v.source as usize;
                match f.paragraph {
                    p if p >= 1 && p <= k.sources()[s].paragraph_count() => first[s] + p as u32 - 1,
                    _ => u32::MAX,
                }
            })
            .collect();
        let mut starts = vec![0u32; total as usize + 1];
        for &g in of.iter().filter(|&&g| g != u32::MAX) {
            starts[g as usize + 1] += 1;
        }
        for g in 1..starts.len() {
            starts[g] += starts[g - 1];
        }
        let mut next = starts.clone();
        let mut facts = vec![0u32; *starts.last().unwrap_or(&0) as usize];
        for (f, &g) in of.iter().enumerate().filter(|(_, &g)| g != u32::MAX) {
            facts[next[g as usize] as usize] = f as u32;
            next[g as usize] += 1;
        }
        Paragraphs {
            of,
            first,
            starts,
            facts,
        }
    }

    /// The facts quoting the paragraph fact `fact` (of source `source`) quotes, and those
    /// quoting the paragraph before it in the same source.
    fn around(&self, fact: usize, source: usize) -> impl Iterator<Item = usize> + '_ {
        let g = self.of[fact];
        let quoted = (g != u32::MAX).then_some(g);
        let before = quoted.filter(|&g| g > self.first[source]).map(|g| g - 1);
        [quoted, before]
            .into_iter()
            .flatten()
            .flat_map(move |g| {
                &self.facts[self.starts[g as usize] as usize..self.starts[g as usize + 1] as usize]
            })
            .map(|&f| f as usize)
    }
}

pub(crate) struct CheckIndex {
    pub vocab: Vocab,
    /// The words the facts' texts are written with ([`Text::words`]).
    pub words: Strings,
    pub facts: Vec<FactView>,
    /// The units of the facts' amounts ([`FactView::quantities`]).
    pub units: Units,
    pub catalog: Catalog,
    pub lexicon: Box<dyn Lexicon>,
    /// Claim-side word (stem or phrase) -> knowledge terms it relates to, and how.
    pub related: HashMap<String, Vec<(TermId, Relation)>>,
    /// Per source: person term -> what the article says of them.
    pub people: Vec<HashMap<TermId, Person>>,
    /// Per source: terms half of its stance facts share: the action they are for or against.
    pub topics: Vec<Vec<TermId>>,
    /// Per source: the people, organisations and countries at least a third of its facts
    /// state: what the article is about, implied by any of its facts ("Ukraine" in an article
    /// on Ukraine's war).
    pub about: Vec<Vec<TermId>>,
    /// Per source: every term its facts state (sorted).
    pub source_terms: Vec<Vec<TermId>>,
    /// The paragraph each fact quotes, and each paragraph's facts.
    pub paragraphs: Paragraphs,
    /// Words for a kind of entity ("country", "nation", "city"): a claim's "countries" is met by
    /// a fact naming a country.
    pub kind_words: HashMap<String, EntityKind>,
    /// Stance words, as terms.
    pub support: HashSet<String>,
    /// Stance words that are one only followed by these words ("call" + "for").
    pub stance_tails: HashMap<String, Vec<Vec<String>>>,
    pub oppose: HashSet<String>,
    pub copulas: HashSet<String>,
    /// Words and phrases that place something in time (the language's `time_words`), as
    /// written: "last" is one, "lasts" is not.
    pub time_words: HashSet<String>,
    /// Locative words ("in", "behind", "along"), as written.
    pub locatives: HashSet<String>,
    /// Articles and possessives, as written.
    pub determiners: HashSet<String>,
    /// Verbs that report speech, as stems.
    pub speech: HashSet<String>,
    /// Phrases that look negative but are not ("not only"), as words.
    pub not_negating: Vec<Vec<String>>,
    pub params: Params,
}

/// The English words for each kind of entity.
const KIND_WORDS: [(&str, EntityKind); 9] = [
    ("country", EntityKind::Country),
    ("nation", EntityKind::Country),
    ("person", EntityKind::Person),
    ("people", EntityKind::Person),
    ("organization", EntityKind::Organisation),
    ("organisation", EntityKind::Organisation),
    ("city", EntityKind::Place),
    ("town", EntityKind::Place),
    ("place", EntityKind::Place),
];

/// `v` in an allocation of the calling thread's own. What a fact's view keeps of its draft is
/// copied on the builder thread rather than kept where a reader thread allocated it: there it
/// sits between that reader's readings, which are all freed, and every memory page holding one
/// kept piece stays resident (at 100,000 facts: 390 MB resident after loading with the copies,
/// 405 MB without).
fn copied<T: Clone>(v: Vec<T>) -> Box<[T]> {
    v.as_slice().into()
}

fn sorted(mut v: Vec<TermId>) -> Vec<TermId> {
    v.sort_unstable();
    v.dedup();
    v
}

/// The part of building a fact's view that needs no vocabulary: a fact's slots, clauses,
/// phrases and quantities, worked out from its reading. It is the costly part after the
/// reading itself, so the engine runs it on the reader threads ([`Views::add`] then only
/// numbers the terms, in fact order).
pub(crate) struct Drafter {
    catalog: Catalog,
    lexicon: Box<dyn Lexicon>,
    /// Phrases that look negative but are not ("not only"), as words.
    not_negating: Vec<Vec<String>>,
}

/// What [`Drafter::draft`] works out of one text of a fact.
pub(crate) struct TextDraft {
    hits: Vec<Hit>,
    clause: Vec<u16>,
    not_negating: Vec<(usize, usize)>,
    /// Two-word phrases the lexicon knows, by their first token.
    bigrams: Vec<(usize, String)>,
}

/// What [`Drafter::draft`] works out of one fact.
pub(crate) struct Draft {
    quote: TextDraft,
    answer: TextDraft,
    supports: Vec<String>,
    opposes: Vec<String>,
    /// The terms of the single words inside the quote's and answer's multi-word tokens.
    inner: Vec<String>,
    /// Its amounts, each with whether the answer (else the quote) gives it.
    quantities: Vec<(Quantity, bool)>,
}

impl Drafter {
    pub fn new(k: &Knowledge, lexicon: Box<dyn Lexicon>) -> Drafter {
        let lang = k.language();
        Drafter {
            catalog: Catalog::new(k.lexicon(), &lang.words.locatives),
            lexicon,
            not_negating: lang
                .words
                .not_negating
                .iter()
                .map(|p| words(&normalize(p)))
                .collect(),
        }
    }

    fn text(&self, an: &Analyzer, text: &str, s: SourceIdx, analyzed: &Analyzed) -> TextDraft {
        let tokens = &analyzed.tokens;
        let (tails, bigrams) = phrases(tokens, self.lexicon.as_ref());
        TextDraft {
            hits: self
                .catalog
                .hits(tokens, s, an, &super::claim::capitalised(text), &tails),
            clause: super::negation::clauses(text, tokens),
            not_negating: super::negation::not_negating(tokens, &self.not_negating),
            bigrams,
        }
    }

    pub fn draft(&self, an: &Analyzer, f: &Fact, r: &FactReading) -> Draft {
        let s = r.source;
        let terms_of = |text: &str| -> Vec<String> {
            an.analyze_in(text, s)
                .content()
                .map(|t| t.term.clone())
                .collect()
        };
        let terms =
            |names: &[String]| -> Vec<String> { names.iter().flat_map(|n| terms_of(n)).collect() };
        // The words inside a longer name still say something: "NATO chief" names NATO too,
        // "bases in Russia" (one phrase in this article) names Russia.
        let inner = r
            .quote
            .tokens
            .iter()
            .chain(&r.answer.tokens)
            .filter(|t| t.kind == Kind::Content && t.word.contains(' '))
            .flat_map(|t| t.word.split(' '))
            .flat_map(terms_of)
            .collect();
        let qs = [(&*f.quote, false), (&*f.answer, true)]
            .into_iter()
            .flat_map(|(text, in_answer)| quantities(text).into_iter().map(move |q| (q, in_answer)))
            .collect();
        Draft {
            quote: self.text(an, &f.quote, s, &r.quote),
            answer: self.text(an, &f.answer, s, &r.answer),
            supports: terms(&f.supports),
            opposes: terms(&f.opposes),
            inner,
            quantities: qs,
        }
    }
}

/// The facts' views, numbered into one vocabulary as they are added (in fact order, so that a
/// term's id does not depend on how the reading was spread over threads).
#[derive(Default)]
pub(crate) struct Views {
    vocab: Vocab,
    words: Strings,
    units: UnitsBuilder,
    facts: Vec<FactView>,
}

impl Views {
    pub fn add(&mut self, an: &Analyzer, r: &FactReading, d: Draft) {
        let (vocab, words) = (&mut self.vocab, &mut self.words);
        let s = r.source;
        let mut text = |analyzed: &Analyzed, d: TextDraft| -> Text {
            let bigrams = d
                .bigrams
                .iter()
                .map(|(i, joined)| (*i, vocab.intern(joined)))
                .collect();
            let tokens = &analyzed.tokens;
            Text::new(
                tokens.iter().map(|t| words.intern(&t.word)),
                tokens
                    .iter()
                    .map(|t| (t.kind == Kind::Content).then(|| vocab.intern(&t.term))),
                &tokens.iter().map(|t| t.kind).collect::<Vec<_>>(),
                &d.hits,
                &d.clause,
                bigrams,
                copied(d.not_negating),
            )
        };
        let quote = text(&r.quote, d.quote);
        let answer = text(&r.answer, d.answer);
        let terms = |a: &Analyzed, vocab: &mut Vocab| -> Vec<TermId> {
            a.content().map(|t| vocab.intern(&t.term)).collect()
        };
        let speaker = r.speaker.as_ref().map(|a| terms(a, vocab));
        let supports: Vec<TermId> = d.supports.iter().map(|t| vocab.intern(t)).collect();
        let opposes: Vec<TermId> = d.opposes.iter().map(|t| vocab.intern(t)).collect();
        let keywords: Vec<TermId> = r.keywords.iter().flat_map(|a| terms(a, vocab)).collect();
        let mut examples: HashMap<TermId, u16> = HashMap::default();
        for q in &r.questions {
            for id in sorted(terms(q, vocab)) {
                *examples.entry(id).or_default() += 1;
            }
        }
        let mut examples: Vec<(TermId, u16)> = examples.into_iter().collect();
        examples.sort_unstable();
        let (example_terms, example_uses) = example_sets(&examples);
        // The sentence around the quote; when it is the quote itself, the quote's reading.
        let context = sorted(terms(r.context.as_ref().unwrap_or(&r.quote), vocab));
        let mut stated: Vec<TermId> = quote
            .ids()
            .iter()
            .chain(answer.ids().iter())
            .flatten()
            .chain(quote.bigrams().iter().chain(answer.bigrams()).map(|b| b.1))
            .collect();
        stated.extend(speaker.iter().flatten());
        stated.extend(d.inner.iter().map(|t| vocab.intern(t)));
        let stated = sorted(stated);
        let named = stated.iter().copied().filter(|&id| {
            an.entity_kind(vocab.name(id))
                .is_some_and(EntityKind::is_agent)
        });
        let agents = sorted(
            named
                .chain(supports.iter().chain(&opposes).copied())
                .collect(),
        );
        let view = FactView {
            source: s,
            sets: TermSets::new([
                &stated,
                &context,
                &sorted(keywords),
                &agents,
                &sorted(supports),
                &sorted(opposes),
                &[],
                &example_terms,
                &example_uses,
            ]),
            speaker: speaker.and_then(|v| v.first().copied()),
            quote,
            answer,
            amounts: d
                .quantities
                .iter()
                .map(|(q, in_answer)| Amount::new(q, *in_answer, &mut self.units))
                .collect(),
        };
        self.facts.push(view);
    }
}

impl CheckIndex {
    /// Whether the paragraph of fact `fact`'s quote, or the paragraph before it, states `t`:
    /// one of their facts states it or has it in the sentence around its quote.
    pub fn nearby(&self, fact: usize, t: TermId) -> bool {
        let source = self.facts[fact].source as usize;
        self.paragraphs.around(fact, source).any(|f| {
            let v = &self.facts[f];
            v.stated().binary_search(&t).is_ok() || v.in_context(t)
        })
    }

    /// Whether token `i` is a time word, alone or with the next one ("ahead of").
    pub fn is_time_word(&self, tokens: &[crate::analysis::Token], i: usize) -> bool {
        let w = &tokens[i].word;
        self.time_words.contains(w)
            || tokens
                .get(i + 1)
                .is_some_and(|n| self.time_words.contains(&format!("{w} {}", n.word)))
    }

    /// Completes the index once every fact's view is in `views`, in fact order.
    pub fn finish(k: &Knowledge, an: &Analyzer, drafter: Drafter, views: Views) -> CheckIndex {
        let lang = k.language();
        let Drafter {
            catalog,
            lexicon,
            not_negating,
        } = drafter;
        let Views {
            mut vocab,
            words: written,
            units,
            mut facts,
        } = views;
        // Weights: how rare a term is among the facts' own texts.
        let n = facts.len().max(1) as f64;
        let mut df = vec![0u32; vocab.terms.len()];
        for f in &facts {
            for &id in f.stated() {
                df[id as usize] += 1;
            }
        }
        vocab.idf = df
            .iter()
            .map(|&d| (1.0 + n / f64::from(d.max(1))).ln())
            .collect();
        // A word no fact states weighs what a typical word of the facts weighs: the median over
        // every term as the facts state them (so common words count as often as they occur).
        let mut stated_weights: Vec<(f64, u32)> = df
            .iter()
            .zip(&vocab.idf)
            .filter(|(d, _)| **d > 0)
            .map(|(d, w)| (*w, *d))
            .collect();
        stated_weights.sort_by(|a, b| a.0.total_cmp(&b.0));
        let total: u64 = stated_weights.iter().map(|x| u64::from(x.1)).sum();
        let mut seen = 0u64;
        vocab.unknown = stated_weights
            .iter()
            .find(|x| {
                seen += u64::from(x.1);
                2 * seen >= total
            })
            .map(|x| x.0)
            .unwrap_or(1.0);

        let role_cat = catalog.category("role");
        let mut people = people(k, an, &catalog, role_cat, &mut vocab);
        for f in &mut facts {
            let d = described(
                f,
                &people[f.source as usize],
                &catalog,
                an,
                (&vocab, &written),
            );
            if !d.is_empty() {
                f.sets = f.sets.with(Set::Described, &d);
            }
        }
        for (i, f) in facts.iter().enumerate() {
            for id in f.described() {
                if let Some(p) = people[f.source as usize].get_mut(id) {
                    p.described_in.get_or_insert(i as u32);
                }
            }
        }
        // Each source's facts, found in one pass (a folder may hold thousands of sources).
        let mut by_source: Vec<Vec<&FactView>> = vec![Vec::new(); k.sources().len()];
        for f in &facts {
            by_source[f.source as usize].push(f);
        }
        let topics: Vec<Vec<TermId>> = by_source.iter().map(|mine| topic(mine)).collect();
        let mut source_terms = vec![Vec::new(); k.sources().len()];
        let mut about = vec![Vec::new(); k.sources().len()];
        for ((terms, about), mine) in source_terms.iter_mut().zip(&mut about).zip(&by_source) {
            let mut counts: HashMap<TermId, usize> = HashMap::default();
            for f in mine.iter() {
                for &id in f.stated() {
                    *counts.entry(id).or_default() += 1;
                }
            }
            *terms = sorted(counts.keys().copied().collect());
            *about = sorted(
                counts
                    .into_iter()
                    .filter(|&(id, c)| {
                        3 * c >= mine.len()
                            && an
                                .entity_kind(vocab.name(id))
                                .is_some_and(EntityKind::is_agent)
                    })
                    .map(|(id, _)| id)
                    .collect(),
            );
        }
        let paragraphs = Paragraphs::new(k, &facts);
        let related = relations(&vocab, lexicon.as_ref());
        let stance_terms = |list: &[String]| -> HashSet<String> {
            list.iter()
                .flat_map(|w| {
                    an.analyze(w)
                        .content()
                        .map(|t| t.term.clone())
                        .collect::<Vec<_>>()
                })
                .collect()
        };
        // A stance phrase ending in small words ("call for", "ok with") is a stance only as the
        // whole phrase ("a conference call" is not one). Its first word, unless it is a stance
        // word on its own too.
        let mut stance_tails: HashMap<String, Vec<Vec<String>>> = HashMap::default();
        let mut alone: HashSet<String> = HashSet::default();
        for w in lang.words.support.iter().chain(&lang.words.oppose) {
            let a = an.analyze(w);
            let content: Vec<usize> = (0..a.tokens.len())
                .filter(|&i| a.tokens[i].kind == Kind::Content)
                .collect();
            match content.as_slice() {
                [i] if *i + 1 < a.tokens.len() => {
                    let tail = a.tokens[i + 1..].iter().map(|t| t.word.clone()).collect();
                    stance_tails
                        .entry(a.tokens[*i].term.clone())
                        .or_default()
                        .push(tail);
                }
                [i] => {
                    alone.insert(a.tokens[*i].term.clone());
                }
                _ => {}
            }
        }
        stance_tails.retain(|t, _| !alone.contains(t));
        let mut kind_words: HashMap<String, EntityKind> = HashMap::default();
        for (word, kind) in KIND_WORDS {
            let key = stem(word);
            for (w, r) in lexicon.related(&key) {
                if r == Relation::Synonym && !w.contains(' ') {
                    kind_words.entry(w).or_insert(kind);
                }
            }
            kind_words.insert(key, kind);
        }
        let w = &lang.words;
        CheckIndex {
            kind_words,
            stance_tails,
            support: stance_terms(&w.support),
            oppose: stance_terms(&w.oppose),
            copulas: w
                .copulas
                .iter()
                .map(|c| normalize(c).trim().to_string())
                .collect(),
            time_words: w
                .time
                .iter()
                .map(|t| normalize(t).trim().to_string())
                .collect(),
            locatives: w
                .locatives
                .iter()
                .map(|d| normalize(d).trim().to_string())
                .collect(),
            determiners: w
                .determiners
                .iter()
                .map(|d| normalize(d).trim().to_string())
                .collect(),
            speech: w
                .claim_speech_verbs
                .iter()
                .map(|v| crate::text::stem(v.trim()))
                .collect(),
            not_negating,
            vocab,
            words: written,
            units: units.finish(),
            facts,
            catalog,
            lexicon,
            related,
            people,
            topics,
            about,
            source_terms,
            paragraphs,
            params: Params::default(),
        }
    }
}

/// Per token, whether it ends a two-word phrase the lexicon knows ("take place", "step down"):
/// part of that phrase rather than a word of its own.
pub(crate) fn phrase_tails(tokens: &[crate::analysis::Token], lexicon: &dyn Lexicon) -> Vec<bool> {
    phrases(tokens, lexicon).0
}

/// [`phrase_tails`], with the two-word phrases that have related words in general English
/// ("step back"), by their first token: each pair of words is joined and looked up once.
fn phrases(
    tokens: &[crate::analysis::Token],
    lexicon: &dyn Lexicon,
) -> (Vec<bool>, Vec<(usize, String)>) {
    let mut tails = vec![false; tokens.len()];
    let mut related = Vec::new();
    let stems: Vec<String> = tokens.iter().map(|t| stem(&t.word)).collect();
    for (i, w) in stems.windows(2).enumerate() {
        let joined = format!("{} {}", w[0], w[1]);
        let has_related = lexicon.has_related(&joined);
        tails[i + 1] = lexicon.class(&joined).is_some() || has_related;
        if has_related {
            related.push((i, joined));
        }
    }
    (tails, related)
}

/// Every knowledge term's relations in general English, turned round: for a word a claim may
/// use, the knowledge terms it relates to. A word broader than a knowledge term is kept (what
/// holds of a missile holds of a weapon); a narrower one is not.
fn relations(vocab: &Vocab, lexicon: &dyn Lexicon) -> HashMap<String, Vec<(TermId, Relation)>> {
    let mut out: HashMap<String, Vec<(TermId, Relation)>> = HashMap::default();
    for (i, name) in vocab.terms.names().enumerate() {
        for (w, r) in lexicon.related(name) {
            let e = out.entry(w).or_default();
            if !e.iter().any(|(t, _)| *t == i as TermId) {
                e.push((i as TermId, r));
            }
        }
    }
    out
}

/// Each article's people: their role (the entities file's `role`, and roles inside their other
/// names) and the countries and organisations their names tie them to.
fn people(
    k: &Knowledge,
    an: &Analyzer,
    catalog: &Catalog,
    role_cat: Option<usize>,
    vocab: &mut Vocab,
) -> Vec<HashMap<TermId, Person>> {
    let mut out = Vec::new();
    for (si, source) in k.sources().iter().enumerate() {
        let s = si as SourceIdx;
        let mut map: HashMap<TermId, Person> = HashMap::default();
        for e in source
            .entities
            .entities
            .iter()
            .filter(|e| e.kind == EntityKind::Person)
        {
            let Some(who) = an
                .analyze_in(&e.name, s)
                .content()
                .next()
                .map(|t| t.term.clone())
            else {
                continue;
            };
            let mut p = Person::default();
            if let (Some(rc), Some(role)) = (role_cat, &e.role) {
                p.roles.extend(catalog.value_of(rc, role));
            }
            for alias in &e.aliases {
                let ws = words(&normalize(alias));
                // The words of a name, read apart from the name itself: "Norway's foreign
                // minister" ties Eide to Norway and gives his role (the longest role it spells:
                // "foreign minister", not also "minister").
                let mut covered: Vec<(usize, usize)> = Vec::new();
                for len in (1..=ws.len()).rev() {
                    for start in 0..=ws.len() - len {
                        let part = ws[start..start + len].join(" ");
                        let inside = covered.iter().any(|&(a, b)| start >= a && start + len <= b);
                        if let Some(v) = role_cat
                            .filter(|_| !inside)
                            .and_then(|rc| catalog.value_of(rc, &part))
                        {
                            p.roles.push(v);
                            covered.push((start, start + len));
                        }
                        if len == ws.len() {
                            continue;
                        }
                        let a = an.analyze_in(&part, s);
                        let toks: Vec<_> = a.content().collect();
                        if toks.len() == 1 && toks[0].term != who {
                            let kind = an.entity_kind(&toks[0].term);
                            if matches!(kind, Some(EntityKind::Country | EntityKind::Organisation))
                            {
                                p.affiliations.push(vocab.intern(&toks[0].term));
                            }
                        }
                    }
                }
            }
            p.roles.sort_unstable();
            p.roles.dedup();
            p.affiliations = sorted(std::mem::take(&mut p.affiliations));
            map.insert(vocab.intern(&who), p);
        }
        out.push(map);
    }
    out
}

/// People a fact's quote names together with their role or affiliation.
fn described(
    f: &FactView,
    people: &HashMap<TermId, Person>,
    catalog: &Catalog,
    an: &Analyzer,
    (vocab, words): (&Vocab, &Strings),
) -> Vec<TermId> {
    let q = &f.quote;
    let mut out = Vec::new();
    for (i, &word) in q.words().iter().enumerate() {
        let Some(id) = q.ids().get(i) else { continue };
        let Some(p) = people.get(&id) else { continue };
        // Named by a descriptive alias ("NATO chief"), or next to a role or an affiliation.
        let near = |j: usize| j.abs_diff(i) <= 2;
        let name = normalize(an.display(vocab.name(id)));
        let name_words: Vec<&str> = name.split_whitespace().collect();
        let by_alias = words
            .name(word)
            .split(' ')
            .any(|w| !name_words.contains(&w));
        let role_near = q.hits().any(|h| {
            catalog.family(&h) == Family::Role && p.roles.contains(&h.value) && near(h.first)
        });
        let affiliation_near = q
            .ids()
            .iter()
            .enumerate()
            .any(|(j, x)| x.is_some_and(|x| p.affiliations.contains(&x)) && near(j) && j != i);
        if by_alias || role_near || affiliation_near {
            out.push(id);
        }
    }
    sorted(out)
}

/// The action a source's stance facts are for or against: the terms at least half of them
/// state. A fact that says "Eide added his support" is support for that action.
fn topic(facts: &[&FactView]) -> Vec<TermId> {
    let stance: Vec<&FactView> = facts.iter().copied().filter(|f| f.takes_stance()).collect();
    if stance.len() < 2 {
        return Vec::new();
    }
    let mut counts: HashMap<TermId, usize> = HashMap::default();
    for f in &stance {
        for &id in f.stated() {
            *counts.entry(id).or_default() += 1;
        }
    }
    sorted(
        counts
            .into_iter()
            .filter(|&(_, c)| 2 * c >= stance.len())
            .map(|(id, _)| id)
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_keeps_words_ids_and_what_few_texts_have() {
        let kinds = [Kind::Content, Kind::Stop, Kind::Negation, Kind::Generic];
        let plain = Text::new(
            [10, 11, 12, 13].into_iter(),
            [Some(3), None, None, Some(0)].into_iter(),
            &kinds,
            &[],
            &[0, 0, 1, 1],
            Box::default(),
            Box::default(),
        );
        assert_eq!(plain.len(), 4);
        assert_eq!(plain.words(), &[10, 11, 12, 13]);
        assert_eq!(
            plain.ids().iter().collect::<Vec<_>>(),
            [Some(3), None, None, Some(0)]
        );
        assert_eq!(plain.ids().get(1), None);
        assert_eq!((0..4).map(|i| plain.kind(i)).collect::<Vec<_>>(), kinds);
        assert_eq!(
            (0..5).map(|i| plain.clause(i)).collect::<Vec<_>>(),
            [Some(0), Some(0), Some(1), Some(1), None]
        );
        assert_eq!(plain.hits().count(), 0);
        assert!(plain.rare.is_none());
        assert!(plain.bigrams().is_empty() && plain.not_negating().is_empty());
        let hits = [
            Hit {
                cat: 2,
                value: 70_000,
                first: 0,
                last: 1,
                head: Some(3),
            },
            Hit {
                cat: 0,
                value: 5,
                first: 3,
                last: 3,
                head: None,
            },
        ];
        let rare = Text::new(
            [10, 11, 12, 13].into_iter(),
            [Some(3), None, None, Some(0)].into_iter(),
            &kinds,
            &hits,
            &[0, 0, 1, 1],
            [(0, 7)].into(),
            Box::default(),
        );
        assert_eq!(rare.hits().collect::<Vec<_>>(), hits);
        assert_eq!(rare.bigrams(), &[(0, 7)]);
        assert!(rare.not_negating().is_empty());
        assert_eq!(rare.ids().get(3), Some(0));
        assert_eq!(rare.words(), &[10, 11, 12, 13]);
    }

    /// The packed text negates as the claim-side slices do.
    #[test]
    fn a_packed_text_governs_negation_as_slices_do() {
        let kinds = [
            Kind::Negation,
            Kind::Content,
            Kind::Content,
            Kind::Negation,
            Kind::Content,
        ];
        let clause = [0, 0, 0, 1, 1];
        let text = Text::new(
            [0, 1, 2, 3, 4].into_iter(),
            [None, Some(1), Some(2), None, Some(4)].into_iter(),
            &kinds,
            &[],
            &clause,
            Box::default(),
            Box::default(),
        );
        for aligned in [
            [false, true, true, false, true],
            [false, false, true, false, false],
            [false; 5],
        ] {
            assert_eq!(
                text.governed(&aligned),
                super::super::negation::governed_in(&kinds, &clause, &aligned, &[])
            );
        }
        assert_eq!(
            text.governed(&[false, false, true, false, true]),
            [false, false, true, false, true]
        );
    }

    #[test]
    fn term_sets_come_back_as_they_went_in() {
        let sets = TermSets::new([&[1, 4], &[], &[2], &[3, 5, 9], &[], &[7], &[], &[], &[]]);
        assert_eq!(sets.get(Set::Stated), &[1, 4]);
        assert!(sets.get(Set::Context).is_empty());
        assert_eq!(sets.get(Set::Keywords), &[2]);
        assert_eq!(sets.get(Set::Agents), &[3, 5, 9]);
        assert!(sets.get(Set::Supports).is_empty());
        assert_eq!(sets.get(Set::Opposes), &[7]);
        assert!(sets.get(Set::Described).is_empty());
        // Replacing one set leaves the others as they were.
        let sets = sets.with(Set::Described, &[6, 8]);
        assert_eq!(sets.get(Set::Described), &[6, 8]);
        assert_eq!(sets.get(Set::Opposes), &[7]);
        assert_eq!(sets.get(Set::Stated), &[1, 4]);
        let sets = sets.with(Set::Stated, &[]);
        assert!(sets.get(Set::Stated).is_empty());
        assert_eq!(sets.get(Set::Agents), &[3, 5, 9]);
    }

    #[test]
    fn example_uses_come_back_two_to_a_number() {
        for examples in [
            vec![],
            vec![(4, 1)],
            vec![(1, 3), (4, u16::MAX), (9, 2)],
            vec![(1, 3), (4, 7), (9, 2), (12, 300)],
        ] {
            let (terms, uses) = example_sets(&examples);
            assert_eq!(uses.len(), examples.len().div_ceil(2));
            for &(id, n) in &examples {
                assert_eq!(uses_of(&terms, &uses, id), n);
            }
            assert_eq!(uses_of(&terms, &uses, 5), 0);
        }
    }
}
