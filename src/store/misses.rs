//! What the fact base misses, grouped so a curator can act on each group at once.
//!
//! A missed question is one the bot did not cover, was unsure about, or answered and got voted
//! wrong. Each is tied to the fact it is closest to:
//!
//! - voted wrong: the fact that was given (it does not answer this: `not_answered`);
//! - a fact button clicked under the reply (the asker said which fact they meant);
//! - unsure: the engine's first candidate;
//! - not covered: the engine's closest topic, when it scored at least [`CLOSE_ENOUGH`].
//!
//! Questions tied to no fact are clustered by the words they share (stems minus stop words,
//! Jaccard similarity at least [`SIMILAR`]), deterministically: same log, same groups.

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use serde::Serialize;

use super::clock::Timestamp;

/// Below this confidence a not-covered question's closest topic is noise, not a lead: half the
/// default `min_confidence` (off-topic questions such as "the best recipe for banana bread"
/// score about 0.16 against the bundled article; near misses 0.3 to 0.5).
pub const CLOSE_ENOUGH: f64 = 0.25;

/// Two fact-less questions sharing at least this share of their content words (Jaccard) belong
/// to one cluster: "banana bread recipe" and "recipe for banana bread with walnuts" do (3/4),
/// "banana bread" and "bread prices in Prague" do not (1/4).
pub const SIMILAR: f64 = 0.5;

/// Why a question counts as missed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissKind {
    NotCovered,
    Unsure,
    /// Answered, but voted "Wrong answer" more than "Helpful".
    VotedWrong,
}

/// One missed question, as read from the log.
#[derive(Debug, Clone, PartialEq)]
pub struct Miss {
    /// The question's snowflake (also its order: snowflakes grow with time).
    pub id: u64,
    pub at: Timestamp,
    pub text: String,
    pub kind: MissKind,
    /// The fact given as the answer (voted wrong only).
    pub fact_id: Option<String>,
    /// The engine's closest topic when it abstained.
    pub closest_fact_id: Option<String>,
    pub confidence: f64,
    /// The fact of the last candidate button clicked under the reply, if any.
    pub clicked_fact_id: Option<String>,
}

/// How many of a group's questions missed in each way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Outcomes {
    pub not_covered: usize,
    pub unsure: usize,
    pub voted_wrong: usize,
}

/// What a curator should do with a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Suggestion {
    /// The fact answers these: add them to its `questions`.
    AddExamples(String),
    /// The fact was given but does not answer these: add them to its `not_answered`.
    AddNotAnswered(String),
    /// No fact is close: write one (if the article covers it).
    NewFact,
}

impl fmt::Display for Suggestion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Suggestion::AddExamples(id) => write!(f, "add these as example questions of fact {id}"),
            Suggestion::AddNotAnswered(id) => write!(f, "add these as not_answered of fact {id}"),
            Suggestion::NewFact => f.write_str("write a new fact"),
        }
    }
}

/// Missed questions that call for one action.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The fact the questions are closest to; `None` for a cluster of similar questions.
    pub fact_id: Option<String>,
    /// How many times they were asked.
    pub count: usize,
    pub outcomes: Outcomes,
    /// The distinct questions, most asked first (then oldest first).
    pub questions: Vec<String>,
    pub suggestion: Suggestion,
}

/// Groups `misses`, biggest group first (ties: fact groups first, then the oldest). `stop_words`
/// are left out when comparing fact-less questions.
pub fn group(misses: &[Miss], stop_words: &[String]) -> Vec<Group> {
    let stop: BTreeSet<String> = stop_words
        .iter()
        .flat_map(|w| crate::text::stems(w))
        .collect();
    let mut sorted: Vec<&Miss> = misses.iter().collect();
    sorted.sort_by_key(|m| m.id);

    // (fact, voted wrong) -> members; fact-less questions go to clustering.
    let mut by_fact: Vec<((String, bool), Vec<&Miss>)> = Vec::new();
    let mut index: HashMap<(String, bool), usize> = HashMap::new();
    let mut clusters: Vec<Cluster> = Vec::new();
    for m in sorted {
        match closest_fact(m) {
            Some(fact) => {
                let key = (fact.to_string(), m.kind == MissKind::VotedWrong);
                let i = *index.entry(key.clone()).or_insert_with(|| {
                    by_fact.push((key, Vec::new()));
                    by_fact.len() - 1
                });
                by_fact[i].1.push(m);
            }
            None => add_to_clusters(&mut clusters, m, &stop),
        }
    }

    let mut groups: Vec<(u64, Group)> = Vec::new();
    for ((fact, wrong), members) in by_fact {
        let suggestion = if wrong {
            Suggestion::AddNotAnswered(fact.clone())
        } else {
            Suggestion::AddExamples(fact.clone())
        };
        groups.push((members[0].id, make_group(Some(fact), &members, suggestion)));
    }
    for c in clusters {
        groups.push((
            c.members[0].id,
            make_group(None, &c.members, Suggestion::NewFact),
        ));
    }
    groups.sort_by(|(a_first, a), (b_first, b)| {
        b.count
            .cmp(&a.count)
            .then(a.fact_id.is_none().cmp(&b.fact_id.is_none()))
            .then(a_first.cmp(b_first))
    });
    groups.into_iter().map(|(_, g)| g).collect()
}

