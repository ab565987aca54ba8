//! Synthetic knowledge folders of any size, for measuring speed and memory at scale (`factbot
//! bench`, the load benchmark). The text is made of generated words with a Zipf-like frequency,
//! as real vocabularies have (a few words everywhere, most words rare), so posting lists and
//! typo correction meet realistic shapes; one article per 50 facts, as a server adding an article
//! a day would have.
//!
//! Deterministic: the same size always gives the same folder.

use std::fmt::Write as _;
use std::path::Path;

/// Facts per generated article.
pub const FACTS_PER_SOURCE: usize = 50;
/// Facts per generated facts file.
pub const FACTS_PER_FILE: usize = 1000;
const VOCABULARY: usize = 40_000;

/// A small deterministic generator (xorshift64*): no dependency, same sequence everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// An index in `0..n` with probability falling off as 1/rank (Zipf, s = 1).
    pub fn zipf(&mut self, n: usize) -> usize {
        // Inverse transform of a continuous 1/x density over [1, n+1).
        let u = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        let x = ((n as f64 + 1.0).ln() * u).exp();
        (x as usize).saturating_sub(1).min(n - 1)
    }
}

const ONSETS: [&str; 16] = [
    "b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "st",
];
const VOWELS: [&str; 6] = ["a", "e", "i", "o", "u", "ai"];
const CODAS: [&str; 6] = ["", "n", "r", "s", "l", "m"];

/// The `i`-th generated word: pronounceable, unique, two to four syllables.
pub fn word(i: usize) -> String {
    let mut n = i;
    let mut out = String::new();
    let syllables = 2 + i % 3;
    for _ in 0..syllables {
        out.push_str(ONSETS[n % ONSETS.len()]);
        n /= ONSETS.len();
        out.push_str(VOWELS[n % VOWELS.len()]);
        n /= VOWELS.len();
    }
    out.push_str(CODAS[n % CODAS.len()]);
    n /= CODAS.len();
    // Whatever is left of the index keeps words unique beyond the syllable space.
    if n > 0 {
        let _ = write!(out, "{}", word_suffix(n));
    }
    out
}

fn word_suffix(mut n: usize) -> String {
    let mut s = String::new();
    while n > 0 {
        s.push(['a', 'e', 'o', 'u'][n % 4]);
        s.push(['x', 'q', 'w', 'j'][(n / 4) % 4]);
        n /= 16;
    }
    s
}

fn capitalised(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

const STOP: [&str; 12] = [
    "the", "of", "to", "in", "and", "a", "on", "for", "with", "that", "by", "at",
];
const DAYS: [&str; 5] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];

/// One generated fact: its sentence, words and the people it names.
struct FactText {
    sentence: String,
    words: Vec<String>,
    person: String,
    place: String,
}

fn fact_text(rng: &mut Rng, people: &[String], places: &[String]) -> FactText {
    let person = people[rng.below(people.len())].clone();
    let place = places[rng.below(places.len())].clone();
    let words: Vec<String> = (0..9).map(|_| word(rng.zipf(VOCABULARY))).collect();
    let n = 2 + rng.below(40);
    let sentence = format!(
        "{person} said the {} {} {} {} {} {} in {place} on {}, with {n} {} {}.",
        words[0],
        STOP[rng.below(STOP.len())],
        words[1],
        words[2],
        STOP[rng.below(STOP.len())],
        words[3],
        DAYS[rng.below(DAYS.len())],
        words[4],
        words[5],
    );
    FactText {
        sentence,
        words,
        person,
        place,
    }
}

