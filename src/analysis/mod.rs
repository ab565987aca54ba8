//! Turns free text into the terms everything else compares: normalised, typo-corrected,
//! stemmed, with aliases folded into one canonical term ("Kyiv", "Kiev's" and "Ukrainian" all
//! become `ukraine`) and each term classified (stop word, generic word, negation, content).
//!
//! Aliases come in two scopes. General ones (language data: "tv" is "television") apply to every
//! text. An article's own ones (its entities file: "Washington" is the United States) apply only
//! to that article's facts. A fact's text is read in its article's scope
//! ([`Analyzer::analyze_in`]); a question or claim, which may be about any article, is read with
//! every article's readings kept apart on each token ([`Token::scoped`]), so that a fact is matched
//! only through its own article's aliases and never through another's.
//!
//! This layer belongs to neither answering nor fact-checking: both read text through it.

pub mod classes;
pub mod numbers;
mod typo;

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::knowledge::{EntityKind, Knowledge};
use crate::language::thesaurus::{Thesaurus, WordClass};
use crate::language::Category;
use crate::text::{normalize, stem, words};

use self::typo::Typos;

/// Facts whose words one task counts ([`Analyzer::new`]).
const FACTS_PER_TASK: usize = 4096;

/// Adds `n` for each word of `text` to `counts`.
fn count_words(counts: &mut HashMap<String, u32>, text: &str, n: u32) {
    for w in words(&normalize(text)) {
        *counts.entry(w).or_default() += n;
    }
}

/// SemCor uses below which an English word may still be a misspelling (see
/// [`Analyzer::english_in_use`]): SemCor is small (about 230,000 tagged words), so a word
/// tagged fewer than three times in it is rare in English.
const IN_USE: u32 = 3;

/// Index of a source in [`Knowledge::sources`]: the scope of its entities and aliases.
pub type SourceIdx = u16;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Carries no meaning for matching ("the", "what", "did").
    Stop,
    /// Common in any question or claim, says nothing of its topic ("said", "remarks", "guy").
    Generic,
    /// Flips the polarity of what follows ("not", "never", "no").
    Negation,
    /// A word that is about something.
    Content,
}

#[derive(Debug, Clone)]
pub struct Token {
    /// The general reading: the canonical term of a general alias, else the stem. For a text read
    /// in one article's scope, that article's reading when it has one.
    pub term: String,
    /// The word as typed (after normalisation and typo correction), phrase words joined by a space.
    pub word: String,
    pub kind: Kind,
    /// For an alias, the stems of the variant actually written ("white house"), when they differ
    /// from the canonical term: it lets the more literal match win a tie.
    pub surface: Option<String>,
    /// Readings of this token in particular articles, when they differ from `term`: in the NATO
    /// article "washington" is `unit stat`. Empty for text read in one scope.
    pub scoped: Vec<(SourceIdx, String)>,
    /// For a word the knowledge does not use: its English synonyms that the knowledge does use,
    /// as stems ("budged" -> `shift`); when it has none, its broader English terms that the
    /// knowledge uses ("missiles" -> `weapon`), and [`Token::broader`] says so. Empty for text
    /// read in one scope.
    pub synonyms: Vec<String>,
    /// [`Token::synonyms`] are broader terms: what the word names is a kind of what they name
    /// (shown by `ask --explain`).
    pub broader: bool,
}

impl Token {
    /// This token's term as read in article `source`.
    pub fn term_in(&self, source: SourceIdx) -> &str {
        self.scoped
            .iter()
            .find(|(s, _)| *s == source)
            .map(|(_, t)| t.as_str())
            .unwrap_or(&self.term)
    }

    /// Every term this token can stand for, in any scope.
    pub fn all_terms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.term.as_str()).chain(self.scoped.iter().map(|(_, t)| t.as_str()))
    }
}

#[derive(Debug, Clone, Default)]
pub struct Analyzed {
    pub tokens: Vec<Token>,
}