/// The fact a missed question is closest to, per the module's rules.
fn closest_fact(m: &Miss) -> Option<&str> {
    let closest = match m.kind {
        MissKind::VotedWrong => return m.fact_id.as_deref(),
        MissKind::Unsure => m.closest_fact_id.as_deref(),
        MissKind::NotCovered if m.confidence >= CLOSE_ENOUGH => m.closest_fact_id.as_deref(),
        MissKind::NotCovered => None,
    };
    m.clicked_fact_id.as_deref().or(closest)
}

struct Cluster<'a> {
    members: Vec<&'a Miss>,
    /// The distinct word sets of the members.
    sets: Vec<BTreeSet<String>>,
    /// The distinct normalised texts (questions with no content word match on these).
    texts: Vec<String>,
}

fn add_to_clusters<'a>(clusters: &mut Vec<Cluster<'a>>, m: &'a Miss, stop: &BTreeSet<String>) {
    let text = normalised(&m.text);
    let words: BTreeSet<String> = crate::text::stems(&m.text)
        .into_iter()
        .filter(|w| !stop.contains(w))
        .collect();
    let mut best: Option<(usize, f64)> = None;
    for (i, c) in clusters.iter().enumerate() {
        let score = if c.texts.contains(&text) {
            1.0
        } else {
            c.sets
                .iter()
                .map(|s| jaccard(&words, s))
                .fold(0.0, f64::max)
        };
        if score >= SIMILAR && best.is_none_or(|(_, b)| score > b) {
            best = Some((i, score));
        }
    }
    let c = match best {
        Some((i, _)) => &mut clusters[i],
        None => {
            clusters.push(Cluster {
                members: Vec::new(),
                sets: Vec::new(),
                texts: Vec::new(),
            });
            clusters.last_mut().expect("just pushed")
        }
    };
    c.members.push(m);
    if !c.texts.contains(&text) {
        c.texts.push(text);
    }
    if !words.is_empty() && !c.sets.contains(&words) {
        c.sets.push(words);
    }
}

/// |a ∩ b| / |a ∪ b|; 0 when either is empty (nothing to compare).
fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let both = a.intersection(b).count();
    both as f64 / (a.len() + b.len() - both) as f64
}

