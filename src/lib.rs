//! factbot's core: a curated fact base about news articles, a question matcher that always
//! answers with a verbatim quote (or abstains), and a fact-checker for claims.
//!
//! Nothing here knows about Discord or the command line; both are thin layers over
//! [`engine::Engine`], which is what a front end needs: load once, then `ask`, `check` and
//! `suggest` from as many tasks as you like. [`store`] is the question log the bot keeps so
//! curators can see what the fact base misses.

pub mod analysis;
pub mod answer;
pub mod calibrate;
pub mod check;
pub mod cli;
pub mod discord;
pub mod draft;
pub mod engine;
pub mod eval;
pub mod fsutil;
pub mod knowledge;
pub mod language;
pub(crate) mod lookup;
pub mod retrieval;
pub mod store;
pub mod synth;
pub mod text;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod testutil;

pub use check::{CheckResult, Verdict};
pub use engine::{Answer, Engine, EngineHandle, Options, Scored};
pub use knowledge::{Fact, Knowledge, LoadError, Source};
