//! Example questions for a draft fact, made from the sentence's own people, places, times and
//! numbers: who did what, where and when it happens, how many or how long, why (when the sentence
//! gives a reason), what the speaker said. Each kind of question comes from a pattern of news prose
//! read off the sentence's words, never from outside it:
//!
//! - the subject: a name opening the sentence followed by a verb ("Olaf Scholz, however,
//!   remained ...") gives "who remained less committal" and, with a past tense, "when did scholz
//!   ...";
//! - a place after a locative gives "where is the {what stands before it}" ("two-day meeting in
//!   Prague": "where is the two-day meeting");
//! - a weekday, a month or a year gives "what happened on thursday", "when is the {what it
//!   qualifies}";
//! - a number before a noun gives "how many {noun}"; a duration ("two-day") "how long is the
//!   {noun}";
//! - a reason marker ("out of fear", "because") gives "why" with the clause before it, its
//!   auxiliary moved to the front;
//! - an attribution gives "what did {speaker} say", "who said {the words}";
//! - the sentence's noun phrases give "what about ...".
//!
//! Questions are lower-case, at most [`MAX_QUESTIONS`], taken a kind at a time so that they vary,
//! and deterministic: the same sentence always gives the same questions.

use super::names::{Candidate, Mention};
use super::speaker::{self, Attribution};
use super::structure::{Sentence, Word};
use super::vocab::Vocab;
use crate::knowledge::EntityKind;

/// At most this many questions per fact.
pub(crate) const MAX_QUESTIONS: usize = 8;
/// At least this many, falling back to plainer questions when the patterns give fewer.
pub(crate) const MIN_QUESTIONS: usize = 4;
/// Longest clause a question repeats from the sentence, in words.
const CLAUSE_WORDS: usize = 8;

/// Conjunctions and adverbs that open a clause without being part of it ("But the US ...").
const OPENERS: [&str; 6] = ["but", "and", "so", "yet", "or", "however"];
/// Determiners and possessive pronouns that open a noun phrase.
const DETERMINERS: [&str; 8] = ["the", "a", "an", "its", "their", "his", "her", "this"];

/// Everything a sentence's questions are made from.
pub(crate) struct Input<'a> {
    pub text: &'a str,
    pub sentence: &'a Sentence,
    pub mentions: &'a [Mention],
    pub entities: &'a [Candidate],
    /// Who the sentence's words are attributed to: each speaker once, the first the main one.
    pub said: &'a [Attribution],
    /// The article's first drafted sentence: its lead, which says what the article is about.
    pub lead: bool,
}

/// The example questions for one sentence.
pub(crate) fn questions(input: &Input, v: &Vocab) -> Vec<String> {
    let r = Reader::new(input, v);
    let subject = r.subject();
    let kinds: Vec<Vec<String>> = vec![
        r.lead(),
        r.speech(),
        r.who(subject.as_ref()),
        r.yes_no(subject.as_ref()),
        r.place(),
        r.time(subject.as_ref()),
        r.amount(),
        r.reason(subject.as_ref()),
        r.topics(),
    ];
    let mut out: Vec<String> = Vec::new();
    let deepest = kinds.iter().map(Vec::len).max().unwrap_or(0);
    'fill: for depth in 0..deepest {
        for kind in &kinds {
            if out.len() == MAX_QUESTIONS {
                break 'fill;
            }
            if let Some(q) = kind.get(depth) {
                push(&mut out, q);
            }
        }
    }
    for q in r.fallbacks() {
        if out.len() >= MIN_QUESTIONS {
            break;
        }
        push(&mut out, &q);
    }
    out
}

/// Adds a question, cleaned, unless it is empty or already there.
fn push(out: &mut Vec<String>, q: &str) {
    let q = clean(q);
    if q.split(' ').count() >= 2 && !out.contains(&q) {
        out.push(q);
    }
}

