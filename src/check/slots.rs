//! Slots: values a text names from closed sets of the language data (a weekday, a month, a
//! ministry, a role, a city; a country or place after "in"), with the word each attaches to (its
//! head: "meeting in Prague", "summit in Washington"), and the rule that a claim naming another
//! value of the same slot than its evidence is contradicted ("met in Berlin" against "meeting in
//! Prague"; "on Wednesday" against "on Tuesday").
//!
//! A slot is compared only within the evidence the claim was aligned with (see
//! [`super::align`]), and, when the claim says what the value attaches to, only with the
//! evidence's value for the same head: "the meeting is in Washington" meets "meeting in Prague"
//! even though the same quote also names the summit in Washington.

use rustc_hash::FxHashSet as HashSet;

use crate::analysis::{Analyzer, Kind, SourceIdx, Token};
use crate::knowledge::{Conflict, EntityKind, Lexicon};
use crate::text::stem;

use super::explain::Rule;
use super::{Cx, Finding};

/// What a category is about, which decides how it is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    /// Weekdays, months: when something happened.
    Time,
    /// Cities, and countries or places after a locative ("in Belarus").
    Place,
    /// Roles and titles ("foreign minister"): compared for a person, see [`super::agents`].
    Role,
    /// A named category of the language data with any other name ("ministry").
    Other,
    /// Countries not used as places: only mark what a text is about.
    Country,
    /// Durations: compared as quantities by value instead, see [`super::numbers`].
    Duration,
    /// People: compared as speakers and subjects, see [`super::agents`].
    Person,
}

pub(crate) struct Category {
    pub name: String,
    pub family: Family,
    pub conflict: Conflict,
    /// Per value, its spellings as plain stems.
    spellings: Vec<Vec<Vec<String>>>,
    /// Per value, the name to show.
    pub display: Vec<String>,
    /// A value counts only right after one of these or right before one of `after` (a city as a
    /// place, not as a government); both empty: anywhere.
    before: Vec<String>,
    after: Vec<String>,
}

/// Locatives that put something inside a country ("strike in Belarus"), as opposed to those
/// that only relate it to one ("aid to Ukraine", "gas from Russia"): a country after one of these
/// is where something is or happens.
const INSIDE: [&str; 4] = ["in", "insid", "into", "within"];

/// One value named in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub cat: u16,
    pub value: u32,
    /// First and last token of the value.
    pub first: usize,
    pub last: usize,
    /// The token the value attaches to, if one is near.
    pub head: Option<usize>,
}

pub(crate) struct Catalog {
    pub cats: Vec<Category>,
    /// First stem of every spelling -> (category, value, spelling), people left out.
    first_word: std::collections::HashMap<String, Vec<(u16, u32, u16)>>,
    /// Words that make a place name a place ("in", "inside"), as stems.
    locatives: Vec<String>,
}

fn family_of(name: &str) -> Family {
    match name {
        "weekday" | "month" => Family::Time,
        "city" => Family::Place,
        "role" => Family::Role,
        "country" => Family::Country,
        "duration" => Family::Duration,
        "person" => Family::Person,
        _ => Family::Other,
    }
}

fn phrase(s: &str) -> Vec<String> {
    crate::analysis::phrase_stems(s)
}

impl Catalog {
    pub fn new(lex: &Lexicon, locatives: &[String]) -> Catalog {
        let cats: Vec<Category> = lex
            .categories
            .iter()
            .map(|c| Category {
                name: c.name.clone(),
                family: family_of(&c.name),
                conflict: c.conflict,
                spellings: c
                    .values
                    .iter()
                    .map(|v| v.iter().map(|s| phrase(s)).collect())
                    .collect(),
                display: c.values.iter().map(|v| v[0].clone()).collect(),
                before: c
                    .place_before
                    .iter()
                    .map(|w| stem(&w.to_lowercase()))
                    .collect(),
                after: c
                    .place_after
                    .iter()
                    .map(|w| stem(&w.to_lowercase()))
                    .collect(),
            })
            .collect();
        let mut first_word: std::collections::HashMap<String, Vec<(u16, u32, u16)>> =
            std::collections::HashMap::default();
        for (ci, c) in cats.iter().enumerate() {
            if c.family == Family::Person {
                continue;
            }
            for (vi, spellings) in c.spellings.iter().enumerate() {
                for (si, s) in spellings.iter().enumerate() {
                    if let Some(w) = s.first() {
                        first_word
                            .entry(w.clone())
                            .or_default()
                            .push((ci as u16, vi as u32, si as u16));
                    }
                }
            }
        }
        Catalog {
            cats,
            first_word,
            locatives: locatives.iter().map(|w| stem(&w.to_lowercase())).collect(),
        }
    }

    pub fn family(&self, h: &Hit) -> Family {
        self.cats[h.cat as usize].family
    }

    pub fn display(&self, h: &Hit) -> String {
        title(&self.cats[h.cat as usize].display[h.value as usize])
    }

