//! A compact thesaurus of general English: synonyms, opposites, broader terms, a coarse word class
//! and irregular forms, built from `language/` (WordNet 3.0 + a hand-written opposites list; see
//! `language/README.md` for provenance and how the files are made).
//!
//! Everything is keyed by the project's stems, [`crate::text::stem`] applied to each word of a
//! lemma, words joined by one space ("step up" -> `"step up"`, "strikes" -> `"strik"`), so the
//! engine can look up the stems it already has. [`Thesaurus::key_of`] makes such a key from any
//! phrase.
//!
//! Several lemmas and parts of speech can share one key ("strike" noun and verb, "striking"
//! adjective all stem to `"strik"`). The stem-level lookups ([`Thesaurus::synonyms`],
//! [`Thesaurus::antonyms`], [`Thesaurus::broader`]) return the union over all of them;
//! [`Thesaurus::class`] answers for the *preferred* entry: the one used most in WordNet's
//! sense-tagged corpus (the `tags` column), ties broken noun, verb, adjective, adverb. The
//! per-entry view ([`Thesaurus::entries`], [`Thesaurus::class_as`]) has every part of speech.
//!
//! Opposites are symmetric: if `antonyms(a)` holds `b`, `antonyms(b)` holds `a`.
//!
//! Memory: all strings live in one `String` (ids are offsets into it), every relation list is a
//! slice of one `Vec<u32>`, and the key-to-id map is an open-addressing table of `u32`s.

use std::fmt;
use std::sync::OnceLock;

use crate::text;

/// An interned string: a stem key ("strik", "step up") or an irregular word form ("flew").
pub type Id = u32;

const WORDNET_TSV: &str = include_str!("../../language/wordnet.tsv");
const INFLECTIONS_TSV: &str = include_str!("../../language/inflections.tsv");
const OPPOSITES_TSV: &str = include_str!("../../language/opposites.tsv");

/// One input file: its name (for error messages) and its text.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

/// Part of speech, as in WordNet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pos {
    Noun,
    Verb,
    Adjective,
    Adverb,
}

impl Pos {
    fn parse(s: &str) -> Option<Pos> {
        match s {
            "n" => Some(Pos::Noun),
            "v" => Some(Pos::Verb),
            "a" => Some(Pos::Adjective),
            "r" => Some(Pos::Adverb),
            _ => None,
        }
    }

    /// WordNet's prefix for lexicographer files: "noun", "verb", "adj", "adv".
    pub fn lex_prefix(self) -> &'static str {
        match self {
            Pos::Noun => "noun",
            Pos::Verb => "verb",
            Pos::Adjective => "adj",
            Pos::Adverb => "adv",
        }
    }
}

/// WordNet's 45 lexicographer files ("lexnames"), in WordNet's own numbering.
pub const LEXNAMES: [&str; 45] = [
    "adj.all",
    "adj.pert",
    "adv.all",
    "noun.Tops",
    "noun.act",
    "noun.animal",
    "noun.artifact",
    "noun.attribute",
    "noun.body",
    "noun.cognition",
    "noun.communication",
    "noun.event",
    "noun.feeling",
    "noun.food",
    "noun.group",
    "noun.location",
    "noun.motive",
    "noun.object",
    "noun.person",
    "noun.phenomenon",
    "noun.plant",
    "noun.possession",
    "noun.process",
    "noun.quantity",
    "noun.relation",
    "noun.shape",
    "noun.state",
    "noun.substance",
    "noun.time",
    "verb.body",
    "verb.change",
    "verb.cognition",
    "verb.communication",
    "verb.competition",
    "verb.consumption",
    "verb.contact",
    "verb.creation",
    "verb.emotion",
    "verb.motion",
    "verb.perception",
    "verb.possession",
    "verb.social",
    "verb.stative",
    "verb.weather",
    "adj.ppl",
];

/// A coarse class of a word's most frequent sense, grouping WordNet's lexnames into what a
/// question-answering engine cares about: is an unmatched word a *specific constraint* (a person,
/// place, thing, amount, time: [`WordClass::is_concrete`]) or discourse?
///
/// | class | lexnames |
/// |---|---|
/// | `Person` | noun.person |
/// | `Place` | noun.location |
/// | `Group` | noun.group (organisations, institutions, peoples, collections) |
/// | `Thing` | noun.artifact, noun.object, noun.food, noun.substance, noun.plant, noun.animal, noun.body |
/// | `Quantity` | noun.quantity (amounts and units: "km", "dose", "percent") |
/// | `Time` | noun.time |
/// | `Event` | noun.act, noun.event, noun.process, noun.phenomenon |
/// | `Communication` | noun.communication, verb.communication |
/// | `Possession` | noun.possession, verb.possession (money, property; buying, owning) |
/// | `Abstract` | noun.attribute, noun.cognition, noun.feeling, noun.motive, noun.relation, noun.shape, noun.state, noun.Tops |
/// | `Motion` | verb.motion |
/// | `Action` | verb.contact, verb.body, verb.consumption, verb.creation, verb.weather |
/// | `Change` | verb.change |
/// | `Mental` | verb.cognition, verb.emotion, verb.perception |
/// | `Social` | verb.social, verb.competition |
/// | `State` | verb.stative |
/// | `Modifier` | adj.all, adj.pert, adj.ppl, adv.all |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WordClass {
    Person,
    Place,
    Group,
    Thing,
    Quantity,
    Time,
    Event,
    Communication,
    Possession,
    Abstract,
    Motion,
    Action,
    Change,
    Mental,
    Social,
    State,
    Modifier,
}