/// Lower case, straight apostrophes, no quotation marks or stray punctuation, single spaces.
fn clean(q: &str) -> String {
    let lower: String = q
        .to_lowercase()
        .chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' => '\'',
            c if c.is_alphanumeric() || c == '\'' || c == '-' => c,
            _ => ' ',
        })
        .collect();
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The subject a sentence opens with: a name (or two joined by "and") followed by a verb.
struct Subject {
    /// How questions name it ("scholz", "the united states and germany").
    text: String,
    /// The predicate's words: from the verb to the first pause.
    pred: std::ops::Range<usize>,
}

struct Reader<'a> {
    input: &'a Input<'a>,
    w: &'a [Word],
    v: &'a Vocab,
}

impl<'a> Reader<'a> {
    fn new(input: &'a Input<'a>, v: &'a Vocab) -> Reader<'a> {
        Reader {
            input,
            w: &input.sentence.words,
            v,
        }
    }

    /// Word `i` as written, lower-case.
    fn lw(&self, i: usize) -> String {
        self.input.text[self.w[i].span.clone()].to_lowercase()
    }

    /// Words `range` as written, lower-case, space-separated.
    fn words(&self, range: std::ops::Range<usize>) -> String {
        range.map(|i| self.lw(i)).collect::<Vec<_>>().join(" ")
    }

    fn mention_at(&self, i: usize) -> Option<&Mention> {
        self.input.mentions.iter().find(|m| m.words.contains(&i))
    }

    fn entity(&self, m: &Mention) -> &Candidate {
        &self.input.entities[m.entity]
    }

    /// How a question names an entity mentioned at `m`: a person by surname, anything else as
    /// written, with the "the" the article puts before it.
    fn short(&self, m: &Mention) -> String {
        let e = self.entity(m);
        if e.kind == EntityKind::Person {
            return e.short().to_lowercase();
        }
        let the = m.words.start > 0 && self.w[m.words.start - 1].key == "the";
        let name = self.words(m.words.clone()).replace("'s", "");
        if the {
            format!("the {name}")
        } else {
            name
        }
    }

    /// A word about the topic: not a function word, a negation, a one-word reason marker
    /// ("because"), a time, a name or a number.
    fn is_content(&self, i: usize) -> bool {
        let k = &self.w[i].key;
        !k.is_empty()
            && !self.v.is_function(k)
            && !self.v.negations.contains(k)
            && !self.v.reasons.iter().any(|m| m.len() == 1 && m[0] == *k)
            && !self.v.calendar.contains(k)
            && self.mention_at(i).is_none()
            && !k.bytes().all(|b| b.is_ascii_digit() || b == b' ')
    }

    /// Word indexes `range` cut to at most `max`, without function words at the end.
    fn clip(&self, range: std::ops::Range<usize>, max: usize) -> std::ops::Range<usize> {
        let mut end = range.end.min(range.start + max);
        while end > range.start && self.v.is_function(&self.w[end - 1].key) {
            end -= 1;
        }
        range.start..end
    }

    /// Whether word `i` reads as a finite verb: an auxiliary, a speech verb, a past tense, or a
    /// present tense in -s.
    fn verbish(&self, i: usize) -> bool {
        let w = &self.w[i];
        let k = w.key.as_str();
        !w.cap
            && (self.v.auxiliaries.contains(k)
                || self.v.speech.contains(k)
                || self.v.irregular_past.contains_key(k)
                || k.ends_with("ed")
                || (k.ends_with('s') && !k.ends_with("ss") && k.len() > 3 && !w.possessive))
    }

    fn subject(&self) -> Option<Subject> {
        let w = self.w;
        for (mi, m) in self.input.mentions.iter().enumerate() {
            let lead_start = m.role_words.clone().map_or(m.words.start, |r| r.start);
            if lead_start > 5 {
                return None;
            }
            // What stands before the subject: an opening capitalised word ("But", "NATO"), words
            // about something ("chief"), "the" right before it; never a pause or a preposition.
            let before = &w[..lead_start];
            let fits = before.iter().enumerate().all(|(i, x)| {
                !x.pause
                    && !x.close_quote
                    && if i == 0 {
                        x.cap
                    } else if i + 1 == before.len() && x.key == "the" {
                        true
                    } else {
                        !self.v.is_function(&x.key)
                    }
            });
            if m.located || !fits {
                continue;
            }
            let mut end = m.words.end;
            // "the United States and Germany": two names joined are one subject.
            if w.get(end).is_some_and(|x| x.key == "and") {
                if let Some(next) = self.input.mentions.get(mi + 1) {
                    let gap = next.words.start - end;
                    if gap == 1 || (gap == 2 && w[end + 1].key == "the") {
                        end = next.words.end;
                    }
                }
            }
            let mut pred = end;
            // An aside between commas: "Olaf Scholz, however, remained".
            if w[end - 1].pause {
                match (end..w.len().min(end + 3)).find(|&i| w[i].pause) {
                    Some(p) => pred = p + 1,
                    None => continue,
                }
            }
            if pred >= w.len() || !self.verbish(pred) {
                continue;
            }
            let mut stop = pred;
            while stop < w.len() {
                stop += 1;
                if w[stop - 1].pause || w[stop - 1].close_quote {
                    break;
                }
            }
            let first = &self.input.mentions[mi];
            let text = if end == m.words.end {
                self.short(first)
            } else {
                let the = m.words.start > 0 && w[m.words.start - 1].key == "the";
                let start = if the {
                    m.words.start - 1
                } else {
                    m.words.start
                };
                self.words(start..end)
            };
            return Some(Subject {
                text,
                pred: pred..stop,
            });
        }
        None
    }

    /// The base form of the predicate's verb and the words after it: ("add", "his support") for
    /// "added his support", ("warn", ...) for "has warned".
    fn base_and_rest(
        &self,
        pred: &std::ops::Range<usize>,
    ) -> Option<(String, std::ops::Range<usize>)> {
        let mut verb = pred.start;
        if matches!(self.w[verb].key.as_str(), "has" | "have" | "had") && verb + 1 < pred.end {
            verb += 1;
        }
        let base = base_form(&self.w[verb].key, self.v)?;
        Some((base, verb + 1..pred.end))
    }

    /// `range` without time words and the prepositions before them ("on Thursday").
    fn without_times(&self, range: std::ops::Range<usize>) -> Vec<usize> {
        let mut out = Vec::new();
        for i in range {
            let is_time =
                |j: usize| self.v.calendar.contains(&self.w[j].key) || is_year(&self.w[j].key);
            if is_time(i)
                || (i + 1 < self.w.len()
                    && is_time(i + 1)
                    && self.v.locatives.contains(&self.w[i].key))
            {
                continue;
            }
            out.push(i);
        }
        out
    }

    fn lead(&self) -> Vec<String> {
        if !self.input.lead {
            return Vec::new();
        }
        vec![
            "what is this article about".into(),
            "what is the main news".into(),
        ]
    }

    /// How a question names the speaker of `a`.
    fn speaker_name(&self, a: &Attribution) -> String {
        let e = &self.input.entities[a.entity];
        match self.input.mentions.iter().find(|m| m.entity == a.entity) {
            Some(m) => self.short(m),
            None if e.kind == EntityKind::Person => e.short().to_lowercase(),
            None => e.name.to_lowercase(),
        }
    }

    /// The words of `range` a question repeats: the window of at most [`CLAUSE_WORDS`] - 1
    /// words with the most words about something (the first such), at least three words long.
    fn fragment(&self, range: std::ops::Range<usize>) -> Option<String> {
        let mut best: Option<(usize, std::ops::Range<usize>)> = None;
        for start in range.clone() {
            if self.v.is_function(&self.w[start].key) {
                continue;
            }
            let window = self.clip(start..range.end, CLAUSE_WORDS - 1);
            let score = window
                .clone()
                .filter(|&i| !self.v.is_function(&self.w[i].key))
                .count();
            if best.as_ref().is_none_or(|(b, _)| score > *b) {
                best = Some((score, window));
            }
        }
        best.filter(|(_, r)| r.len() >= 3)
            .map(|(_, r)| self.words(r))
    }

    /// "what did X say", "who said ...", "what did the Kremlin spokesman say"; "who say ..."
    /// when words are said by no one speaker.
    fn speech(&self) -> Vec<String> {
        let said = self.input.said;
        let Some(main) = said.first() else {
            let Some((k, range)) = speaker::unattributed(self.input.sentence, self.v) else {
                return Vec::new();
            };
            return self
                .fragment(range)
                .map(|f| format!("who {} {f}", self.lw(k)))
                .into_iter()
                .collect();
        };
        let mut out: Vec<String> = said
            .iter()
            .map(|a| format!("what did {} say", self.speaker_name(a)))
            .collect();
        let range = if main.said.is_empty() {
            0..self.w.len()
        } else {
            main.said.clone()
        };
        if let Some(f) = self.fragment(range.clone()) {
            out.push(format!("who said {f}"));
        }
        if let Some(topic) = self.topic_phrases(range).first() {
            let name = self.input.entities[main.entity].name.to_lowercase();
            out.push(format!("what did {name} say about {topic}"));
        }
        for a in said {
            let titled = self
                .input
                .mentions
                .iter()
                .find(|m| m.entity == a.entity && m.role_words.is_some());
            if let Some(m) = titled {
                out.push(format!("what did {} say", self.titled(m)));
            }
        }
        for a in said.iter().skip(1).filter(|a| !a.said.is_empty()) {
            if let Some(f) = self.fragment(a.said.clone()) {
                out.push(format!("who said {f}"));
            }
        }
        out
    }

    /// How the sentence titles the person at `m`: "the kremlin spokesman", "norway's foreign
    /// minister".
    fn titled(&self, m: &Mention) -> String {
        let role = m.role_words.clone().unwrap_or(m.words.clone());
        // The qualifier just before the role: a country or organisation ("Kremlin", "Norway's").
        let qualifier = role
            .start
            .checked_sub(1)
            .and_then(|q| self.mention_at(q).map(|qm| qm.words.clone()))
            .filter(|q| !self.w[q.end - 1].pause);
        match qualifier {
            Some(q) if self.w[q.end - 1].possessive => self.words(q.start..role.end),
            Some(q) => format!("the {}", self.words(q.start..role.end)),
            None => format!("the {}", self.words(role)),
        }
    }

    /// "who remained less committal", "who is olaf scholz", "who is the german chancellor".
    fn who(&self, subject: Option<&Subject>) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(s) = subject {
            let pred = self.clip(s.pred.clone(), CLAUSE_WORDS);
            if pred.len() >= 2 {
                out.push(format!("who {}", self.words(pred)));
            }
            // "what did eide add" for "Eide added his support": a verb with an object.
            if let Some((base, rest)) = self.base_and_rest(&s.pred) {
                let object = self.w.get(rest.start).filter(|_| !rest.is_empty());
                if object.is_some_and(|o| DETERMINERS.contains(&o.key.as_str())) {
                    out.push(format!("what did {} {base}", s.text));
                }
            }
        }
        for m in self
            .input
            .mentions
            .iter()
            .filter(|m| m.role_words.is_some())
        {
            let e = self.entity(m);
            out.push(format!("who is {}", e.name));
            out.push(format!("who is {}", self.titled(m)));
        }
        out
    }

