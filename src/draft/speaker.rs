//! Who a sentence attributes words to, and which words: news prose says it in a handful of ways,
//! each read from the speech verbs of the language data ("said", "telling", "warned"):
//!
//! - after the quotation: `"...," Stoltenberg said` or `"...," said Stoltenberg`;
//! - before what was said: `Peskov said Thursday that ...`, `Putin has warned there would be ...`;
//! - by a pronoun standing for the sentence's subject: `Macron ... when he said Ukraine should ...`;
//! - by a participle after a pause: `Scholz remained less committal, saying Ukraine should ...`.
//!
//! A speaker named with others ("Britain and the Netherlands say ...") is no one speaker: none is
//! given. Quotations that run on beyond their attribution (a paragraph of quotation after the
//! attributed one) are attributed by [`super::attribute_paragraphs`].

use std::ops::Range;

use super::names::{Mention, Names};
use super::structure::{Sentence, Word};
use super::vocab::Vocab;
use crate::knowledge::EntityKind;

/// Words a sentence attributes to someone.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Attribution {
    /// Index into [`Names::entities`].
    pub entity: usize,
    /// The words said, as a word range of the sentence (may be empty).
    pub said: Range<usize>,
    /// The speaker is named in this sentence (else the attribution is carried over from the
    /// quotation's attributed part, in another sentence or paragraph).
    pub own: bool,
}

/// Pronouns that stand for a person named before them in the sentence.
const PERSONAL_PRONOUNS: [&str; 2] = ["he", "she"];

/// Conjunctions that join a speaker to others ("Britain and the Netherlands say").
const COORDINATORS: [&str; 2] = ["and", "or"];

/// The attributions a sentence makes itself, one per speaker, in order: the speech verbs with
/// a speaker ("the White House said ..., though Blinken hinted that ...").
pub(crate) fn attribute(
    s: &Sentence,
    mentions: &[Mention],
    names: &Names,
    v: &Vocab,
) -> Vec<Attribution> {
    let w = &s.words;
    let mut found: Vec<Attribution> = Vec::new();
    for k in 0..w.len() {
        if !v.speech.contains(&w[k].key) || w[k].cap {
            continue;
        }
        let Some(entity) = speaker_at(w, k, mentions, names, v) else {
            continue;
        };
        let said = said_range(w, k, v);
        match found.iter_mut().find(|a| a.entity == entity) {
            None => found.push(Attribution {
                entity,
                said,
                own: true,
            }),
            // A later verb of the same speaker says better what was said ("added his support,
            // telling NRK that ...").
            Some(a) if !said.is_empty() && !quoted_before(w, k) => a.said = said,
            Some(_) => {}
        }
    }
    found
}

/// A speech verb with no single speaker ("Britain and the Netherlands say ..."): its index and
/// the words said.
pub(crate) fn unattributed(s: &Sentence, v: &Vocab) -> Option<(usize, Range<usize>)> {
    let w = &s.words;
    let k = (1..w.len()).find(|&k| v.speech.contains(&w[k].key) && !w[k].cap && !w[k - 1].pause)?;
    Some((k, said_range(w, k, v)))
}

/// Whether quoted words close before word `k` (the attribution follows its quotation).
fn quoted_before(w: &[Word], k: usize) -> bool {
    w[..k].iter().any(|x| x.close_quote)
}

/// The speaker of the speech verb at `k`, as an entity index.
fn speaker_at(
    w: &[Word],
    k: usize,
    mentions: &[Mention],
    names: &Names,
    v: &Vocab,
) -> Option<usize> {
    let can_speak = |m: &Mention| names.entities[m.entity].kind != EntityKind::Place;
    // Before the verb, over auxiliaries and adverbs: "Putin has warned", "Eide also said".
    let mut j = k;
    while j > 0
        && k - j < 2
        && (v.auxiliaries.contains(&w[j - 1].key)
            || w[j - 1].key.ends_with("ly")
            || w[j - 1].key == "also")
        && !w[j - 1].cap
    {
        j -= 1;
    }
    if j > 0 && !w[j - 1].pause {
        if let Some(m) = mentions.iter().find(|m| m.words.end == j && can_speak(m)) {
            return (!coordinated(w, m.words.start)).then_some(m.entity);
        }
        if PERSONAL_PRONOUNS.contains(&w[j - 1].key.as_str()) {
            return mentions
                .iter()
                .find(|m| m.words.end < j && names.entities[m.entity].kind == EntityKind::Person)
                .map(|m| m.entity);
        }
    }
    // After the verb, right after a quotation: `"...," said Stoltenberg`.
    if k > 0 && w[k - 1].close_quote {
        if let Some(m) = mentions
            .iter()
            .find(|m| m.words.start == k + 1 && can_speak(m))
        {
            return Some(m.entity);
        }
    }
    // A participle after a pause: the sentence's first person ("Scholz ..., saying").
    if k > 0 && w[k - 1].pause && w[k].key.ends_with("ing") {
        return mentions
            .iter()
            .find(|m| m.words.end < k && names.entities[m.entity].kind == EntityKind::Person)
            .map(|m| m.entity);
    }
    None
}