impl WordClass {
    /// The class of a lexname ("noun.artifact" -> `Thing`); `None` for a name WordNet lacks.
    pub fn from_lexname(lexname: &str) -> Option<WordClass> {
        use WordClass::*;
        Some(match lexname {
            "noun.person" => Person,
            "noun.location" => Place,
            "noun.group" => Group,
            "noun.artifact" | "noun.object" | "noun.food" | "noun.substance" | "noun.plant"
            | "noun.animal" | "noun.body" => Thing,
            "noun.quantity" => Quantity,
            "noun.time" => Time,
            "noun.act" | "noun.event" | "noun.process" | "noun.phenomenon" => Event,
            "noun.communication" | "verb.communication" => Communication,
            "noun.possession" | "verb.possession" => Possession,
            "noun.attribute" | "noun.cognition" | "noun.feeling" | "noun.motive"
            | "noun.relation" | "noun.shape" | "noun.state" | "noun.Tops" => Abstract,
            "verb.motion" => Motion,
            "verb.contact" | "verb.body" | "verb.consumption" | "verb.creation"
            | "verb.weather" => Action,
            "verb.change" => Change,
            "verb.cognition" | "verb.emotion" | "verb.perception" => Mental,
            "verb.social" | "verb.competition" => Social,
            "verb.stative" => State,
            "adj.all" | "adj.pert" | "adj.ppl" | "adv.all" => Modifier,
            _ => return None,
        })
    }

    /// A person, place, group, thing, amount or time: something a question can be specifically
    /// about, so a question word of this class that the facts lack is a constraint, not discourse.
    pub fn is_concrete(self) -> bool {
        matches!(
            self,
            WordClass::Person
                | WordClass::Place
                | WordClass::Group
                | WordClass::Thing
                | WordClass::Quantity
                | WordClass::Time
        )
    }
}

/// What is wrong with one line of the language data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProblemKind {
    #[error("expected {expected} tab-separated columns, found {found}")]
    Columns { expected: usize, found: usize },
    #[error("unknown part of speech {0:?} (expected n, v, a or r)")]
    Pos(String),
    #[error("empty lemma")]
    EmptyLemma,
    #[error("lemma {0:?} has no letters or digits")]
    NoWords(String),
    #[error("class {class:?} is not a WordNet lexname for part of speech {pos:?}")]
    Class { class: String, pos: String },
    #[error("tag count {0:?} is not a number")]
    Tags(String),
    #[error("empty item in the {0} list (a list is comma-separated, `-` when empty)")]
    EmptyItem(&'static str),
    #[error("lemma {lemma:?} with part of speech {pos:?} appears twice")]
    Duplicate { lemma: String, pos: String },
    #[error("{0:?} is given as its own opposite")]
    SelfOpposite(String),
}

/// One problem: file, 1-based line, what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {kind}")]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub kind: ProblemKind,
}

/// Every problem found in the language data (parsing goes on past the first).
#[derive(Debug, Clone, thiserror::Error)]
#[error("invalid language data ({} problem{}):\n{}", problems.len(), if problems.len() == 1 { "" } else { "s" }, problems.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
pub struct ThesaurusError {
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Span {
    start: u32,
    len: u32,
}

impl Span {
    fn range(self) -> std::ops::Range<usize> {
        self.start as usize..(self.start + self.len) as usize
    }
}

/// One (lemma, part of speech) line of `wordnet.tsv`.
#[derive(Debug, Clone, Copy)]
struct Entry {
    lemma: Span, // byte span of the lemma as written, in `Interner::text`
    pos: Pos,
    lexname: u8,
    tags: u32,
    synonyms: Span,
    antonyms: Span,
    broader: Span,
}

/// A read-only view of one (lemma, part of speech) entry.
#[derive(Clone, Copy)]
pub struct EntryRef<'a> {
    th: &'a Thesaurus,
    e: &'a Entry,
}

impl<'a> EntryRef<'a> {
    /// The lemma as WordNet writes it ("step up", "de-escalate").
    pub fn lemma(&self) -> &'a str {
        &self.th.strings.text[self.e.lemma.range()]
    }
    pub fn pos(&self) -> Pos {
        self.e.pos
    }
    /// WordNet's lexname of the most frequent sense, e.g. "noun.artifact".
    pub fn lexname(&self) -> &'static str {
        LEXNAMES[self.e.lexname as usize]
    }
    pub fn class(&self) -> WordClass {
        WordClass::from_lexname(self.lexname()).expect("lexnames are checked at parse time")
    }
    /// How often WordNet's sense-tagged corpus (SemCor) uses this lemma in this part of speech.
    pub fn tags(&self) -> u32 {
        self.e.tags
    }
    /// Keys of this entry's synonyms, most frequent sense first.
    pub fn synonyms(&self) -> &'a [Id] {
        &self.th.pool[self.e.synonyms.range()]
    }
    /// Keys of this entry's antonyms as its line lists them (without the opposites list).
    pub fn antonyms(&self) -> &'a [Id] {
        &self.th.pool[self.e.antonyms.range()]
    }
    /// Keys of this entry's broader terms (hypernyms, nearest first).
    pub fn broader(&self) -> &'a [Id] {
        &self.th.pool[self.e.broader.range()]
    }
}

impl fmt::Debug for EntryRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Entry")
            .field("lemma", &self.lemma())
            .field("pos", &self.pos())
            .field("lexname", &self.lexname())
            .field("tags", &self.tags())
            .finish()
    }
}

/// What is known about one key.
#[derive(Debug, Clone, Copy, Default)]
struct KeyInfo {
    entries: Span, // into Thesaurus::entries, preferred first
    synonyms: Span,
    antonyms: Span,
    broader: Span,
    lemmas: Span, // when the key is an irregular form: its lemmas' keys
}