    /// "did eide add his support", "has ukraine been pressing its supporters": the subject's
    /// clause as a yes/no question.
    fn yes_no(&self, subject: Option<&Subject>) -> Vec<String> {
        let Some(s) = subject else {
            return Vec::new();
        };
        let first = &self.w[s.pred.start];
        if self.v.auxiliaries.contains(&first.key) {
            let rest = self.clip(s.pred.start + 1..s.pred.end, CLAUSE_WORDS - 2);
            if rest.len() >= 2 {
                return vec![format!(
                    "{} {} {}",
                    self.lw(s.pred.start),
                    s.text,
                    self.words(rest)
                )];
            }
        } else if let Some((base, rest)) = self.base_and_rest(&s.pred) {
            let rest = self.clip(rest, CLAUSE_WORDS - 3);
            if !rest.is_empty() {
                return vec![format!("did {} {base} {}", s.text, self.words(rest))];
            }
        }
        Vec::new()
    }

    /// The noun phrase before word `at` (a preposition), over earlier place phrases ("NATO's
    /// summit in Washington in July"): only one a determiner or a possessive opens.
    fn noun_before(&self, at: usize) -> Option<String> {
        let w = self.w;
        let mut j = at;
        // Skip back over "in Washington" to what both phrases qualify.
        for _ in 0..2 {
            if j >= 2 && self.mention_at(j - 1).is_some() {
                let m = self.mention_at(j - 1)?;
                let s = m.words.start;
                let loc = if s >= 1 && w[s - 1].key == "the" {
                    s.checked_sub(2)
                } else {
                    s.checked_sub(1)
                };
                match loc {
                    Some(l) if self.v.locatives.contains(&w[l].key) => j = l,
                    _ => break,
                }
            }
        }
        let mut start = j;
        let mut opened = None;
        while start > 0 && j - start < 3 {
            let p = &w[start - 1];
            if p.pause || p.close_quote || p.end {
                break;
            }
            if DETERMINERS.contains(&p.key.as_str()) {
                opened = Some(p.key.clone());
                break;
            }
            if p.possessive {
                if self.v.calendar.contains(&p.key) {
                    opened = Some("the".into());
                } else {
                    start -= 1;
                    opened = Some(String::new());
                }
                break;
            }
            if !self.is_content(start - 1) {
                break;
            }
            start -= 1;
        }
        let opened = opened?;
        if start == j || (opened.is_empty() && j - start < 2) {
            return None;
        }
        let np = self.words(start..j);
        Some(match opened.as_str() {
            "" => np,
            "the" | "its" | "their" | "his" | "her" | "this" => format!("the {np}"),
            _ => format!("the {np}"),
        })
    }

