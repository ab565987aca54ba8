//! The names an article uses, as candidates for its entities file: runs of capitalised words that
//! are neither a sentence's opening word nor known from the language data, each with a guess of
//! its kind. The guesses follow how news prose names things:
//!
//! - a role from the language's role list before a name makes a person with that role
//!   ("Chancellor Olaf Scholz", "Kremlin spokesman Dmitry Peskov"); what qualifies the role is a
//!   country ("German") or an organisation ("Kremlin");
//! - a country, by name or adjective, is the language's country ("French" is France);
//! - a name after a locative ("in Prague", "across the Atlantic") is a place;
//! - an acronym, a name after "the" ("the White House") or one holding an organisation word
//!   ("Foreign Ministry") is an organisation;
//! - two or more capitalised words otherwise are a person; a single one is a person when it is a
//!   full name's surname or says something ("Stoltenberg said"), else a thing.
//!
//! Every guess is a draft: the entities file marks each for a curator to check.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::structure::{Sentence, Structure, Word};
use super::vocab::{key, title_case, Vocab};
use crate::knowledge::EntityKind;

/// A drafted entity.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Candidate {
    /// As the article writes it ("Jens Stoltenberg"); a country by its canonical name.
    pub name: String,
    pub kind: EntityKind,
    /// A person's role, canonical ("foreign minister").
    pub role: Option<String>,
    /// Other names: a person's surname.
    pub aliases: Vec<String>,
}

impl Candidate {
    /// The short name people use: a person's surname, else the name.
    pub fn short(&self) -> &str {
        match self.kind {
            EntityKind::Person => self.name.rsplit(' ').next().unwrap_or(&self.name),
            _ => &self.name,
        }
    }
}

/// Where a sentence names an entity.
#[derive(Debug, Clone)]
pub(crate) struct Mention {
    /// The name's words in the sentence (a role before it not included).
    pub words: Range<usize>,
    /// Index into [`Names::entities`].
    pub entity: usize,
    /// Right after a locative ("in Prague", "across the Atlantic"): named as a place.
    pub located: bool,
    /// The role words before the name, when the sentence gives one ("Foreign Minister").
    pub role_words: Option<Range<usize>>,
}

/// The article's entities and, per sentence (in [`Structure::sentences`] order), its mentions.
#[derive(Debug, Clone, Default)]
pub(crate) struct Names {
    pub entities: Vec<Candidate>,
    pub mentions: Vec<Vec<Mention>>,
}

/// What a run of capitalised words seems to be, before the whole article is seen.
#[derive(Debug, Clone, PartialEq)]
enum Guess {
    Person(Option<String>),
    Place,
    Organisation,
    /// A country, by its canonical name.
    Country(String),
    /// One capitalised word: a surname, a speaker, or a thing. `speaks`: a speech verb follows it.
    Single {
        speaks: bool,
    },
}

/// How a sentence titles the person it names next: "German Chancellor", "Kremlin spokesman",
/// "NATO chief".
#[derive(Debug, Clone)]
struct Title {
    /// The role, canonical, when the title holds one from the language's role list.
    role: Option<String>,
    /// The title's role words (or its one word, "chief") in the sentence.
    words: Range<usize>,
    /// The title as written, with what qualifies it ("Norway's Foreign Minister").
    text: String,
}

impl Title {
    /// The title of words `words`, qualified by the country or organisation `out` ends with when
    /// it stands right before them.
    fn new(
        text: &str,
        w: &[Word],
        si: usize,
        role: Option<&str>,
        words: Range<usize>,
        out: &[Raw],
    ) -> Title {
        let start = match out.last() {
            Some(q)
                if q.sentence == si
                    && q.words.end == words.start
                    && matches!(q.guess, Guess::Country(_) | Guess::Organisation) =>
            {
                q.words.start
            }
            _ => words.start,
        };
        Title {
            role: role.map(str::to_string),
            text: text[w[start].span.start..w[words.end - 1].span.end].to_string(),
            words,
        }
    }
}

struct Raw {
    sentence: usize,
    words: Range<usize>,
    name: String,
    guess: Guess,
    located: bool,
    role_words: Option<Range<usize>>,
    /// How the sentence titles this person, if it does.
    title: Option<String>,
}

