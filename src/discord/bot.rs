//! The bot's behaviour, apart from Discord's plumbing: each command, message or click, given
//! plain inputs (who, what text, moderator or not, where, when), becomes a [`Reply`] or silence,
//! and a record in the question log. The engine does all the answering and checking; this
//! decides who may do what, applies the cooldown, picks the reply and says what to record.
//! [`super::handler`] feeds it from serenity and sends what it returns.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tracing::{debug, error, info, warn};

use crate::engine::{truncate_chars, Answer, Engine, EngineHandle};
use crate::knowledge::Knowledge;
use crate::store::clock::DAY;
use crate::store::sqlite::SqliteStore;
use crate::store::{ClickKind, Clock, Record, Recorder, Reports, SystemClock, Via, Vote};

use super::commands::MAX_QUESTION_LEN;
use super::config::Config;
use super::cooldown::Cooldown;
use super::custom_id::{ButtonId, MessageRef};
use super::record::{self, Origin};
use super::render;
use super::reply::Reply;

/// Words that make a message read as a question when it starts with one (for `answer_channels`).
const QUESTION_WORDS: &[&str] = &[
    "who", "whom", "whose", "what", "when", "where", "why", "how", "which", "is", "are", "was",
    "were", "do", "does", "did", "can", "could", "will", "would", "should", "has", "have", "had",
];

/// Longest the engine may take for an interaction: Discord wants the response within 3 s.
pub const INTERACTION_DEADLINE: Duration = Duration::from_millis(2500);

/// The period `/misses` looks back over.
pub const MISSES_DAYS: u32 = 7;

/// A channel message, as far as the bot cares.
#[derive(Debug, Clone)]
pub struct Incoming<'a> {
    /// The message's snowflake.
    pub id: u64,
    pub author: u64,
    /// From a bot, a webhook or this bot itself: never answered.
    pub from_bot: bool,
    /// `None` in direct messages.
    pub guild: Option<u64>,
    pub channel: u64,
    /// The message mentions this bot.
    pub mentioned: bool,
    /// The text with the bot's mention removed.
    pub text: &'a str,
}

impl Incoming<'_> {
    pub fn is_dm(&self) -> bool {
        self.guild.is_none()
    }

    fn origin(&self) -> Origin {
        Origin {
            id: self.id,
            guild: self.guild,
            channel: self.channel,
        }
    }
}

/// A successful reload: what is now served.
#[derive(Debug, Clone, Copy)]
pub struct Reloaded {
    pub facts: usize,
    pub sources: usize,
}

pub struct Bot {
    engine: EngineHandle,
    knowledge_dir: Option<PathBuf>,
    answer_channels: Vec<u64>,
    moderator_roles: Vec<u64>,
    cooldown: Cooldown,
    /// One reload at a time (`/reload` and the folder watcher); questions never wait for it.
    reloading: tokio::sync::Mutex<()>,
    recorder: Recorder,
    /// The question log's file, read by `/misses`.
    store_path: PathBuf,
    clock: Arc<dyn Clock>,
}

impl Bot {
    pub fn new(engine: Engine, config: &Config, recorder: Recorder) -> Bot {
        Bot {
            engine: EngineHandle::new(engine),
            knowledge_dir: config.knowledge.clone(),
            answer_channels: config.discord.answer_channels.clone(),
            moderator_roles: config.discord.moderator_role_ids.clone(),
            cooldown: Cooldown::new(
                config.discord.cooldown.questions,
                config.discord.cooldown.window,
            ),
            reloading: tokio::sync::Mutex::new(()),
            recorder,
            store_path: config.store.path.clone(),
            clock: Arc::new(SystemClock),
        }
    }

    pub fn moderator_roles(&self) -> &[u64] {
        &self.moderator_roles
    }

    fn record(&self, r: Record) {
        self.recorder.record(r);
    }