const NONE: u32 = u32::MAX;

/// Strings stored once, in one `String`; a string's id is its index; lookup by an
/// open-addressing hash table of ids (FNV-1a, linear probing).
#[derive(Debug, Default)]
struct Interner {
    text: String,
    ends: Vec<u32>, // string i is text[ends[i - 1] (or 0) .. ends[i]]
    table: Vec<u32>,
}

fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in s.as_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

impl Interner {
    fn get_str(&self, id: Id) -> &str {
        let i = id as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    fn slot(&self, s: &str) -> (usize, Option<Id>) {
        let mask = self.table.len() - 1;
        let mut i = fnv1a(s) as usize & mask;
        loop {
            match self.table[i] {
                NONE => return (i, None),
                id if self.get_str(id) == s => return (i, Some(id)),
                _ => i = (i + 1) & mask,
            }
        }
    }

    fn get(&self, s: &str) -> Option<Id> {
        if self.table.is_empty() {
            return None;
        }
        self.slot(s).1
    }

    fn intern(&mut self, s: &str) -> Id {
        if self.table.len() < 2 * (self.ends.len() + 1) {
            self.grow();
        }
        let (slot, found) = self.slot(s);
        if let Some(id) = found {
            return id;
        }
        let id = self.ends.len() as Id;
        self.text.push_str(s);
        self.ends.push(self.text.len() as u32);
        self.table[slot] = id;
        id
    }

    /// Room for `n` more strings without rehashing.
    fn reserve(&mut self, n: usize) {
        let want = (2 * (self.ends.len() + n + 1)).next_power_of_two();
        if self.table.len() < want {
            self.table = vec![NONE; want / 2];
            self.grow();
        }
        self.ends.reserve(n);
    }

    fn grow(&mut self) {
        let size = (self.table.len() * 2).max(1024);
        self.table = vec![NONE; size];
        let mask = size - 1;
        for id in 0..self.ends.len() as Id {
            let mut i = fnv1a(self.get_str(id)) as usize & mask;
            while self.table[i] != NONE {
                i = (i + 1) & mask;
            }
            self.table[i] = id;
        }
    }
}

/// The thesaurus. Build once ([`Thesaurus::bundled`] or [`Thesaurus::parse`]), then look up by
/// stem keys.
#[derive(Debug)]
pub struct Thesaurus {
    strings: Interner,
    slots: Vec<u32>, // id -> index into `infos`, or NONE
    infos: Vec<KeyInfo>,
    entries: Vec<Entry>,
    pool: Vec<Id>,
}

fn split_list(col: &str) -> impl Iterator<Item = &str> {
    let col = if col == "-" { "" } else { col };
    col.split(',').filter(move |_| !col.is_empty())
}

/// Preference between entries of one key with equal tag counts: noun, verb, adjective, adverb.
fn pos_rank(p: Pos) -> u8 {
    p as u8
}

/// Order of an irregular form's lemmas: verbs first (most irregular forms are verb forms), then
/// nouns, adjectives, adverbs.
fn form_rank(p: Pos) -> u8 {
    match p {
        Pos::Verb => 0,
        Pos::Noun => 1,
        Pos::Adjective => 2,
        Pos::Adverb => 3,
    }
}

impl Thesaurus {
    /// The language data compiled into the binary, parsed on first use (a few milliseconds) and
    /// shared afterwards.
    pub fn bundled() -> &'static Thesaurus {
        static BUNDLED: OnceLock<Thesaurus> = OnceLock::new();
        BUNDLED.get_or_init(|| {
            let [w, i, o] = Thesaurus::bundled_sources();
            Thesaurus::parse(w, i, o)
                .expect("the bundled language data is checked by the unit tests")
        })
    }

    /// The three bundled files (wordnet, inflections, opposites), for [`Thesaurus::parse`].
    pub fn bundled_sources() -> [Source<'static>; 3] {
        [
            Source {
                name: "language/wordnet.tsv",
                text: WORDNET_TSV,
            },
            Source {
                name: "language/inflections.tsv",
                text: INFLECTIONS_TSV,
            },
            Source {
                name: "language/opposites.tsv",
                text: OPPOSITES_TSV,
            },
        ]
    }