/// Writes a knowledge folder of `facts` facts into `dir` (which must exist and be empty).
pub fn write_folder(dir: &Path, facts: usize) -> std::io::Result<()> {
    std::fs::create_dir_all(dir.join("sources"))?;
    std::fs::create_dir_all(dir.join("facts"))?;
    let mut rng = Rng::new(facts as u64 + 7);
    let mut sources_toml = String::new();
    let mut facts_toml = String::new();
    let sources = facts.div_ceil(FACTS_PER_SOURCE);
    let mut written = 0;
    for s in 0..sources {
        let id = format!("synth-{s:06}");
        let people: Vec<String> = (0..3)
            .map(|_| {
                format!(
                    "{} {}",
                    capitalised(&word(rng.below(VOCABULARY))),
                    capitalised(&word(rng.below(VOCABULARY)))
                )
            })
            .collect();
        let places: Vec<String> = (0..2)
            .map(|_| capitalised(&word(rng.below(VOCABULARY))))
            .collect();
        let count = FACTS_PER_SOURCE.min(facts - written);
        let texts: Vec<FactText> = (0..count)
            .map(|_| fact_text(&mut rng, &people, &places))
            .collect();
        let article = format!(
            "date 2024-01-01 Generated article {s}.\n\n{}\n",
            texts
                .iter()
                .map(|t| t.sentence.as_str())
                .collect::<Vec<_>>()
                .join("\n\n")
        );
        std::fs::write(dir.join(format!("sources/{id}.txt")), article)?;
        let mut entities = String::new();
        for p in &people {
            let surname = p.split(' ').nth(1).unwrap_or(p);
            let _ = write!(
                entities,
                "[[entity]]\nname = \"{p}\"\nkind = \"person\"\naliases = [\"{surname}\"]\n\n"
            );
        }
        for p in &places {
            let _ = write!(entities, "[[entity]]\nname = \"{p}\"\nkind = \"place\"\n\n");
        }
        std::fs::write(dir.join(format!("sources/{id}.entities.toml")), entities)?;
        let _ = write!(
            sources_toml,
            "[[source]]\nid = \"{id}\"\ntitle = \"Generated article {s}\"\ndate = \"2024-01-01\"\nfile = \"sources/{id}.txt\"\n\n"
        );
        for (i, t) in texts.iter().enumerate() {
            let w = &t.words;
            let surname = t
                .person
                .split(' ')
                .nth(1)
                .unwrap_or(&t.person)
                .to_lowercase();
            let _ = write!(
                facts_toml,
                "[[fact]]\nid = \"{id}-{i}\"\nsource = \"{id}\"\nquote = \"{}\"\nanswer = \"{} said the {} {} {}.\"\n\
                 questions = [\"what did {surname} say about the {}\", \"who said the {} {}\", \"where is the {}\", \
                 \"{} {}?\", \"when did {surname} talk about {}\", \"how many {} are there\"]\n\n",
                t.sentence, t.person, w[0], w[1], w[2], w[0], w[1], w[2], w[3], w[1], w[3], w[4], w[5],
            );
            written += 1;
            if written % FACTS_PER_FILE == 0 || written == facts {
                let file = dir.join(format!(
                    "facts/part-{:04}.toml",
                    (written - 1) / FACTS_PER_FILE
                ));
                std::fs::write(file, std::mem::take(&mut facts_toml))?;
            }
            let _ = &t.place;
        }
    }
    std::fs::write(dir.join("sources.toml"), sources_toml)?;
    Ok(())
}

/// Questions a user of a generated folder might ask: fact `i`'s words, rephrased.
pub fn questions(facts: usize, n: usize) -> Vec<String> {
    let mut rng = Rng::new(facts as u64 + 11);
    (0..n)
        .map(|_| {
            let a = word(rng.zipf(VOCABULARY));
            let b = word(rng.zipf(VOCABULARY));
            match rng.below(4) {
                0 => format!("what happened with the {a} and the {b}"),
                1 => format!("who talked about {a} {b}"),
                2 => format!("is the {a} in the {b}?"),
                _ => format!("when was the {a} {b} said"),
            }
        })
        .collect()
}

/// Claims about a generated folder, in the same spirit.
pub fn claims(facts: usize, n: usize) -> Vec<String> {
    let mut rng = Rng::new(facts as u64 + 13);
    (0..n)
        .map(|_| {
            let a = word(rng.zipf(VOCABULARY));
            let b = word(rng.zipf(VOCABULARY));
            let d = DAYS[rng.below(DAYS.len())];
            format!("The {a} said the {b} would come on {d}")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_unique_and_deterministic() {
        let words: std::collections::HashSet<String> = (0..VOCABULARY).map(word).collect();
        assert_eq!(words.len(), VOCABULARY);
        assert_eq!(word(12345), word(12345));
    }

    #[test]
    fn a_generated_folder_loads() {
        let dir = tempfile::tempdir().unwrap();
        write_folder(dir.path(), 120).unwrap();
        let k = crate::Knowledge::load_dir(dir.path()).expect("valid folder");
        assert_eq!(k.facts().len(), 120);
        assert_eq!(k.sources().len(), 3);
        assert_eq!(k.sources()[0].entities.entities.len(), 5);
    }
}