impl Analyzed {
    pub fn content(&self) -> impl Iterator<Item = &Token> {
        self.tokens.iter().filter(|t| t.kind == Kind::Content)
    }

    /// Content terms, each alias followed by its surface form when it has one.
    pub fn content_terms(&self) -> impl Iterator<Item = &str> {
        self.content()
            .flat_map(|t| std::iter::once(t.term.as_str()).chain(t.surface.as_deref()))
    }
}

/// How one phrase reads: generally, and in the articles that give it a meaning of their own.
#[derive(Debug, Clone, Default)]
struct Readings {
    general: Option<String>,
    scoped: Vec<(SourceIdx, String)>,
}

pub struct Analyzer {
    stop: HashSet<String>,
    generic: HashSet<String>,
    negations: HashSet<String>,
    /// Auxiliary verbs, as normalised words (see [`Analyzer::read`]).
    auxiliaries: HashSet<String>,
    /// Stemmed alias phrase -> its readings.
    phrases: HashMap<Vec<String>, Readings>,
    longest_phrase: usize,
    /// Every word the knowledge uses, as normalised; typos are corrected towards these.
    typos: Typos,
    /// Their stems: a new inflection of a known word ("taking" for "taken") is not a typo.
    vocab_stems: HashSet<String>,
    /// Canonical term -> what kind of entity it names (articles' entities, general countries
    /// and cities).
    kinds: HashMap<String, EntityKind>,
    /// Canonical term -> the name to show for it ("jen stoltenberg" -> "Jens Stoltenberg").
    display: HashMap<String, String>,
    /// General English (WordNet): which words are English at all, their irregular forms, their
    /// synonyms and class.
    thesaurus: &'static Thesaurus,
}

/// Words or phrases of the language data as normalised text, for comparing with normalised
/// words ("is", "in", "which city" as written, not stemmed).
pub(crate) fn normalized_set(list: &[String]) -> HashSet<String> {
    list.iter()
        .map(|s| normalize(s).trim().to_string())
        .collect()
}

/// The comparable form of a phrase: its words' stems.
pub fn phrase_stems(text: &str) -> Vec<String> {
    crate::text::stems(text)
}

