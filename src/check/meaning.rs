//! Meaning over vocabulary: how a word a claim uses relates to a word the knowledge uses, in
//! general English. Every lookup the checker makes about synonyms, broader words, opposites and
//! word classes goes through the [`Lexicon`] trait, so that the general English data behind it can
//! change (the language folder's word lists today; a WordNet-derived thesaurus) without touching a
//! rule.
//!
//! Nothing here knows any article: the relations are those of English. An article's own other
//! names for its people and places are folded earlier, by the analyzer, in that article's scope.

use rustc_hash::FxHashMap as HashMap;

use crate::language::thesaurus::Thesaurus;
use crate::language::Language;

/// How a claim's word relates to a knowledge word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Relation {
    /// The same term.
    Same,
    /// A word with the same meaning in some sense ("endorse" for "back").
    Synonym,
    /// A broader word: the knowledge's word is a kind of it ("weapon" for "missile"), so what
    /// the knowledge says of the narrower thing holds for the broader one.
    Broader,
    /// A word with the opposite meaning ("calm" for "escalate", "forbid" for "allow").
    Opposite,
}

impl Relation {
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Same => "same",
            Relation::Synonym => "synonym",
            Relation::Broader => "broader",
            Relation::Opposite => "opposite",
        }
    }
}

/// What kind of word it is, coarsely: what decides whether it is a specific (a thing, a person,
/// a place, a time, an amount: the article must state it) or part of a predicate (an action, a
/// quality, a manner: matched by meaning).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordClass {
    /// A concrete thing, being, group, place, time or amount ("missile", "troops", "airport").
    Concrete,
    /// An abstract noun: an act, a state, a feeling, a communication ("support", "row").
    Abstract,
    Verb,
    Adjective,
    Adverb,
}

/// General English relations between words, looked up by this project's stems
/// ([`crate::text::stem`]; phrases as their words' stems joined by a space).
pub trait Lexicon: Send + Sync {
    /// Words related to `term`, with how each relates to it: `(w, Broader)` means `w` is a
    /// broader word than `term`.
    fn related(&self, term: &str) -> Vec<(String, Relation)>;

    /// Whether [`Lexicon::related`] has anything for `term`. Every pair of words of every fact
    /// is asked this, and almost none is a phrase: a lexicon that can tell without building the
    /// list should.
    fn has_related(&self, term: &str) -> bool {
        !self.related(term).is_empty()
    }

    /// The coarse class of a word, when the lexicon knows it.
    fn class(&self, term: &str) -> Option<WordClass>;

    /// The class of a word as written (`word`, normalised) with stem `term`: a form that can only
    /// be a verb's ("lobbying", "ramped") is read as the verb even where the noun is commoner.
    fn class_of(&self, term: &str, word: &str) -> Option<WordClass> {
        let _ = word;
        self.class(term)
    }

    /// Whether the lexicon knows the word as English at all (a word it does not know, after
    /// typo correction, is most likely a name).
    fn knows(&self, term: &str) -> bool {
        self.class(term).is_some()
    }

    /// The class of the word as a noun, when it can be one.
    fn noun_class(&self, term: &str) -> Option<WordClass> {
        let _ = term;
        None
    }

    /// Whether it knows word classes at all (else no word can be told unknown to it).
    fn has_classes(&self) -> bool {
        false
    }
}

/// A lexicon that knows nothing: every word is only itself.
pub struct NoLexicon;

impl Lexicon for NoLexicon {
    fn related(&self, _: &str) -> Vec<(String, Relation)> {
        Vec::new()
    }
    fn class(&self, _: &str) -> Option<WordClass> {
        None
    }
}

/// The relations the language folder's word lists state: its opposite pairs (`antonyms` in categories.toml),
/// and stance words (words.toml): support words are synonyms of one another, oppose words too,
/// and each support word is the opposite of each oppose word.
pub struct LanguageLexicon {
    related: HashMap<String, Vec<(String, Relation)>>,
}

fn phrase(s: &str) -> String {
    crate::analysis::phrase_stems(s).join(" ")
}

impl LanguageLexicon {
    pub fn new(lang: &Language) -> LanguageLexicon {
        let mut related: HashMap<String, Vec<(String, Relation)>> = HashMap::default();
        let mut add = |a: &str, b: &str, r: Relation| {
            if a.is_empty() || b.is_empty() || a == b {
                return;
            }
            let e = related.entry(a.to_string()).or_default();
            if !e.iter().any(|(w, _)| w == b) {
                e.push((b.to_string(), r));
            }
        };
        for (a, b) in &lang.antonyms {
            let (a, b) = (phrase(a), phrase(b));
            add(&a, &b, Relation::Opposite);
            add(&b, &a, Relation::Opposite);
        }
        let support: Vec<String> = lang.words.support.iter().map(|w| phrase(w)).collect();
        let oppose: Vec<String> = lang.words.oppose.iter().map(|w| phrase(w)).collect();
        for (same, other) in [(&support, &oppose), (&oppose, &support)] {
            for a in same {
                for b in same {
                    add(a, b, Relation::Synonym);
                }
                for b in other {
                    add(a, b, Relation::Opposite);
                }
            }
        }
        LanguageLexicon { related }
    }
}