    /// The noun phrase after word `at` ("Thursday's two-day meeting"): content words up to a
    /// pause or a function word.
    fn noun_after(&self, at: usize) -> Option<String> {
        let mut end = at + 1;
        while end < self.w.len() && end - at <= 3 && self.is_content(end) {
            end += 1;
            if self.w[end - 1].pause || self.w[end - 1].possessive {
                break;
            }
        }
        (end > at + 1).then(|| self.words(at + 1..end))
    }

    /// "where is the two-day meeting", "what is happening in prague".
    fn place(&self) -> Vec<String> {
        let mut out = Vec::new();
        for m in self.input.mentions.iter().filter(|m| m.located) {
            let e = self.entity(m);
            let s = m.words.start;
            let the = s >= 1 && self.w[s - 1].key == "the";
            let loc = if the { s - 2 } else { s - 1 };
            if let Some(np) = self.noun_before(loc) {
                out.push(format!("where is {np}"));
            }
            if e.kind == EntityKind::Place {
                out.push(format!(
                    "what is happening {} {}",
                    self.words(loc..s),
                    self.words(m.words.clone())
                ));
            }
        }
        out
    }

    /// "when is the two-day meeting", "what happened on thursday", "when did eide add his
    /// support".
    fn time(&self, subject: Option<&Subject>) -> Vec<String> {
        let w = self.w;
        let times: Vec<usize> = (0..w.len())
            .filter(|&i| self.v.calendar.contains(&w[i].key) && w[i].cap || is_year(&w[i].key))
            .take(2)
            .collect();
        let mut out = Vec::new();
        if times.is_empty() {
            return out;
        }
        if let Some(s) = subject {
            if let Some((base, rest)) = self.base_and_rest(&s.pred) {
                let rest: Vec<usize> = self.without_times(rest).into_iter().take(5).collect();
                let rest = match (rest.first(), rest.last()) {
                    (Some(&a), Some(&b)) => self.words(self.clip(a..b + 1, 5)),
                    _ => String::new(),
                };
                out.push(format!("when did {} {base} {rest}", s.text));
            }
        }
        if let Some(a) = self.input.said.first().filter(|a| a.own) {
            let e = &self.input.entities[a.entity];
            out.push(format!("when did {} say that", e.short().to_lowercase()));
        }
        for &t in &times {
            let time = self.lw(t).replace("'s", "");
            if w[t].possessive {
                if let Some(np) = self.noun_after(t) {
                    out.push(format!("when is the {np}"));
                }
            }
            let prep = match t.checked_sub(1).map(|p| w[p].key.as_str()) {
                Some(p @ ("on" | "in" | "at" | "during" | "by" | "since" | "until")) => {
                    p.to_string()
                }
                _ if self.v.weekdays.contains(&w[t].key) => "on".into(),
                _ => "in".into(),
            };
            if t > 0 && w[t - 1].key == prep {
                if let Some(np) = self.noun_before(t - 1) {
                    out.push(format!("when is {np}"));
                }
            }
            out.push(format!("what happened {prep} {time}"));
        }
        out
    }