impl Analyzer {
    pub fn new(k: &Knowledge) -> Analyzer {
        let lang = k.language();
        let w = &lang.words;
        let stemmed = |list: &[String]| -> HashSet<String> {
            list.iter()
                .flat_map(|w| words(&normalize(w)))
                .flat_map(|w| [stem(&w), w])
                .collect()
        };
        let stop = stemmed(&w.stop);
        let generic = stemmed(&w.generic);
        let negations = stemmed(&w.negations);
        let auxiliaries = normalized_set(&w.auxiliaries);

        let mut phrases: HashMap<Vec<String>, Readings> = HashMap::default();
        let mut display: HashMap<String, String> = HashMap::default();
        let mut add_group = |canonical: &str, variants: &[String], scope: Option<SourceIdx>| {
            let term = phrase_stems(canonical).join(" ");
            if term.is_empty() {
                return;
            }
            display.entry(term.clone()).or_insert(canonical.to_string());
            for v in std::iter::once(canonical).chain(variants.iter().map(String::as_str)) {
                let key = phrase_stems(v);
                if key.is_empty() {
                    continue;
                }
                let r = phrases.entry(key).or_default();
                match scope {
                    None => {
                        r.general.get_or_insert_with(|| term.clone());
                    }
                    Some(s) => {
                        if !r.scoped.iter().any(|(x, _)| *x == s) {
                            r.scoped.push((s, term.clone()));
                        }
                    }
                }
            }
        };
        for g in &lang.aliases {
            add_group(&g.canonical, &g.variants, None);
        }
        let mut kinds: HashMap<String, EntityKind> = HashMap::default();
        for (si, source) in k.sources().iter().enumerate() {
            let scope = Some(si as SourceIdx);
            for e in &source.entities.entities {
                add_group(&e.name, &e.aliases, scope);
                kinds
                    .entry(phrase_stems(&e.name).join(" "))
                    .or_insert(e.kind);
            }
            for g in &source.entities.aliases {
                add_group(&g.canonical, &g.variants, scope);
            }
        }
        // Drop scoped readings that only repeat the general one: they change nothing.
        for r in phrases.values_mut() {
            if let Some(g) = &r.general {
                r.scoped.retain(|(_, t)| t != g);
            }
        }
        for c in &lang.categories {
            let kind = match c.name.as_str() {
                "country" => EntityKind::Country,
                "city" => EntityKind::Place,
                _ => continue,
            };
            for value in &c.values {
                let canonical = category_term(c, value, &phrases);
                kinds.entry(canonical).or_insert(kind);
            }
        }
        let longest_phrase = phrases.keys().map(Vec::len).max().unwrap_or(1);

        // The facts' words, counted on every core: it is a pass over all the knowledge's text,
        // about a second on one thread at 100,000 facts. Counts add up in any order.
        let mut counts: HashMap<String, u32> = k
            .facts()
            .par_chunks(FACTS_PER_TASK)
            .map(|facts| {
                let mut counts = HashMap::default();
                for f in facts {
                    count_words(&mut counts, &f.quote, 3);
                    count_words(&mut counts, &f.answer, 2);
                    f.questions
                        .iter()
                        .chain(f.keywords.iter().map(String::as_str))
                        .chain(f.speaker.as_deref())
                        .for_each(|q| count_words(&mut counts, q, 1));
                }
                counts
            })
            .reduce(HashMap::default, |mut a, mut b| {
                if a.len() < b.len() {
                    std::mem::swap(&mut a, &mut b);
                }
                for (w, n) in b {
                    *a.entry(w).or_default() += n;
                }
                a
            });
        let mut add = |text: &str, n: u32| count_words(&mut counts, text, n);
        for g in lang
            .aliases
            .iter()
            .cloned()
            .chain(k.sources().iter().flat_map(|s| s.entities.alias_groups()))
        {
            std::iter::once(&g.canonical)
                .chain(&g.variants)
                .for_each(|v| add(v, 1));
        }
        for list in [&w.stop, &w.generic, &w.negations, &w.support, &w.oppose] {
            list.iter().for_each(|w| add(w, 1));
        }
        for c in &lang.categories {
            c.values.iter().flatten().for_each(|v| add(v, 1));
        }
        for (a, b) in &lang.antonyms {
            add(a, 1);
            add(b, 1);
        }
        let vocab_stems = counts.keys().map(|w| stem(w)).collect();
        Analyzer {
            stop,
            generic,
            negations,
            auxiliaries,
            phrases,
            longest_phrase,
            typos: Typos::new(counts),
            vocab_stems,
            kinds,
            display,
            thesaurus: Thesaurus::bundled(),
        }
    }

