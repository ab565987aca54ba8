//! Finding an item of a list by a string it holds (a fact by its id, a word by its text) without
//! storing the strings a second time as map keys: a hash table of positions, whose equality
//! check reads the key from the list ([`Strings`] keeps such a list of its own). At 100,000 facts a `HashMap<String, usize>` of fact ids
//! alone was another 100,000 heap strings.

use std::hash::{Hash, Hasher};

use hashbrown::HashTable;
use rustc_hash::FxHasher;

fn hash(key: &str) -> u64 {
    let mut h = FxHasher::default();
    key.hash(&mut h);
    h.finish()
}

/// Positions in a list, by a string key each item has. The list is the caller's: every call
/// takes `key_of`, which gives the key of the item at a position.
#[derive(Debug, Clone, Default)]
pub(crate) struct Positions {
    table: HashTable<u32>,
}

impl Positions {
    pub fn with_capacity(n: usize) -> Positions {
        Positions {
            table: HashTable::with_capacity(n),
        }
    }

    /// The position of the item whose key is `key`.
    pub fn get<'a>(&self, key: &str, key_of: impl Fn(usize) -> &'a str) -> Option<usize> {
        self.table
            .find(hash(key), |&i| key_of(i as usize) == key)
            .map(|&i| i as usize)
    }

    /// Records that the item at `position` has key `key`, unless an item with that key is
    /// already recorded (the first one stays). Returns the recorded position.
    pub fn insert<'a>(
        &mut self,
        key: &str,
        position: usize,
        key_of: impl Fn(usize) -> &'a str,
    ) -> usize {
        let h = hash(key);
        if let Some(&i) = self.table.find(h, |&i| key_of(i as usize) == key) {
            return i as usize;
        }
        // Positions index in-memory lists, far below 2^32 items.
        let p = u32::try_from(position).expect("lists hold fewer than 2^32 items");
        self.table
            .insert_unique(h, p, |&i| hash(key_of(i as usize)));
        position
    }
}

/// Strings stored once each, numbered in the order they were first seen: the checker's terms and
/// words, the quotes' stems.
#[derive(Default)]
pub(crate) struct Strings {
    ids: Positions,
    names: Vec<Box<str>>,
}

impl Strings {
    pub fn id(&self, s: &str) -> Option<u32> {
        self.ids.get(s, |i| &self.names[i]).map(|i| i as u32)
    }

    pub fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Every string, in number order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(|n| &**n)
    }

    /// The number of `s`, given the next free one if it has none yet.
    pub fn intern(&mut self, s: &str) -> u32 {
        if let Some(i) = self.id(s) {
            return i;
        }
        let i = self.names.len();
        self.names.push(s.into());
        let names = &self.names;
        self.ids.insert(s, i, |j| &names[j]);
        i as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_found_by_their_key_and_the_first_of_two_stays() {
        let items = ["prague", "kyiv", "berlin", "kyiv"];
        let key_of = |i: usize| items[i];
        let mut p = Positions::with_capacity(items.len());
        let recorded: Vec<usize> = (0..items.len())
            .map(|i| p.insert(items[i], i, key_of))
            .collect();
        assert_eq!(recorded, [0, 1, 2, 1]);
        assert_eq!(p.table.len(), 3);
        assert_eq!(p.get("kyiv", key_of), Some(1));
        assert_eq!(p.get("berlin", key_of), Some(2));
        assert_eq!(p.get("paris", key_of), None);
        // Enough items to make the table grow (and rehash through `key_of`).
        let many: Vec<String> = (0..1000).map(|i| format!("w{i}")).collect();
        let key_of = |i: usize| many[i].as_str();
        let mut p = Positions::default();
        for (i, w) in many.iter().enumerate() {
            p.insert(w, i, key_of);
        }
        assert!((0..1000).all(|i| p.get(&many[i], key_of) == Some(i)));
    }

    #[test]
    fn strings_are_numbered_in_the_order_first_seen() {
        let mut s = Strings::default();
        assert_eq!(s.intern("meet"), 0);
        assert_eq!(s.intern("prague"), 1);
        assert_eq!(s.intern("meet"), 0);
        assert_eq!((s.len(), s.id("prague"), s.id("kyiv")), (2, Some(1), None));
        assert_eq!(s.name(1), "prague");
        assert_eq!(s.names().collect::<Vec<_>>(), ["meet", "prague"]);
    }
}