/// Whether the name starting at word `start` is joined to another ("Britain and the Netherlands").
fn coordinated(w: &[Word], start: usize) -> bool {
    let before = |i: usize| start.checked_sub(i).map(|j| w[j].key.as_str());
    let joined = |k: Option<&str>| k.is_some_and(|k| COORDINATORS.contains(&k));
    joined(before(1)) || (before(1) == Some("the") && joined(before(2)))
}

/// What the speech verb at `k` introduces: the quotation before it when there is one, else the
/// words after it (past "that", and past whom it was told: "telling NRK television that") up to
/// the next pause.
pub(crate) fn said_range(w: &[Word], k: usize, v: &Vocab) -> Range<usize> {
    if let Some(close) = w[..k].iter().rposition(|x| x.close_quote) {
        let open = w[..=close].iter().rposition(|x| x.open_quote).unwrap_or(0);
        return open..close + 1;
    }
    let mut start = k + 1;
    // Time words right after the verb ("said Thursday that").
    while start < w.len()
        && (v.calendar.contains(&w[start].key) || w[start].key == "on")
        && !w[start - 1].pause
    {
        start += 1;
    }
    if let Some(that) = w[start..w.len().min(start + 5)]
        .iter()
        .position(|x| x.key == "that")
    {
        start += that + 1;
    }
    let mut end = start;
    while end < w.len() {
        end += 1;
        if w[end - 1].pause {
            break;
        }
    }
    start.min(end)..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::names;
    use crate::draft::structure::{read, word_text};
    use crate::language::Language;

    /// Each sentence's speaker and said words.
    fn attributions(text: &str) -> Vec<Option<(String, String)>> {
        let st = read(text);
        let v = Vocab::new(Language::bundled());
        let n = names::find(text, &st, &v);
        st.sentences
            .iter()
            .enumerate()
            .map(|(i, s)| {
                attribute(s, &n.mentions[i], &n, &v).first().map(|a| {
                    let said: Vec<&str> = s.words[a.said.clone()]
                        .iter()
                        .map(|w| word_text(text, w))
                        .collect();
                    (n.entities[a.entity].name.clone(), said.join(" "))
                })
            })
            .collect()
    }

    fn one(text: &str) -> Option<(String, String)> {
        attributions(text).into_iter().next().flatten()
    }

    #[test]
    fn after_a_quotation() {
        assert_eq!(
            one("\"We will stay,\" Kremlin spokesman Dmitry Peskov said Thursday."),
            Some(("Dmitry Peskov".into(), "We will stay".into()))
        );
        assert_eq!(
            one("\"We will stay,\" said Ada Lovelace."),
            Some(("Ada Lovelace".into(), "We will stay".into()))
        );
    }

    #[test]
    fn before_what_was_said() {
        assert_eq!(
            one("Russian President Vladimir Putin has warned there would be trouble, sources say."),
            Some(("Vladimir Putin".into(), "there would be trouble".into()))
        );
        assert_eq!(
            one("Ada Lovelace said Thursday that the engine works."),
            Some(("Ada Lovelace".into(), "the engine works".into()))
        );
    }

    #[test]
    fn through_a_pronoun_or_a_participle() {
        assert_eq!(
            one("French President Emmanuel Macron moved on Tuesday when he said Ukraine should win."),
            Some(("Emmanuel Macron".into(), "Ukraine should win".into()))
        );
        assert_eq!(
            one("Norway's Foreign Minister Espen Barth Eide added his support, telling NRK television that Kiev should win."),
            Some(("Espen Barth Eide".into(), "Kiev should win".into()))
        );
    }

    #[test]
    fn each_speaker_of_a_sentence_is_found() {
        let text = "The White House said it objected, though Secretary of State Antony Blinken hinted that it could change.";
        let st = read(text);
        let v = Vocab::new(Language::bundled());
        let n = names::find(text, &st, &v);
        let all = attribute(&st.sentences[0], &n.mentions[0], &n, &v);
        let who: Vec<&str> = all
            .iter()
            .map(|a| n.entities[a.entity].name.as_str())
            .collect();
        assert_eq!(who, ["White House", "Antony Blinken"]);
    }

    #[test]
    fn no_single_speaker_for_a_group_or_a_place() {
        assert_eq!(
            one("Some countries including Britain and the Netherlands say it is right."),
            None
        );
        assert_eq!(one("The talks in Prague said little."), None);
        assert_eq!(one("Nobody spoke."), None);
    }
}
