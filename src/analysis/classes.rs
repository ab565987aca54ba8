//! Word classes a question or a claim is read with, from the general language data: which words
//! place something in time, state an amount or a unit, say where, give a reason; and which
//! question words ask for which kind of answer.

use rustc_hash::FxHashSet as HashSet;

use super::{normalized_set, phrase_stems, Analyzed, Kind, Token};
use crate::language::{AnswerType, Language};
use crate::text::{normalize, stem, words};

pub struct WordClasses {
    time: HashSet<String>,
    /// Words that pin a time down: weekdays, months, "next", "ago".
    time_pins: HashSet<String>,
    /// Prepositions that make a place name a place.
    locatives: HashSet<String>,
    /// Multi-word time phrases ("ahead of", "at the start"), as stem sequences.
    time_phrases: Vec<Vec<String>>,
    quantity: HashSet<String>,
    units: HashSet<String>,
    place: HashSet<String>,
    /// Closed-set values that are roles ("foreign minister"), as joined stems.
    roles: HashSet<String>,
    /// Reason markers, as stem sequences ("out of fear").
    reasons: Vec<Vec<String>>,
    /// Question phrases (plain words) -> the answer they ask for, longest first.
    asks: Vec<(Vec<String>, AnswerType)>,
    yes_no: HashSet<String>,
    /// The first words of the question phrases ("who", "what", "how"...): a question that opens
    /// with one asks for something, even when a yes/no starter follows ("what is the capital").
    wh: HashSet<String>,
    copulas: HashSet<String>,
    measure_nouns: HashSet<String>,
    clock: HashSet<String>,
    /// Question phrases that ask a time of day, a day, which city (plain words).
    asks_clock: Vec<Vec<String>>,
    asks_day: Vec<Vec<String>>,
    asks_city: Vec<Vec<String>>,
    clock_suffixes: HashSet<String>,
    relative_days: HashSet<String>,
    position_verbs: HashSet<String>,
    months: HashSet<String>,
    weekdays: HashSet<String>,
    /// Spellings of the language's cities, as normalised words.
    cities: HashSet<String>,
}

/// What a question asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Asks {
    /// The kind of answer its question word asks for, if it has one ("where": a place).
    pub answer: Option<AnswerType>,
    /// It asks yes or no ("does Germany back it?").
    pub yes_no: bool,
    /// It asks who someone is ("who is Peskov?"), not who did something: the answer is the
    /// person named, described.
    pub identity: bool,
    /// It asks a time of day ("what time", "how early"), which a date does not answer.
    pub clock: bool,
    /// It asks a day ("what date", "which day"), which a month does not answer.
    pub day: bool,
    /// It asks which city or town ("in which city"), which a country or a border does not
    /// answer.
    pub city: bool,
}

fn stem_set(list: &[String]) -> HashSet<String> {
    list.iter().map(|w| phrase_stems(w).join(" ")).collect()
}

/// Phrases as their normalised words, as a question's words are compared with them.
fn word_phrases(list: &[String]) -> Vec<Vec<String>> {
    list.iter()
        .map(|p| words(&normalize(p)))
        .filter(|p| !p.is_empty())
        .collect()
}

/// Whether `words` holds one of `phrases`, word for word.
fn holds_phrase(words: &[&str], phrases: &[Vec<String>]) -> bool {
    phrases.iter().any(|p| {
        words
            .windows(p.len())
            .any(|w| w.iter().zip(p).all(|(a, b)| *a == b.as_str()))
    })
}

