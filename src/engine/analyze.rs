//! Turns free text into the terms the matcher compares: normalised, typo-corrected, stemmed,
//! with aliases folded into one canonical term ("Kyiv", "Kiev's" and "Ukrainian" all become
//! `ukraine`) and each term classified (stop word, generic word, negation, content).

use std::collections::{HashMap, HashSet};

use crate::knowledge::Knowledge;
use crate::text::{normalize, stem, words};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
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
pub(crate) struct Token {
    /// Stem, or the canonical term of an alias group.
    pub term: String,
    /// The word as typed (after normalisation and typo correction), for messages.
    pub word: String,
    pub kind: Kind,
    /// For an alias, the stems of the variant actually written ("white house"), when they differ
    /// from the canonical term: it lets the more literal match win a tie ("White House" over
    /// "Washington", both `united states`).
    pub surface: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Analyzed {
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

/// Typo correction limits: short words get one edit, long ones two, and words longer than any
/// real word (a run of Thai or CJK without spaces, a pasted hash) none: generating their
/// deletions would cost O(n^3) for no chance of a match.
fn max_edits(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        8..=MAX_CORRECTABLE => 2,
        _ => 0,
    }
}

const MAX_CORRECTABLE: usize = 24;

pub(crate) struct Analyzer {
    stop: HashSet<String>,
    generic: HashSet<String>,
    negations: HashSet<String>,
    /// Stemmed alias phrase -> canonical term.
    phrases: HashMap<Vec<String>, String>,
    longest_phrase: usize,
    /// Every word the knowledge uses, as normalised; typos are corrected towards these.
    vocab: HashSet<String>,
    /// Their stems: a new inflection of a known word ("taking" for "taken") is not a typo.
    vocab_stems: HashSet<String>,
    vocab_list: Vec<String>,
    frequency: Vec<u32>,
    /// SymSpell-style index: each vocabulary word under every string made by deleting up to
    /// `max_edits` characters, so a typo is found in a few hash look-ups instead of a scan.
    deletes: HashMap<String, Vec<u32>>,
}

impl Analyzer {
    pub fn new(k: &Knowledge) -> Analyzer {
        let lex = k.lexicon();
        let stemmed = |list: &[String]| -> HashSet<String> {
            list.iter()
                .flat_map(|w| words(&normalize(w)))
                .flat_map(|w| [stem(&w), w])
                .collect()
        };
        let stop = stemmed(&lex.stop_words);
        let generic = stemmed(&lex.generic_words);
        let negations = stemmed(&lex.negations);

        let mut phrases = HashMap::new();
        for group in k.aliases() {
            let canonical: Vec<String> = words(&normalize(&group.canonical))
                .iter()
                .map(|w| stem(w))
                .collect();
            let term = canonical.join(" ");
            for v in std::iter::once(&group.canonical).chain(&group.variants) {
                let key: Vec<String> = words(&normalize(v)).iter().map(|w| stem(w)).collect();
                if !key.is_empty() {
                    phrases.entry(key).or_insert_with(|| term.clone());
                }
            }
        }
        let longest_phrase = phrases.keys().map(Vec::len).max().unwrap_or(1);

        let mut counts: HashMap<String, u32> = HashMap::new();
        let mut add = |text: &str, n: u32| {
            for w in words(&normalize(text)) {
                *counts.entry(w).or_default() += n;
            }
        };
        for f in k.facts() {
            add(&f.quote, 3);
            add(&f.answer, 2);
            f.questions
                .iter()
                .chain(&f.keywords)
                .for_each(|q| add(q, 1));
            if let Some(s) = &f.speaker {
                add(s, 1);
            }
        }
        for g in k.aliases() {
            std::iter::once(&g.canonical)
                .chain(&g.variants)
                .for_each(|v| add(v, 1));
        }
        for list in [
            &lex.stop_words,
            &lex.generic_words,
            &lex.negations,
            &lex.support_words,
            &lex.oppose_words,
        ] {
            list.iter().for_each(|w| add(w, 1));
        }
        for c in &lex.categories {
            c.values.iter().flatten().for_each(|v| add(v, 1));
        }
        for (a, b) in &lex.antonyms {
            add(a, 1);
            add(b, 1);
        }
        let mut vocab_list: Vec<String> = counts.keys().cloned().collect();
        vocab_list.sort();
        let frequency = vocab_list.iter().map(|w| counts[w]).collect();
        let mut deletes: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, w) in vocab_list.iter().enumerate() {
            let n = w.chars().count();
            if max_edits(n) == 0 {
                continue;
            }
            for d in deletions(w, max_edits(n)) {
                deletes.entry(d).or_default().push(i as u32);
            }
        }
        for v in deletes.values_mut() {
            v.dedup();
        }
        let vocab = vocab_list.iter().cloned().collect();
        let vocab_stems = vocab_list.iter().map(|w| stem(w)).collect();
        Analyzer {
            stop,
            generic,
            negations,
            phrases,
            longest_phrase,
            vocab,
            vocab_stems,
            vocab_list,
            frequency,
            deletes,
        }
    }