    /// The general English data this analyzer reads with.
    pub fn thesaurus(&self) -> &'static Thesaurus {
        self.thesaurus
    }

    /// The key of an English word in the thesaurus, trying the word's stem, its lemma when it is
    /// an irregular form ("flew" -> "fly"), and the base forms regular endings suggest ("died" ->
    /// "die", "hoping" -> "hope"): `None` when the word is not English as far as the data knows
    /// (a name, a misspelling, a word too rare to list).
    pub fn english_key(&self, word: &str) -> Option<String> {
        let th = self.thesaurus;
        let known = |k: &str| th.entries(k).next().is_some();
        if let Some(l) = th.lemma_of(word) {
            return Some(l.to_string());
        }
        let s = stem(word);
        if known(&s) {
            return Some(s);
        }
        let mut bases: Vec<String> = Vec::new();
        // WordNet spells the American way: "finalise" is listed as "finalize".
        for (gb, us) in [
            ("isation", "ization"),
            ("ise", "ize"),
            ("ised", "ized"),
            ("ising", "izing"),
            ("our", "or"),
            ("tre", "ter"),
        ] {
            if let Some(b) = word.strip_suffix(gb) {
                let k = stem(&format!("{b}{us}"));
                if known(&k) {
                    return Some(k);
                }
            }
        }
        for (suffix, add) in [
            ("ied", "y"),
            ("ies", "y"),
            ("ed", ""),
            ("ed", "e"),
            ("d", ""),
            ("ing", ""),
            ("ing", "e"),
            ("es", ""),
            ("s", ""),
            ("er", ""),
            ("est", ""),
        ] {
            if let Some(b) = word.strip_suffix(suffix).filter(|b| b.len() >= 2) {
                bases.push(format!("{b}{add}"));
                // "stopped" -> "stop"
                // Compared as characters: the last two bytes of one multi-byte character may be
                // equal, and cutting between them is not a string.
                let mut end = b.chars().rev();
                if let (true, Some(last), Some(before)) = (add.is_empty(), end.next(), end.next()) {
                    if last == before && b.chars().count() >= 3 {
                        bases.push(b[..b.len() - last.len_utf8()].to_string());
                    }
                }
            }
        }
        bases.into_iter().map(|b| stem(&b)).find(|k| known(k))
    }

    /// Whether a word is English and in use: WordNet's sense-tagged corpus (SemCor) uses it at
    /// least [`IN_USE`] times. Rarer English words ("boarder") are more often misspellings of a
    /// common one than meant.
    fn english_in_use(&self, word: &str) -> bool {
        self.english_key(word)
            .is_some_and(|k| self.thesaurus.entries(&k).map(|e| e.tags()).sum::<u32>() >= IN_USE)
            || self.thesaurus.lemma_of(word).is_some()
    }

    /// The English synonyms of a word that the knowledge uses; when there are none, its broader
    /// terms that the knowledge uses, and `true`. A question may name a kind of what the article
    /// names ("missiles" where it says "weapons"): read as the broader word, it matches as a
    /// synonym does (retrieval's `synonym` part) instead of counting as a word no fact uses,
    /// which held back paraphrased questions more than anything else. Measured on eight
    /// question sets, it lifted answers on every one; it is not a feature of its own, as the
    /// fit's training questions rarely have such words and weighed one wrongly.
    fn related_known(&self, word: &str) -> (Vec<String>, bool) {
        let Some(key) = self.english_key(word) else {
            return (Vec::new(), false);
        };
        let th = self.thesaurus;
        let known = |ids: &[crate::language::thesaurus::Id]| -> Vec<String> {
            let mut out: Vec<String> = Vec::new();
            for k in ids.iter().map(|&id| th.name(id)) {
                if k.contains(' ') {
                    continue;
                }
                if self.vocab_stems.contains(k) && !out.iter().any(|o| o == k) {
                    out.push(k.to_string());
                }
            }
            out
        };
        let synonyms = known(th.synonyms(&key));
        if !synonyms.is_empty() {
            return (synonyms, false);
        }
        let broader = known(th.broader(&key));
        let is_broader = !broader.is_empty();
        (broader, is_broader)
    }

    /// The class of an English word's preferred entry (WordNet's lexicographer file, grouped),
    /// if the word is English.
    pub fn word_class(&self, word: &str) -> Option<WordClass> {
        self.english_key(word)
            .and_then(|k| self.thesaurus.class(&k))
    }

    /// The closest known word within the edit budget for its length, if any.
    pub fn correct(&self, word: &str) -> Option<&str> {
        self.typos.correct(word)
    }

    /// What kind of entity a canonical term names, if it names one.
    pub fn entity_kind(&self, term: &str) -> Option<EntityKind> {
        self.kinds.get(term).copied()
    }

    /// The name to show for a canonical term: the curator's spelling when it is an alias group's
    /// canonical name, else the term itself.
    pub fn display<'a>(&'a self, term: &'a str) -> &'a str {
        self.display.get(term).map(String::as_str).unwrap_or(term)
    }

    /// The words of a word written as two run together: an auxiliary and "nt" ("doesnt" ->
    /// "does", "not"), or, in a question or claim, the two words of a name the aliases know
    /// ("whitehouse" -> "white", "house"), when the word is neither the knowledge's nor English.
    fn run_together(&self, word: &str, scope: Option<SourceIdx>) -> Option<Vec<String>> {
        if let Some(verb) = word
            .strip_suffix("nt")
            .filter(|verb| self.auxiliaries.contains(*verb))
        {
            return Some(vec![verb.to_string(), "not".to_string()]);
        }
        if scope.is_some() || word.len() < 6 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
            return None;
        }
        if self.typos.contains(word) || self.english_in_use(word) {
            return None;
        }
        (3..=word.len() - 3).find_map(|i| {
            let (a, b) = word.split_at(i);
            let key = [stem(a), stem(b)];
            self.phrases
                .contains_key(&key[..])
                .then(|| vec![a.to_string(), b.to_string()])
        })
    }

    /// Reads a question or claim, which may be about any article.
    pub fn analyze(&self, text: &str) -> Analyzed {
        self.read(text, None)
    }

    /// Reads the text of a fact of article `source`: its own aliases apply, no other article's.
    pub fn analyze_in(&self, text: &str, source: SourceIdx) -> Analyzed {
        self.read(text, Some(source))
    }

    fn read(&self, text: &str, scope: Option<SourceIdx>) -> Analyzed {
        // Chat runs words together: "doesnt", "shouldnt" drop the apostrophe of "n't" (read as
        // the verb and "not", as "doesn't" is), "whitehouse" drops a space. Otherwise they look
        // like names nobody mentions. Each word is looked at once.
        let written = words(&normalize(text));
        let mut raw = Vec::with_capacity(written.len());
        for w in written {
            match self.run_together(&w, scope) {
                Some(parts) => raw.extend(parts),
                None => raw.push(w),
            }
        }
        // Each word with its stem, worked out once: a large folder reads millions of words.
        // A word the knowledge does not use is corrected towards it only when it is not an
        // English word in use itself: "feet" is not a typo of "meet", nor "planets" of "planes";
        // but "boarder", an English word nobody means next to "border", is.
        let (fixed, stemmed): (Vec<String>, Vec<String>) = raw
            .into_iter()
            .map(|w| {
                let st = stem(&w);
                if self.typos.contains(&w)
                    || self.vocab_stems.contains(&st)
                    || self.english_in_use(&w)
                {
                    return (w, st);
                }
                match self.correct(&w) {
                    Some(c) => (c.to_string(), stem(c)),
                    None => (w, st),
                }
            })
            .unzip();
        // An irregular form reads as its lemma ("struck" as "strike", "held" as "hold").
        let stems: Vec<String> = fixed
            .iter()
            .zip(stemmed)
            .map(|(w, st)| match self.thesaurus.lemma_of(w) {
                Some(l) if !l.contains(' ') && !self.vocab_stems.contains(&st) => l.to_string(),
                _ => st,
            })
            .collect();
        let mut tokens = Vec::with_capacity(stems.len());
        let mut i = 0;
        while i < stems.len() {
            let mut matched = None;
            for len in (1..=self.longest_phrase.min(stems.len() - i)).rev() {
                if let Some(r) = self.phrases.get(&stems[i..i + len]) {
                    let usable = match scope {
                        None => true,
                        Some(s) => r.general.is_some() || r.scoped.iter().any(|(x, _)| *x == s),
                    };
                    if usable {
                        matched = Some((len, r));
                        break;
                    }
                }
            }
            if let Some((len, r)) = matched {
                let joined = stems[i..i + len].join(" ");
                let (term, scoped) = match scope {
                    Some(s) => (
                        r.scoped
                            .iter()
                            .find(|(x, _)| *x == s)
                            .map(|(_, t)| t.clone())
                            .or_else(|| r.general.clone())
                            .unwrap_or_else(|| joined.clone()),
                        Vec::new(),
                    ),
                    None => (
                        r.general.clone().unwrap_or_else(|| joined.clone()),
                        r.scoped.clone(),
                    ),
                };
                let surface = (joined != term).then_some(joined);
                // An alias of a negation ("ruled out" for "not") negates like one.
                let kind = if self.negations.contains(&term) {
                    Kind::Negation
                } else {
                    Kind::Content
                };
                tokens.push(Token {
                    term,
                    word: fixed[i..i + len].join(" "),
                    kind,
                    surface,
                    scoped,
                    synonyms: Vec::new(),
                    broader: false,
                });
                i += len;
                continue;
            }
            let (w, s) = (&fixed[i], &stems[i]);
            let kind = if self.negations.contains(w) || self.negations.contains(s) {
                Kind::Negation
            } else if self.stop.contains(w) || self.stop.contains(s) {
                Kind::Stop
            } else if self.generic.contains(w) || self.generic.contains(s) {
                Kind::Generic
            } else {
                Kind::Content
            };
            let (synonyms, broader) =
                if scope.is_none() && kind == Kind::Content && !self.vocab_stems.contains(s) {
                    self.related_known(w)
                } else {
                    (Vec::new(), false)
                };
            tokens.push(Token {
                term: s.clone(),
                word: w.clone(),
                kind,
                surface: None,
                scoped: Vec::new(),
                synonyms,
                broader,
            });
            i += 1;
        }
        Analyzed { tokens }
    }
}

