//! Typo correction towards the knowledge's vocabulary, SymSpell-style: every known word is
//! indexed under the strings made by deleting up to two of its characters, so a misspelling is
//! found in a few look-ups instead of a scan of the vocabulary.
//!
//! The deletions are kept as 32-bit hashes in one sorted array, not as strings in a map: a word
//! of twelve letters has 78 of them, and as strings they cost 23 MB of the 182 MB a 10,000-fact
//! knowledge base took. A hash collision only adds a candidate, and every candidate's edit
//! distance is computed anyway.

use std::hash::{Hash, Hasher};

use hashbrown::HashTable;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet, FxHasher};

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

pub(crate) struct Typos {
    words: Vec<String>,
    /// Indices into `words`, hashed by the word, for membership: every word of every text read
    /// asks, and a binary search over the sorted vocabulary was a tenth of the time of loading
    /// 10,000 facts. A table of indices holds no second copy of the words.
    known: HashTable<u32>,
    /// How often the knowledge uses each word: ties go to the more used one.
    frequency: Vec<u32>,
    /// (hash of a deletion, index of the word it comes from), sorted.
    deletes: Vec<(u32, u32)>,
}

fn hash(word: &str) -> u64 {
    let mut h = FxHasher::default();
    word.hash(&mut h);
    h.finish()
}

/// The key a deletion is filed under (FxHash: the same in every run, so corrections are too).
fn key(deletion: &str) -> u32 {
    let x = hash(deletion);
    (x ^ (x >> 32)) as u32
}

impl Typos {
    /// Indexes `counts` (word → how often the knowledge uses it).
    pub fn new(counts: HashMap<String, u32>) -> Typos {
        let mut words: Vec<String> = counts.keys().cloned().collect();
        words.sort();
        let frequency = words.iter().map(|w| counts[w]).collect();
        let mut deletes: Vec<(u32, u32)> = Vec::new();
        for (i, w) in words.iter().enumerate() {
            let n = w.chars().count();
            if max_edits(n) == 0 {
                continue;
            }
            deletes.extend(
                deletions(w, max_edits(n))
                    .iter()
                    .map(|d| (key(d), i as u32)),
            );
        }
        deletes.sort_unstable();
        deletes.dedup();
        deletes.shrink_to_fit();
        let mut known = HashTable::with_capacity(words.len());
        for (i, w) in words.iter().enumerate() {
            known.insert_unique(hash(w), i as u32, |&j| hash(&words[j as usize]));
        }
        Typos {
            known,
            words,
            frequency,
            deletes,
        }
    }

    pub fn contains(&self, word: &str) -> bool {
        self.known
            .find(hash(word), |&i| self.words[i as usize] == word)
            .is_some()
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
        let mut seen = HashSet::default();
        for d in deletions(word, budget) {
            let k = key(&d);
            let from = self.deletes.partition_point(|&(h, _)| h < k);
            let cands = self.deletes[from..].iter().take_while(|&&(h, _)| h == k);
            for &(_, c) in cands {
                if !seen.insert(c) {
                    continue;
                }
                let cand = &self.words[c as usize];
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
        best.map(|(_, _, c)| self.words[c as usize].as_str())
    }
}

/// Every string obtained by deleting up to `edits` characters from `word` (including itself).
fn deletions(word: &str, edits: usize) -> HashSet<String> {
    let mut out = HashSet::default();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn typos(words: &[(&str, u32)]) -> Typos {
        Typos::new(words.iter().map(|&(w, n)| (w.to_string(), n)).collect())
    }

    #[test]
    fn corrects_within_the_budget_for_the_length() {
        let t = typos(&[("stoltenberg", 3), ("macron", 2), ("prague", 1)]);
        assert_eq!(t.correct("stoltneberg"), Some("stoltenberg"));
        assert_eq!(t.correct("macorn"), Some("macron"));
        assert_eq!(t.correct("mcarn"), None); // two edits on a six-letter word
        assert_eq!(t.correct("abc"), None); // too short to correct
        assert_eq!(t.correct("prague"), None); // already right
        assert_eq!(t.correct(&"x".repeat(40)), None);
    }

    #[test]
    fn ties_go_to_the_more_used_word() {
        let t = typos(&[("cast", 1), ("cart", 5)]);
        assert_eq!(t.correct("cat"), None);
        assert_eq!(t.correct("carst"), Some("cart"));
    }
}
