//! Button custom_ids. A click must be handled by any instance of the bot, even after a restart,
//! so each id carries everything the click needs besides the clicked message itself:
//!
//! - `dym:<question>:<fact_id>`: a "did you mean" button under an answer; shows that fact.
//! - `uns:<question>:<fact_id>`: a candidate under "I'm not sure the article answers that".
//! - `top:<question>:<fact_id>`: a closest topic under "not covered".
//! - `dym:<fact_id>`, `uns:<fact_id>`, `top:<fact_id>`: the same when the fact id is too long
//!   to fit beside the question (the click is still recorded, without its question).
//! - `fact:<fact_id>`: a "did you mean" button made by older versions.
//! - `vote:helpful:<question>`, `vote:wrong:<question>`: the vote buttons under a public answer.
//! - `post:<check>`: "Post publicly" under a `/factcheck` verdict; posts it in the channel.
//! - `post:<check>:<channel_id>:<message_id>`: the same under a `Fact-check` verdict; posts it
//!   as a reply to that message. (`post` and `post:<channel_id>:<message_id>`, from older
//!   versions, name no check.)
//!
//! `<question>` and `<check>` are the snowflakes of the interaction or message that asked or
//! checked: the keys of their rows in the question log. What comes back is checked as strictly
//! as it is made: anything else parses to `None`, and a well-formed id naming nothing is
//! ignored by the store, so a forged custom_id can neither crash the bot nor write garbage.

use super::limits;
use crate::store::ClickKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ButtonId {
    /// Show this fact (ephemeral). `kind`: which button it was; `question`: the question whose
    /// reply carried it, when the id could name it.
    Fact {
        fact: String,
        kind: ClickKind,
        question: Option<u64>,
    },
    /// A Helpful / Wrong answer vote on the answer to `question`.
    Vote { question: u64, helpful: bool },
    /// Post the verdict shown in the clicked message; as a reply to `reply_to` when set.
    /// `check`: the fact-check's key in the log, when known.
    Post {
        check: Option<u64>,
        reply_to: Option<MessageRef>,
    },
}

/// A message to reply to: its channel and id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageRef {
    pub channel_id: u64,
    pub message_id: u64,
}

fn kind_prefix(kind: ClickKind) -> &'static str {
    match kind {
        ClickKind::DidYouMean => "dym",
        ClickKind::Unsure => "uns",
        ClickKind::Closest => "top",
    }
}

impl ButtonId {
    /// The custom_id, or `None` when it cannot fit Discord's 100 characters (a fact id of more
    /// than 96). A fact button whose question does not fit beside its fact id is encoded
    /// without it (`dym:<id>`): the click still works, only its link to the question is lost.
    pub fn encode(&self) -> Option<String> {
        let fits = |id: String| (!id.is_empty() && id.len() <= limits::CUSTOM_ID).then_some(id);
        match self {
            ButtonId::Fact {
                fact,
                kind,
                question,
            } => {
                let prefix = kind_prefix(*kind);
                let linked = question.and_then(|q| fits(format!("{prefix}:{q}:{fact}")));
                linked.or_else(|| fits(format!("{prefix}:{fact}")))
            }
            ButtonId::Vote { question, helpful } => {
                let what = if *helpful { "helpful" } else { "wrong" };
                fits(format!("vote:{what}:{question}"))
            }
            ButtonId::Post { check, reply_to } => {
                let mut id = String::from("post");
                if let Some(c) = check {
                    id.push_str(&format!(":{c}"));
                }
                if let Some(m) = reply_to {
                    id.push_str(&format!(":{}:{}", m.channel_id, m.message_id));
                }
                fits(id)
            }
        }
    }

    /// Reads a custom_id; `None` for anything this bot did not make.
    pub fn parse(id: &str) -> Option<ButtonId> {
        if id.len() > limits::CUSTOM_ID {
            return None;
        }
        let (head, rest) = id.split_once(':').unwrap_or((id, ""));
        match head {
            "fact" => valid_fact(rest).then(|| ButtonId::Fact {
                fact: rest.to_string(),
                kind: ClickKind::DidYouMean,
                question: None,
            }),
            "dym" | "uns" | "top" => {
                let kind = match head {
                    "dym" => ClickKind::DidYouMean,
                    "uns" => ClickKind::Unsure,
                    _ => ClickKind::Closest,
                };
                let (question, fact) = match rest.split_once(':') {
                    Some((q, fact)) => (Some(parse_snowflake(q)?), fact),
                    None => (None, rest),
                };
                valid_fact(fact).then(|| ButtonId::Fact {
                    fact: fact.to_string(),
                    kind,
                    question,
                })
            }
            "vote" => {
                let (what, q) = rest.split_once(':')?;
                let helpful = match what {
                    "helpful" => true,
                    "wrong" => false,
                    _ => return None,
                };
                Some(ButtonId::Vote {
                    question: parse_snowflake(q)?,
                    helpful,
                })
            }
            "post" if id == "post" => Some(ButtonId::Post {
                check: None,
                reply_to: None,
            }),
            "post" => {
                let parts: Vec<u64> = rest
                    .split(':')
                    .map(parse_snowflake)
                    .collect::<Option<_>>()?;
                let reply = |c: u64, m: u64| {
                    Some(MessageRef {
                        channel_id: c,
                        message_id: m,
                    })
                };
                let (check, reply_to) = match parts[..] {
                    [check] => (Some(check), None),
                    [c, m] => (None, reply(c, m)),
                    [check, c, m] => (Some(check), reply(c, m)),
                    _ => return None,
                };
                Some(ButtonId::Post { check, reply_to })
            }
            _ => None,
        }
    }
}