    /// Values of a category index by name.
    pub fn category(&self, name: &str) -> Option<usize> {
        self.cats.iter().position(|c| c.name == name)
    }

    /// The value of category `cat` that `text` spells, if any.
    pub fn value_of(&self, cat: usize, text: &str) -> Option<u32> {
        let p = phrase(text);
        self.cats[cat]
            .spellings
            .iter()
            .position(|v| v.contains(&p))
            .map(|v| v as u32)
    }

    /// Every value the tokens name, with its head. `scope` is the article the text is read in
    /// (for what a place name stands for there); `capitalised` are the words the text writes
    /// with a capital inside a sentence.
    pub fn hits(
        &self,
        tokens: &[Token],
        scope: SourceIdx,
        an: &Analyzer,
        capitalised: &HashSet<String>,
        tails: &[bool],
    ) -> Vec<Hit> {
        // The words of the text in order, each with its token; stop words are blank for values
        // (so "may" is no month) unless written with a capital or next to a number ("in early
        // May", "30 May 2024"), and kept for context.
        let numeric = |i: usize| {
            tokens
                .get(i)
                .is_some_and(|t| t.word.bytes().any(|b| b.is_ascii_digit()))
        };
        let mut words: Vec<(usize, String, bool)> = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            let blank = t.kind == Kind::Stop
                && !(numeric(i + 1) || i > 0 && numeric(i - 1) || capitalised.contains(&t.word));
            for w in t.word.split(' ').filter(|w| !w.is_empty()) {
                words.push((i, stem(w), blank));
            }
        }
        // Every spelling that starts at each word, found through its first word; per value, the
        // earliest-listed spelling that matches wins, at its first place.
        let mut found: Vec<(u16, u32, u16, usize, usize, usize)> = Vec::new();
        for start in 0..words.len() {
            let Some(cands) = self.first_word.get(&words[start].1) else {
                continue;
            };
            for &(ci, vi, si) in cands {
                let c = &self.cats[ci as usize];
                let s = &c.spellings[vi as usize][si as usize];
                if start + s.len() > words.len() {
                    continue;
                }
                let span = &words[start..start + s.len()];
                if span.iter().any(|w| w.2) || !span.iter().map(|w| &w.1).eq(s.iter()) {
                    continue;
                }
                let prev = start.checked_sub(1).map(|i| words[i].1.as_str());
                let next = words.get(start + s.len()).map(|w| w.1.as_str());
                let located = prev
                    .is_some_and(|w| self.locatives.iter().any(|l| l == w) && INSIDE.contains(&w));
                // Listed with a value of the same category that counts: "in Brooklyn and
                // Queens", "in Oslo, Bergen or Tromso".
                let listed = || {
                    let joined = prev.is_some_and(|w| matches!(w, "and" | "or"));
                    let end = if joined { start - 1 } else { start };
                    found.iter().any(|f| {
                        f.0 == ci
                            && f.3
                                + self.cats[ci as usize].spellings[f.1 as usize][f.2 as usize].len()
                                == end
                    })
                };
                let ok = match c.family {
                    // A country is a slot only as a place: "bases in Belarus".
                    Family::Country => located,
                    _ => {
                        (c.before.is_empty() && c.after.is_empty())
                            || prev.is_some_and(|w| c.before.iter().any(|b| b == w))
                            || next.is_some_and(|w| c.after.iter().any(|a| a == w))
                            || listed()
                    }
                };
                if ok {
                    found.push((ci, vi, si, start, span[0].0, span[span.len() - 1].0));
                }
            }
        }
        found.sort_unstable();
        let mut out: Vec<Hit> = Vec::new();
        for (ci, vi, _, _, first, last) in found {
            if out.last().is_some_and(|h| h.cat == ci && h.value == vi) {
                continue;
            }
            out.push(Hit {
                cat: ci,
                value: vi,
                first,
                last,
                head: None,
            });
        }
        // A value inside the name of a person or an organisation ("NATO chief", "Norway's
        // foreign minister") is part of naming them, not a slot.
        out.retain(|h| {
            let t = &tokens[h.first];
            !(h.first == h.last
                && t.word.contains(' ')
                && matches!(
                    an.entity_kind(t.term_in(scope)),
                    Some(EntityKind::Person | EntityKind::Organisation)
                ))
        });
        // Of two overlapping values of one category, the longer ("defence minister", not
        // "minister").
        let all = out.clone();
        out.retain(|h| {
            !all.iter().any(|o| {
                o.cat == h.cat
                    && o != h
                    && o.first <= h.first
                    && o.last >= h.last
                    && (o.last - o.first) > (h.last - h.first)
            })
        });
        let taken: Vec<(usize, usize)> = out.iter().map(|h| (h.first, h.last)).collect();
        for h in &mut out {
            h.head = head_of(tokens, h.first, h.last, &taken, tails, scope, an);
        }
        out.sort_by_key(|h| (h.first, h.cat));
        out
    }
}

