//! Button custom_ids. A click must be handled by any instance of the bot, even after a restart,
//! so each id carries everything the click needs besides the clicked message itself:
//!
//! - `fact:<fact_id>`: a "did you mean" button; shows that fact.
//! - `post`: "Post publicly" under a `/factcheck` verdict; posts it in the channel.
//! - `post:<channel_id>:<message_id>`: "Post publicly" under a `Fact-check` verdict; posts it as a
//!   reply to that message.

use super::limits;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ButtonId {
    /// Show this fact (ephemeral).
    Fact(String),
    /// Post the verdict shown in the clicked message; as a reply to `reply_to` when set.
    Post { reply_to: Option<MessageRef> },
}

/// A message to reply to: its channel and id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageRef {
    pub channel_id: u64,
    pub message_id: u64,
}

impl ButtonId {
    /// The custom_id, or `None` when it would be longer than Discord allows (a fact id of more
    /// than 95 characters).
    pub fn encode(&self) -> Option<String> {
        let id = match self {
            ButtonId::Fact(fact) => format!("fact:{fact}"),
            ButtonId::Post { reply_to: None } => "post".to_string(),
            ButtonId::Post { reply_to: Some(m) } => {
                format!("post:{}:{}", m.channel_id, m.message_id)
            }
        };
        (!id.is_empty() && id.len() <= limits::CUSTOM_ID).then_some(id)
    }

    /// Reads a custom_id; `None` for anything this bot did not make.
    pub fn parse(id: &str) -> Option<ButtonId> {
        if id == "post" {
            return Some(ButtonId::Post { reply_to: None });
        }
        if let Some(fact) = id.strip_prefix("fact:") {
            return (!fact.is_empty()).then(|| ButtonId::Fact(fact.to_string()));
        }
        let rest = id.strip_prefix("post:")?;
        let (channel, message) = rest.split_once(':')?;
        let channel_id = parse_snowflake(channel)?;
        let message_id = parse_snowflake(message)?;
        Some(ButtonId::Post {
            reply_to: Some(MessageRef {
                channel_id,
                message_id,
            }),
        })
    }
}

fn parse_snowflake(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|&n| n != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for b in [
            ButtonId::Fact("us-opposes-for-now".into()),
            ButtonId::Post { reply_to: None },
            ButtonId::Post {
                reply_to: Some(MessageRef {
                    channel_id: u64::MAX,
                    message_id: 1_234_567_890_123_456_789,
                }),
            },
        ] {
            let id = b.encode().unwrap();
            assert!(id.len() <= limits::CUSTOM_ID);
            assert_eq!(ButtonId::parse(&id), Some(b));
        }
    }

    #[test]
    fn exact_formats() {
        assert_eq!(
            ButtonId::Fact("a.b_c-1".into()).encode().unwrap(),
            "fact:a.b_c-1"
        );
        let post = ButtonId::Post {
            reply_to: Some(MessageRef {
                channel_id: 12,
                message_id: 34,
            }),
        };
        assert_eq!(post.encode().unwrap(), "post:12:34");
    }

    #[test]
    fn too_long_fact_ids_get_no_button() {
        assert!(ButtonId::Fact("x".repeat(95)).encode().is_some());
        assert!(ButtonId::Fact("x".repeat(96)).encode().is_none());
    }

    #[test]
    fn foreign_or_malformed_ids_are_rejected() {
        for id in [
            "",
            "fact:",
            "post:",
            "post:1",
            "post:1:",
            "post::2",
            "post:a:2",
            "post:1:2:3",
            "post:0:5",
            "post:-1:5",
            "post:+1:5",
            "post:99999999999999999999:1",
            "other",
            "FACT:x",
        ] {
            assert_eq!(ButtonId::parse(id), None, "{id:?}");
        }
    }
}
