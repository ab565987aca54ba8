//! A fact's amounts as its view keeps them, for every fact while the bot runs: the values and
//! where its text writes them, with the unit as a number in one table of the knowledge's units.
//! A [`Quantity`] as read holds its unit's and counted noun's names and its words; kept per
//! fact, that was about 10 MB at 100,000 facts for what a comparison and a reason need.

use rustc_hash::FxHashMap as HashMap;

use crate::analysis::numbers::{Quantity, Unit};
use crate::knowledge::Fact;

/// One amount of a fact's quote or answer.
pub(crate) struct Amount {
    low: f64,
    high: f64,
    /// Byte range in the text it was read from.
    start: u32,
    end: u32,
    /// Index in [`Units`]; [`Amount::NO_UNIT`] when it has none.
    unit: u32,
    approx: bool,
    /// Read from the fact's answer (else from its quote).
    in_answer: bool,
}

impl Amount {
    const NO_UNIT: u32 = u32::MAX;

    pub fn new(q: &Quantity, in_answer: bool, units: &mut UnitsBuilder) -> Amount {
        let at = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
        Amount {
            low: q.low,
            high: q.high,
            start: at(q.span.start),
            end: at(q.span.end),
            unit: q.unit.as_ref().map_or(Self::NO_UNIT, |u| units.id(u)),
            approx: q.approx,
            in_answer,
        }
    }

    /// The amount as read (without its words, which only a claim's reading uses).
    pub fn quantity(&self, units: &Units) -> Quantity {
        Quantity {
            low: self.low,
            high: self.high,
            approx: self.approx,
            unit: units.0.get(self.unit as usize).cloned(),
            span: self.start as usize..self.end as usize,
            words: Vec::new(),
        }
    }

    /// The amount as `fact`'s text writes it ("two-day").
    pub fn text<'f>(&self, fact: &'f Fact) -> &'f str {
        let text = if self.in_answer {
            &fact.answer
        } else {
            &*fact.quote
        };
        text.get(self.start as usize..self.end as usize)
            .unwrap_or_default()
    }
}

/// The distinct units of the knowledge's amounts.
#[derive(Default)]
pub(crate) struct Units(Box<[Unit]>);

/// Numbers units as the facts' amounts are added.
#[derive(Default)]
pub(crate) struct UnitsBuilder {
    list: Vec<Unit>,
    ids: HashMap<Unit, u32>,
}

impl UnitsBuilder {
    fn id(&mut self, u: &Unit) -> u32 {
        if let Some(&id) = self.ids.get(u) {
            return id;
        }
        let id = self.list.len() as u32;
        self.list.push(u.clone());
        self.ids.insert(u.clone(), id);
        id
    }

    pub fn finish(self) -> Units {
        Units(self.list.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::numbers::quantities;

    #[test]
    fn an_amount_reads_back_as_its_quantity_and_its_text() {
        let quote = "Up to 614 flights were cut over two days, and 30 mph winds";
        let mut b = UnitsBuilder::default();
        let read = quantities(quote);
        assert!(read.len() >= 2, "{read:?}");
        let kept: Vec<Amount> = read.iter().map(|q| Amount::new(q, false, &mut b)).collect();
        let units = b.finish();
        for (q, a) in read.iter().zip(&kept) {
            let back = a.quantity(&units);
            assert_eq!(
                (back.low, back.high, back.approx),
                (q.low, q.high, q.approx)
            );
            assert_eq!((&back.unit, &back.span), (&q.unit, &q.span));
            assert_eq!(&quote[q.span.clone()], &quote[back.span.clone()]);
        }
        // Units are numbered once each.
        let again = Amount::new(&read[0], true, &mut UnitsBuilder::default());
        assert_eq!(again.unit, 0);
    }
}
