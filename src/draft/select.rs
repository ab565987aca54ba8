//! Which sentences get a draft fact: those that say something. A fragment of a few words says
//! nothing a reader would ask about; a heading (a paragraph of one unterminated sentence) is kept
//! only when it names someone or something, a number or a time, and has some length to it
//! ("Serious consequences" is a section title; "Storm hits Boston on Monday" is news).

use super::structure::Sentence;
use super::vocab::Vocab;

/// Fewest words of a sentence worth a fact.
const MIN_WORDS: usize = 4;
/// Fewest words of a heading worth a fact, when it names something.
const MIN_HEADING_WORDS: usize = 3;
/// A heading this long is worth a fact even when it names nothing.
const LONG_HEADING_WORDS: usize = 6;

/// Whether sentence `s`, which names `mentions` entities, is worth a draft fact.
pub(crate) fn informative(s: &Sentence, mentions: usize, v: &Vocab) -> bool {
    let n = s.words.len();
    let content = s
        .words
        .iter()
        .filter(|w| !v.is_function(&w.key) && !w.key.is_empty())
        .count();
    let specific = mentions > 0
        || s.words
            .iter()
            .any(|w| v.is_quantity(&w.key) || v.calendar.contains(&w.key));
    if s.alone && !s.terminated() {
        return n >= LONG_HEADING_WORDS || (n >= MIN_HEADING_WORDS && specific);
    }
    n >= MIN_WORDS && content >= 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::structure::read;
    use crate::language::Language;

    fn keep(text: &str, mentions: usize) -> Vec<bool> {
        let v = Vocab::new(Language::bundled());
        read(text)
            .sentences
            .iter()
            .map(|s| informative(s, mentions, &v))
            .collect()
    }

    #[test]
    fn short_headings_and_fragments_are_skipped() {
        assert_eq!(keep("Serious consequences", 0), [false]);
        assert_eq!(keep("Yes. No way.", 0), [false, false]);
        assert_eq!(keep("The storm closed every school in town.", 0), [true]);
    }

    #[test]
    fn a_heading_that_names_something_is_kept() {
        assert_eq!(keep("Storm hits Boston", 1), [true]);
        assert_eq!(keep("Storm on Monday", 0), [true]);
        assert_eq!(keep("Storm hits", 0), [false]);
    }
}
