//! General English language data (WordNet 3.0 plus a hand-written opposites list), compiled into the binary and looked up by the project's word stems.

pub mod thesaurus;
