//! The question log: what people asked, how it went, which buttons they clicked, how they voted
//! and which claims moderators checked, kept so curators can see what the fact base misses
//! (`factbot misses`, `/misses`) and how it is used (`factbot stats`).
//!
//! - [`Store`] takes batches of [`Record`]s and prunes old rows; [`Reports`] reads them back.
//!   Both are small traits so a server database (several bot processes, one log) can be added
//!   beside [`sqlite::SqliteStore`], the only implementation today.
//! - [`writer::Recorder`] is the bot's side: a bounded queue feeding one writer thread that owns
//!   the database. Handlers never wait on it; when it is full or the database fails, records are
//!   dropped and counted, answering goes on.
//! - [`misses`] groups unanswered questions for curators; [`stats`] holds the usage figures.
//! - [`clock`]: the time records carry and pruning uses, injectable for tests.
//! - [`voter`]: the keyed hash that lets votes be counted once per person without storing who.
//!
//! Invariant: no record type holds a user id or name. Questions and fact-checks are keyed by the
//! Discord snowflake of the interaction or message that carried them, known before the row is
//! written, so a vote button can name the answer it belongs to.

pub mod clock;
pub mod misses;
pub mod sqlite;
pub mod stats;
pub mod throttle;
pub mod voter;
pub mod writer;

use std::path::PathBuf;

pub use clock::{Clock, SystemClock, Timestamp};
pub use voter::{VoterId, VoterKey};
pub use writer::Recorder;

/// How a question reached the bot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// The `/ask` command.
    Ask,
    /// A message mentioning the bot, or a direct message.
    Mention,
    /// A question in an answer channel, without a mention.
    Channel,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Ask => "ask",
            Via::Mention => "mention",
            Via::Channel => "channel",
        }
    }

    pub fn parse(s: &str) -> Option<Via> {
        [Via::Ask, Via::Mention, Via::Channel]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

/// What the engine made of a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Outcome {
    Answered,
    /// Abstained, with a plausible candidate offered ("I'm not sure... did you mean").
    Unsure,
    /// Abstained: the article does not cover it.
    NotCovered,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Answered => "answered",
            Outcome::Unsure => "unsure",
            Outcome::NotCovered => "not_covered",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        [Outcome::Answered, Outcome::Unsure, Outcome::NotCovered]
            .into_iter()
            .find(|o| o.as_str() == s)
    }
}

/// Which kind of fact button was clicked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClickKind {
    /// "Did you mean" under an answer.
    DidYouMean,
    /// A candidate under "I'm not sure the article answers that".
    Unsure,
    /// A closest topic under "not covered".
    Closest,
}

impl ClickKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ClickKind::DidYouMean => "did_you_mean",
            ClickKind::Unsure => "unsure",
            ClickKind::Closest => "closest",
        }
    }

    pub fn parse(s: &str) -> Option<ClickKind> {
        [ClickKind::DidYouMean, ClickKind::Unsure, ClickKind::Closest]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// Where something happened: no user, only the place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// `None` in direct messages.
    pub guild_id: Option<u64>,
    pub channel_id: u64,
}

/// One question and what the bot made of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// The snowflake of the interaction or message that asked it.
    pub id: u64,
    pub at: Timestamp,
    pub place: Place,
    pub via: Via,
    /// The question as asked, with user and role mentions replaced (see [`scrub_mentions`]).
    pub text: String,
    pub outcome: Outcome,
    /// The fact given as the answer.
    pub fact_id: Option<String>,
    /// When abstaining, the engine's closest topic (its first alternative): what `misses`
    /// groups by, without re-running the engine.
    pub closest_fact_id: Option<String>,
    /// The engine's confidence in its best candidate, in [0, 1].
    pub confidence: f64,
}

/// A click on a fact button under an answer or an abstention.
#[derive(Debug, Clone, PartialEq)]
pub struct Click {
    /// The click interaction's snowflake.
    pub id: u64,
    pub at: Timestamp,
    pub place: Place,
    pub kind: ClickKind,
    /// The question whose reply carried the button, when the button named it.
    pub question_id: Option<u64>,
    pub fact_id: String,
}

