//! Usage figures over a period (`factbot stats`): plain data, serialisable as the `--json`
//! output. The queries that fill it live with their tables in [`super::sqlite`].

use serde::Serialize;

/// Questions by outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub questions: usize,
    pub answered: usize,
    pub unsure: usize,
    pub not_covered: usize,
}

impl Counts {
    /// Shares of answered / unsure / not covered questions (0 when there were none).
    pub fn rates(&self) -> Rates {
        let share = |n: usize| {
            if self.questions == 0 {
                0.0
            } else {
                ((n as f64 / self.questions as f64) * 1000.0).round() / 1000.0
            }
        };
        Rates {
            answered: share(self.answered),
            unsure: share(self.unsure),
            not_covered: share(self.not_covered),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rates {
    pub answered: f64,
    pub unsure: f64,
    pub not_covered: f64,
}

/// One UTC day's questions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Day {
    /// `YYYY-MM-DD`.
    pub day: String,
    #[serde(flatten)]
    pub counts: Counts,
}

/// How much one fact was used and what people thought of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FactUse {
    pub fact_id: String,
    /// Questions answered with it.
    pub answered: usize,
    pub helpful: usize,
    pub wrong: usize,
}

/// Fact-checks by verdict, and how many were posted publicly.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Checks {
    pub total: usize,
    pub supported: usize,
    pub contradicted: usize,
    pub unverified: usize,
    pub posted: usize,
}

/// Everything `factbot stats` shows.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    pub totals: Counts,
    /// Days with at least one question, oldest first.
    pub days: Vec<Day>,
    /// Facts answered with or voted on, most answered first.
    pub facts: Vec<FactUse>,
    pub fact_checks: Checks,
    /// Clicks on fact buttons (did you mean, unsure candidates, closest topics).
    pub clicks: usize,
}

/// Per-fact figures from answer counts `(fact, answered)` and vote counts `(fact, helpful,
/// wrong)`: most answered first, then most voted, then by id.
pub fn fact_uses(
    answered: Vec<(String, usize)>,
    votes: Vec<(String, usize, usize)>,
) -> Vec<FactUse> {
    let mut out: Vec<FactUse> = answered
        .into_iter()
        .map(|(fact_id, answered)| FactUse {
            fact_id,
            answered,
            helpful: 0,
            wrong: 0,
        })
        .collect();
    for (fact_id, helpful, wrong) in votes {
        match out.iter_mut().find(|f| f.fact_id == fact_id) {
            Some(f) => {
                f.helpful += helpful;
                f.wrong += wrong;
            }
            None => out.push(FactUse {
                fact_id,
                answered: 0,
                helpful,
                wrong,
            }),
        }
    }
    out.sort_by(|a, b| {
        b.answered
            .cmp(&a.answered)
            .then((b.helpful + b.wrong).cmp(&(a.helpful + a.wrong)))
            .then(a.fact_id.cmp(&b.fact_id))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_shares_rounded_and_zero_without_questions() {
        let c = Counts {
            questions: 3,
            answered: 2,
            unsure: 0,
            not_covered: 1,
        };
        let r = c.rates();
        assert_eq!((r.answered, r.unsure, r.not_covered), (0.667, 0.0, 0.333));
        let r = Counts::default().rates();
        assert_eq!(r.answered, 0.0);
    }

    #[test]
    fn fact_uses_merge_answers_and_votes() {
        let f = fact_uses(
            vec![("a".into(), 1), ("b".into(), 5)],
            vec![("a".into(), 2, 1), ("c".into(), 0, 3)],
        );
        let ids: Vec<&str> = f.iter().map(|x| x.fact_id.as_str()).collect();
        assert_eq!(ids, ["b", "a", "c"]);
        assert_eq!((f[1].answered, f[1].helpful, f[1].wrong), (1, 2, 1));
        assert_eq!((f[2].answered, f[2].wrong), (0, 3));
    }

    #[test]
    fn a_day_serialises_flat() {
        let d = Day {
            day: "2024-05-30".into(),
            counts: Counts {
                questions: 1,
                answered: 1,
                ..Counts::default()
            },
        };
        let v = serde_json::to_value(d).unwrap();
        assert_eq!(v["day"], "2024-05-30");
        assert_eq!(v["questions"], 1);
        assert_eq!(v["not_covered"], 0);
    }
}
