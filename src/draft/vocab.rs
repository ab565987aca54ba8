//! The general language data ([`crate::language`]) in the shapes drafting reads an article with:
//! roles, countries (with their adjectives and the general aliases that name them), cities,
//! weekdays and months, the word classes of `words.toml`, and the article's own words seen in
//! lowercase (a capitalised word the article also writes in lowercase is a common word that
//! happens to open a sentence, not a name).

use std::collections::{HashMap, HashSet};

use super::structure::Word;
use crate::language::Language;
use crate::text::{normalize, words};

/// Phrases (normalised, space-separated words) mapped to their canonical value.
#[derive(Debug, Default)]
pub(crate) struct Phrases {
    map: HashMap<String, String>,
    longest: usize,
}

impl Phrases {
    fn insert(&mut self, spelling: &str, canonical: &str) {
        let key = key(spelling);
        if key.is_empty() {
            return;
        }
        self.longest = self.longest.max(key.split(' ').count());
        self.map.entry(key).or_insert_with(|| canonical.to_string());
    }

    /// The longest phrase starting at word `i`, as (number of words, canonical value). A phrase
    /// never spans a pause or a closing quote (except after its last word).
    pub fn at<'a>(&'a self, words: &[Word], i: usize) -> Option<(usize, &'a str)> {
        let mut joined = String::new();
        let mut best = None;
        for (n, w) in words[i..].iter().take(self.longest.max(1)).enumerate() {
            if n > 0 {
                let prev = &words[i + n - 1];
                if prev.pause || prev.close_quote || prev.possessive || w.open_quote {
                    break;
                }
                joined.push(' ');
            }
            joined.push_str(&w.key);
            if let Some(c) = self.map.get(&joined) {
                best = Some((n + 1, c.as_str()));
            }
        }
        best
    }

    pub fn contains(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }
}

/// The normalised form of a spelling: its words, space-separated.
pub(crate) fn key(s: &str) -> String {
    words(&normalize(s)).join(" ")
}

fn set(list: &[String]) -> HashSet<String> {
    list.iter()
        .map(|w| key(w))
        .filter(|k| !k.is_empty())
        .collect()
}

/// The language data drafting reads with.
#[derive(Debug)]
pub(crate) struct Vocab {
    /// Role spellings -> the role's canonical name ("fm" -> "foreign minister").
    pub roles: Phrases,
    /// Country names and adjectives -> the country's canonical name ("french" -> "france").
    pub countries: Phrases,
    /// City spellings -> the city's canonical name.
    pub cities: Phrases,
    /// Weekdays and months, every spelling.
    pub calendar: HashSet<String>,
    /// Weekdays alone (one is "on" a day, "in" a month).
    pub weekdays: HashSet<String>,
    /// Past tenses not ending in -ed -> their base form ("said" -> "say").
    pub irregular_past: HashMap<String, String>,
    /// Every word or phrase of the general alias groups ("western", "european").
    pub general: HashSet<String>,
    /// Stop and generic words: they say nothing of a topic.
    pub stop: HashSet<String>,
    pub generic: HashSet<String>,
    pub locatives: HashSet<String>,
    pub speech: HashSet<String>,
    pub particles: HashSet<String>,
    pub organisations: HashSet<String>,
    pub quantity: HashSet<String>,
    pub units: HashSet<String>,
    /// Auxiliary verbs, which a question moves to its front ("have the US ... opposed").
    pub auxiliaries: HashSet<String>,
    /// Reason markers, as word sequences ("out of fear").
    pub reasons: Vec<Vec<String>>,
    /// Negations ("not", "never"): they turn a phrase, they are not its topic.
    pub negations: HashSet<String>,
}

