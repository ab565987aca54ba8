//! Per-thread accumulators for ranking: dense arrays indexed by fact and by example question,
//! reset through the list of entries touched, so a question costs what its posting lists cost and
//! never a pass over the whole knowledge.

use std::cell::RefCell;

#[derive(Default)]
pub(super) struct Scratch {
    /// Per fact: best weight in the current slot, the IDF that came with it, and the slot stamp.
    best: Vec<(f64, f64, u32)>,
    /// Per fact: covered weight, the IDF of own-text terms matched, and the weight covered
    /// through synonyms, over all slots.
    sums: Vec<(f64, f64, f64)>,
    /// Per example: shared weight, and the stamp of the last slot that added to it.
    shared: Vec<(f64, u32)>,
    slot_facts: Vec<u32>,
    facts: Vec<u32>,
    examples: Vec<u32>,
    slot: u32,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Scratch {
    /// Runs `f` with this thread's scratch sized for `facts` facts and `examples` examples, and
    /// clean again afterwards.
    pub fn with<R>(facts: usize, examples: usize, f: impl FnOnce(&mut Scratch) -> R) -> R {
        SCRATCH.with(|cell| {
            // A re-entrant call (never expected) gets a fresh scratch rather than a panic.
            let mut owned;
            let mut guard = cell.try_borrow_mut();
            let sc: &mut Scratch = match guard.as_deref_mut() {
                Ok(s) => s,
                Err(_) => {
                    owned = Scratch::default();
                    &mut owned
                }
            };
            if sc.best.len() < facts {
                sc.best.resize(facts, (0.0, 0.0, u32::MAX));
                sc.sums.resize(facts, (0.0, 0.0, 0.0));
            }
            if sc.shared.len() < examples {
                sc.shared.resize(examples, (0.0, u32::MAX));
            }
            sc.slot = 0;
            let out = f(sc);
            sc.reset();
            out
        })
    }

    fn reset(&mut self) {
        for &fi in &self.facts {
            self.sums[fi as usize] = (0.0, 0.0, 0.0);
            self.best[fi as usize] = (0.0, 0.0, u32::MAX);
        }
        for &fi in &self.slot_facts {
            self.best[fi as usize] = (0.0, 0.0, u32::MAX);
        }
        for &ei in &self.examples {
            self.shared[ei as usize] = (0.0, u32::MAX);
        }
        self.facts.clear();
        self.slot_facts.clear();
        self.examples.clear();
    }

    /// Fact `fact` holds the current slot's term with weight `w` (IDF `idf`); keeps the best.
    pub fn slot_best(&mut self, slot: usize, fact: u32, w: f64, idf: f64) {
        let stamp = slot as u32;
        let b = &mut self.best[fact as usize];
        if b.2 != stamp {
            *b = (w, idf, stamp);
            self.slot_facts.push(fact);
        } else if w > b.0 {
            b.0 = w;
            b.1 = idf;
        }
    }

    /// Example `example` shares the current slot's word, worth `raw`; counted once per slot.
    pub fn example_shared(&mut self, slot: usize, example: u32, raw: f64) {
        let stamp = slot as u32;
        let s = &mut self.shared[example as usize];
        if s.1 == stamp {
            return;
        }
        if s.1 == u32::MAX {
            self.examples.push(example);
        }
        s.0 += raw;
        s.1 = stamp;
    }

    /// Closes the current slot: each fact holding it covers `weight` times its best match
    /// (`synonym`: matched through a synonym of the word).
    pub fn end_slot(&mut self, weight: f64, synonym: bool) {
        for &fi in &self.slot_facts {
            let (w, idf, _) = self.best[fi as usize];
            let s = &mut self.sums[fi as usize];
            if s.0 == 0.0 && s.1 == 0.0 {
                self.facts.push(fi);
            }
            s.0 += weight * w;
            if synonym {
                s.2 += weight * w;
            }
            if w >= 1.0 {
                s.1 += idf;
            }
            self.best[fi as usize] = (0.0, 0.0, u32::MAX);
        }
        self.slot_facts.clear();
        self.slot += 1;
    }

    /// Whether fact `fact` may be scored: it already is, or fewer than `cap` facts are.
    pub fn may_add(&self, fact: u32, cap: usize) -> bool {
        self.facts.len() + self.slot_facts.len() < cap
            || self.sums[fact as usize] != (0.0, 0.0, 0.0)
            || self.best[fact as usize].2 != u32::MAX
    }

    /// Whether no fact has been touched yet, in earlier slots or the current one.
    pub fn is_empty(&self) -> bool {
        self.facts.is_empty() && self.slot_facts.is_empty()
    }

    /// Facts that hold at least one of the text's terms, in the order first met.
    pub fn touched_facts(&self) -> &[u32] {
        &self.facts
    }

    /// (covered weight, IDF of own-text terms matched, weight covered through synonyms) of a
    /// fact.
    pub fn fact_sums(&self, fact: u32) -> (f64, f64, f64) {
        self.sums[fact as usize]
    }

    pub fn example_sum(&self, example: u32) -> f64 {
        self.shared[example as usize].0
    }
}