impl WordClasses {
    pub fn new(lang: &Language) -> WordClasses {
        let w = &lang.words;
        let mut time = stem_set(&w.time);
        let mut time_pins = stem_set(&w.time_qualifiers);
        let mut quantity = stem_set(&w.quantity);
        let mut roles = HashSet::default();
        for c in &lang.categories {
            let target = match c.name.as_str() {
                "weekday" | "month" => &mut time,
                "duration" => &mut quantity,
                "role" => &mut roles,
                _ => continue,
            };
            for spelling in c.values.iter().flatten() {
                target.insert(phrase_stems(spelling).join(" "));
            }
            if matches!(c.name.as_str(), "weekday" | "month") {
                for spelling in c.values.iter().flatten() {
                    time_pins.insert(phrase_stems(spelling).join(" "));
                }
            }
        }
        let mut asks: Vec<(Vec<String>, AnswerType)> = w
            .answer_types
            .iter()
            .map(|(p, t)| (words(&normalize(p)), *t))
            .filter(|(p, _)| !p.is_empty())
            .collect();
        asks.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        let time_phrases = time
            .iter()
            .filter(|t| t.contains(' '))
            .map(|t| t.split(' ').map(str::to_string).collect())
            .collect();
        WordClasses {
            time,
            time_pins,
            locatives: normalized_set(&w.locatives),
            time_phrases,
            quantity,
            units: stem_set(&w.units),
            place: stem_set(&w.place),
            roles,
            reasons: w.reason_markers.iter().map(|m| phrase_stems(m)).collect(),
            wh: asks
                .iter()
                .filter_map(|(p, _)| p.first().cloned())
                .collect(),
            asks,
            yes_no: normalized_set(&w.yes_no_starters),
            copulas: normalized_set(&w.copulas),
            measure_nouns: stem_set(&w.measure_nouns),
            clock: w
                .clock_words
                .iter()
                .flat_map(|c| words(&normalize(c)))
                .collect(),
            asks_clock: word_phrases(&w.asks_clock),
            asks_day: word_phrases(&w.asks_day),
            asks_city: word_phrases(&w.asks_city),
            clock_suffixes: normalized_set(&w.clock_suffixes),
            relative_days: normalized_set(&w.relative_days),
            position_verbs: normalized_set(&w.position_verbs),
            months: category_spellings(lang, "month"),
            weekdays: category_spellings(lang, "weekday"),
            cities: category_spellings(lang, "city"),
        }
    }

    fn stems_of(t: &Token) -> String {
        // Most tokens are one word: no list of stems to join.
        if !t.word.contains(' ') {
            return stem(&t.word);
        }
        t.word.split(' ').map(stem).collect::<Vec<_>>().join(" ")
    }

    fn any_of(set: &HashSet<String>, t: &Token) -> bool {
        set.contains(&t.term) || set.contains(&Self::stems_of(t))
    }

    /// A number in digits, an amount in words ("dozens", "two-day"), or a year.
    pub fn is_quantity(&self, t: &Token) -> bool {
        self.quantity_by(t, |set| Self::any_of(set, t))
    }

    /// [`WordClasses::is_quantity`], with `within` telling whether the token is in a word set.
    fn quantity_by(&self, t: &Token, within: impl Fn(&HashSet<String>) -> bool) -> bool {
        t.word.bytes().any(|b| b.is_ascii_digit()) || within(&self.quantity)
    }

    /// A weekday, a month, a year, or a word that places something in time ("next", "ahead of").
    pub fn is_time(&self, t: &Token) -> bool {
        self.time_by(t, |set| Self::any_of(set, t))
    }

    /// [`WordClasses::is_time`], with `within` as in [`WordClasses::quantity_by`].
    fn time_by(&self, t: &Token, within: impl Fn(&HashSet<String>) -> bool) -> bool {
        is_year(&t.word) || within(&self.time)
    }

    /// A weekday, a month, a year or date, or a word pinning a time relative to now ("next",
    /// "ago"): a time a question constrains its answer to. Broad words ("week", "start") are
    /// not: "this week" or "at the start" asks about the same event.
    pub fn pins_time(&self, t: &Token) -> bool {
        is_year(&t.word) || Self::any_of(&self.time_pins, t)
    }

    /// A preposition that makes the place name after it a place ("in", "inside").
    pub fn is_locative(&self, t: &Token) -> bool {
        self.locatives.contains(t.word.as_str())
    }

    /// Whether token `i` of `a` follows "in", "inside"... within two words: a place name there
    /// reads as a place ("the summit in Washington"), not as its government.
    fn located(&self, a: &Analyzed, i: usize) -> bool {
        a.tokens[..i]
            .iter()
            .rev()
            .take(2)
            .any(|p| self.is_locative(p))
    }

    /// A day of the week ("thursday").
    pub fn is_weekday(&self, t: &Token) -> bool {
        self.weekdays.contains(t.word.as_str())
    }