impl Vocab {
    pub fn new(lang: &Language) -> Vocab {
        let w = &lang.words;
        let mut v = Vocab {
            roles: Phrases::default(),
            countries: Phrases::default(),
            cities: Phrases::default(),
            calendar: HashSet::new(),
            weekdays: HashSet::new(),
            irregular_past: w
                .irregular_past
                .iter()
                .map(|(past, base)| (key(past), key(base)))
                .collect(),
            general: HashSet::new(),
            stop: set(&w.stop),
            generic: set(&w.generic),
            locatives: set(&w.locatives),
            speech: set(&w.speech_verbs),
            particles: set(&w.name_particles),
            organisations: set(&w.organisation_words),
            quantity: set(&w.quantity),
            units: set(&w.units),
            // "is", "does", "has"... without the contracted negatives ("isnt").
            auxiliaries: set(&w.yes_no_starters)
                .into_iter()
                .filter(|a| !a.ends_with("nt"))
                .collect(),
            reasons: w
                .reason_markers
                .iter()
                .map(|m| words(&normalize(m)))
                .collect(),
            negations: set(&w.negations),
        };
        let mut country_names = HashSet::new();
        for c in &lang.categories {
            for value in &c.values {
                let canonical = &value[0];
                for spelling in value {
                    match c.name.as_str() {
                        "role" => v.roles.insert(spelling, canonical),
                        "country" => {
                            country_names.insert(key(canonical));
                            v.countries.insert(spelling, canonical)
                        }
                        "city" => v.cities.insert(spelling, canonical),
                        "weekday" | "month" => {
                            v.calendar.insert(key(spelling));
                            if c.name == "weekday" {
                                v.weekdays.insert(key(spelling));
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        for g in &lang.aliases {
            let names_country = country_names.contains(&key(&g.canonical));
            for spelling in std::iter::once(&g.canonical).chain(&g.variants) {
                if names_country {
                    v.countries.insert(spelling, &g.canonical);
                } else {
                    v.general.insert(key(spelling));
                }
            }
        }
        v
    }

    /// A word that says nothing of a topic: stop, generic, a locative or a speech verb.
    pub fn is_function(&self, key: &str) -> bool {
        self.stop.contains(key)
            || self.generic.contains(key)
            || self.locatives.contains(key)
            || self.speech.contains(key)
            || self.auxiliaries.contains(key)
    }

    /// A number or an amount: digits, or a quantity word ("two", "dozens", "multi").
    pub fn is_quantity(&self, key: &str) -> bool {
        let first = key.split(' ').next().unwrap_or("");
        first.bytes().any(|b| b.is_ascii_digit()) || self.quantity.contains(first)
    }

    /// Where a reason marker starts among `words`, and how many words it has.
    pub fn reason_at(&self, words: &[Word]) -> Option<(usize, usize)> {
        let keys: Vec<&str> = words.iter().map(|w| w.key.as_str()).collect();
        (0..keys.len()).find_map(|i| {
            self.reasons
                .iter()
                .filter(|m| !m.is_empty() && keys.len() - i >= m.len())
                .find(|m| {
                    keys[i..i + m.len()]
                        .iter()
                        .zip(m.iter())
                        .all(|(a, b)| a == b)
                })
                .map(|m| (i, m.len()))
        })
    }
}

/// Title case of a canonical name ("united states" -> "United States").
pub(crate) fn title_case(s: &str) -> String {
    s.split(' ')
        .map(crate::text::capitalize)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::structure::tokenize;

    #[test]
    fn roles_countries_and_cities_come_from_the_language_data() {
        let v = Vocab::new(Language::bundled());
        let text = "Secretary of State and French officials in Prague";
        let w = tokenize(text, 0..text.len());
        assert_eq!(v.roles.at(&w, 0), Some((3, "secretary of state")));
        assert_eq!(v.countries.at(&w, 4), Some((1, "france")));
        assert_eq!(v.cities.at(&w, 7), Some((1, "prague")));
        assert!(v.calendar.contains("thursday"));
        assert!(v.speech.contains("said"));
        assert!(v.auxiliaries.contains("have") && !v.auxiliaries.contains("isnt"));
        // a general alias that names a country reads as that country
        let text = "US arms";
        assert_eq!(
            v.countries.at(&tokenize(text, 0..text.len()), 0),
            Some((1, "united states"))
        );
    }

    #[test]
    fn a_phrase_stops_at_a_pause() {
        let v = Vocab::new(Language::bundled());
        let text = "Secretary, of State";
        assert_eq!(v.roles.at(&tokenize(text, 0..text.len()), 0), None);
    }

    #[test]
    fn reasons_and_quantities() {
        let v = Vocab::new(Language::bundled());
        let text = "opposed it, out of fear it could escalate";
        let w = tokenize(text, 0..text.len());
        assert_eq!(v.reason_at(&w), Some((2, 3)));
        assert!(v.is_quantity("two day") && v.is_quantity("300") && !v.is_quantity("day"));
        assert_eq!(title_case("united states"), "United States");
    }
}
