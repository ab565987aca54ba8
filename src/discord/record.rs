//! What the bot did, as question-log records ([`crate::store`]): pure functions, no I/O. No
//! record carries who acted; texts lose the ids of the people and roles they mention.

use std::sync::Arc;

use crate::check::CheckResult;
use crate::engine::Answer;
use crate::knowledge::Fact;
use crate::store::{
    scrub_mentions, Click, ClickKind, FactCheck, Outcome, Place, Question, Record, Timestamp, Via,
};

/// The interaction or message something came through: its snowflake (the record's key) and
/// where it happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    pub id: u64,
    /// `None` in direct messages.
    pub guild: Option<u64>,
    pub channel: u64,
}

impl Origin {
    pub fn place(&self) -> Place {
        Place {
            guild_id: self.guild,
            channel_id: self.channel,
        }
    }
}

/// Answered, unsure (abstaining with a plausible candidate) or not covered.
pub fn outcome(answer: &Answer) -> Outcome {
    if answer.answered() {
        Outcome::Answered
    } else if answer.unsure {
        Outcome::Unsure
    } else {
        Outcome::NotCovered
    }
}

fn id_of(fact: &Option<Arc<Fact>>) -> Option<String> {
    fact.as_ref().map(|f| f.id.to_string())
}

/// A question and the engine's answer to it.
pub fn question(origin: Origin, via: Via, text: &str, answer: &Answer, at: Timestamp) -> Record {
    let closest = if answer.answered() {
        None
    } else {
        answer.alternatives.first().map(|s| s.fact.id.to_string())
    };
    Record::Question(Question {
        id: origin.id,
        at,
        place: origin.place(),
        via,
        text: scrub_mentions(text.trim()),
        outcome: outcome(answer),
        fact_id: id_of(&answer.fact),
        closest_fact_id: closest,
        confidence: answer.score,
    })
}

/// A click (`origin`: the click interaction) on a fact button under the reply to `question`
/// (when the button named it).
pub fn click(
    origin: Origin,
    kind: ClickKind,
    question: Option<u64>,
    fact_id: &str,
    at: Timestamp,
) -> Record {
    Record::Click(Click {
        id: origin.id,
        at,
        place: origin.place(),
        kind,
        question_id: question,
        fact_id: fact_id.to_string(),
    })
}

/// A moderator's fact-check and its verdict.
pub fn fact_check(origin: Origin, claim: &str, result: &CheckResult, at: Timestamp) -> Record {
    Record::FactCheck(FactCheck {
        id: origin.id,
        at,
        place: origin.place(),
        claim: scrub_mentions(claim.trim()),
        verdict: result.verdict.as_str(),
        fact_id: id_of(&result.fact),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Engine, Options, Scored};

    const AT: Timestamp = Timestamp(1_717_070_400);
    const O: Origin = Origin {
        id: 77,
        guild: Some(1),
        channel: 2,
    };

    #[test]
    fn answered_unsure_and_not_covered() {
        let e = Engine::load(None, Options::default()).unwrap();
        let q = e.knowledge().facts()[0].questions[0].to_string();
        let a = e.ask(&q);
        let Record::Question(r) = question(O, Via::Ask, &q, &a, AT) else {
            panic!()
        };
        assert_eq!(r.outcome, Outcome::Answered);
        assert_eq!(
            r.fact_id.as_deref(),
            Some(e.knowledge().facts()[0].id.as_ref())
        );
        assert_eq!(r.closest_fact_id, None);
        assert_eq!(
            (r.id, r.place.guild_id, r.place.channel_id),
            (77, Some(1), 2)
        );

        let mut off = e.ask("who is the defence minister of france");
        assert!(!off.answered() && !off.alternatives.is_empty());
        let Record::Question(r) = question(O, Via::Channel, " <@42> capital? ", &off, AT) else {
            panic!()
        };
        assert_eq!(r.outcome, Outcome::NotCovered);
        assert_eq!(r.fact_id, None);
        assert_eq!(
            r.closest_fact_id.as_deref(),
            Some(off.alternatives[0].fact.id.as_ref())
        );
        assert_eq!(r.text, "@user capital?");
        assert_eq!(r.confidence, off.score);

        off.unsure = true;
        assert_eq!(outcome(&off), Outcome::Unsure);
        off.alternatives = Vec::<Scored>::new();
        let Record::Question(r) = question(O, Via::Mention, "x", &off, AT) else {
            panic!()
        };
        assert_eq!(r.closest_fact_id, None);
    }

    #[test]
    fn fact_checks_keep_the_verdict_and_lose_mentions() {
        let e = Engine::load(None, Options::default()).unwrap();
        let claim = "<@&5> The NATO foreign ministers are meeting in Warsaw";
        let res = e.check(claim);
        let Record::FactCheck(f) = fact_check(O, claim, &res, AT) else {
            panic!()
        };
        assert_eq!(f.verdict, res.verdict.as_str());
        assert!(f.claim.starts_with("@role The NATO"));
        assert_eq!(f.fact_id, res.fact.as_ref().map(|x| x.id.to_string()));
    }
}