    /// Runs `f` on the current engine on a blocking thread, so a slow question never stalls the
    /// gateway or other interactions; `None` if it fails or takes longer than `deadline` (the
    /// work then finishes in the background, unobserved). The engine it ran on comes back too,
    /// so the reply is made from the same fact base as the answer, even across a reload.
    async fn engine_call<T: Send + 'static>(
        &self,
        deadline: Option<Duration>,
        f: impl FnOnce(&Engine) -> T + Send + 'static,
    ) -> Option<(T, Engine)> {
        let engine = self.engine.current();
        let task = tokio::task::spawn_blocking(move || {
            let out = f(&engine);
            (out, engine)
        });
        let joined = match deadline {
            Some(d) => match tokio::time::timeout(d, task).await {
                Ok(joined) => joined,
                Err(_) => {
                    warn!(?d, "the engine took too long; answering without it");
                    return None;
                }
            },
            None => task.await,
        };
        joined
            .inspect_err(|e| error!("engine task failed: {e}"))
            .ok()
    }

    /// `/ask`: public answer, ephemeral abstention, ephemeral cooldown note. `origin` is the
    /// interaction.
    pub async fn ask(&self, user: u64, origin: Origin, question: &str, now: Instant) -> Reply {
        // Discord enforces max_length for real clients; enforce it here too.
        let question = truncate_chars(question.trim(), MAX_QUESTION_LEN.into()).to_string();
        if question.trim().is_empty() {
            return render::empty_question();
        }
        if let Err(wait) = self.cooldown.try_acquire(user, now) {
            debug!(user, "cooldown: /ask refused");
            return render::cooldown(wait);
        }
        let asked = question.clone();
        let Some((answer, engine)) = self
            .engine_call(Some(INTERACTION_DEADLINE), move |e| e.ask(&asked))
            .await
        else {
            return render::too_slow();
        };
        self.log_and_record(origin, Via::Ask, &question, &answer);
        match answer_reply(engine.knowledge(), &answer, origin.id) {
            Some(reply) => reply,
            None => abstention(&answer, origin.id),
        }
    }

    /// A channel message: `None` means stay silent.
    pub async fn on_message(&self, m: &Incoming<'_>, now: Instant) -> Option<Reply> {
        if m.from_bot {
            return None;
        }
        let text = m.text.trim();
        let addressed = m.mentioned || m.is_dm();
        let in_answer_channel = self.answer_channels.contains(&m.channel);
        let wanted = addressed || (in_answer_channel && reads_as_question(text));
        if !wanted {
            return None;
        }
        if self.cooldown.try_acquire(m.author, now).is_err() {
            debug!(user = m.author, "cooldown: channel question ignored");
            return None;
        }
        if text.is_empty() {
            return Some(render::empty_question());
        }
        // The same bound as /ask's question option.
        let question = truncate_chars(text, MAX_QUESTION_LEN.into()).to_string();
        let asked = question.clone();
        let (answer, engine) = self.engine_call(None, move |e| e.ask(&asked)).await?;
        let via = if addressed {
            Via::Mention
        } else {
            Via::Channel
        };
        self.log_and_record(m.origin(), via, &question, &answer);
        match answer_reply(engine.knowledge(), &answer, m.id) {
            Some(reply) => Some(reply),
            // In answer channels, only a mention earns an "I don't know" (no spam).
            None if addressed => Some(abstention(&answer, m.id)),
            None => None,
        }
    }

    fn log_and_record(&self, origin: Origin, via: Via, question: &str, answer: &Answer) {
        let via_name = via.as_str();
        match &answer.fact {
            Some(f) => info!(fact = %f.id, score = answer.score, via = via_name, "answered"),
            None => info!(
                score = answer.score,
                unsure = answer.unsure,
                closest = answer
                    .alternatives
                    .first()
                    .map_or("-", |s| s.fact.id.as_str()),
                via = via_name,
                "abstained"
            ),
        }
        let at = self.clock.now();
        self.record(record::question(origin, via, question, answer, at));
    }

    /// `/factcheck` and the `Fact-check` message command (`origin`: the command interaction).
    /// `reply_to` is the checked message, for the "Post publicly" button.
    pub async fn factcheck(
        &self,
        moderator: bool,
        origin: Origin,
        claim: &str,
        reply_to: Option<MessageRef>,
    ) -> Reply {
        if !moderator {
            return render::not_moderator();
        }
        let claim = claim.trim().to_string();
        if claim.is_empty() {
            return render::no_text_to_check();
        }
        let checked = claim.clone();
        let Some((result, engine)) = self
            .engine_call(Some(INTERACTION_DEADLINE), move |e| e.check(&checked))
            .await
        else {
            return render::too_slow();
        };
        info!(
            verdict = result.verdict.as_str(),
            fact = result.fact.as_ref().map_or("-", |f| f.id.as_str()),
            score = result.score,
            "fact-checked"
        );
        self.record(record::fact_check(
            origin,
            &claim,
            &result,
            self.clock.now(),
        ));
        let post = ButtonId::Post {
            check: Some(origin.id),
            reply_to,
        };
        render::verdict(engine.knowledge(), &claim, &result, Some(&post))
    }

    /// A verdict was posted publicly: its fact-check (when the button named it) is marked so.
    pub fn posted(&self, check: Option<u64>) {
        if let Some(id) = check {
            self.record(Record::FactCheckPosted { id });
        }
    }

    /// A fact button's click (`origin`: the click): that fact, ephemeral. The click is recorded
    /// (its kind, and the question under whose reply it was when the button named it) when the
    /// fact exists.
    pub fn show_fact(
        &self,
        fact_id: &str,
        origin: Origin,
        kind: ClickKind,
        question: Option<u64>,
    ) -> Reply {
        let engine = self.engine.current();
        let k = engine.knowledge();
        let Some(fact) = k.fact(fact_id) else {
            return render::unknown_fact();
        };
        info!(fact = fact_id, kind = kind.as_str(), "fact button clicked");
        self.record(record::click(
            origin,
            kind,
            question,
            fact_id,
            self.clock.now(),
        ));
        render::fact_card(k, fact, k.source_of(fact))
    }

    /// A Helpful / Wrong answer click by `user` on the answer to `question`. Recorded under a
    /// keyed hash of (user, question): a second vote replaces the first.
    pub fn vote(&self, user: u64, question: u64, helpful: bool) -> Reply {
        if let Some(voter) = self.recorder.voter(user, question) {
            self.record(Record::Vote(Vote {
                voter,
                question_id: question,
                at: self.clock.now(),
                helpful,
            }));
        }
        info!(helpful, "vote");
        render::vote_noted()
    }

    /// `/misses` (moderators): the biggest groups of questions missed in the last week in
    /// `guild`, read from the log off the async threads.
    pub async fn misses(&self, moderator: bool, guild: Option<u64>) -> Reply {
        if !moderator {
            return render::not_moderator();
        }
        let path = self.store_path.clone();
        let since = self.clock.now().minus(i64::from(MISSES_DAYS) * DAY);
        let stop_words = self
            .engine
            .current()
            .knowledge()
            .lexicon()
            .stop_words
            .clone();
        let read = tokio::task::spawn_blocking(move || {
            let store = SqliteStore::open_read_only(&path)?;
            let misses = store.misses(since, guild)?;
            Ok::<_, crate::store::StoreError>(crate::store::misses::group(&misses, &stop_words))
        })
        .await;
        match read {
            Ok(Ok(groups)) => render::misses(&groups, MISSES_DAYS),
            Ok(Err(e)) => {
                warn!("/misses: cannot read the question log: {e}");
                render::misses_unavailable()
            }
            Err(e) => {
                error!("/misses task failed: {e}");
                render::misses_unavailable()
            }
        }
    }

    /// Autocomplete for `/ask`: never empty while facts exist, even if the engine is slow on
    /// what was typed (then the first examples).
    pub async fn autocomplete(&self, partial: &str) -> Vec<(String, String)> {
        let partial = truncate_chars(partial, MAX_QUESTION_LEN.into()).to_string();
        let limit = super::limits::CHOICES;
        let suggestions = match self
            .engine_call(Some(INTERACTION_DEADLINE), move |e| {
                e.suggest(&partial, limit)
            })
            .await
        {
            Some((s, _)) => s,
            None => self.engine.current().suggest("", limit),
        };
        render::choices(&suggestions)
    }

    pub fn sources(&self) -> Reply {
        render::sources(self.engine.current().knowledge())
    }

    pub fn help(&self) -> Reply {
        let example = self.engine.current().suggest("", 1);
        render::help(example.first().map(String::as_str), &self.answer_channels)
    }

    /// `/reload`: see [`Bot::reload_now`].
    pub async fn reload(&self, moderator: bool) -> Reply {
        if !moderator {
            return render::not_moderator();
        }
        match self.reload_now().await {
            Ok(r) => render::reloaded(r.facts, r.sources),
            Err(ReloadError::Invalid(e)) => {
                render::reload_failed(&e.to_string(), self.engine.current().knowledge())
            }
            Err(ReloadError::Crashed) => render::reload_crashed(),
        }
    }

    /// Loads the knowledge folder again, off the async threads, and swaps it in; on failure the
    /// running engine stays and every problem is logged. Shared by `/reload` and the watcher.
    pub async fn reload_now(&self) -> Result<Reloaded, ReloadError> {
        let _one_at_a_time = self.reloading.lock().await;
        let dir = self.knowledge_dir.clone();
        let options = self.engine.current().options();
        let loaded =
            tokio::task::spawn_blocking(move || Engine::load(dir.as_deref(), options)).await;
        match loaded {
            Ok(Ok(engine)) => {
                let done = counts(engine.knowledge());
                info!(
                    facts = done.facts,
                    sources = done.sources,
                    "knowledge reloaded"
                );
                self.engine.replace(engine);
                Ok(done)
            }
            Ok(Err(e)) => {
                warn!(
                    problems = e.problems.len(),
                    "reload failed, keeping the running knowledge"
                );
                for p in &e.problems {
                    warn!(problem = %p, "knowledge folder problem");
                }
                Err(ReloadError::Invalid(e))
            }
            Err(e) => {
                error!("reload task failed: {e}");
                Err(ReloadError::Crashed)
            }
        }
    }
}