    /// "how long is the meeting" for "two-day meeting"; "how many troops" for "300 troops".
    fn amount(&self) -> Vec<String> {
        let w = self.w;
        let mut out = Vec::new();
        for i in 0..w.len() {
            let k = &w[i].key;
            if !self.v.is_quantity(k) || is_year(k) {
                continue;
            }
            let parts: Vec<&str> = k.split(' ').collect();
            if parts.len() == 2 && self.v.units.contains(parts[1]) {
                if let Some(np) = self.noun_after(i) {
                    out.push(format!("how long is the {np}"));
                }
            } else if parts.len() == 1
                && !matches!(parts[0], "one" | "single" | "half")
                && w.get(i + 1)
                    .is_some_and(|n| n.key.ends_with('s') && !n.key.ends_with("ss"))
                && !w[i].pause
            {
                out.push(format!("how many {}", self.lw(i + 1)));
            }
        }
        out
    }

    /// "why have the united states and germany long opposed allowing kiev to strike".
    fn reason(&self, subject: Option<&Subject>) -> Vec<String> {
        let w = self.w;
        let Some((r, _)) = self.v.reason_at(w) else {
            return Vec::new();
        };
        let mut start = 0;
        while start < r && OPENERS.contains(&w[start].key.as_str()) {
            start += 1;
        }
        if r < start + 3 {
            return Vec::new();
        }
        let clause = self.clip(start..r, CLAUSE_WORDS + 4);
        let words: Vec<String> = clause.clone().map(|i| self.lw(i)).collect();
        let aux = clause
            .clone()
            .take(CLAUSE_WORDS)
            .position(|i| self.v.auxiliaries.contains(&w[i].key))
            .filter(|&a| a > 0);
        let mut out = Vec::new();
        if let Some(a) = aux {
            let mut q = vec![words[a].clone()];
            q.extend(words[..a].iter().cloned());
            q.extend(words[a + 1..].iter().cloned());
            out.push(format!("why {}", q.join(" ")));
        } else if let Some(s) = subject {
            if let Some((base, rest)) = self.base_and_rest(&s.pred) {
                let rest = self.clip(rest.start..rest.end.min(r), 6);
                out.push(format!("why did {} {base} {}", s.text, self.words(rest)));
            }
        }
        if out.is_empty() {
            out.push(format!("why {}", words.join(" ")));
        }
        out
    }