    pub fn is_unit(&self, t: &Token) -> bool {
        Self::any_of(&self.units, t)
    }

    pub fn is_role(&self, t: &Token) -> bool {
        Self::any_of(&self.roles, t)
    }

    /// What a question asks for: the answer its first question word or phrase asks for, and
    /// whether it asks yes or no (it opens with "is", "does", "did"... after any greeting).
    pub fn asks(&self, a: &Analyzed) -> Asks {
        let words: Vec<&str> = a.tokens.iter().flat_map(|t| t.word.split(' ')).collect();
        let mut answer = None;
        'outer: for i in 0..words.len() {
            for (phrase, t) in &self.asks {
                if words.len() - i >= phrase.len()
                    && words[i..i + phrase.len()]
                        .iter()
                        .zip(phrase)
                        .all(|(w, p)| *w == p.as_str())
                {
                    answer = Some(*t);
                    break 'outer;
                }
            }
        }
        // The first word that is not a greeting or filler decides a yes/no question.
        let opener = a
            .tokens
            .iter()
            .find(|t| {
                t.kind != Kind::Stop
                    || self.yes_no.contains(t.word.as_str())
                    || self.wh.contains(t.word.as_str())
            })
            .map(|t| t.word.as_str());
        let yes_no = answer.is_none() && opener.is_some_and(|w| self.yes_no.contains(w));
        let at = |i: usize| words.get(i).copied().unwrap_or("");
        let pos = |w: &str| words.iter().position(|x| *x == w);
        // "Who is Peskov?": "who", a copula, then nothing but the person.
        let identity = pos("who").is_some_and(|i| {
            self.copulas.contains(at(i + 1))
                && a.tokens.iter().filter(|t| t.kind == Kind::Content).count() <= 2
        });
        let clock = holds_phrase(&words, &self.asks_clock);
        let day = holds_phrase(&words, &self.asks_day);
        // "Where does Germany stand on it?" asks a position, not a place.
        if answer == Some(AnswerType::Place)
            && pos("where")
                .is_some_and(|i| words[i..].iter().any(|w| self.position_verbs.contains(*w)))
        {
            answer = None;
        }
        let city = holds_phrase(&words, &self.asks_city);
        // "What is the range of ...": an amount.
        let answer = answer.or_else(|| {
            let i = pos("what")?;
            let next = (i + 1..words.len())
                .find(|&j| !matches!(words[j], "is" | "was" | "s" | "the" | "are" | "were"))?;
            self.measure_nouns
                .contains(&stem(words[next]))
                .then_some(AnswerType::Quantity)
        });
        Asks {
            answer,
            yes_no: yes_no && answer.is_none(),
            identity,
            clock,
            day,
            city,
        }
    }

    /// Whether a text tells a time of day ("in the morning", "6 a.m.", "noon").
    pub fn tells_clock(&self, a: &Analyzed) -> bool {
        let w: Vec<&str> = a.tokens.iter().flat_map(|t| t.word.split(' ')).collect();
        w.iter().any(|x| self.clock.contains(*x))
            || w.windows(2).any(|p| {
                p[0].bytes().all(|b| b.is_ascii_digit()) && self.clock_suffixes.contains(p[1])
            })
    }

    /// Whether a text names a day: a weekday, a day of a month ("30 May", "May 30"), a date
    /// ("2024-05-30"), or "today", "yesterday", "tomorrow".
    pub fn tells_day(&self, a: &Analyzed) -> bool {
        let w: Vec<&str> = a.tokens.iter().flat_map(|t| t.word.split(' ')).collect();
        let number =
            |x: &str| !x.is_empty() && x.len() <= 2 && x.bytes().all(|b| b.is_ascii_digit());
        w.iter()
            .any(|x| self.weekdays.contains(*x) || self.relative_days.contains(*x))
            || w.windows(2).any(|p| {
                (number(p[0]) && self.months.contains(p[1]))
                    || (self.months.contains(p[0]) && number(p[1]))
            })
            || w.windows(3).any(|p| {
                p.iter()
                    .all(|x| x.bytes().all(|b| b.is_ascii_digit()) && !x.is_empty())
                    && p[0].len() == 4
            })
    }
}