/// Why a reload kept the running fact base.
#[derive(Debug)]
pub enum ReloadError {
    /// The folder has problems (all of them listed).
    Invalid(crate::knowledge::LoadError),
    /// The loading task itself failed.
    Crashed,
}

fn counts(k: &Knowledge) -> Reloaded {
    Reloaded {
        facts: k.facts().len(),
        sources: k.sources().len(),
    }
}

/// The public answer to `question`, or `None` when the engine abstained.
fn answer_reply(knowledge: &Knowledge, answer: &Answer, question: u64) -> Option<Reply> {
    let (fact, source) = (answer.fact.as_ref()?, answer.source.as_ref()?);
    Some(render::answer(
        knowledge,
        fact,
        source,
        &answer.alternatives,
        question,
    ))
}

/// The reply to an abstention: unsure (candidates to pick from) or not covered.
fn abstention(answer: &Answer, question: u64) -> Reply {
    if answer.unsure {
        render::unsure(&answer.alternatives, question)
    } else {
        render::abstain(&answer.alternatives, question)
    }
}

/// Whether a message reads as a question: ends with a question mark, or starts with a question
/// word ("how", "is", ...).
pub fn reads_as_question(text: &str) -> bool {
    let text = text.trim();
    if text.ends_with(['?', '？', '؟']) {
        return true;
    }
    let first = text
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let first = first.split(['\'', '’']).next().unwrap_or("");
    QUESTION_WORDS.contains(&first)
}

