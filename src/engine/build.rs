//! Building an engine over a knowledge folder: every fact is read once ([`FactReading`]) and
//! that one reading feeds everything built over the knowledge. The reading is the costly part,
//! so it runs on worker threads, chunk by chunk, while this thread consumes the chunks in order:
//! a 100,000-fact folder loads in seconds on two cores, with only a few chunks of readings in
//! memory at any time.

use std::sync::mpsc;

use crate::analysis::classes::WordClasses;
use crate::analysis::{Analyzer, FactReading};
use crate::answer::features::Gives;
use crate::answer::{gives_of, Answerer};
use crate::knowledge::Knowledge;
use crate::retrieval::{self, Index};

/// Facts read per chunk.
const CHUNK: usize = 512;
/// Reader threads (the builder thread makes one more).
const READERS: usize = 2;

/// The retrieval index and the answerer (model not yet fitted) of a knowledge folder.
pub(super) fn index_and_answerer(k: &Knowledge, an: &Analyzer) -> (Index, Answerer) {
    let classes = WordClasses::new(k.language());
    let facts = k.facts();
    let mut builder = retrieval::Builder::new();
    let mut gives: Vec<(Gives, Box<[String]>)> = Vec::with_capacity(facts.len());
    let chunks = facts.len().div_ceil(CHUNK);
    let read_chunk = |c: usize| -> Vec<FactReading> {
        (c * CHUNK..((c + 1) * CHUNK).min(facts.len()))
            .map(|i| {
                let f = &facts[i];
                an.read_fact(f, retrieval::source_index(k, i), k.context_of(f).0)
            })
            .collect()
    };
    std::thread::scope(|scope| {
        let mut receivers = Vec::new();
        for w in 0..READERS.min(chunks.max(1)) {
            // Two chunks ahead at most: readers never run far ahead of the builder.
            let (tx, rx) = mpsc::sync_channel::<Vec<FactReading>>(2);
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
            for (j, r) in readings.iter().enumerate() {
                let f = &facts[c * CHUNK + j];
                builder.add(an, f, r);
                gives.push(gives_of(&classes, an, f, r));
            }
        }
    });
    let index = builder.finish(k, an);
    (index, Answerer::new(classes, gives))
}