    /// The lookup key of a phrase: each word normalised and stemmed as the engine does, joined by
    /// single spaces ("Stepped up" -> "step up", "de-escalate" -> "de escalat").
    pub fn key_of(phrase: &str) -> String {
        let mut key = String::with_capacity(phrase.len());
        let mut push = |w: &str| {
            if !key.is_empty() {
                key.push(' ');
            }
            key.push_str(&text::stem(w));
        };
        if phrase
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' ' || b == b'-')
        {
            // What `normalize` + `words` do to such text, without their allocations: the data
            // files are almost all like this, and parsing them must stay cheap.
            phrase
                .split([' ', '-'])
                .filter(|w| !w.is_empty())
                .for_each(push);
        } else {
            text::words(&text::normalize(phrase))
                .iter()
                .for_each(|w| push(w));
        }
        key
    }

    /// Parses the three files (formats in `language/README.md`); comment lines start with `#`,
    /// blank lines are skipped. Every malformed line is reported, not just the first.
    pub fn parse(
        wordnet: Source<'_>,
        inflections: Source<'_>,
        opposites: Source<'_>,
    ) -> Result<Thesaurus, ThesaurusError> {
        Builder::default().build(wordnet, inflections, opposites)
    }

    /// The id of a key (or of an irregular word form), if the data mentions it.
    pub fn id(&self, key: &str) -> Option<Id> {
        self.strings.get(key)
    }

    /// The string of an id: a stem key or an irregular form.
    pub fn name(&self, id: Id) -> &str {
        self.strings.get_str(id)
    }

    fn info(&self, key: &str) -> Option<&KeyInfo> {
        let id = self.id(key)?;
        match self.slots[id as usize] {
            NONE => None,
            i => Some(&self.infos[i as usize]),
        }
    }

    fn list(&self, key: &str, f: impl Fn(&KeyInfo) -> Span) -> &[Id] {
        self.info(key).map_or(&[], |i| &self.pool[f(i).range()])
    }

    /// Keys of the synonyms of every lemma with this key, most frequent senses first.
    pub fn synonyms(&self, key: &str) -> &[Id] {
        self.list(key, |i| i.synonyms)
    }

    /// Keys of the opposites of this key: WordNet's antonyms (see `language/README.md` for which)
    /// and the hand-written opposites list, made symmetric. Sorted by id.
    pub fn antonyms(&self, key: &str) -> &[Id] {
        self.list(key, |i| i.antonyms)
    }

    /// Whether two keys are opposites (either order).
    pub fn are_opposites(&self, a: &str, b: &str) -> bool {
        self.id(b)
            .is_some_and(|b| self.antonyms(a).binary_search(&b).is_ok())
    }

    /// [`Thesaurus::synonyms`], [`Thesaurus::antonyms`] and [`Thesaurus::broader`] of a key,
    /// found with one lookup instead of three.
    pub fn relations(&self, key: &str) -> [&[Id]; 3] {
        self.info(key).map_or([&[][..]; 3], |i| {
            [
                &self.pool[i.synonyms.range()],
                &self.pool[i.antonyms.range()],
                &self.pool[i.broader.range()],
            ]
        })
    }

    /// Keys of broader terms (hypernyms of the most frequent sense, nearest first; for a
    /// satellite adjective, the head it is similar to).
    pub fn broader(&self, key: &str) -> &[Id] {
        self.list(key, |i| i.broader)
    }

    /// Every (lemma, part of speech) entry with this key, the preferred one first.
    pub fn entries(&self, key: &str) -> impl Iterator<Item = EntryRef<'_>> + '_ {
        let span = self.info(key).map_or(Span::default(), |i| i.entries);
        self.entries[span.range()]
            .iter()
            .map(move |e| EntryRef { th: self, e })
    }

    /// The class of the preferred entry: the part of speech most used in SemCor.
    pub fn class(&self, key: &str) -> Option<WordClass> {
        self.entries(key).next().map(|e| e.class())
    }

    /// The class of this key in one part of speech (the most used lemma of that part of speech).
    pub fn class_as(&self, key: &str, pos: Pos) -> Option<WordClass> {
        self.entries(key)
            .find(|e| e.pos() == pos)
            .map(|e| e.class())
    }

    /// The lemma keys of an irregular form ("flew" -> "fly", "children" -> "child"); the input is
    /// a normalised word (see [`crate::text::words`]). Verbs first, then nouns, adjectives,
    /// adverbs.
    pub fn lemmas_of(&self, word: &str) -> impl Iterator<Item = &str> + '_ {
        self.list(word, |i| i.lemmas)
            .iter()
            .map(move |&id| self.name(id))
    }

    /// The first of [`Thesaurus::lemmas_of`].
    pub fn lemma_of(&self, word: &str) -> Option<&str> {
        self.lemmas_of(word).next()
    }

    /// Every (lemma, part of speech) entry, in the data's order.
    pub fn all_entries(&self) -> impl Iterator<Item = EntryRef<'_>> + '_ {
        self.entries.iter().map(move |e| EntryRef { th: self, e })
    }

    /// Number of (lemma, part of speech) entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Approximate heap bytes held (strings, tables, relation lists).
    pub fn heap_bytes(&self) -> usize {
        self.strings.text.capacity()
            + 4 * (self.strings.ends.capacity() + self.strings.table.capacity())
            + 4 * self.slots.capacity()
            + std::mem::size_of::<KeyInfo>() * self.infos.capacity()
            + std::mem::size_of::<Entry>() * self.entries.capacity()
            + 4 * self.pool.capacity()
    }
}

/// The index of `id`'s [`KeyInfo`], made on first use.
fn info_slot(slots: &mut [u32], infos: &mut Vec<KeyInfo>, id: Id) -> usize {
    if slots[id as usize] == NONE {
        slots[id as usize] = infos.len() as u32;
        infos.push(KeyInfo::default());
    }
    slots[id as usize] as usize
}

/// Parse-time map from a phrase as written (borrowed from the input) to its key's id: open
/// addressing over (hash, index) pairs, so most probes touch one small slot and no string.
#[derive(Default)]
struct PhraseTable<'a> {
    slots: Vec<(u32, u32)>,
    phrases: Vec<(&'a str, Id)>,
}

impl PhraseTable<'_> {
    fn reserve(&mut self, n: usize) {
        let want = (2 * (self.phrases.len() + n + 1)).next_power_of_two();
        if self.slots.len() < want {
            self.slots = vec![(0, NONE); want / 2];
            self.grow();
        }
        self.phrases.reserve(n);
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(1024);
        self.slots = vec![(0, NONE); size];
        let mask = size - 1;
        for (idx, (p, _)) in self.phrases.iter().enumerate() {
            let h = fnv1a(p);
            let mut i = h as usize & mask;
            while self.slots[i].1 != NONE {
                i = (i + 1) & mask;
            }
            self.slots[i] = (h as u32, idx as u32);
        }
    }
}

/// The tab-separated columns of one line, without allocating.
struct Cols<'a> {
    cols: [&'a str; 8],
    len: usize,
}