/// Finds the names of the article `text`, read into `st`.
pub(crate) fn find(text: &str, st: &Structure, v: &Vocab) -> Names {
    let article = Article::new(st);
    let mut raws = Vec::new();
    for (si, s) in st.sentences.iter().enumerate() {
        scan(text, si, s, v, &article, &mut raws);
    }
    resolve(st, raws)
}

/// What the whole article says about its words' case.
struct Article {
    /// Words the article writes in lowercase somewhere: common words, not names.
    lowercase: HashSet<String>,
    /// Words the article capitalises other than as a sentence's first word: names.
    capitalised_inside: HashSet<String>,
}

impl Article {
    fn new(st: &Structure) -> Article {
        let mut lowercase = HashSet::new();
        let mut capitalised_inside = HashSet::new();
        for s in &st.sentences {
            for (i, w) in s.words.iter().enumerate() {
                if !w.cap {
                    lowercase.insert(w.key.clone());
                } else if i > 0 {
                    capitalised_inside.insert(w.key.clone());
                }
            }
        }
        Article {
            lowercase,
            capitalised_inside,
        }
    }
}

/// Where the run of capitalised words starting at `a` ends: over capitalised words and name
/// particles between two of them, never over a pause, a possessive or a quotation mark.
fn run_end(w: &[Word], a: usize, v: &Vocab) -> usize {
    let mut e = a + 1;
    while e < w.len() {
        let last = &w[e - 1];
        if last.pause || last.close_quote || last.possessive || last.end || w[e].open_quote {
            break;
        }
        if w[e].cap && !is_stop_capital(&w[e], v) {
            e += 1;
        } else if v.particles.contains(&w[e].key)
            && e + 1 < w.len()
            && w[e + 1].cap
            && !w[e].pause
            && !w[e + 1].open_quote
        {
            e += 2;
        } else {
            break;
        }
    }
    e
}

/// A capitalised stop word that is no acronym: "I", or any stop word opening a sentence.
fn is_stop_capital(w: &Word, v: &Vocab) -> bool {
    !w.caps && v.stop.contains(&w.key)
}

/// Whether `w[i]` is directly after a locative ("in Prague", "across the Atlantic").
fn located(w: &[Word], i: usize, v: &Vocab) -> bool {
    let loc = |j: usize| v.locatives.contains(&w[j].key) && !w[j].pause;
    match i {
        0 => false,
        1 => loc(0),
        _ => loc(i - 1) || (w[i - 1].key == "the" && loc(i - 2)),
    }
}

/// A role phrase at `i` that names the person right after it: (its length, the role).
fn role_before_name<'v>(w: &[Word], i: usize, v: &'v Vocab) -> Option<(usize, &'v str)> {
    let (len, role) = v.roles.at(w, i)?;
    let after = i + len;
    let last = &w[after - 1];
    let next = w.get(after)?;
    (next.cap && !last.pause && !last.close_quote && !last.possessive && !next.open_quote)
        .then_some((len, role))
}

fn scan(text: &str, si: usize, s: &Sentence, v: &Vocab, article: &Article, out: &mut Vec<Raw>) {
    let w = &s.words;
    let mut i = 0;
    let mut role: Option<Title> = None;
    while i < w.len() {
        if let Some((len, r)) = role_before_name(w, i, v) {
            role = Some(Title::new(text, w, si, Some(r), i..i + len, out));
            i += len;
            continue;
        }
        if !w[i].cap || is_stop_capital(&w[i], v) {
            role = apposition(text, w, si, i, v, out);
            i += 1;
            continue;
        }
        let end = run_end(w, i, v);
        let mut j = i;
        // A sentence's opening words that the article also writes in lowercase ("The", "But",
        // "Across") are not part of a name.
        if i == 0 {
            while j < end && !w[j].caps && is_common(&w[j].key, v, article) {
                j += 1;
            }
        }
        while j < end {
            if role.is_none() {
                if let Some((len, country)) = v.countries.at(w, j).filter(|(l, _)| j + l <= end) {
                    out.push(Raw {
                        sentence: si,
                        words: j..j + len,
                        name: title_case(country),
                        guess: Guess::Country(country.to_string()),
                        located: located(w, j, v),
                        role_words: None,
                        title: None,
                    });
                    j += len;
                    continue;
                }
                if v.calendar.contains(&w[j].key) {
                    j += 1;
                    continue;
                }
            }
            if let Some((len, r)) = v.roles.at(w, j).filter(|(l, _)| j + l < end) {
                role = Some(Title::new(text, w, si, Some(r), j..j + len, out));
                j += len;
                continue;
            }
            // The name runs to the next role inside the run ("Kremlin Spokesman Dmitry Peskov").
            let mut k = j + 1;
            while k < end && v.roles.at(w, k).is_none_or(|(l, _)| k + l >= end) {
                k += 1;
            }
            if let Some(raw) = classify(text, si, s, j..k, role.take(), v, article) {
                out.push(raw);
            }
            j = k;
        }
        role = None;
        i = end;
    }
}