impl Lexicon for LanguageLexicon {
    fn related(&self, term: &str) -> Vec<(String, Relation)> {
        self.related.get(term).cloned().unwrap_or_default()
    }
    fn has_related(&self, term: &str) -> bool {
        self.related.get(term).is_some_and(|r| !r.is_empty())
    }
    fn class(&self, _: &str) -> Option<WordClass> {
        None
    }
}

/// General English from WordNet 3.0 and the hand-written opposites
/// ([`crate::language::thesaurus`]): synonyms of a word's common senses, its opposites, its
/// broader words, and its class. Irregular forms ("brought", "met") are read as their lemmas.
pub struct WordNet(pub &'static Thesaurus);

impl WordNet {
    /// The keys a term may be looked up by: itself, and the lemma of an irregular form.
    fn keys<'a>(&'a self, term: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let irregular = (!term.contains(' '))
            .then(|| self.0.lemmas_of(term))
            .into_iter()
            .flatten();
        std::iter::once(term).chain(irregular)
    }
}

impl Lexicon for WordNet {
    fn related(&self, term: &str) -> Vec<(String, Relation)> {
        let th = self.0;
        let mut out: Vec<(String, Relation)> = Vec::new();
        for key in self.keys(term) {
            if key != term {
                // "brought" is "bring".
                out.push((key.to_string(), Relation::Synonym));
            }
            let [synonyms, antonyms, broader] = th.relations(key);
            for (ids, r) in [
                (synonyms, Relation::Synonym),
                (antonyms, Relation::Opposite),
                (broader, Relation::Broader),
            ] {
                for &id in ids {
                    let w = th.name(id);
                    if w != term && !out.iter().any(|(x, _)| x == w) {
                        out.push((w.to_string(), r));
                    }
                }
            }
        }
        out
    }

    fn has_related(&self, term: &str) -> bool {
        let th = self.0;
        self.keys(term).any(|key| {
            key != term
                || th
                    .relations(key)
                    .iter()
                    .any(|ids| ids.iter().any(|&id| th.name(id) != term))
        })
    }

    fn class(&self, term: &str) -> Option<WordClass> {
        use crate::language::thesaurus::WordClass as W;
        let c = self.keys(term).find_map(|k| self.0.class(k))?;
        Some(match c {
            // Things, places, amounts and times are specifics a fact must state. People and
            // groups named by a common noun ("leaders", "backers", "troops") describe someone
            // the claim's names already pin down, or are part of what it says.
            W::Place | W::Thing | W::Quantity | W::Time => WordClass::Concrete,
            W::Person | W::Group => WordClass::Abstract,
            W::Event | W::Communication | W::Possession | W::Abstract => WordClass::Abstract,
            W::Motion | W::Action | W::Change | W::Mental | W::Social | W::State => WordClass::Verb,
            W::Modifier => WordClass::Adjective,
        })
    }

    fn noun_class(&self, term: &str) -> Option<WordClass> {
        use crate::language::thesaurus::{Pos, WordClass as W};
        let c = self
            .keys(term)
            .find_map(|k| self.0.class_as(k, Pos::Noun))?;
        Some(match c {
            W::Place | W::Thing | W::Quantity | W::Time => WordClass::Concrete,
            _ => WordClass::Abstract,
        })
    }

    fn class_of(&self, term: &str, word: &str) -> Option<WordClass> {
        use crate::language::thesaurus::Pos;
        let verb_form = word.len() > 4 && (word.ends_with("ing") || word.ends_with("ed"));
        if verb_form
            && self
                .keys(term)
                .any(|k| self.0.class_as(k, Pos::Verb).is_some())
        {
            return Some(WordClass::Verb);
        }
        self.class(term)
    }

    fn has_classes(&self) -> bool {
        true
    }
}

/// Several lexicons read as one: relations are pooled; a word's class is the first one known.
pub struct Layered(pub Vec<Box<dyn Lexicon>>);

