//! The application commands the bot registers, and their names.

use serenity::all::{
    CommandOptionType, CommandType, CreateCommand, CreateCommandOption, InteractionContext,
    Permissions,
};

pub const ASK: &str = "ask";
pub const ASK_QUESTION: &str = "question";
pub const FACTCHECK: &str = "factcheck";
pub const FACTCHECK_CLAIM: &str = "claim";
/// The message context-menu command.
pub const FACT_CHECK_MESSAGE: &str = "Fact-check";
pub const RELOAD: &str = "reload";
pub const MISSES: &str = "misses";
pub const SOURCES: &str = "sources";
pub const HELP: &str = "help";

/// Longest question `/ask` accepts (Discord enforces it client-side).
pub const MAX_QUESTION_LEN: u16 = 300;

/// Moderator commands: hidden from other members by default (Discord side) and checked again
/// on every use (our side); guild-only, since a DM has no moderators.
fn moderator(cmd: CreateCommand) -> CreateCommand {
    cmd.default_member_permissions(Permissions::MANAGE_MESSAGES)
        .contexts(vec![InteractionContext::Guild])
}

/// Every command, in registration order.
pub fn all() -> Vec<CreateCommand> {
    vec![
        CreateCommand::new(ASK)
            .description("Ask a question about the article; the answer quotes it word for word")
            .add_option(
                CreateCommandOption::new(
                    CommandOptionType::String,
                    ASK_QUESTION,
                    "Your question, e.g. who is the NATO chief?",
                )
                .required(true)
                .max_length(MAX_QUESTION_LEN)
                .set_autocomplete(true),
            ),
        moderator(
            CreateCommand::new(FACTCHECK)
                .description("Moderators: check a claim against the article")
                .add_option(
                    CreateCommandOption::new(
                        CommandOptionType::String,
                        FACTCHECK_CLAIM,
                        "The claim to check",
                    )
                    .required(true),
                ),
        ),
        moderator(CreateCommand::new(FACT_CHECK_MESSAGE).kind(CommandType::Message)),
        moderator(
            CreateCommand::new(RELOAD).description("Moderators: reload the knowledge folder"),
        ),
        moderator(
            CreateCommand::new(MISSES).description(
                "Moderators: questions the fact base missed in the last 7 days, grouped",
            ),
        ),
        CreateCommand::new(SOURCES)
            .description("The articles the bot knows, with dates and fact counts"),
        CreateCommand::new(HELP).description("How to ask, and what the fact-check verdicts mean"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn by_name(name: &str) -> Value {
        all()
            .into_iter()
            .map(|c| serde_json::to_value(c).unwrap())
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("no command {name}"))
    }

    #[test]
    fn ask_has_the_question_option() {
        let ask = by_name(ASK);
        assert!(ask.get("default_member_permissions").is_none());
        let opt = &ask["options"][0];
        assert_eq!(opt["name"], "question");
        assert_eq!(opt["type"], 3);
        assert_eq!(opt["required"], true);
        assert_eq!(opt["max_length"], 300);
        assert_eq!(opt["autocomplete"], true);
    }

    #[test]
    fn moderator_commands_default_to_manage_messages() {
        for name in [FACTCHECK, FACT_CHECK_MESSAGE, RELOAD, MISSES] {
            let c = by_name(name);
            assert_eq!(c["default_member_permissions"], "8192", "{name}");
        }
        for name in [ASK, SOURCES, HELP] {
            assert!(by_name(name).get("default_member_permissions").is_none());
        }
        let fc = by_name(FACTCHECK);
        assert_eq!(fc["options"][0]["name"], "claim");
        assert_eq!(fc["options"][0]["required"], true);
    }

    #[test]
    fn fact_check_is_a_message_command_without_description() {
        let c = by_name(FACT_CHECK_MESSAGE);
        assert_eq!(c["type"], 3);
        assert!(c.get("description").is_none());
        assert_eq!(c["options"], serde_json::json!([]));
    }

    #[test]
    fn names_and_descriptions_are_valid() {
        for c in all() {
            let c = serde_json::to_value(c).unwrap();
            let name = c["name"].as_str().unwrap();
            assert!((1..=32).contains(&name.chars().count()));
            if c.get("type").is_none() || c["type"] == 1 {
                assert!(name
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch == '-' || ch == '_'));
                let d = c["description"].as_str().unwrap();
                assert!((1..=100).contains(&d.chars().count()), "{d}");
            }
            for o in c["options"].as_array().unwrap() {
                let d = o["description"].as_str().unwrap();
                assert!((1..=100).contains(&d.chars().count()), "{d}");
            }
        }
    }
}