/// A title that is no role of the language's list: one lowercase word between an organisation or
/// country and a name ("NATO chief Jens Stoltenberg").
fn apposition(
    text: &str,
    w: &[Word],
    si: usize,
    i: usize,
    v: &Vocab,
    out: &[Raw],
) -> Option<Title> {
    let word = &w[i];
    let next = w.get(i + 1)?;
    let fits = !word.pause
        && !word.close_quote
        && !word.possessive
        && !v.is_function(&word.key)
        && i > 0
        && !w[i - 1].pause
        && !w[i - 1].possessive
        && next.cap
        && !next.open_quote;
    let qualified = out.last().is_some_and(|q| {
        q.sentence == si
            && q.words.end == i
            && matches!(q.guess, Guess::Country(_) | Guess::Organisation)
    });
    (fits && qualified).then(|| Title::new(text, w, si, None, i..i + 1, out))
}

/// A word the article uses as a common word: a function word, or one it writes in lowercase.
fn is_common(key: &str, v: &Vocab, article: &Article) -> bool {
    v.is_function(key) || article.lowercase.contains(key)
}

/// The name a segment of capitalised words gives, as written, without a final possessive.
fn name_of(text: &str, w: &[Word]) -> String {
    let raw = &text[w[0].span.start..w[w.len() - 1].span.end];
    let raw = raw
        .strip_suffix("'s")
        .or_else(|| raw.strip_suffix("\u{2019}s"))
        .unwrap_or(raw);
    raw.to_string()
}

