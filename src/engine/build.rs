//! Building an engine over a knowledge folder: every fact is read once ([`FactReading`]) and
//! that one reading feeds everything built over the knowledge: the retrieval index, what kind
//! of answer each fact gives, the checker's view. Whatever depends on one fact alone (the
//! reading, the answer kinds, the checker's draft) runs on worker threads, chunk by chunk; this
//! thread only adds the results to the shared indexes, in fact order, so the indexes do not
//! depend on how the work was spread. Only a few chunks are in memory at any time.

use std::sync::mpsc;

use crate::analysis::classes::WordClasses;
use crate::analysis::{Analyzer, FactReading};
use crate::answer::features::Gives;
use crate::answer::stems::QuoteStems;
use crate::answer::{gives_of, Answerer, Named, NamedTerms};
use crate::check::index::{CheckIndex, Draft, Drafter, Views};
use crate::check::meaning::Lexicon;
use crate::knowledge::Knowledge;
use crate::retrieval::{self, Index};

/// Facts read per chunk.
const CHUNK: usize = 512;
/// Reader threads (the builder thread makes one more).
const READERS: usize = 2;

/// One fact as the reader threads hand it over: its reading and what is worked out of it alone.
struct Read {
    reading: FactReading,
    draft: Draft,
    gives: (Gives, NamedTerms),
    /// Its quote's word stems, for [`QuoteStems`].
    stems: Vec<String>,
}

/// The retrieval index, the answerer (model not yet fitted) and the checker's index (thresholds
/// not yet fitted) of a knowledge folder.
pub(super) fn indexes(
    k: &Knowledge,
    an: &Analyzer,
    lexicon: Box<dyn Lexicon>,
) -> (Index, Answerer, CheckIndex) {
    let classes = WordClasses::new(k.language());
    let facts = k.facts();
    let mut builder = retrieval::Builder::new();
    let mut gives: Vec<(Gives, Named)> = Vec::with_capacity(facts.len());
    let drafter = Drafter::new(k, lexicon);
    let mut views = Views::default();
    let mut quote_stems = QuoteStems::default();
    let chunks = facts.len().div_ceil(CHUNK);
    let read_chunk = |c: usize| -> Vec<Read> {
        (c * CHUNK..((c + 1) * CHUNK).min(facts.len()))
            .map(|i| {
                let f = &facts[i];
                let r = an.read_fact(f, retrieval::source_index(k, i), k.context_of(f).0);
                Read {
                    draft: drafter.draft(an, f, &r),
                    gives: gives_of(&classes, an, f, &r),
                    stems: crate::text::stems(&f.quote),
                    reading: r,
                }
            })
            .collect()
    };
    std::thread::scope(|scope| {
        let mut receivers = Vec::new();
        for w in 0..READERS.min(chunks.max(1)) {
            // Two chunks ahead at most: readers never run far ahead of the builder.
            let (tx, rx) = mpsc::sync_channel::<Vec<Read>>(2);
            receivers.push(rx);
            let read_chunk = &read_chunk;
            scope.spawn(move || {
                for c in (w..chunks).step_by(READERS) {
                    if tx.send(read_chunk(c)).is_err() {
                        return;
                    }
                }
            });
        }
        for c in 0..chunks {
            let Ok(readings) = receivers[c % receivers.len()].recv() else {
                break;
            };
            for (j, read) in readings.into_iter().enumerate() {
                let f = &facts[c * CHUNK + j];
                builder.add(an, f, &read.reading);
                // Made here, as the checker's view copies its draft: a reader thread's
                // allocation kept for good would pin the page it shares with freed readings.
                let named = read.gives.1.iter().map(|(t, k)| (builder.term_id(t), *k));
                gives.push((read.gives.0, Named::new(named)));
                views.add(an, &read.reading, read.draft);
                quote_stems.push(&read.stems);
            }
        }
    });
    let index = builder.finish(k, an);
    let check = CheckIndex::finish(k, an, drafter, views);
    (index, Answerer::new(classes, gives, quote_stems), check)
}