    /// Runs of two or three content words in `range`: the sentence's noun phrases, roughly.
    fn topic_phrases(&self, range: std::ops::Range<usize>) -> Vec<String> {
        let mut out = Vec::new();
        let mut i = range.start;
        while i < range.end {
            if !self.is_content(i) || self.v.speech.contains(&self.w[i].key) {
                i += 1;
                continue;
            }
            let mut end = i + 1;
            while end < range.end
                && !self.w[end - 1].pause
                && !self.w[end - 1].close_quote
                && !self.w[end - 1].possessive
                && !self.w[end].open_quote
                && self.is_content(end)
            {
                end += 1;
            }
            if end - i >= 2 {
                out.push(self.words(end.saturating_sub(3).max(i)..end));
            }
            i = end;
        }
        out
    }

    /// "what about the heavy fighting", varied.
    fn topics(&self) -> Vec<String> {
        const TEMPLATES: [&str; 3] = [
            "what about {}",
            "what does the article say about {}",
            "anything on {}",
        ];
        self.topic_phrases(0..self.w.len())
            .into_iter()
            .enumerate()
            .map(|(i, p)| TEMPLATES[i % TEMPLATES.len()].replace("{}", &p))
            .collect()
    }

    /// Plainer questions, for sentences the patterns say little about.
    fn fallbacks(&self) -> Vec<String> {
        let mut out = Vec::new();
        for m in self.input.mentions {
            out.push(format!("what about {}", self.short(m)));
        }
        for i in 0..self.w.len() {
            if self.is_content(i) {
                out.push(format!("what does the article say about {}", self.lw(i)));
            }
        }
        let all = self.clip(0..self.w.len(), CLAUSE_WORDS);
        out.push(format!("is it true that {}", self.words(all.clone())));
        out.push(format!("did {}", self.words(all)));
        out
    }
}