/// "washington" -> "Washington", "secretary of state" -> "Secretary of State".
pub(crate) fn title(s: &str) -> String {
    s.split(' ')
        .enumerate()
        .map(|(i, w)| {
            if i > 0 && matches!(w, "of" | "the" | "and" | "for" | "in" | "on" | "to") {
                return w.to_string();
            }
            crate::text::capitalize(w)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// How far (in words, stop words not counted) a value looks for the word it attaches to.
const HEAD_REACH: usize = 3;

/// The word a value at tokens `first..=last` attaches to: the nearest content word before it
/// ("meeting in Prague") or else after it ("Thursday's meeting"), that is neither a name nor
/// another value, nor the tail of a two-word phrase (`tails`: "take *place* in Prague" attaches
/// to what takes place).
fn head_of(
    tokens: &[Token],
    first: usize,
    last: usize,
    taken: &[(usize, usize)],
    tails: &[bool],
    scope: SourceIdx,
    an: &Analyzer,
) -> Option<usize> {
    let usable = |i: usize| {
        let t = &tokens[i];
        t.kind == Kind::Content
            && !tails.get(i).copied().unwrap_or(false)
            && !taken.iter().any(|&(a, b)| i >= a && i <= b)
            && an.entity_kind(t.term_in(scope)).is_none()
            && !t.word.bytes().any(|b| b.is_ascii_digit())
    };
    // The first usable word among the nearest HEAD_REACH words that are not stop words.
    let nearest = |order: &mut dyn Iterator<Item = usize>| {
        order
            .filter(|&i| tokens[i].kind != Kind::Stop)
            .take(HEAD_REACH)
            .find(|&i| usable(i))
    };
    nearest(&mut (0..first).rev()).or_else(|| nearest(&mut (last + 1..tokens.len())))
}

/// The slot rule: the claim names a value of a place, time or other closed set where its
/// evidence's quote names another for the same thing.
pub(crate) fn check(cx: &Cx) -> Option<Finding> {
    let p = cx.p;
    let cat = p.catalog;
    for (ci, h) in p.claim.hits.iter().enumerate() {
        let fam = cat.family(h);
        if !matches!(
            fam,
            Family::Time | Family::Place | Family::Country | Family::Other
        ) {
            continue;
        }
        let c = &cat.cats[h.cat as usize];
        if c.conflict != Conflict::Always && !matches!(fam, Family::Place | Family::Country) {
            continue;
        }
        let like = p.fact_hits_like(ci);
        if like.iter().any(|(f, _)| p.same_value(h, f)) {
            continue;
        }
        // Prefer a value in the quote, which the moderator sees.
        let Some((other, _)) = like
            .iter()
            .find(|(_, in_quote)| *in_quote)
            .or_else(|| like.first())
        else {
            continue;
        };
        return Some(Finding {
            rule: Rule::Slot,
            reason: format!(
                "The article gives the {} as {}, not {}: {}",
                slot_name(c),
                cat.display(other),
                cat.display(h),
                cx.fact.answer
            ),
        });
    }
    None
}

/// How a category's slot is named in a reason: "place" for cities and countries as places.
pub(crate) fn slot_name(c: &Category) -> &str {
    match c.family {
        Family::Place | Family::Country => "place",
        Family::Time => match c.name.as_str() {
            "weekday" => "day",
            n => n,
        },
        _ => &c.name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Knowledge;

    /// The categories `text` names, by name.
    fn categories(text: &str) -> Vec<String> {
        let k = Knowledge::load(None).expect("bundled knowledge loads");
        let an = Analyzer::new(&k);
        let catalog = Catalog::new(k.lexicon(), &k.language().words.locatives);
        let a = an.analyze(text);
        let tails = vec![false; a.tokens.len()];
        catalog
            .hits(&a.tokens, 0, &an, &HashSet::default(), &tails)
            .iter()
            .map(|h| catalog.cats[h.cat as usize].name.clone())
            .collect()
    }

    #[test]
    fn a_ministry_word_is_a_ministry_only_next_to_a_ministry() {
        assert!(!categories("residents should stay home").contains(&"ministry".into()));
        assert!(!categories("trade and health suffered").contains(&"ministry".into()));
        assert!(categories("the home secretary said so").contains(&"ministry".into()));
        assert!(categories("the defence minister spoke").contains(&"ministry".into()));
    }

    #[test]
    fn places_listed_together_are_all_places() {
        // Only "Warsaw" follows "in"; "Berlin" counts as listed with it.
        let c = categories("trains stopped in Warsaw and Berlin");
        assert_eq!(c.iter().filter(|c| *c == "city").count(), 2, "{c:?}");
        let c = categories("trains stopped in Warsaw, Berlin");
        assert_eq!(c.iter().filter(|c| *c == "city").count(), 2, "{c:?}");
        // A city on its own may stand for a government: not a place.
        let c = categories("Berlin had not supplied weapons");
        assert!(!c.contains(&"city".into()), "{c:?}");
    }
}