/// The stems of every word of a text, alias phrases split back into their words.
fn plain_stems(a: &Analyzed) -> Vec<String> {
    a.tokens
        .iter()
        .flat_map(|t| t.word.split(' ').map(stem).collect::<Vec<_>>())
        .collect()
}

fn has_phrase(phrases: &[Vec<String>], stems: &[String]) -> bool {
    phrases
        .iter()
        .any(|p| !p.is_empty() && stems.windows(p.len()).any(|w| w == &p[..]))
}

/// Every spelling of every value of a category of the language, as normalised words.
fn category_spellings(lang: &Language, name: &str) -> HashSet<String> {
    lang.categories
        .iter()
        .filter(|c| c.name == name)
        .flat_map(|c| c.values.iter().flatten())
        .map(|s| normalize(s).trim().to_string())
        .collect()
}

fn is_year(word: &str) -> bool {
    word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) && matches!(&word[..2], "19" | "20")
}

/// What a text (a fact's quote and answer) gives, from its words alone: the kinds of answer it
/// can give, and the places it names.
#[derive(Debug, Default)]
pub struct Given {
    pub types: Vec<AnswerType>,
    /// (term, whether it is a city or town): places and cities the article or the language
    /// knows anywhere, countries after "in", "inside"... (elsewhere a country is who acted), and
    /// words or phrases that say where ("the border", "in Russia"). Sorted, each once.
    pub places: Vec<(String, bool)>,
}