fn is_year(key: &str) -> bool {
    key.len() == 4
        && key.bytes().all(|b| b.is_ascii_digit())
        && (key.starts_with("19") || key.starts_with("20"))
}

/// The base form of a past tense ("opposed" -> "oppose", "stopped" -> "stop", "said" -> "say"),
/// for "when did X ..." questions. English spelling rules, roughly: a draft is reviewed.
pub(crate) fn base_form(past: &str, v: &Vocab) -> Option<String> {
    if let Some(base) = v.irregular_past.get(past) {
        return Some(base.clone());
    }
    let stem = past
        .strip_suffix("ed")
        .filter(|s| s.len() >= 2 && s.is_ascii())?;
    if let Some(s) = past.strip_suffix("ied") {
        return Some(format!("{s}y"));
    }
    if past.ends_with("eed") {
        return Some(past[..past.len() - 1].to_string());
    }
    let b = stem.as_bytes();
    let n = b.len();
    let vowel = |c: u8| b"aeiou".contains(&c);
    let last = b[n - 1];
    // A doubled consonant: "stopped" -> "stop"; not "added", "called", "pressed".
    if n >= 4 && last == b[n - 2] && !vowel(last) && !b"lsfz".contains(&last) {
        return Some(stem[..n - 1].to_string());
    }
    // A silent "e" to put back: "forced", "moved", "argued", "charged", "opposed", "noted".
    let single_vowel_before = n >= 3 && vowel(b[n - 2]) && !vowel(b[n - 3]) && b[n - 2] != b'e';
    let needs_e = matches!(last, b'c' | b'v' | b'u' | b'z')
        || (last == b'g' && b[n - 2] != b'n' && b[n - 2] != b'g')
        || (last == b's' && b[n - 2] != b's')
        || (single_vowel_before
            && b"bdklmnprt".contains(&last)
            && !(b[n - 2] == b'i' && last == b't' && n > 4));
    Some(if needs_e {
        format!("{stem}e")
    } else {
        stem.to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::names;
    use crate::draft::speaker;
    use crate::draft::structure::read;
    use crate::language::Language;

    /// The questions of each sentence of `text`; the first is the lead.
    fn all(text: &str) -> Vec<Vec<String>> {
        let v = Vocab::new(Language::bundled());
        let st = read(text);
        let n = names::find(text, &st, &v);
        st.sentences
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let said = speaker::attribute(s, &n.mentions[i], &n, &v);
                questions(
                    &Input {
                        text,
                        sentence: s,
                        mentions: &n.mentions[i],
                        entities: &n.entities,
                        said: &said,
                        lead: i == 0,
                    },
                    &v,
                )
            })
            .collect()
    }

    fn has(qs: &[String], q: &str) {
        assert!(qs.iter().any(|x| x == q), "{q:?} not in {qs:#?}");
    }

    #[test]
    fn place_time_and_duration_questions() {
        let qs = &all("Monday's two-day summit in Vilnius will focus on aid.")[0];
        has(qs, "what is this article about");
        has(qs, "where is the two-day summit");
        has(qs, "what is happening in vilnius");
        has(qs, "when is the two-day summit");
        has(qs, "how long is the summit");
        assert!(
            (MIN_QUESTIONS..=MAX_QUESTIONS).contains(&qs.len()),
            "{qs:#?}"
        );
    }

    #[test]
    fn subject_questions_skip_an_aside() {
        let text =
            "Intro sentence about nothing much here. German Chancellor Olaf Scholz, however, \
                    remained less committal on Tuesday.";
        let qs = &all(text)[1];
        has(qs, "who remained less committal on tuesday");
        has(qs, "who is olaf scholz");
        has(qs, "who is the german chancellor");
        has(qs, "what happened on tuesday");
    }

    #[test]
    fn speech_questions_name_the_speaker_and_the_words() {
        let text =
            "Start of the story is here. \"We plan to put our support on a firmer footing,\" \
                    Kremlin spokesman Dmitry Peskov said Thursday.";
        let qs = &all(text)[1];
        has(qs, "what did peskov say");
        has(qs, "who said put our support on a firmer footing");
        has(qs, "who is the kremlin spokesman");
        has(qs, "when did peskov say that");
    }

    #[test]
    fn why_moves_the_auxiliary_forward() {
        let text =
            "A first line to lead with. But the United States and Germany have long opposed \
                    the plan, out of fear it could escalate.";
        let qs = &all(text)[1];
        has(
            qs,
            "why have the united states and germany long opposed the plan",
        );
        has(
            qs,
            "have the united states and germany long opposed the plan",
        );
        has(qs, "who have long opposed the plan");
    }

    #[test]
    fn counts_and_past_tenses() {
        let text = "Officials said 300 soldiers arrived. Ada Lovelace added her support on Friday.";
        let qs = all(text);
        has(&qs[0], "how many soldiers");
        has(&qs[1], "when did lovelace add her support");
        has(&qs[1], "did lovelace add her support on friday");
        has(&qs[1], "what did lovelace add");
        let v = Vocab::new(Language::bundled());
        for (past, base) in [
            ("opposed", "oppose"),
            ("added", "add"),
            ("stopped", "stop"),
            ("appeared", "appear"),
            ("remained", "remain"),
            ("noted", "note"),
            ("visited", "visit"),
            ("supplied", "supply"),
            ("agreed", "agree"),
            ("announced", "announce"),
            ("called", "call"),
            ("said", "say"),
            ("warned", "warn"),
            ("argued", "argue"),
        ] {
            assert_eq!(base_form(past, &v).as_deref(), Some(base), "{past}");
        }
        assert_eq!(base_form("red", &v), None);
    }

    #[test]
    fn every_sentence_gets_enough_questions_deterministically() {
        let text = "Rain fell. The weather was grim in the city today, officials noted.";
        let a = all(text);
        assert_eq!(a, all(text));
        for qs in &a {
            assert!(qs.len() >= MIN_QUESTIONS, "{qs:#?}");
            for q in qs {
                assert_eq!(q, &q.to_lowercase());
            }
        }
    }
}