/// `content` without this bot's mentions (`<@id>` and `<@!id>`), whitespace tidied.
pub fn strip_mention(content: &str, me: u64) -> String {
    content
        .replace(&format!("<@{me}>"), " ")
        .replace(&format!("<@!{me}>"), " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `content` mentions this bot in text.
pub fn mentions(content: &str, me: u64) -> bool {
    content.contains(&format!("<@{me}>")) || content.contains(&format!("<@!{me}>"))
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::time::Duration;

    use super::*;
    use crate::engine::Options;

    fn config(extra: &str) -> Config {
        Config::parse(extra, Path::new("config.toml")).unwrap()
    }

    fn bot_with(extra: &str) -> Bot {
        let c = config(extra);
        Bot::new(
            Engine::load(None, Options::default()).unwrap(),
            &c,
            Recorder::disabled(),
        )
    }

    /// An interaction or message in guild 1, channel 2.
    fn o(id: u64) -> Origin {
        Origin {
            id,
            guild: Some(1),
            channel: 2,
        }
    }

    fn bot() -> Bot {
        bot_with(
            "[discord]\nanswer_channels = [500]\n[discord.cooldown]\nquestions = 2\nseconds = 30",
        )
    }

    /// A question the bundled knowledge answers, and one it does not.
    fn known(b: &Bot) -> String {
        let e = b.engine.current();
        e.knowledge().facts()[0].questions[0].clone()
    }
    const UNKNOWN: &str = "what is the recipe for banana bread with walnuts";

    fn msg<'a>(text: &'a str, channel: u64) -> Incoming<'a> {
        Incoming {
            id: 1000 + channel,
            author: 9,
            from_bot: false,
            guild: Some(1),
            channel,
            mentioned: false,
            text,
        }
    }

    #[tokio::test]
    async fn ask_answers_publicly_with_the_quote() {
        let b = bot();
        let q = known(&b);
        let r = b.ask(1, o(10), &q, Instant::now()).await;
        assert!(!r.ephemeral);
        let e = b.engine.current();
        let fact = &e.knowledge().facts()[0];
        let quoted = render::fact_quote(e.knowledge(), fact);
        assert!(r.embed.unwrap().description.contains(&quoted));
        // Vote buttons naming the question.
        assert_eq!(r.rows[1][0].custom_id, "vote:helpful:10");
    }

    #[tokio::test]
    async fn ask_abstains_ephemerally() {
        let b = bot();
        let r = b.ask(1, o(10), UNKNOWN, Instant::now()).await;
        assert!(r.ephemeral);
        assert!(r.content.unwrap().contains("Not covered by the source"));
    }

    #[tokio::test]
    async fn cooldown_is_shared_by_ask_and_channel_questions() {
        let b = bot();
        let q = known(&b);
        let t = Instant::now();
        assert!(!b.ask(1, o(10), &q, t).await.ephemeral);
        let mut m = msg(&q, 777);
        m.author = 1;
        m.mentioned = true;
        assert!(b.on_message(&m, t).await.is_some());
        // Third question within 30 s: /ask gets a note, the channel gets silence.
        let r = b.ask(1, o(10), &q, t + Duration::from_secs(1)).await;
        assert!(r.ephemeral && r.content.unwrap().contains("cooldown"));
        assert!(b.on_message(&m, t + Duration::from_secs(1)).await.is_none());
        // Another user is not affected; the window slides.
        assert!(!b.ask(2, o(10), &q, t).await.ephemeral);
        assert!(
            !b.ask(1, o(10), &q, t + Duration::from_secs(31))
                .await
                .ephemeral
        );
    }

    #[tokio::test]
    async fn autocomplete_and_moderator_commands_do_not_count() {
        let b = bot_with("[discord.cooldown]\nquestions = 1\nseconds = 30");
        let q = known(&b);
        let t = Instant::now();
        for _ in 0..5 {
            assert!(!b.autocomplete("who").await.is_empty());
            assert!(b.factcheck(true, o(20), &q, None).await.embed.is_some());
        }
        assert!(!b.ask(1, o(10), &q, t).await.ephemeral);
    }

    #[tokio::test]
    async fn channel_rules() {
        let b = bot();
        let q = known(&b);
        let t = Instant::now();
        // Elsewhere, unmentioned: silent, even for a question.
        assert!(b.on_message(&msg(&q, 777), t).await.is_none());
        // Mentioned: answered as a reply.
        let mut m = msg(&q, 777);
        m.mentioned = true;
        assert!(b.on_message(&m, t).await.unwrap().embed.is_some());
        // Answer channel, reads as a question: answered without a mention.
        let b = bot();
        let asked = format!("{q}?");
        assert!(b.on_message(&msg(&asked, 500), t).await.is_some());
        // Answer channel, not a question: silent.
        assert!(b
            .on_message(&msg("nice weather today", 500), t)
            .await
            .is_none());
        // Answer channel, abstention: silent unless mentioned.
        let off = format!("{UNKNOWN}?");
        assert!(b.on_message(&msg(&off, 500), t).await.is_none());
        let mut m = msg(&off, 500);
        m.author = 10;
        m.mentioned = true;
        let r = b.on_message(&m, t).await.unwrap();
        assert!(r.content.unwrap().contains("Not covered"));
        // DMs count as addressed.
        let mut m = msg(&off, 600);
        m.author = 11;
        m.guild = None;
        assert!(b.on_message(&m, t).await.is_some());
    }

    #[tokio::test]
    async fn bots_webhooks_and_self_are_never_answered() {
        let b = bot();
        let q = format!("{}?", known(&b));
        let mut m = msg(&q, 500);
        m.from_bot = true;
        m.mentioned = true;
        m.guild = None;
        assert!(b.on_message(&m, Instant::now()).await.is_none());
    }

    #[tokio::test]
    async fn a_bare_mention_gets_a_prompt() {
        let b = bot();
        let mut m = msg("  ", 777);
        m.mentioned = true;
        let r = b.on_message(&m, Instant::now()).await.unwrap();
        assert!(r.content.unwrap().contains("/ask"));
    }

    #[tokio::test]
    async fn moderator_commands_refuse_others() {
        let b = bot();
        let r = b.factcheck(false, o(20), "NATO met in Prague", None).await;
        assert!(r.ephemeral && r.embed.is_none());
        assert!(r.content.unwrap().starts_with("Only moderators"));
        let r = b.reload(false).await;
        assert!(r.content.unwrap().starts_with("Only moderators"));
    }

    #[tokio::test]
    async fn slow_engine_work_is_cut_off_at_the_deadline() {
        let b = bot();
        let slow = b
            .engine_call(Some(Duration::from_millis(50)), |_| {
                std::thread::sleep(Duration::from_millis(300))
            })
            .await;
        assert!(slow.is_none());
        let fast = b
            .engine_call(Some(Duration::from_secs(5)), |e| {
                e.knowledge().facts().len()
            })
            .await;
        assert!(fast.unwrap().0 > 0);
        let panicked = b.engine_call(None, |_| -> u8 { panic!("boom") }).await;
        assert!(panicked.is_none());
        assert!(render::too_slow().ephemeral);
    }

    #[tokio::test]
    async fn factcheck_carries_the_post_button() {
        let b = bot();
        let target = MessageRef {
            channel_id: 5,
            message_id: 6,
        };
        let r = b.factcheck(true, o(20), &known(&b), Some(target)).await;
        assert!(r.ephemeral);
        assert_eq!(r.rows[0][0].custom_id, "post:20:5:6");
        let r = b.factcheck(true, o(21), "anything", None).await;
        assert_eq!(r.rows[0][0].custom_id, "post:21");
        let r = b.factcheck(true, o(22), "   ", None).await;
        assert!(r.content.unwrap().contains("no text"));
    }

    #[test]
    fn show_fact_by_id() {
        let b = bot();
        let id = b.engine.current().knowledge().facts()[1].id.clone();
        let r = b.show_fact(&id, o(30), ClickKind::DidYouMean, None);
        assert!(r.ephemeral && r.embed.is_some());
        let r = b.show_fact("no-such-fact", o(31), ClickKind::DidYouMean, None);
        assert!(r.content.is_some());
    }

    #[tokio::test]
    async fn reload_failure_keeps_serving_and_success_swaps() {
        let dir = tempfile::tempdir().unwrap();
        let kb = dir.path().join("kb");
        std::fs::create_dir(&kb).unwrap();
        std::fs::write(
            kb.join("sources.toml"),
            "[[source]]\nid = \"x\"\nnonsense = 1\n",
        )
        .unwrap();
        let path = dir.path().join("config.toml");
        let c = Config::parse("knowledge = \"kb\"", &path).unwrap();
        let b = Bot::new(
            Engine::load(None, Options::default()).unwrap(),
            &c,
            Recorder::disabled(),
        );
        let before = b.engine.current().knowledge().facts().len();
        let r = b.reload(true).await;
        assert!(r.ephemeral);
        assert!(r.content.unwrap().starts_with("**Reload failed**"));
        assert_eq!(b.engine.current().knowledge().facts().len(), before);
        assert!(!b.ask(1, o(10), &known(&b), Instant::now()).await.ephemeral);

        // A valid folder (a copy of the bundled one) is swapped in.
        copy_dir(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("knowledge")
                .as_path(),
            &kb,
        );
        let r = b.reload(true).await;
        assert!(
            r.content.unwrap().starts_with("Reloaded"),
            "reload of a copy"
        );
    }

    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            let dest = to.join(e.file_name());
            if e.file_type().unwrap().is_dir() {
                copy_dir(&e.path(), &dest);
            } else {
                std::fs::copy(e.path(), dest).unwrap();
            }
        }
    }

    #[test]
    fn question_detection() {
        for q in [
            "is NATO meeting?",
            "when is the meeting",
            "Who's the NATO chief",
            "  How many days  ",
            "¿donde?",
            "Prague?",
            "what’s up",
        ] {
            assert!(reads_as_question(q), "{q}");
        }
        for q in [
            "nice weather",
            "NATO met in Prague.",
            "",
            "whoever wins",
            "lol",
        ] {
            assert!(!reads_as_question(q), "{q}");
        }
    }

    #[test]
    fn mentions_are_stripped() {
        assert_eq!(
            strip_mention("<@42> who is the nato chief?", 42),
            "who is the nato chief?"
        );
        assert_eq!(strip_mention("hey <@!42>   what  day", 42), "hey what day");
        assert_eq!(strip_mention("<@43> hi", 42), "<@43> hi");
        assert!(mentions("x <@!42>", 42));
        assert!(!mentions("x <@420>", 42));
    }

    #[tokio::test]
    async fn an_unsure_answer_offers_its_candidates_and_a_plain_abstention_its_topics() {
        let b = bot();
        let e = b.engine.current();
        let mut a = e.ask("what is the capital of france");
        assert!(!a.answered() && !a.alternatives.is_empty());
        a.unsure = false;
        let r = abstention(&a, 5);
        assert!(r.content.as_deref().unwrap().contains("Not covered"));
        assert!(r.buttons().all(|x| x.custom_id.starts_with("top:5:")));
        assert!(r.buttons().count() > 0);
        a.unsure = true;
        let r = abstention(&a, 5);
        assert!(r.content.as_deref().unwrap().starts_with("I'm not sure"));
        assert!(r.buttons().all(|x| x.custom_id.starts_with("uns:5:")));
        assert!(r.buttons().count() > 0);
    }

    /// Every way in is recorded, with no user id anywhere in the database.
    #[tokio::test]
    async fn questions_clicks_votes_and_fact_checks_are_recorded_without_user_ids() {
        use crate::store::misses::MissKind;
        use crate::store::writer;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let c = Config::parse(
            "[discord]\nanswer_channels = [500]\n[discord.cooldown]\nseconds = 0",
            &path,
        )
        .unwrap();
        let store = SqliteStore::open(&c.store.path).unwrap();
        let key = store.voter_key().unwrap().clone();
        let (recorder, writer) =
            Recorder::start(Box::new(store), key, writer::Options::new(90)).unwrap();
        let b = Bot::new(
            Engine::load(None, Options::default()).unwrap(),
            &c,
            recorder,
        );
        let (asker, voter, moder) = (4_000_000_001u64, 4_000_000_002u64, 4_000_000_003u64);
        let now = Instant::now();
        let q = known(&b);

        b.ask(asker, o(101), &q, now).await;
        b.ask(asker, o(102), UNKNOWN, now).await;
        let mut m = msg(&q, 777);
        m.id = 103;
        m.author = asker;
        m.mentioned = true;
        b.on_message(&m, now).await.unwrap();
        let mut m = msg("what is the capital of france?", 500);
        m.id = 104;
        m.author = asker;
        assert!(
            b.on_message(&m, now).await.is_none(),
            "silent, but recorded"
        );
        // Votes: changed once by the same person; a forged one names no question.
        b.vote(voter, 101, true);
        b.vote(voter, 101, false);
        b.vote(asker, 101, true);
        b.vote(voter, 999_999, false);
        // Clicks: on a closest topic of 104; an unknown fact records nothing.
        let topic = b
            .engine
            .current()
            .ask("what is the capital of france")
            .alternatives[0]
            .fact
            .id
            .clone();
        b.show_fact(&topic, o(105), ClickKind::Closest, Some(104));
        b.show_fact("no-such-fact", o(106), ClickKind::Closest, Some(104));
        b.factcheck(
            true,
            o(107),
            "The NATO foreign ministers are meeting in Warsaw",
            None,
        )
        .await;
        b.posted(Some(107));
        let summary = tokio::task::spawn_blocking(move || writer.finish())
            .await
            .unwrap();
        assert_eq!(summary.dropped, 0);

        let ro = SqliteStore::open_read_only(&c.store.path).unwrap();
        let st = ro.stats(crate::store::Timestamp(0)).unwrap();
        assert_eq!(st.totals.questions, 4);
        assert_eq!((st.totals.answered, st.totals.not_covered), (2, 2));
        assert_eq!(st.clicks, 1);
        assert_eq!((st.fact_checks.contradicted, st.fact_checks.posted), (1, 1));
        let votes: Vec<(usize, usize)> = st.facts.iter().map(|f| (f.helpful, f.wrong)).collect();
        assert!(votes.contains(&(1, 1)), "{votes:?}");
        let misses = ro.misses(crate::store::Timestamp(0), Some(1)).unwrap();
        assert_eq!(misses.len(), 2);
        assert!(misses.iter().all(|m| m.kind == MissKind::NotCovered));
        assert_eq!(misses[1].clicked_fact_id.as_deref(), Some(topic.as_str()));
        drop(ro);

        // No user id, in any form, anywhere in the file.
        let mut bytes = std::fs::read(&c.store.path).unwrap();
        if let Ok(wal) = std::fs::read(c.store.path.with_extension("db-wal")) {
            bytes.extend(wal);
        }
        for id in [asker, voter, moder] {
            for needle in [id.to_string().into_bytes(), id.to_be_bytes().to_vec()] {
                assert!(
                    !bytes.windows(needle.len()).any(|w| w == needle.as_slice()),
                    "user id {id} is in the database"
                );
            }
        }

        // /misses reads the groups back (moderators only).
        assert!(b
            .misses(false, Some(1))
            .await
            .content
            .unwrap()
            .starts_with("Only"));
        let r = b.misses(true, Some(1)).await;
        let d = r.embed.unwrap().description;
        assert!(d.contains("capital of france"), "{d}");
        assert!(d.contains("banana bread"), "{d}");
    }
}