/// A fact's texts, read once in its article's scope: everything built over the knowledge at load
/// (the retrieval index, what kind of answer each fact gives, the checker's view) derives from this
/// one reading, so a large folder is analysed once, not once per consumer.
pub struct FactReading {
    pub source: SourceIdx,
    pub quote: Analyzed,
    pub answer: Analyzed,
    pub keywords: Vec<Analyzed>,
    pub speaker: Option<Analyzed>,
    pub questions: Vec<Analyzed>,
    /// The sentence (or sentences) of the source around the quote, when it says more than the
    /// quote: replies show it, so what it states is stated.
    pub context: Option<Analyzed>,
}

impl Analyzer {
    /// Reads every text of a fact of article `source`; `context` is the sentence around its quote.
    pub fn read_fact(
        &self,
        f: &crate::knowledge::Fact,
        source: SourceIdx,
        context: &str,
    ) -> FactReading {
        FactReading {
            context: (context.trim() != f.quote.trim()).then(|| self.analyze_in(context, source)),
            source,
            quote: self.analyze_in(&f.quote, source),
            answer: self.analyze_in(&f.answer, source),
            keywords: f
                .keywords
                .iter()
                .map(|k| self.analyze_in(k, source))
                .collect(),
            speaker: f.speaker.as_deref().map(|s| self.analyze_in(s, source)),
            questions: f
                .questions
                .iter()
                .map(|q| self.analyze_in(q, source))
                .collect(),
        }
    }