/// The form two askings of one question share: case, accents and punctuation folded.
fn normalised(text: &str) -> String {
    crate::text::normalize(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn make_group(fact_id: Option<String>, members: &[&Miss], suggestion: Suggestion) -> Group {
    let mut outcomes = Outcomes::default();
    // Distinct questions by normalised text: (first text seen, times asked, first id).
    let mut distinct: Vec<(String, String, usize, u64)> = Vec::new();
    for m in members {
        match m.kind {
            MissKind::NotCovered => outcomes.not_covered += 1,
            MissKind::Unsure => outcomes.unsure += 1,
            MissKind::VotedWrong => outcomes.voted_wrong += 1,
        }
        let key = normalised(&m.text);
        match distinct.iter_mut().find(|(k, ..)| *k == key) {
            Some(d) => d.2 += 1,
            None => distinct.push((key, m.text.trim().to_string(), 1, m.id)),
        }
    }
    distinct.sort_by(|a, b| b.2.cmp(&a.2).then(a.3.cmp(&b.3)));
    Group {
        fact_id,
        count: members.len(),
        outcomes,
        questions: distinct.into_iter().map(|(_, text, ..)| text).collect(),
        suggestion,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn miss(id: u64, text: &str, kind: MissKind) -> Miss {
        Miss {
            id,
            at: Timestamp(id as i64),
            text: text.into(),
            kind,
            fact_id: None,
            closest_fact_id: None,
            confidence: 0.1,
            clicked_fact_id: None,
        }
    }

    fn stop() -> Vec<String> {
        [
            "the", "a", "for", "with", "what", "is", "of", "in", "who", "how",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }

    #[test]
    fn questions_go_to_their_closest_fact_with_the_right_suggestion() {
        let mut m = vec![
            Miss {
                closest_fact_id: Some("venue".into()),
                ..miss(1, "where do they meet", MissKind::Unsure)
            },
            Miss {
                closest_fact_id: Some("venue".into()),
                confidence: 0.3,
                ..miss(2, "Where do they meet?", MissKind::NotCovered)
            },
            Miss {
                fact_id: Some("venue".into()),
                ..miss(3, "when do they meet", MissKind::VotedWrong)
            },
            // Too far from its closest topic to count as close.
            Miss {
                closest_fact_id: Some("venue".into()),
                confidence: 0.1,
                ..miss(4, "banana bread recipe", MissKind::NotCovered)
            },
        ];
        // The asker clicked another fact: that one is what they meant.
        m.push(Miss {
            closest_fact_id: Some("venue".into()),
            clicked_fact_id: Some("date".into()),
            ..miss(5, "what day is it", MissKind::Unsure)
        });
        let g = group(&m, &stop());
        assert_eq!(g.len(), 4, "{g:#?}");
        assert_eq!(g[0].fact_id.as_deref(), Some("venue"));
        assert_eq!(g[0].count, 2);
        assert_eq!(
            g[0].outcomes,
            Outcomes {
                not_covered: 1,
                unsure: 1,
                voted_wrong: 0
            }
        );
        // One distinct question, asked twice (case and punctuation aside).
        assert_eq!(g[0].questions, ["where do they meet"]);
        assert_eq!(
            g[0].suggestion.to_string(),
            "add these as example questions of fact venue"
        );
        let wrong = g.iter().find(|x| x.outcomes.voted_wrong == 1).unwrap();
        assert_eq!(wrong.fact_id.as_deref(), Some("venue"));
        assert_eq!(
            wrong.suggestion.to_string(),
            "add these as not_answered of fact venue"
        );
        let clicked = g
            .iter()
            .find(|x| x.fact_id.as_deref() == Some("date"))
            .unwrap();
        assert_eq!(clicked.questions, ["what day is it"]);
        let new = g.iter().find(|x| x.fact_id.is_none()).unwrap();
        assert_eq!(new.questions, ["banana bread recipe"]);
        assert_eq!(new.suggestion.to_string(), "write a new fact");
    }

    #[test]
    fn fact_less_questions_cluster_by_shared_words() {
        let m = vec![
            miss(1, "banana bread recipe", MissKind::NotCovered),
            miss(2, "what is the weather in Oslo", MissKind::NotCovered),
            miss(
                3,
                "recipe for banana bread with walnuts",
                MissKind::NotCovered,
            ),
            miss(4, "Banana bread recipe!", MissKind::NotCovered),
            miss(5, "bread prices in prague", MissKind::NotCovered),
            miss(6, "weather in oslo", MissKind::NotCovered),
            miss(7, "what is the", MissKind::NotCovered),
            miss(8, "What is the?", MissKind::NotCovered),
        ];
        let g = group(&m, &stop());
        let sets: Vec<(usize, Vec<&str>)> = g
            .iter()
            .map(|x| (x.count, x.questions.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            sets,
            vec![
                (
                    3,
                    vec![
                        "banana bread recipe",
                        "recipe for banana bread with walnuts"
                    ]
                ),
                (2, vec!["what is the weather in Oslo", "weather in oslo"]),
                (2, vec!["what is the"]),
                (1, vec!["bread prices in prague"]),
            ]
        );
        assert!(g.iter().all(|x| x.suggestion == Suggestion::NewFact));
    }

    #[test]
    fn the_same_log_gives_the_same_groups_in_any_order() {
        let mut m: Vec<Miss> = (0..40)
            .map(|i| {
                let mut x = miss(
                    i,
                    ["nato budget", "budget of nato", "who pays", "pays who"][i as usize % 4],
                    MissKind::NotCovered,
                );
                if i % 5 == 0 {
                    x.closest_fact_id = Some(format!("f{}", i % 3));
                    x.kind = MissKind::Unsure;
                }
                x
            })
            .collect();
        let a = group(&m, &stop());
        m.reverse();
        let b = group(&m, &stop());
        assert_eq!(a, b);
        let total: usize = a.iter().map(|g| g.count).sum();
        assert_eq!(total, 40);
        assert!(a.windows(2).all(|w| w[0].count >= w[1].count));
    }

    #[test]
    fn empty_log_no_groups() {
        assert!(group(&[], &[]).is_empty());
    }
}