/// What a text gives ([`Given`]), in one pass over its words.
pub fn given(classes: &WordClasses, an: &super::Analyzer, a: &Analyzed) -> Given {
    use crate::knowledge::EntityKind as E;
    let mut out = Vec::new();
    let mut places = Vec::new();
    let mut add = |t: AnswerType| {
        if !out.contains(&t) {
            out.push(t)
        }
    };
    // Every word of every fact goes through here: its stem is worked out once, for the phrase
    // searches and for each class its term is not in.
    let plain = plain_stems(a);
    let mut at = 0;
    for (i, t) in a.tokens.iter().enumerate() {
        let n = t.word.split(' ').count();
        let own = &plain[at..at + n];
        at += n;
        let stems = std::cell::OnceCell::new();
        let within = |set: &HashSet<String>| {
            set.contains(&t.term)
                || set.contains(
                    stems
                        .get_or_init(|| match own {
                            [one] => std::borrow::Cow::Borrowed(one.as_str()),
                            many => many.join(" ").into(),
                        })
                        .as_ref(),
                )
        };
        let time = classes.time_by(t, within);
        if t.kind == Kind::Stop && !time {
            continue;
        }
        // A place name answers "where" after "in", "inside"...; elsewhere it may stand for its
        // government ("Berlin had not supplied"), which answers "who".
        let located = classes.located(a, i);
        let kind = an.entity_kind(&t.term);
        match kind {
            Some(E::Person) | Some(E::Organisation) => add(AnswerType::Agent),
            Some(E::Thing) => {}
            Some(E::Country) | Some(E::Place) if located => add(AnswerType::Place),
            Some(E::Country) => add(AnswerType::Agent),
            Some(E::Place) => {}
            None => {}
        }
        if within(&classes.roles) {
            add(AnswerType::Agent);
        }
        if classes.quantity_by(t, within) {
            add(AnswerType::Quantity);
        }
        if time {
            add(AnswerType::Time);
        }
        let place_word = within(&classes.place);
        if place_word {
            add(AnswerType::Place);
        }
        if t.kind == Kind::Content {
            let city = kind == Some(E::Place) || classes.cities.contains(t.word.as_str());
            // A phrase the article reads as one ("in Russia", "Russian soil") is a place when
            // it opens with "in", "inside"... or holds a word that says where.
            let phrase = n > 1
                && (t
                    .word
                    .split(' ')
                    .next()
                    .is_some_and(|w| classes.locatives.contains(w))
                    || own.iter().any(|w| classes.place.contains(w)));
            let place = city && (kind == Some(E::Place) || located)
                || kind == Some(E::Country) && located
                || place_word
                || phrase;
            if place {
                places.push((t.term.clone(), city));
            }
        }
    }
    if has_phrase(&classes.reasons, &plain) {
        add(AnswerType::Reason);
    }
    if has_phrase(&classes.time_phrases, &plain) {
        add(AnswerType::Time);
    }
    places.sort();
    places.dedup();
    Given { types: out, places }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analyzer;
    use crate::knowledge::Knowledge;

    /// The bundled knowledge's analyzer and word classes.
    fn bundled() -> (Analyzer, WordClasses) {
        let k = Knowledge::bundled().unwrap();
        (Analyzer::new(&k), WordClasses::new(k.language()))
    }

    #[test]
    fn a_question_word_before_a_yes_no_starter_asks_for_something() {
        let (an, classes) = bundled();
        let asks = |q: &str| classes.asks(&an.analyze(q));
        assert!(asks("is Germany against it?").yes_no);
        assert!(asks("so, does the US back it").yes_no);
        assert!(!asks("what is the capital of france").yes_no);
        assert!(!asks("how is the meeting going").yes_no);
        assert_eq!(asks("who is peskov").answer, Some(AnswerType::Agent));
    }

    #[test]
    fn which_city_asks_a_city_and_where_one_stands_asks_no_place() {
        let (an, classes) = bundled();
        let asks = |q: &str| classes.asks(&an.analyze(q));
        assert!(asks("in which city are they meeting").city);
        assert!(asks("what town hosts it").city);
        assert!(!asks("where are they meeting").city);
        assert_eq!(
            asks("where are they meeting").answer,
            Some(AnswerType::Place)
        );
        assert_eq!(asks("where does germany stand on it").answer, None);
    }

    #[test]
    fn what_a_question_asks_comes_from_the_language_data_not_the_code() {
        let k = Knowledge::bundled().unwrap();
        let an = Analyzer::new(&k);
        let mut lang = k.language().clone();
        let w = &mut lang.words;
        w.asks_city = vec!["which village".into()];
        w.asks_day = vec!["on what day".into()];
        w.asks_clock = vec!["at what hour".into()];
        w.position_verbs = vec!["lean".into()];
        w.relative_days = vec!["anteayer".into()];
        w.clock_suffixes = vec!["uhr".into()];
        // "pm" is a clock word too: only the digits before it make it one here.
        w.clock_words.clear();
        let classes = WordClasses::new(&lang);
        let asks = |q: &str| classes.asks(&an.analyze(q));
        assert!(asks("which village hosts the meeting").city);
        assert!(!asks("which city hosts the meeting").city);
        assert!(asks("on what day did they meet").day);
        assert!(!asks("which day did they meet").day);
        assert!(asks("at what hour did they meet").clock);
        assert!(!asks("what time did they meet").clock);
        assert_eq!(asks("where does germany lean").answer, None);
        assert_eq!(
            asks("where does germany stand").answer,
            Some(AnswerType::Place)
        );
        assert!(classes.tells_day(&an.analyze("it happened anteayer")));
        assert!(!classes.tells_day(&an.analyze("it happened yesterday")));
        assert!(classes.tells_clock(&an.analyze("they met at 6 uhr")));
        assert!(!classes.tells_clock(&an.analyze("they met at 6 pm")));
    }

    #[test]
    fn the_places_a_text_gives_are_places_cities_located_countries_and_place_phrases() {
        let (an, classes) = bundled();
        let places = |text: &str| {
            let a = an.analyze(text);
            given(&classes, &an, &a)
                .places
                .into_iter()
                .map(|(term, city)| {
                    (
                        a.tokens
                            .iter()
                            .find(|t| t.term == term)
                            .unwrap()
                            .word
                            .clone(),
                        city,
                    )
                })
                .collect::<Vec<_>>()
        };
        // A city is a place anywhere; a country only after "in", "inside"...
        assert_eq!(
            places("the meeting in Prague"),
            [("prague".to_string(), true)]
        );
        assert_eq!(places("Germany opposes it"), []);
        assert_eq!(
            places("troops in Germany"),
            [("germany".to_string(), false)]
        );
        // A word that says where, and a phrase the article reads as one place.
        assert!(places("along the border").contains(&("border".to_string(), false)));
        assert!(places("bases in Russia used to launch strikes")
            .iter()
            .any(|(w, city)| w == "in russia" && !city));
    }
}