impl Lexicon for Layered {
    fn related(&self, term: &str) -> Vec<(String, Relation)> {
        let mut out: Vec<(String, Relation)> = Vec::new();
        for l in &self.0 {
            for (w, r) in l.related(term) {
                match out.iter_mut().find(|(x, _)| *x == w) {
                    // A word both a synonym and an opposite in different senses is not used as
                    // an opposite: the sense the claim means is unknown.
                    Some((_, old)) if *old != r => {
                        if r != Relation::Opposite {
                            *old = (*old).min(r);
                        }
                    }
                    Some(_) => {}
                    None => out.push((w, r)),
                }
            }
        }
        out
    }
    fn has_related(&self, term: &str) -> bool {
        self.0.iter().any(|l| l.has_related(term))
    }
    fn class(&self, term: &str) -> Option<WordClass> {
        self.0.iter().find_map(|l| l.class(term))
    }
    fn class_of(&self, term: &str, word: &str) -> Option<WordClass> {
        self.0.iter().find_map(|l| l.class_of(term, word))
    }
    fn noun_class(&self, term: &str) -> Option<WordClass> {
        self.0.iter().find_map(|l| l.noun_class(term))
    }
    fn has_classes(&self) -> bool {
        self.0.iter().any(|l| l.has_classes())
    }
}

/// The general English lexicon the checker reads claims with: the language folder's own
/// opposites and stance words, then WordNet.
pub fn bundled(lang: &Language) -> Box<dyn Lexicon> {
    Box::new(Layered(vec![
        Box::new(LanguageLexicon::new(lang)),
        Box::new(WordNet(Thesaurus::bundled())),
    ]))
}

/// A lexicon written out in a test: `(word, related, relation)` triples and word classes.
#[cfg(test)]
pub struct TestLexicon {
    pub pairs: Vec<(&'static str, &'static str, Relation)>,
    pub classes: Vec<(&'static str, WordClass)>,
}

#[cfg(test)]
impl Lexicon for TestLexicon {
    fn related(&self, term: &str) -> Vec<(String, Relation)> {
        let mut out = Vec::new();
        for &(a, b, r) in &self.pairs {
            let (a, b) = (phrase(a), phrase(b));
            if a == term {
                out.push((b.clone(), r));
            }
            // Synonyms and opposites hold both ways; a broader word does not.
            if b == term && r != Relation::Broader {
                out.push((a, r));
            }
        }
        out
    }
    fn class(&self, term: &str) -> Option<WordClass> {
        self.classes
            .iter()
            .find(|(w, _)| crate::text::stem(w) == term)
            .map(|(_, c)| *c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_data_gives_stance_words_and_opposites() {
        let lex = LanguageLexicon::new(Language::bundled());
        let back = lex.related(&phrase("back"));
        assert!(
            back.contains(&(phrase("endorse"), Relation::Synonym)),
            "{back:?}"
        );
        assert!(
            back.contains(&(phrase("oppose"), Relation::Opposite)),
            "{back:?}"
        );
        let allow = lex.related(&phrase("allow"));
        assert!(
            allow.contains(&(phrase("forbid"), Relation::Opposite)),
            "{allow:?}"
        );
    }

    #[test]
    fn has_related_says_whether_related_finds_anything() {
        let lang = Language::bundled();
        let article = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("knowledge/sources/nato-prague-2024-05-30.txt"),
        )
        .expect("the bundled article");
        // Every word of the bundled article, its pairs (the checker asks pairs), irregular forms
        // and words no lexicon knows.
        let words: Vec<String> = crate::text::words(&crate::text::normalize(&article))
            .iter()
            .map(|w| crate::text::stem(w))
            .collect();
        let mut terms: Vec<String> = words.windows(2).map(|p| p.join(" ")).collect();
        terms.extend(words);
        terms.extend(["brought", "met", "step back", "set to", "zzqx", ""].map(String::from));
        let lexicons: [Box<dyn Lexicon>; 3] = [
            Box::new(LanguageLexicon::new(lang)),
            Box::new(WordNet(Thesaurus::bundled())),
            bundled(lang),
        ];
        for lex in &lexicons {
            for t in &terms {
                assert_eq!(lex.has_related(t), !lex.related(t).is_empty(), "{t:?}");
            }
        }
    }

    #[test]
    fn layers_pool_relations_and_drop_ambiguous_opposites() {
        let a = TestLexicon {
            pairs: vec![("fast", "quick", Relation::Synonym)],
            classes: vec![("fast", WordClass::Adjective)],
        };
        let b = TestLexicon {
            pairs: vec![
                ("fast", "quick", Relation::Opposite),
                ("fast", "slow", Relation::Opposite),
            ],
            classes: vec![],
        };
        let l = Layered(vec![Box::new(a), Box::new(b)]);
        let r = l.related("fast");
        assert!(
            r.contains(&("quick".to_string(), Relation::Synonym)),
            "{r:?}"
        );
        assert!(
            r.contains(&("slow".to_string(), Relation::Opposite)),
            "{r:?}"
        );
        assert_eq!(l.class("fast"), Some(WordClass::Adjective));
    }
}