impl<'a> Cols<'a> {
    fn split(line: &'a str) -> Self {
        let mut c = Cols {
            cols: [""; 8],
            len: 0,
        };
        for part in line.split('\t') {
            if c.len < c.cols.len() {
                c.cols[c.len] = part;
            }
            c.len += 1;
        }
        c
    }
}

impl<'a> std::ops::Deref for Cols<'a> {
    type Target = [&'a str];
    fn deref(&self) -> &[&'a str] {
        &self.cols[..self.len.min(self.cols.len())]
    }
}

/// Parse-time state.
#[derive(Default)]
struct Builder<'a> {
    strings: Interner,
    lemma_text: String,
    /// phrase as written -> key id, so each distinct phrase is stemmed once
    keys: PhraseTable<'a>,
    problems: Vec<Problem>,
}

#[derive(Clone, Copy)]
struct RawEntry {
    key: Id,
    line: usize,
    entry: Entry,
}

impl<'a> Builder<'a> {
    fn key(&mut self, phrase: &'a str) -> Id {
        let h = fnv1a(phrase);
        if self.keys.slots.len() < 2 * (self.keys.phrases.len() + 1) {
            self.keys.grow();
        }
        let mask = self.keys.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let (sh, idx) = self.keys.slots[i];
            if idx == NONE {
                break;
            }
            if sh == h as u32 && self.keys.phrases[idx as usize].0 == phrase {
                return self.keys.phrases[idx as usize].1;
            }
            i = (i + 1) & mask;
        }
        let id = self.strings.intern(&Thesaurus::key_of(phrase));
        self.keys.slots[i] = (h as u32, self.keys.phrases.len() as u32);
        self.keys.phrases.push((phrase, id));
        id
    }

    fn problem(&mut self, file: &str, line: usize, kind: ProblemKind) {
        self.problems.push(Problem {
            file: file.to_string(),
            line,
            kind,
        });
    }

    /// Data lines: (1-based line number, columns).
    fn lines(src: Source<'a>) -> impl Iterator<Item = (usize, Cols<'a>)> {
        src.text.lines().enumerate().filter_map(|(i, l)| {
            let l = l.strip_suffix('\r').unwrap_or(l);
            (!l.trim().is_empty() && !l.starts_with('#')).then(|| (i + 1, Cols::split(l)))
        })
    }

    fn lexname(pos: Pos, class: &str) -> Option<u8> {
        let prefix = pos.lex_prefix();
        LEXNAMES
            .iter()
            .position(|n| {
                n.strip_prefix(prefix)
                    .and_then(|r| r.strip_prefix('.'))
                    .is_some_and(|r| r.eq_ignore_ascii_case(class))
            })
            .map(|i| i as u8)
    }

    fn build(
        mut self,
        wordnet: Source<'a>,
        inflections: Source<'a>,
        opposites: Source<'a>,
    ) -> Result<Thesaurus, ThesaurusError> {
        let mut pool: Vec<Id> = Vec::new();
        let mut raw: Vec<RawEntry> = Vec::new();
        // about one distinct phrase per 64 bytes of the bundled file
        let expected = wordnet.text.len() / 64;
        self.keys.reserve(expected);
        self.strings.reserve(expected);

        // 1. wordnet.tsv: lemma pos class synonyms antonyms broader tags
        for (n, cols) in Self::lines(wordnet) {
            if cols.len != 7 {
                self.problem(
                    wordnet.name,
                    n,
                    ProblemKind::Columns {
                        expected: 7,
                        found: cols.len,
                    },
                );
                continue;
            }
            let mut ok = true;
            let lemma = cols[0];
            if lemma.trim().is_empty() {
                self.problem(wordnet.name, n, ProblemKind::EmptyLemma);
                ok = false;
            }
            let pos = Pos::parse(cols[1]);
            if pos.is_none() {
                self.problem(wordnet.name, n, ProblemKind::Pos(cols[1].to_string()));
                ok = false;
            }
            let lexname = pos.and_then(|p| Self::lexname(p, cols[2]));
            if pos.is_some() && lexname.is_none() {
                self.problem(
                    wordnet.name,
                    n,
                    ProblemKind::Class {
                        class: cols[2].to_string(),
                        pos: cols[1].to_string(),
                    },
                );
                ok = false;
            }
            let tags = cols[6].parse::<u32>().ok();
            if tags.is_none() {
                self.problem(wordnet.name, n, ProblemKind::Tags(cols[6].to_string()));
                ok = false;
            }
            for (col, what) in [(3, "synonyms"), (4, "antonyms"), (5, "broader")] {
                if split_list(cols[col]).any(|s| s.trim().is_empty()) || cols[col].is_empty() {
                    self.problem(wordnet.name, n, ProblemKind::EmptyItem(what));
                    ok = false;
                }
            }
            if !ok {
                continue;
            }
            let (pos, lexname, tags) = (pos.unwrap(), lexname.unwrap(), tags.unwrap());
            let key = self.key(lemma);
            if self.strings.get_str(key).is_empty() {
                self.problem(wordnet.name, n, ProblemKind::NoWords(lemma.to_string()));
                continue;
            }
            let mut lists = [Span::default(); 3];
            for (slot, col) in lists.iter_mut().zip(3..6) {
                let start = pool.len();
                for item in split_list(cols[col]) {
                    let id = self.key(item);
                    if id != key
                        && !pool[start..].contains(&id)
                        && !self.strings.get_str(id).is_empty()
                    {
                        pool.push(id);
                    }
                }
                *slot = Span {
                    start: start as u32,
                    len: (pool.len() - start) as u32,
                };
            }
            let lemma_span = Span {
                start: self.lemma_text.len() as u32,
                len: lemma.len() as u32,
            };
            self.lemma_text.push_str(lemma);
            raw.push(RawEntry {
                key,
                line: n,
                entry: Entry {
                    lemma: lemma_span,
                    pos,
                    lexname,
                    tags,
                    synonyms: lists[0],
                    antonyms: lists[1],
                    broader: lists[2],
                },
            });
        }

        // Entries by key, the preferred one (most tags, then noun, verb, adj, adv) first; a
        // (lemma, pos) given twice is a problem.
        // (sorting small tuples and gathering is several times cheaper than moving entries)
        let mut order: Vec<(Id, u32, u8, u32)> = raw
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let e = &r.entry;
                (r.key, u32::MAX - e.tags, pos_rank(e.pos), i as u32)
            })
            .collect();
        order.sort_unstable();
        let raw: Vec<RawEntry> = order.iter().map(|o| raw[o.3 as usize]).collect();
        let lemma_text = &self.lemma_text;
        let lemma = |e: &Entry| &lemma_text[e.lemma.range()];
        for (i, r) in raw.iter().enumerate() {
            let twin = raw[..i]
                .iter()
                .rev()
                .take_while(|p| p.key == r.key)
                .find(|p| p.entry.pos == r.entry.pos && lemma(&p.entry) == lemma(&r.entry));
            if let Some(p) = twin {
                self.problems.push(Problem {
                    file: wordnet.name.to_string(),
                    line: r.line.max(p.line),
                    kind: ProblemKind::Duplicate {
                        lemma: lemma(&r.entry).to_string(),
                        pos: ["n", "v", "a", "r"][r.entry.pos as usize].to_string(),
                    },
                });
            }
        }

        // 2. inflections.tsv: form lemma pos
        let mut forms: Vec<(Id, Pos, Id)> = Vec::new();
        for (n, cols) in Self::lines(inflections) {
            if cols.len != 3 {
                self.problem(
                    inflections.name,
                    n,
                    ProblemKind::Columns {
                        expected: 3,
                        found: cols.len,
                    },
                );
                continue;
            }
            let Some(pos) = Pos::parse(cols[2]) else {
                self.problem(inflections.name, n, ProblemKind::Pos(cols[2].to_string()));
                continue;
            };
            if cols[0].trim().is_empty() || cols[1].trim().is_empty() {
                self.problem(inflections.name, n, ProblemKind::EmptyLemma);
                continue;
            }
            let form = self.strings.intern(cols[0]);
            let lemma = self.key(cols[1]);
            forms.push((form, pos, lemma));
        }

        // 3. opposites.tsv: word opposite (each line both ways)
        // (from, to) packed as from << 32 | to, so sorting is on plain integers
        let mut ant_edges: Vec<u64> = Vec::new();
        let edge = |a: Id, b: Id| u64::from(a) << 32 | u64::from(b);
        for (n, cols) in Self::lines(opposites) {
            if cols.len != 2 {
                self.problem(
                    opposites.name,
                    n,
                    ProblemKind::Columns {
                        expected: 2,
                        found: cols.len,
                    },
                );
                continue;
            }
            if cols[0].trim().is_empty() || cols[1].trim().is_empty() {
                self.problem(opposites.name, n, ProblemKind::EmptyLemma);
                continue;
            }
            let (a, b) = (self.key(cols[0]), self.key(cols[1]));
            if a == b {
                self.problem(
                    opposites.name,
                    n,
                    ProblemKind::SelfOpposite(cols[0].to_string()),
                );
                continue;
            }
            ant_edges.push(edge(a, b));
            ant_edges.push(edge(b, a));
        }

        if !self.problems.is_empty() {
            return Err(ThesaurusError {
                problems: self.problems,
            });
        }

        // 4. Group by key (entries sorted above).
        for r in &raw {
            for &a in &pool[r.entry.antonyms.range()] {
                ant_edges.push(edge(r.key, a));
                ant_edges.push(edge(a, r.key));
            }
        }
        ant_edges.sort_unstable();
        ant_edges.dedup();
        forms.sort_by_key(|&(form, pos, lemma)| (form, form_rank(pos), lemma));
        forms.dedup();

        let n_ids = self.strings.ends.len();
        let mut slots = vec![NONE; n_ids];
        let mut infos: Vec<KeyInfo> = Vec::new();
        let mut entries: Vec<Entry> = Vec::with_capacity(raw.len());
        let mut i = 0;
        while i < raw.len() {
            let key = raw[i].key;
            let mut j = i;
            while j < raw.len() && raw[j].key == key {
                j += 1;
            }
            let group = &raw[i..j];
            let slot = info_slot(&mut slots, &mut infos, key);
            let start = entries.len() as u32;
            entries.extend(group.iter().map(|r| r.entry));
            let mut info = KeyInfo {
                entries: Span {
                    start,
                    len: group.len() as u32,
                },
                ..KeyInfo::default()
            };
            if group.len() == 1 {
                info.synonyms = group[0].entry.synonyms;
                info.broader = group[0].entry.broader;
            } else {
                for (which, out) in [(0, &mut info.synonyms), (1, &mut info.broader)] {
                    let start = pool.len();
                    for r in group {
                        let span = if which == 0 {
                            r.entry.synonyms
                        } else {
                            r.entry.broader
                        };
                        for k in span.range() {
                            let id = pool[k];
                            if !pool[start..].contains(&id) {
                                pool.push(id);
                            }
                        }
                    }
                    *out = Span {
                        start: start as u32,
                        len: (pool.len() - start) as u32,
                    };
                }
            }
            infos[slot] = info;
            i = j;
        }
        let mut k = 0;
        while k < ant_edges.len() {
            let from = (ant_edges[k] >> 32) as Id;
            let start = pool.len();
            while k < ant_edges.len() && (ant_edges[k] >> 32) as Id == from {
                pool.push(ant_edges[k] as Id);
                k += 1;
            }
            let slot = info_slot(&mut slots, &mut infos, from);
            infos[slot].antonyms = Span {
                start: start as u32,
                len: (pool.len() - start) as u32,
            };
        }
        let mut k = 0;
        while k < forms.len() {
            let form = forms[k].0;
            let start = pool.len();
            while k < forms.len() && forms[k].0 == form {
                let lemma = forms[k].2;
                if !pool[start..].contains(&lemma) {
                    pool.push(lemma);
                }
                k += 1;
            }
            let slot = info_slot(&mut slots, &mut infos, form);
            infos[slot].lemmas = Span {
                start: start as u32,
                len: (pool.len() - start) as u32,
            };
        }

        // Lemmas as written live after the interned strings, in the same buffer.
        let base = self.strings.text.len() as u32;
        self.strings.text.push_str(&self.lemma_text);
        for e in &mut entries {
            e.lemma.start += base;
        }
        let mut strings = self.strings;
        strings.text.shrink_to_fit();
        strings.ends.shrink_to_fit();
        pool.shrink_to_fit();
        infos.shrink_to_fit();
        Ok(Thesaurus {
            strings,
            slots,
            infos,
            entries,
            pool,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn th() -> &'static Thesaurus {
        Thesaurus::bundled()
    }

    fn names(ids: &[Id]) -> Vec<&'static str> {
        ids.iter().map(|&id| th().name(id)).collect()
    }

    fn key(w: &str) -> String {
        Thesaurus::key_of(w)
    }

    fn src<'a>(name: &'a str, text: &'a str) -> Source<'a> {
        Source { name, text }
    }

    #[test]
    fn bundled_data_parses_cleanly() {
        let r = Thesaurus::parse(
            src("wordnet.tsv", WORDNET_TSV),
            src("inflections.tsv", INFLECTIONS_TSV),
            src("opposites.tsv", OPPOSITES_TSV),
        );
        let t = r.unwrap_or_else(|e| panic!("{e}"));
        assert!(t.len() > 20_000, "{} entries", t.len());
    }

    #[test]
    fn parse_errors_name_file_and_line_and_all_are_reported() {
        let wordnet = "# comment\n\
            tank\tn\tartifact\t-\t-\tvehicle\t10\n\
            tank\tn\tartifact\t-\t-\n\
            \tn\tartifact\t-\t-\t-\t1\n\
            run\tx\tmotion\t-\t-\t-\t1\n\
            run\tv\tartifact\t-\t-\t-\t1\n\
            run\tv\tmotion\ta,,b\t-\t-\tmany\n";
        let err = Thesaurus::parse(
            src("w.tsv", wordnet),
            src("i.tsv", "flew\tfly\n\nran\trun\tq\n"),
            src("o.tsv", "# c\nup\tdown\nup\tup\nalone\n"),
        )
        .unwrap_err();
        let got: Vec<String> = err.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            got,
            [
                "w.tsv:3: expected 7 tab-separated columns, found 5",
                "w.tsv:4: empty lemma",
                "w.tsv:5: unknown part of speech \"x\" (expected n, v, a or r)",
                "w.tsv:6: class \"artifact\" is not a WordNet lexname for part of speech \"v\"",
                "w.tsv:7: tag count \"many\" is not a number",
                "w.tsv:7: empty item in the synonyms list (a list is comma-separated, `-` when empty)",
                "i.tsv:1: expected 3 tab-separated columns, found 2",
                "i.tsv:3: unknown part of speech \"q\" (expected n, v, a or r)",
                "o.tsv:3: \"up\" is given as its own opposite",
                "o.tsv:4: expected 2 tab-separated columns, found 1",
            ]
        );
        assert!(err
            .to_string()
            .starts_with("invalid language data (10 problems):\n  w.tsv:3:"));
    }

    #[test]
    fn duplicate_entries_are_reported() {
        let err = Thesaurus::parse(
            src(
                "w.tsv",
                "a b\tn\tact\t-\t-\t-\t0\na b\tn\tact\t-\t-\t-\t0\n",
            ),
            src("i.tsv", ""),
            src("o.tsv", ""),
        )
        .unwrap_err();
        assert_eq!(err.problems.len(), 1);
        assert_eq!(err.problems[0].line, 2);
    }

    #[test]
    fn small_file_round_trip() {
        let t = Thesaurus::parse(
            src(
                "w.tsv",
                "strike\tv\tcontact\thit,run into\tmiss\ttouch\t79\n\
                 strike\tn\tact\twork stoppage\t-\tjob action\t9\n\
                 striking\ta\tall\t-\t-\t-\t3\n",
            ),
            src("i.tsv", "struck\tstrike\tv\n"),
            src("o.tsv", "strike\tspare\n"),
        )
        .unwrap();
        let e: Vec<_> = t.entries("strik").map(|e| (e.lemma(), e.pos())).collect();
        assert_eq!(
            e,
            [
                ("strike", Pos::Verb),
                ("strike", Pos::Noun),
                ("striking", Pos::Adjective)
            ]
        );
        let syn: Vec<_> = t.synonyms("strik").iter().map(|&i| t.name(i)).collect();
        assert_eq!(syn, ["hit", "run into", "work stoppag"]);
        let mut ant: Vec<_> = t.antonyms("strik").iter().map(|&i| t.name(i)).collect();
        ant.sort();
        assert_eq!(ant, ["miss", "spar"]);
        assert!(t.are_opposites("miss", "strik") && t.are_opposites("spar", "strik"));
        assert_eq!(t.class("strik"), Some(WordClass::Action));
        assert_eq!(t.class_as("strik", Pos::Noun), Some(WordClass::Event));
        assert_eq!(t.lemma_of("struck"), Some("strik"));
        assert_eq!(t.lemma_of("strike"), None);
        assert!(t.synonyms("nothing").is_empty() && t.class("nothing").is_none());
    }

    #[test]
    fn keys_use_the_engines_stems() {
        assert_eq!(key("Stepped up"), "step up");
        assert_eq!(key("strikes"), key("strike"));
        assert_eq!(key("de-escalate"), "de escalat");
    }

    #[test]
    fn fast_keys_match_the_engines_normalisation() {
        let slow = |p: &str| {
            let w = text::words(&text::normalize(p));
            w.iter()
                .map(|w| text::stem(w))
                .collect::<Vec<_>>()
                .join(" ")
        };
        for src in Thesaurus::bundled_sources() {
            for line in src.text.lines().filter(|l| !l.starts_with('#')) {
                for col in line.split('\t') {
                    for item in col.split(',') {
                        assert_eq!(key(item), slow(item), "{item:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn synonyms_through_stems() {
        let syn = names(th().synonyms(&key("strikes")));
        assert!(syn.contains(&"hit"), "{syn:?}");
        let syn = names(th().synonyms(&key("escalated")));
        assert!(
            syn.contains(&"intensify") && syn.contains(&"step up"),
            "{syn:?}"
        );
        let syn = names(th().synonyms(&key("backed")));
        assert!(syn.contains(&key("endorse").as_str()), "{syn:?}");
        let syn = names(th().synonyms(&key("scheduled")));
        // WordNet's verb "schedule" has no synonym in its first sense, but the noun does
        assert!(syn.contains(&"agenda"), "{syn:?}");
    }

    #[test]
    fn opposites_through_stems() {
        let t = th();
        for (a, b) in [
            ("allowed", "forbid"),
            ("allow", "ban"),
            ("permits", "prohibited"),
            ("escalate", "calm"),
            ("escalation", "de-escalation"),
            ("escalating", "de-escalate"),
            ("expand", "withdraw"),
            ("expanding", "scale back"),
            ("back", "oppose"),
            ("supported", "rejects"),
            ("start", "close"),
            ("begin", "end"),
            ("before", "after"),
            ("rise", "fall"),
            ("approve", "veto"),
            ("win", "lose"),
            ("agree", "disagree"),
            ("include", "exclude"),
            ("strengthen", "weaken"),
            ("tighten", "ease"),
            ("confirm", "deny"),
            ("arrive", "depart"),
            ("early", "late"),
            ("first", "last"),
            ("uphold", "overturn"),
            ("join", "leave"),
        ] {
            assert!(t.are_opposites(&key(a), &key(b)), "{a} / {b}");
            assert!(t.are_opposites(&key(b), &key(a)), "{b} / {a}");
        }
        assert!(!t.are_opposites(&key("allow"), &key("permit")));
        assert!(!t.are_opposites(&key("strike"), &key("hit")));
    }

    #[test]
    fn opposites_are_symmetric_and_never_reflexive() {
        let t = th();
        for id in 0..t.strings.ends.len() as Id {
            let a = t.name(id);
            for &b in t.antonyms(a) {
                assert_ne!(b, id, "{a} is its own opposite");
                assert!(t.antonyms(t.name(b)).contains(&id), "{a} -> {}", t.name(b));
            }
        }
    }

    #[test]
    fn broader_terms() {
        let b = names(th().broader(&key("missiles")));
        assert!(b.contains(&"weapon") && b.contains(&"rocket"), "{b:?}");
        let b = names(th().broader(&key("tanks")));
        assert!(b.contains(&"military vehicl"), "{b:?}");
        let b = names(th().broader(&key("journalist")));
        assert!(b.contains(&"writer"), "{b:?}");
    }

    #[test]
    fn irregular_forms() {
        let t = th();
        for (form, lemma) in [
            ("flew", "fly"),
            ("ran", "run"),
            ("struck", "strike"),
            ("met", "meet"),
            ("held", "hold"),
            ("said", "say"),
            ("spoke", "speak"),
            ("sent", "send"),
            ("told", "tell"),
            ("children", "child"),
            ("upheld", "uphold"),
            ("left", "leave"),
        ] {
            assert_eq!(t.lemma_of(form), Some(key(lemma).as_str()), "{form}");
        }
        assert_eq!(t.lemma_of("walked"), None);
    }

    #[test]
    fn classes_tell_constraints_from_discourse() {
        let t = th();
        for (w, class) in [
            ("tanks", WordClass::Thing),
            ("journalist", WordClass::Person),
            ("km", WordClass::Quantity),
            ("beer", WordClass::Thing),
            ("week", WordClass::Time),
            ("city", WordClass::Place),
            ("army", WordClass::Group),
        ] {
            assert_eq!(t.class(&key(w)), Some(class), "{w}");
            assert!(class.is_concrete());
        }
        for w in ["chance", "budged", "flips", "said", "likely"] {
            let c = t.class(&key(w));
            assert!(c.is_some_and(|c| !c.is_concrete()), "{w}: {c:?}");
        }
        assert_eq!(t.class_as(&key("flip"), Pos::Noun), Some(WordClass::Event));
        assert_eq!(t.class(&key("flips")), Some(WordClass::Motion));
    }

    #[test]
    fn every_lexname_has_a_class() {
        for n in LEXNAMES {
            assert!(WordClass::from_lexname(n).is_some(), "{n}");
        }
        assert_eq!(WordClass::from_lexname("noun.nothing"), None);
    }

    #[test]
    fn bundled_is_parsed_once() {
        assert!(std::ptr::eq(Thesaurus::bundled(), Thesaurus::bundled()));
    }
}
