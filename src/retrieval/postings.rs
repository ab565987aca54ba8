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

/// Every term's posting list, end to end in one allocation, found through where each starts.
/// Grown one `Vec` per term, the lists held a quarter more than their entries in spare capacity,
/// scattered in small blocks (at 100,000 facts about 5 MB).
#[derive(Default)]
pub(super) struct Lists {
    postings: Box<[Posting]>,
    /// Where term `t`'s list starts; one more entry than there are terms.
    starts: Box<[u32]>,
}

impl Lists {
    /// The lists of `terms` terms from (term, posting) pairs in the order they were added: each
    /// list keeps that order.
    pub fn new(terms: usize, added: &[(u32, Posting)]) -> Lists {
        let mut starts = vec![0u32; terms + 1];
        for &(t, _) in added {
            starts[t as usize + 1] += 1;
        }
        for t in 0..terms {
            starts[t + 1] += starts[t];
        }
        let mut next: Vec<u32> = starts[..terms].to_vec();
        let mut postings = vec![
            Posting {
                fact: 0,
                weight: 0.0,
                examples: ExampleBits::default(),
                own: false,
            };
            added.len()
        ];
        for &(t, p) in added {
            let at = &mut next[t as usize];
            postings[*at as usize] = p;
            *at += 1;
        }
        Lists {
            postings: postings.into(),
            starts: starts.into(),
        }
    }

    /// Term `t`'s list (empty for a term it does not know).
    pub fn get(&self, t: u32) -> &[Posting] {
        let t = t as usize;
        match (self.starts.get(t), self.starts.get(t + 1)) {
            (Some(&a), Some(&b)) => &self.postings[a as usize..b as usize],
            _ => &[],
        }
    }

    /// Every term's list, by term.
    pub fn iter(&self) -> impl Iterator<Item = &[Posting]> + '_ {
        self.starts
            .windows(2)
            .map(|w| &self.postings[w[0] as usize..w[1] as usize])
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
    fn lists_keep_each_term_s_postings_in_the_order_added() {
        let added: Vec<(u32, Posting)> = [(2, 0), (0, 0), (2, 1), (3, 1), (2, 5), (0, 7)]
            .into_iter()
            .map(|(t, f)| (t, posting(f)))
            .collect();
        let lists = Lists::new(5, &added);
        let facts = |t: u32| lists.get(t).iter().map(|p| p.fact).collect::<Vec<_>>();
        assert_eq!(facts(0), [0, 7]);
        assert!(facts(1).is_empty());
        assert_eq!(facts(2), [0, 1, 5]);
        assert_eq!(facts(3), [1]);
        assert!(facts(4).is_empty());
        assert!(facts(5).is_empty(), "past the last term");
        assert_eq!(
            lists.iter().map(<[Posting]>::len).collect::<Vec<_>>(),
            [2, 0, 3, 1, 0]
        );
        assert!(Lists::new(0, &[]).get(0).is_empty());
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