/// A Helpful / Wrong answer vote. One per voter: a second vote replaces the first.
#[derive(Debug, Clone, PartialEq)]
pub struct Vote {
    pub voter: VoterId,
    pub question_id: u64,
    pub at: Timestamp,
    pub helpful: bool,
}

/// A moderator's fact-check.
#[derive(Debug, Clone, PartialEq)]
pub struct FactCheck {
    /// The snowflake of the command interaction.
    pub id: u64,
    pub at: Timestamp,
    pub place: Place,
    pub claim: String,
    /// `supported`, `contradicted` or `unverified`.
    pub verdict: &'static str,
    pub fact_id: Option<String>,
}

/// Everything the bot records.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Question(Question),
    Click(Click),
    Vote(Vote),
    FactCheck(FactCheck),
    /// The verdict of fact-check `id` was posted publicly.
    FactCheckPosted {
        id: u64,
    },
}

/// Problems with the database. Each names the file when one is involved.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database {}: {source}", path.display())]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("database {}: no such file (factbot serve creates it; is [store] path right?)", path.display())]
    Missing { path: PathBuf },
    #[error("database {}: cannot be written (read-only file, folder or file system)", path.display())]
    ReadOnly { path: PathBuf },
    #[error("database {}: corrupted ({detail}); move it away to start a new one", path.display())]
    Corrupt { path: PathBuf, detail: String },
    #[error("database {}: schema version {found} is newer than this factbot knows ({known}); upgrade factbot", path.display())]
    NewerSchema {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// Where records go. Implementations are used from one thread (the writer's), one batch at a
/// time; a batch is written whole or not at all, so a failed batch can be retried as is.
pub trait Store: Send {
    /// Writes `batch` in order. Records that refer to something unknown (a vote for a question
    /// never recorded, a forged id) are skipped, never stored; the count of skipped ones is
    /// returned.
    fn write(&mut self, batch: &[Record]) -> Result<usize, StoreError>;

    /// Deletes every row older than `before`; returns how many.
    fn prune(&mut self, before: Timestamp) -> Result<usize, StoreError>;
}

/// What curators read back.
pub trait Reports {
    /// Questions since `since` that were not covered, unsure, or voted wrong (more wrong than
    /// helpful votes), oldest first; only those asked in `guild` when given.
    fn misses(&self, since: Timestamp, guild: Option<u64>)
        -> Result<Vec<misses::Miss>, StoreError>;

    /// Usage figures since `since`.
    fn stats(&self, since: Timestamp) -> Result<stats::Stats, StoreError>;
}

/// `text` with user mentions (`<@123>`, `<@!123>`) replaced by `@user` and role mentions
/// (`<@&123>`) by `@role`: questions are stored, and the ids of people they mention are not
/// for keeping.
pub fn scrub_mentions(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("<@") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let (kind, digits_from) = match after.as_bytes().first() {
            Some(b'&') => ("@role", 1),
            Some(b'!') => ("@user", 1),
            _ => ("@user", 0),
        };
        let digits = after[digits_from..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        let close = digits_from + digits;
        if digits > 0 && after.as_bytes().get(close) == Some(&b'>') {
            out.push_str(kind);
            rest = &after[close + 1..];
        } else {
            out.push_str("<@");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for v in [Via::Ask, Via::Mention, Via::Channel] {
            assert_eq!(Via::parse(v.as_str()), Some(v));
        }
        for o in [Outcome::Answered, Outcome::Unsure, Outcome::NotCovered] {
            assert_eq!(Outcome::parse(o.as_str()), Some(o));
        }
        for k in [ClickKind::DidYouMean, ClickKind::Unsure, ClickKind::Closest] {
            assert_eq!(ClickKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(Outcome::parse("voted_wrong"), None);
    }

    #[test]
    fn mentions_are_scrubbed() {
        assert_eq!(
            scrub_mentions("<@123> and <@!456> ask <@&789> where?"),
            "@user and @user ask @role where?"
        );
        for kept in ["<@>", "<@abc>", "<@12", "a <@&> b", "<#123> channel", "x<@"] {
            assert_eq!(scrub_mentions(kept), kept);
        }
        assert_eq!(scrub_mentions("<@<@1>>"), "<@@user>");
        assert_eq!(scrub_mentions("é<@1>ü"), "é@userü");
    }
}