fn classify(
    text: &str,
    si: usize,
    s: &Sentence,
    seg: Range<usize>,
    title: Option<Title>,
    v: &Vocab,
    article: &Article,
) -> Option<Raw> {
    let w = &s.words;
    let words = &w[seg.clone()];
    let single = words.len() == 1;
    let seg_key = words
        .iter()
        .map(|x| x.key.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let at = located(w, seg.start, v);
    let next = w.get(seg.end);
    let speaks = next.is_some_and(|n| v.speech.contains(&n.key));
    let raw = |guess: Guess, title: Option<Title>| Raw {
        sentence: si,
        words: seg.clone(),
        name: name_of(text, words),
        guess,
        located: at,
        role_words: title.as_ref().map(|t| t.words.clone()),
        title: title.map(|t| t.text),
    };
    // A title with a role makes a person; one without ("NATO chief") titles a name that reads
    // as a person anyway.
    if let Some(t) = title {
        if t.role.is_some() {
            return Some(raw(Guess::Person(t.role.clone()), Some(t)));
        }
        if !single && !at {
            return Some(raw(Guess::Person(None), Some(t)));
        }
    }
    if single
        && seg.start == 0
        && !words[0].caps
        && !article.capitalised_inside.contains(&seg_key)
        && !speaks
    {
        // A capitalised first word seen nowhere else capitalised: an ordinary word.
        return None;
    }
    if v.general.contains(&seg_key) || v.cities.contains(&seg_key) {
        // Known to the language already: listed only where the article uses it as a place.
        return at.then(|| raw(Guess::Place, None));
    }
    let organisation_word = words.iter().any(|x| v.organisations.contains(&x.key));
    let acronym = single && words[0].caps;
    let after_the = seg.start > 0 && w[seg.start - 1].key == "the";
    // "Kremlin spokesman": what qualifies a role is an organisation.
    let qualifies_role = !words[words.len() - 1].pause && v.roles.at(w, seg.end).is_some();
    let guess = if organisation_word {
        Guess::Organisation
    } else if at {
        Guess::Place
    } else if acronym || after_the || qualifies_role {
        Guess::Organisation
    } else if !single {
        Guess::Person(None)
    } else {
        Guess::Single { speaks }
    };
    Some(raw(guess, None))
}

/// Turns the guesses into entities: full names first, then single words that are their surnames,
/// then the rest, each entity once, in the order the article first names it.
fn resolve(st: &Structure, raws: Vec<Raw>) -> Names {
    // Surname -> the full names (two words or more) of persons ending with it.
    let mut surnames: HashMap<String, Vec<String>> = HashMap::new();
    for r in &raws {
        if matches!(r.guess, Guess::Person(_)) && r.words.len() > 1 {
            let full = key(&r.name);
            let last = full.rsplit(' ').next().unwrap_or("").to_string();
            let names = surnames.entry(last).or_default();
            if !names.contains(&full) {
                names.push(full);
            }
        }
    }
    let mut names = Names {
        entities: Vec::new(),
        mentions: vec![Vec::new(); st.sentences.len()],
    };
    let mut index: HashMap<String, usize> = HashMap::new();
    // Each entity's titles, as written ("German Chancellor").
    let mut titles: Vec<Vec<String>> = Vec::new();
    // Single words resolved to a full name once it is an entity.
    let mut pending: Vec<(Raw, String)> = Vec::new();
    for r in raws {
        let k = key(&r.name);
        let surname_of = match surnames.get(&k) {
            Some(full) if full.len() == 1 && r.words.len() == 1 => Some(full[0].clone()),
            _ => None,
        };
        if let Some(full) = surname_of {
            pending.push((r, full));
            continue;
        }
        let (kind, role) = match &r.guess {
            Guess::Person(role) => (EntityKind::Person, role.clone()),
            Guess::Place => (EntityKind::Place, None),
            Guess::Organisation => (EntityKind::Organisation, None),
            Guess::Country(_) => (EntityKind::Country, None),
            Guess::Single { speaks: true } => (EntityKind::Person, None),
            Guess::Single { speaks: false } => (EntityKind::Thing, None),
        };
        let e = *index.entry(k).or_insert_with(|| {
            names.entities.push(Candidate {
                name: r.name.clone(),
                kind,
                role: None,
                aliases: Vec::new(),
            });
            titles.push(Vec::new());
            names.entities.len() - 1
        });
        titles[e].extend(r.title.clone());
        let entity = &mut names.entities[e];
        if entity.kind == EntityKind::Person && entity.role.is_none() {
            entity.role = role;
        }
        names.mentions[r.sentence].push(Mention {
            words: r.words,
            entity: e,
            located: r.located,
            role_words: r.role_words,
        });
    }
    for (r, full) in pending {
        let e = index[&full];
        let entity = &mut names.entities[e];
        if let Guess::Person(Some(role)) = &r.guess {
            entity.role.get_or_insert_with(|| role.clone());
        }
        titles[e].extend(r.title.clone());
        names.mentions[r.sentence].push(Mention {
            words: r.words,
            entity: e,
            located: r.located,
            role_words: r.role_words,
        });
    }
    // A title two people share ("President") names neither.
    let mut holders: HashMap<String, HashSet<usize>> = HashMap::new();
    for (e, ts) in titles.iter().enumerate() {
        for t in ts {
            holders.entry(key(t)).or_default().insert(e);
        }
    }
    for (e, ts) in names.entities.iter_mut().zip(titles) {
        if e.kind != EntityKind::Person {
            continue;
        }
        if e.name.contains(' ') {
            e.aliases.push(e.short().to_string());
        }
        for t in ts {
            let k = key(&t);
            if holders[&k].len() == 1 && !e.aliases.iter().any(|a| key(a) == k) {
                e.aliases.push(t);
            }
        }
    }
    for m in &mut names.mentions {
        m.sort_by_key(|m| m.words.start);
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::structure::read;
    use crate::language::Language;

    fn names(text: &str) -> Names {
        find(text, &read(text), &Vocab::new(Language::bundled()))
    }

    fn entity<'a>(n: &'a Names, name: &str) -> &'a Candidate {
        n.entities
            .iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("no {name} in {:?}", n.entities))
    }

    #[test]
    fn titled_people_get_their_role_and_their_qualifier_is_not_a_person() {
        let n = names(
            "German Chancellor Olaf Scholz met Kremlin spokesman Dmitry Peskov and \
             Secretary of State Antony Blinken. Norway's Foreign Minister Espen Barth Eide came.",
        );
        let scholz = entity(&n, "Olaf Scholz");
        assert_eq!(scholz.kind, EntityKind::Person);
        assert_eq!(scholz.role.as_deref(), Some("chancellor"));
        assert_eq!(scholz.aliases, ["Scholz", "German Chancellor"]);
        assert_eq!(
            entity(&n, "Dmitry Peskov").aliases,
            ["Peskov", "Kremlin spokesman"]
        );
        assert_eq!(
            entity(&n, "Espen Barth Eide").aliases,
            ["Eide", "Norway's Foreign Minister"]
        );
        assert_eq!(
            entity(&n, "Dmitry Peskov").role.as_deref(),
            Some("spokesman")
        );
        assert_eq!(
            entity(&n, "Antony Blinken").role.as_deref(),
            Some("secretary of state")
        );
        assert_eq!(
            entity(&n, "Espen Barth Eide").role.as_deref(),
            Some("foreign minister")
        );
        assert_eq!(entity(&n, "Kremlin").kind, EntityKind::Organisation);
        assert_eq!(entity(&n, "Germany").kind, EntityKind::Country);
        assert_eq!(entity(&n, "Norway").kind, EntityKind::Country);
        assert!(!n.entities.iter().any(|e| e.name.contains("Chancellor")));
    }

    #[test]
    fn a_title_outside_the_role_list_and_a_shared_title() {
        let n = names(
            "NATO chief Jens Stoltenberg spoke. President Ada Byron and President Alan Turing met.",
        );
        let jens = entity(&n, "Jens Stoltenberg");
        assert_eq!(jens.role, None);
        assert_eq!(jens.aliases, ["Stoltenberg", "NATO chief"]);
        assert_eq!(entity(&n, "Ada Byron").aliases, ["Byron"]);
        assert_eq!(entity(&n, "Ada Byron").role.as_deref(), Some("president"));
    }

    #[test]
    fn a_surname_is_the_full_name_and_a_speaker_is_a_person() {
        let n = names("Talks began as Ada Lovelace arrived. Later, Lovelace said it was fine. Babbage said no.");
        assert_eq!(
            n.entities
                .iter()
                .filter(|e| e.name.contains("Lovelace"))
                .count(),
            1
        );
        assert_eq!(n.mentions[1][0].entity, n.mentions[0][0].entity);
        assert_eq!(entity(&n, "Babbage").kind, EntityKind::Person);
    }

    #[test]
    fn places_follow_locatives_and_known_words_stay_out() {
        let n = names(
            "The meeting in Prague ended. Across the Atlantic, the White House said NATO \
             and Western allies in Europe agreed on Thursday in July.",
        );
        assert_eq!(entity(&n, "Prague").kind, EntityKind::Place);
        assert_eq!(entity(&n, "Atlantic").kind, EntityKind::Place);
        assert_eq!(entity(&n, "Europe").kind, EntityKind::Place);
        assert_eq!(entity(&n, "White House").kind, EntityKind::Organisation);
        assert_eq!(entity(&n, "NATO").kind, EntityKind::Organisation);
        for absent in ["The", "Across", "Western", "Thursday", "July"] {
            assert!(
                !n.entities.iter().any(|e| e.name == absent),
                "{absent}: {:?}",
                n.entities
            );
        }
        assert!(n.mentions[0][0].located);
    }

    #[test]
    fn countries_by_adjective_and_alias_are_one_entity_each() {
        let n = names("Russian forces hit Russia. The US and the Ukrainians disagree.");
        let countries: Vec<&str> = n
            .entities
            .iter()
            .filter(|e| e.kind == EntityKind::Country)
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(countries, ["Russia", "United States", "Ukraine"]);
    }

    #[test]
    fn a_capitalised_opening_word_is_not_a_name() {
        let n = names(
            "Serious consequences\n\nHe warned of serious trouble. \"Therefore I believe it,\" he said.",
        );
        assert!(n.entities.is_empty(), "{:?}", n.entities);
    }
}