fn valid_fact(id: &str) -> bool {
    crate::knowledge::valid_id(id)
}

/// A Discord snowflake: decimal digits only, not 0, and within i64 (the log's integer).
fn parse_snowflake(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 19 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<u64>()
        .ok()
        .filter(|&n| n != 0 && i64::try_from(n).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    const Q: u64 = 1_234_567_890_123_456_789;

    fn fact(f: &str, kind: ClickKind, question: Option<u64>) -> ButtonId {
        ButtonId::Fact {
            fact: f.into(),
            kind,
            question,
        }
    }

    #[test]
    fn round_trips() {
        let reply = MessageRef {
            channel_id: i64::MAX as u64,
            message_id: Q,
        };
        for b in [
            fact("us-opposes-for-now", ClickKind::DidYouMean, None),
            fact("a.b_c-1", ClickKind::DidYouMean, Some(Q)),
            fact("x", ClickKind::Unsure, Some(1)),
            fact("x", ClickKind::Closest, Some(Q)),
            fact("x", ClickKind::Closest, None),
            ButtonId::Vote {
                question: Q,
                helpful: true,
            },
            ButtonId::Vote {
                question: 5,
                helpful: false,
            },
            ButtonId::Post {
                check: None,
                reply_to: None,
            },
            ButtonId::Post {
                check: Some(Q),
                reply_to: None,
            },
            ButtonId::Post {
                check: None,
                reply_to: Some(reply),
            },
            ButtonId::Post {
                check: Some(Q),
                reply_to: Some(reply),
            },
        ] {
            let id = b.encode().unwrap();
            assert!(id.len() <= limits::CUSTOM_ID, "{id}");
            assert_eq!(ButtonId::parse(&id), Some(b), "{id}");
        }
    }

    #[test]
    fn exact_formats() {
        assert_eq!(
            fact("a.b_c-1", ClickKind::DidYouMean, None)
                .encode()
                .unwrap(),
            "dym:a.b_c-1"
        );
        assert_eq!(
            fact("venue", ClickKind::Unsure, Some(42)).encode().unwrap(),
            "uns:42:venue"
        );
        // Older versions' did-you-mean buttons still work.
        assert_eq!(
            ButtonId::parse("fact:venue"),
            Some(fact("venue", ClickKind::DidYouMean, None))
        );
        assert_eq!(
            ButtonId::Vote {
                question: 42,
                helpful: false
            }
            .encode()
            .unwrap(),
            "vote:wrong:42"
        );
        let post = ButtonId::Post {
            check: Some(9),
            reply_to: Some(MessageRef {
                channel_id: 12,
                message_id: 34,
            }),
        };
        assert_eq!(post.encode().unwrap(), "post:9:12:34");
        // Older versions' ids still work.
        assert_eq!(
            ButtonId::parse("post:12:34"),
            Some(ButtonId::Post {
                check: None,
                reply_to: Some(MessageRef {
                    channel_id: 12,
                    message_id: 34
                })
            })
        );
    }

    #[test]
    fn long_fact_ids_lose_the_question_then_the_button() {
        // "dym:" + 19 digits + ":" leaves 76 characters for the fact id.
        let linked = fact(&"x".repeat(76), ClickKind::Unsure, Some(Q));
        assert!(linked.encode().unwrap().starts_with(&format!("uns:{Q}:")));
        let unlinked = fact(&"x".repeat(77), ClickKind::Unsure, Some(Q));
        assert_eq!(
            unlinked.encode().unwrap(),
            format!("uns:{}", "x".repeat(77))
        );
        assert!(fact(&"x".repeat(96), ClickKind::Closest, None)
            .encode()
            .is_some());
        assert!(fact(&"x".repeat(97), ClickKind::Closest, None)
            .encode()
            .is_none());
    }

    #[test]
    fn foreign_or_malformed_ids_are_rejected() {
        for id in [
            "",
            "fact:",
            "fact:a b",
            "fact:a:b",
            "fact:<@1>",
            "dym:",
            "dym:1:",
            "dym:a b",
            "dym::x",
            "dym:0:x",
            "dym:x:y",
            "uns:-1:x",
            "top:99999999999999999999:x",
            "top:9223372036854775808:x",
            "vote:",
            "vote:helpful",
            "vote:helpful:",
            "vote:maybe:1",
            "vote:wrong:0",
            "vote:wrong:1:2",
            "vote:wrong:+1",
            "post:",
            "post:1:",
            "post::2",
            "post:a:2",
            "post:1:2:3:4",
            "post:0:5",
            "post:-1:5",
            "post:+1:5",
            "post:99999999999999999999:1",
            "other",
            "FACT:x",
            "posted",
        ] {
            assert_eq!(ButtonId::parse(id), None, "{id:?}");
        }
        assert_eq!(ButtonId::parse(&format!("fact:{}", "x".repeat(200))), None);
    }

    proptest::proptest! {
        #[test]
        fn parsing_anything_never_panics_and_what_parses_re_encodes(s in "\\PC{0,120}") {
            if let Some(b) = ButtonId::parse(&s) {
                let again = b.encode().expect("a parsed id fits");
                proptest::prop_assert_eq!(ButtonId::parse(&again), Some(b));
            }
        }
    }
}