    /// The closest known word within the edit budget for its length, if any. Ties go to the word
    /// the knowledge uses most, then alphabetical order, so correction is deterministic.
    pub fn correct(&self, word: &str) -> Option<&str> {
        let n = word.chars().count();
        let budget = max_edits(n);
        if budget == 0 || !word.chars().all(char::is_alphabetic) {
            return None;
        }
        let mut best: Option<(usize, u32, u32)> = None;
        let mut seen = HashSet::new();
        for d in deletions(word, budget) {
            let Some(cands) = self.deletes.get(&d) else {
                continue;
            };
            for &c in cands {
                if !seen.insert(c) {
                    continue;
                }
                let cand = &self.vocab_list[c as usize];
                let dist = strsim::osa_distance(word, cand);
                if dist == 0 || dist > budget || dist > max_edits(cand.chars().count()) {
                    continue;
                }
                let key = (dist, u32::MAX - self.frequency[c as usize], c);
                if best.is_none_or(|b| key < b) {
                    best = Some(key);
                }
            }
        }
        best.map(|(_, _, c)| self.vocab_list[c as usize].as_str())
    }

    pub fn analyze(&self, text: &str) -> Analyzed {
        let raw = words(&normalize(text));
        let fixed: Vec<String> = raw
            .into_iter()
            .map(|w| {
                if self.vocab.contains(&w) || self.vocab_stems.contains(&stem(&w)) {
                    w
                } else {
                    self.correct(&w).map(str::to_string).unwrap_or(w)
                }
            })
            .collect();
        let stems: Vec<String> = fixed.iter().map(|w| stem(w)).collect();
        let mut tokens = Vec::with_capacity(stems.len());
        let mut i = 0;
        while i < stems.len() {
            let mut matched = None;
            for len in (1..=self.longest_phrase.min(stems.len() - i)).rev() {
                if let Some(term) = self.phrases.get(&stems[i..i + len]) {
                    matched = Some((len, term));
                    break;
                }
            }
            if let Some((len, term)) = matched {
                let surface = stems[i..i + len].join(" ");
                let surface = (surface != *term).then_some(surface);
                // An alias of a negation ("ruled out" for "not") negates like one.
                let kind = if self.negations.contains(term) {
                    Kind::Negation
                } else {
                    Kind::Content
                };
                tokens.push(Token {
                    term: term.clone(),
                    word: fixed[i..i + len].join(" "),
                    kind,
                    surface,
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
            tokens.push(Token {
                term: s.clone(),
                word: w.clone(),
                kind,
                surface: None,
            });
            i += 1;
        }
        Analyzed { tokens }
    }
}

/// Every string obtained by deleting up to `edits` characters from `word` (including itself).
fn deletions(word: &str, edits: usize) -> HashSet<String> {
    let mut out = HashSet::new();
    out.insert(word.to_string());
    let mut frontier = vec![word.to_string()];
    for _ in 0..edits {
        let mut next = Vec::new();
        for w in &frontier {
            let chars: Vec<char> = w.chars().collect();
            for skip in 0..chars.len() {
                let d: String = chars
                    .iter()
                    .enumerate()
                    .filter(|&(j, _)| j != skip)
                    .map(|(_, c)| c)
                    .collect();
                if out.insert(d.clone()) {
                    next.push(d);
                }
            }
        }
        frontier = next;
    }
    out
}
