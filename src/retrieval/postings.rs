//! Posting lists: for each term, the facts whose bag holds it, and which of each fact's example
//! questions use it.
//!
//! Two shapes of question decide the design. A question of rare words walks a few short lists.
//! A question made only of words found in a large share of facts (at 100,000 facts, one in three
//! facts holds the commonest generated words) first fills the candidate set from one list, then
//! asks, for each candidate, whether it holds each further term: a binary search over a list of
//! 40,000 entries is a chain of cache misses, repeated thousands of times. Long lists therefore
//! also keep a bitmap over all facts with a count of set bits per 64 facts, which answers that in
//! two memory reads.
//!
//! A posting also says which of its fact's example questions use the term, so example overlap is
//! counted from the postings a question already walks, with no second list per term.

/// Lists longer than this get a [`Dense`] lookup. Below it a binary search is a few steps over
/// memory that is already near, and the bitmap (one bit per fact) would cost more than the list.
const DENSE_MIN: usize = 512;

/// A fact's entry in a posting list.
#[derive(Debug, Clone, Copy)]
pub(super) struct Posting {
    pub fact: u32,
    /// 1 for the fact's own text; less for words inside alias phrases and example-only terms.
    pub weight: f32,
    /// Which of the fact's example questions use the term.
    pub examples: ExampleBits,
    /// Whether the fact's own text (quote, answer, keywords, speaker) holds it.
    pub own: bool,
}

/// A set of a fact's example questions, by position within the fact: bit `i` for the `i`-th
/// (`i` < 15), and one last bit standing for "some later one", which a caller resolves by
/// looking at those examples' terms. Curated facts have a handful of examples, so the spill is
/// rare and the common case costs no memory beyond the count it replaces.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct ExampleBits(u16);

impl ExampleBits {
    const SPILL_AT: usize = 15;
    const SPILL: u16 = 1 << 15;

    /// Adds the example at `position` within its fact.
    pub fn insert(&mut self, position: usize) {
        self.0 |= 1 << position.min(Self::SPILL_AT);
    }

    /// Positions below the spill, in order.
    pub fn listed(self) -> impl Iterator<Item = usize> {
        let mut bits = self.0 & !Self::SPILL;
        std::iter::from_fn(move || {
            (bits != 0).then(|| {
                let i = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                i
            })
        })
    }

    /// Whether some example at position 15 or later is in the set (which ones is not kept).
    pub fn spills(self) -> bool {
        self.0 & Self::SPILL != 0
    }

    /// Whether the example at `position` is, as far as the bits tell, the only one in the set:
    /// exact below the spill; at or past it, the caller must still check that no other late
    /// example is in the set.
    pub fn only(self, position: usize) -> bool {
        self.0 == 1 << position.min(Self::SPILL_AT)
    }

    /// The first position the bits do not list one by one.
    pub const fn spill_start() -> usize {
        Self::SPILL_AT
    }
}

/// Constant-time "where in this posting list is fact `f`": one bit per fact, and per 64 facts
/// the number of postings before them.
pub(super) struct Dense {
    bits: Box<[u64]>,
    before: Box<[u32]>,
}

impl Dense {
    /// A lookup for `list` when it is long enough to need one.
    pub fn of(list: &[Posting], facts: usize) -> Option<Dense> {
        if list.len() <= DENSE_MIN {
            return None;
        }
        let words = facts.div_ceil(64);
        let mut bits = vec![0u64; words];
        for p in list {
            bits[p.fact as usize / 64] |= 1 << (p.fact % 64);
        }
        let mut before = Vec::with_capacity(words);
        let mut n = 0u32;
        for w in &bits {
            before.push(n);
            n += w.count_ones();
        }
        Some(Dense {
            bits: bits.into_boxed_slice(),
            before: before.into_boxed_slice(),
        })
    }

    /// The position of `fact` in the list this was built from.
    pub fn find(&self, fact: u32) -> Option<usize> {
        let (w, b) = (fact as usize / 64, fact % 64);
        let word = *self.bits.get(w)?;
        (word & (1 << b) != 0)
            .then(|| self.before[w] as usize + (word & ((1u64 << b) - 1)).count_ones() as usize)
    }
}

/// Fact `fact`'s entry in `list`, through the list's dense lookup when it has one.
pub(super) fn find<'a>(
    list: &'a [Posting],
    dense: Option<&Dense>,
    fact: u32,
) -> Option<&'a Posting> {
    match dense {
        Some(d) => d.find(fact).map(|i| &list[i]),
        None => list
            .binary_search_by_key(&fact, |p| p.fact)
            .ok()
            .map(|i| &list[i]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posting(fact: u32) -> Posting {
        Posting {
            fact,
            weight: 1.0,
            examples: ExampleBits::default(),
            own: true,
        }
    }

    #[test]
    fn dense_finds_what_a_binary_search_finds() {
        let facts = 5_000;
        // Every third fact, plus a run of neighbours across a word boundary.
        let list: Vec<Posting> = (0..facts as u32)
            .filter(|f| f % 3 == 0 || (60..70).contains(f))
            .map(posting)
            .collect();
        let dense = Dense::of(&list, facts).expect("long enough");
        for f in 0..facts as u32 + 70 {
            let expected = list.binary_search_by_key(&f, |p| p.fact).ok();
            assert_eq!(dense.find(f), expected, "fact {f}");
        }
    }

    #[test]
    fn short_lists_keep_the_binary_search() {
        let list: Vec<Posting> = (0..DENSE_MIN as u32).map(posting).collect();
        assert!(Dense::of(&list, DENSE_MIN).is_none());
    }

    #[test]
    fn example_bits_list_early_positions_and_flag_late_ones() {
        let mut b = ExampleBits::default();
        assert_eq!(b.listed().count(), 0);
        b.insert(3);
        assert!(b.only(3));
        b.insert(0);
        assert!(!b.only(3));
        assert_eq!(b.listed().collect::<Vec<_>>(), vec![0, 3]);
        assert!(!b.spills());
        let mut late = ExampleBits::default();
        late.insert(20);
        late.insert(40);
        assert!(late.spills());
        assert_eq!(late.listed().count(), 0);
        assert!(late.only(ExampleBits::spill_start()));
    }
}