    /// The terms of the single words inside a multi-word alias token ("french" and "president"
    /// in "French President"), read in article `source`: they still say something of the text.
    pub fn inner_terms(&self, t: &Token, source: SourceIdx) -> Vec<String> {
        if !t.word.contains(' ') {
            return Vec::new();
        }
        t.word
            .split(' ')
            .filter_map(|w| {
                let s = stem(w);
                if self.stop.contains(w) || self.stop.contains(&s) || self.generic.contains(&s) {
                    return None;
                }
                let key = [s.clone()];
                Some(match self.phrases.get(&key[..]) {
                    Some(r) => r
                        .scoped
                        .iter()
                        .find(|(x, _)| *x == source)
                        .map(|(_, t)| t.clone())
                        .or_else(|| r.general.clone())
                        .unwrap_or(s),
                    None => s,
                })
            })
            .collect()
    }
}

/// The term a category value reads as: its alias group's canonical when one of its spellings is
/// a general alias ("american" -> `unit state`), else its first spelling's stems.
fn category_term(
    _c: &Category,
    value: &[String],
    phrases: &HashMap<Vec<String>, Readings>,
) -> String {
    for spelling in value {
        if let Some(g) = phrases
            .get(&phrase_stems(spelling))
            .and_then(|r| r.general.clone())
        {
            return g;
        }
    }
    phrase_stems(&value[0]).join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// A doubled final letter ("stopped" -> "stop") is a doubled character, never two equal bytes
    /// of one character (U+0AAA is E0 AA AA in UTF-8): found by the `ask` proptest.
    #[test]
    fn english_key_of_words_ending_in_multibyte_characters() {
        let k = Knowledge::load_dir(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("knowledge")
                .as_path(),
        )
        .unwrap();
        let an = Analyzer::new(&k);
        for w in [
            "x\u{0AAA}ed",
            "ab\u{0AAA}\u{0AAA}ed",
            "\u{0AAA}\u{0AAA}ing",
            "stopped",
        ] {
            let _ = an.english_key(w);
        }
        assert_eq!(
            an.english_key("stopped").as_deref(),
            an.english_key("stop").as_deref()
        );
    }

    /// Chat drops the apostrophe of "n't": "doesnt" reads as "doesn't" does. Only after an
    /// auxiliary of the language data: "want", "cant" and "wont" stay words.
    #[test]
    fn a_dropped_apostrophe_still_negates() {
        let k = Knowledge::bundled().unwrap();
        let an = Analyzer::new(&k);
        let kinds = |q: &str| -> Vec<(String, Kind)> {
            an.analyze(q)
                .tokens
                .into_iter()
                .map(|t| (t.word, t.kind))
                .collect()
        };
        assert_eq!(kinds("why shouldnt kyiv"), kinds("why shouldn't kyiv"));
        assert_eq!(
            kinds("germany doesnt back it"),
            kinds("germany doesn't back it")
        );
        assert!(kinds("hadnt they")
            .iter()
            .any(|(_, k)| *k == Kind::Negation));
        for q in ["they want it", "i cant", "it wont", "a hint"] {
            assert!(
                kinds(q).iter().all(|(_, k)| *k != Kind::Negation),
                "{q}: {:?}",
                kinds(q)
            );
        }
    }

    /// A name whose words chat runs together reads as the name ("whitehouse" as "white house",
    /// an alias of the United States in the bundled article); a word the knowledge or English
    /// uses ("household", "statement") is never split.
    #[test]
    fn a_name_written_as_one_word_reads_as_the_name() {
        let k = Knowledge::bundled().unwrap();
        let an = Analyzer::new(&k);
        let terms =
            |q: &str| -> Vec<String> { an.analyze(q).content().map(|t| t.term.clone()).collect() };
        assert_eq!(
            terms("what did the whitehouse say"),
            terms("what did the white house say")
        );
        for q in ["a household name", "a statement", "nothingburger"] {
            assert_eq!(an.analyze(q).tokens.len(), q.split(' ').count(), "{q}");
        }
    }

    /// A word the knowledge does not use reads as its synonyms the knowledge uses ("budged" as
    /// `shift`), and only when it has none, as its broader terms the knowledge uses ("missiles"
    /// as `weapon`: a missile is a kind of weapon).
    #[test]
    fn unknown_words_read_as_known_synonyms_else_as_known_broader_terms() {
        let dir = crate::testutil::folder(&[
            ("sources/a.txt", "Berlin did not shift on weapons.\n"),
            (
                "sources.toml",
                "[[source]]\nid = \"a\"\ntitle = \"A\"\ndate = \"2024-01-01\"\nfile = \"sources/a.txt\"\n",
            ),
            (
                "facts/f.toml",
                "[[fact]]\nid = \"a1\"\nsource = \"a\"\nquote = \"Berlin did not shift on weapons.\"\nanswer = \"It did not.\"\nquestions = [\"did berlin move\"]\n",
            ),
        ]);
        let k = Knowledge::load_dir(dir.path()).expect("valid folder");
        let an = Analyzer::new(&k);
        let q = an.analyze("has berlin budged on missiles");
        let token = |w: &str| q.tokens.iter().find(|t| t.word == w).unwrap();
        let budged = token("budged");
        assert_eq!(budged.synonyms, ["shift"]);
        assert!(!budged.broader);
        let missiles = token("missiles");
        assert!(
            missiles.synonyms.iter().any(|s| s == "weapon"),
            "{missiles:?}"
        );
        assert!(missiles.broader);
        // Known words and text read in an article's scope get neither.
        let fact = an.analyze_in("the missiles", 0);
        assert!(fact
            .tokens
            .iter()
            .all(|t| t.synonyms.is_empty() && !t.broader));
    }

    /// Two articles where "Washington" means different things, loaded side by side.
    fn two_articles() -> Knowledge {
        let dir = crate::testutil::folder(&[
            ("sources/a.txt", "Washington opposed the plan.\n"),
            ("sources/b.txt", "Flights left Washington Dulles late.\n"),
            (
                "sources/a.entities.toml",
                "[[entity]]\nname = \"United States\"\nkind = \"country\"\naliases = [\"Washington\"]\n",
            ),
            (
                "sources/b.entities.toml",
                "[[entity]]\nname = \"Dulles airport\"\nkind = \"place\"\naliases = [\"Washington Dulles\", \"Dulles\"]\n",
            ),
            (
                "sources.toml",
                "[[source]]\nid = \"a\"\ntitle = \"A\"\ndate = \"2024-01-01\"\nfile = \"sources/a.txt\"\n\n[[source]]\nid = \"b\"\ntitle = \"B\"\ndate = \"2024-01-02\"\nfile = \"sources/b.txt\"\n",
            ),
            (
                "facts/f.toml",
                "[[fact]]\nid = \"a1\"\nsource = \"a\"\nquote = \"Washington opposed the plan.\"\nanswer = \"The US opposed it.\"\nquestions = [\"who opposed the plan\"]\n\n[[fact]]\nid = \"b1\"\nsource = \"b\"\nquote = \"Flights left Washington Dulles late.\"\nanswer = \"Late.\"\nquestions = [\"when did flights leave\"]\n",
            ),
        ]);
        let p = dir.path();
        Knowledge::load_dir(Path::new(p)).expect("valid folder")
    }

    #[test]
    fn an_articles_aliases_apply_to_its_own_facts_only() {
        let k = two_articles();
        let an = Analyzer::new(&k);
        // In article a, Washington is the United States (the general alias's canonical term).
        let a = an.analyze_in("Washington opposed", 0);
        assert_eq!(a.tokens[0].term, "unit stat");
        // In article b it is part of an airport's name, and never the United States.
        let b = an.analyze_in("Washington Dulles", 1);
        assert_eq!(b.tokens[0].term, "dull airport");
        let b = an.analyze_in("Washington", 1);
        assert_eq!(b.tokens[0].term, "washington");
        // A question keeps both readings apart.
        let q = an.analyze("what did washington say");
        let t = q.content().next().unwrap();
        assert_eq!(t.term_in(0), "unit stat");
        assert_eq!(t.term_in(1), "washington");
        assert_eq!(an.entity_kind("dull airport"), Some(EntityKind::Place));
        assert_eq!(an.display("dull airport"), "Dulles airport");
    }

    #[test]
    fn general_aliases_apply_everywhere() {
        let k = two_articles();
        let an = Analyzer::new(&k);
        for scope in [0, 1] {
            assert_eq!(an.analyze_in("the USA", scope).tokens[1].term, "unit stat");
        }
        assert_eq!(an.analyze("the tv").tokens[1].term, "television");
        assert_eq!(an.entity_kind("unit stat"), Some(EntityKind::Country));
    }
}
