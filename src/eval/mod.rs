//! How well a knowledge folder will work, measured without Discord and, for the leave-one-out
//! part, without writing a test set: `factbot eval`.
//!
//! - [`loo`]: every curated example question asked with itself left out of the knowledge, plus
//!   the decoys, `not_answered` and off-topic questions the confidence is fitted on; the model is
//!   fitted on four fifths of the facts and measured on the fifth (five folds), so the figures
//!   are for facts it was not fitted on. Reports fragile facts, confused pairs, and how reliable
//!   the confidence is.
//! - [`set`]: an evaluation set in the `questions.jsonl` / `offtopic.jsonl` / `claims.jsonl`
//!   format, scored as `grade.py` scores it (a quote counts when every place it occurs in the
//!   article is a gold paragraph).

pub mod loo;
pub mod set;
