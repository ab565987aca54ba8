//! The bot's behaviour, apart from Discord's plumbing: each command, message or click, given
//! plain inputs (who, what text, moderator or not, where, when), becomes a [`Reply`] or silence,
//! and a record in the question log. The engine does all the answering and checking; this
//! decides who may do what, applies the cooldown, picks the reply and says what to record.
//! [`super::handler`] feeds it from serenity and sends what it returns.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Semaphore;
use tracing::{debug, error, info, warn};

use crate::engine::{truncate_chars, Answer, Engine, EngineHandle, Options};
use crate::knowledge::{Knowledge, LoadError};
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

/// Longest the engine may take for a channel message (no Discord deadline, but work nobody waits
/// for any more must not pile up).
pub const MESSAGE_DEADLINE: Duration = Duration::from_secs(10);

/// How many engine jobs may run on blocking threads at once: twice the cores, at least 4. The
/// work is CPU-bound, so more would only queue in the OS; a job abandoned at its deadline keeps
/// its slot until it ends, so abandoned work can never pile up beyond this.
pub fn engine_job_limit() -> usize {
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    (2 * cores).max(4)
}

/// Why the engine gave no result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unavailable {
    /// Every engine slot stayed taken until the deadline: the bot is overloaded.
    Busy,
    /// The work itself did not finish by the deadline.
    TooSlow,
    /// The work panicked (a bug): logged.
    Failed,
}

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
    /// Slots for engine jobs on blocking threads ([`engine_job_limit`]).
    jobs: Arc<Semaphore>,
    /// Deadline for interactions and `/reload` ([`INTERACTION_DEADLINE`]; shorter in tests).
    deadline: Duration,
    /// One reload at a time (`/reload` and the folder watcher), held by the loading job itself;
    /// questions never wait for it, and another `/reload` is told one is running.
    reloading: Arc<tokio::sync::Mutex<()>>,
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
            jobs: Arc::new(Semaphore::new(engine_job_limit())),
            deadline: INTERACTION_DEADLINE,
            reloading: Arc::new(tokio::sync::Mutex::new(())),
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
    /// gateway or other interactions, within `deadline` all told:
    /// - it first waits (asynchronously) for one of the [`engine_job_limit`] slots: if none frees
    ///   up in time, [`Unavailable::Busy`], and nothing was queued;
    /// - the job holds its slot until it ends, even when abandoned at the deadline, so abandoned
    ///   work never piles up beyond the limit; a job that had not started by its deadline is
    ///   cancelled (or skips its work when it starts).
    ///
    /// The engine it ran on comes back too, so the reply is made from the same fact base as the
    /// answer, even across a reload.
    async fn engine_call<T: Send + 'static>(
        &self,
        deadline: Duration,
        f: impl FnOnce(&Engine) -> T + Send + 'static,
    ) -> Result<(T, Engine), Unavailable> {
        let until = tokio::time::Instant::now() + deadline;
        let permit = match tokio::time::timeout_at(until, self.jobs.clone().acquire_owned()).await {
            Ok(Ok(permit)) => permit,
            Ok(Err(_closed)) => return Err(Unavailable::Failed),
            Err(_) => {
                warn!(
                    ?deadline,
                    "every engine slot is busy; answering without the engine"
                );
                return Err(Unavailable::Busy);
            }
        };
        let engine = self.engine.current();
        let late = until.into_std();
        let mut task = tokio::task::spawn_blocking(move || {
            let _slot = permit;
            if std::time::Instant::now() >= late {
                return None; // nobody waits for this any more
            }
            let out = f(&engine);
            Some((out, engine))
        });
        match tokio::time::timeout_at(until, &mut task).await {
            Ok(Ok(Some(v))) => Ok(v),
            Ok(Ok(None)) => Err(Unavailable::TooSlow),
            Ok(Err(e)) => {
                error!("engine task failed: {e}");
                Err(Unavailable::Failed)
            }
            Err(_) => {
                // Cancels the job if it has not started; a running one ends on its own.
                task.abort();
                warn!(?deadline, "the engine took too long; answering without it");
                Err(Unavailable::TooSlow)
            }
        }
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
        let (answer, engine) = match self
            .engine_call(self.deadline, move |e| e.ask(&asked))
            .await
        {
            Ok(a) => a,
            Err(why) => return unavailable(why),
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
        let (answer, engine) = match self
            .engine_call(MESSAGE_DEADLINE, move |e| e.ask(&asked))
            .await
        {
            Ok(a) => a,
            // Only someone who addressed the bot hears that it is overloaded.
            Err(why) => return addressed.then(|| unavailable(why)),
        };
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
                    .map_or("-", |s| s.fact.id.as_ref()),
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
        let (result, engine) = match self
            .engine_call(self.deadline, move |e| e.check(&checked))
            .await
        {
            Ok(r) => r,
            Err(why) => return unavailable(why),
        };
        info!(
            verdict = result.verdict.as_str(),
            fact = result.fact.as_ref().map_or("-", |f| f.id.as_ref()),
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

    /// Autocomplete for `/ask`: never empty while facts exist, even if the engine is slow or
    /// busy on what was typed (then the first examples, read off the knowledge: `suggest` itself
    /// runs only on a blocking thread, never on the async threads).
    pub async fn autocomplete(&self, partial: &str) -> Vec<(String, String)> {
        let partial = truncate_chars(partial, MAX_QUESTION_LEN.into()).to_string();
        let limit = super::limits::CHOICES;
        let suggestions = match self
            .engine_call(self.deadline, move |e| e.suggest(&partial, limit))
            .await
        {
            Ok((s, _)) => s,
            Err(_) => first_examples(self.engine.current().knowledge(), limit),
        };
        render::choices(&suggestions)
    }

    pub fn sources(&self) -> Reply {
        render::sources(self.engine.current().knowledge())
    }

    pub fn help(&self) -> Reply {
        let engine = self.engine.current();
        let example = first_examples(engine.knowledge(), 1);
        render::help(example.first().map(String::as_str), &self.answer_channels)
    }

    /// `/reload`: loads the folder off the async threads; on failure the running engine stays.
    pub async fn reload(&self, moderator: bool) -> Reply {
        self.reload_with(moderator, Engine::load).await
    }

    /// `/reload` with the loading step given (tests slow it down). Within the interaction
    /// deadline: a reload already running is said so at once (nobody waits on the lock); one that
    /// outlasts the deadline goes on in the background, holding the lock until it ends, and
    /// swaps its engine in (or logs its errors) then. Reading a file never hangs (the knowledge
    /// loader refuses FIFOs and devices), so the lock is never held forever.
    async fn reload_with(
        &self,
        moderator: bool,
        load: impl FnOnce(Option<&Path>, Options) -> Result<Engine, LoadError> + Send + 'static,
    ) -> Reply {
        if !moderator {
            return render::not_moderator();
        }
        let Ok(one_at_a_time) = self.reloading.clone().try_lock_owned() else {
            return render::reload_in_progress();
        };
        let task = self.load_and_swap(one_at_a_time, load);
        match tokio::time::timeout(self.deadline, task).await {
            Ok(Ok(r)) => render::reloaded(r.facts, r.sources),
            Ok(Err(ReloadError::Invalid(e))) => {
                render::reload_failed(&e.to_string(), self.engine.current().knowledge())
            }
            Ok(Err(ReloadError::Crashed)) => render::reload_crashed(),
            Err(_) => {
                warn!("the reload outlasts the interaction deadline; it goes on in the background");
                render::reload_still_running()
            }
        }
    }

    /// Loads the knowledge folder again and swaps it in, waiting for a reload already running
    /// to end first: the folder watcher's way (nobody waits on it).
    pub async fn reload_now(&self) -> Result<Reloaded, ReloadError> {
        let one_at_a_time = self.reloading.clone().lock_owned().await;
        self.load_and_swap(one_at_a_time, Engine::load).await
    }

    /// Loads the folder on a blocking thread that holds the reload lock until it ends, and swaps
    /// the new engine in there (so a load abandoned at a deadline still takes effect); on failure
    /// the running engine stays and every problem is logged.
    fn load_and_swap(
        &self,
        one_at_a_time: tokio::sync::OwnedMutexGuard<()>,
        load: impl FnOnce(Option<&Path>, Options) -> Result<Engine, LoadError> + Send + 'static,
    ) -> impl std::future::Future<Output = Result<Reloaded, ReloadError>> {
        let dir = self.knowledge_dir.clone();
        let options = self.engine.current().options();
        let handle = self.engine.clone();
        let task = tokio::task::spawn_blocking(move || {
            let _one_at_a_time = one_at_a_time;
            match load(dir.as_deref(), options) {
                Ok(engine) => {
                    let done = counts(engine.knowledge());
                    info!(
                        facts = done.facts,
                        sources = done.sources,
                        "knowledge reloaded"
                    );
                    handle.replace(engine);
                    Ok(done)
                }
                Err(e) => {
                    warn!(
                        problems = e.problems.len(),
                        "reload failed, keeping the running knowledge"
                    );
                    for p in &e.problems {
                        warn!(problem = %p, "knowledge folder problem");
                    }
                    Err(ReloadError::Invalid(e))
                }
            }
        });
        async move {
            task.await.unwrap_or_else(|e| {
                error!("reload task failed: {e}");
                Err(ReloadError::Crashed)
            })
        }
    }
}

/// Why a reload kept the running fact base.
#[derive(Debug)]
pub enum ReloadError {
    /// The folder has problems (all of them listed).
    Invalid(LoadError),
    /// The loading task itself failed.
    Crashed,
}

/// What the person hears when the engine gave no result.
fn unavailable(why: Unavailable) -> Reply {
    match why {
        Unavailable::Busy => render::busy(),
        Unavailable::TooSlow | Unavailable::Failed => render::too_slow(),
    }
}

/// The first `limit` distinct example questions, in fact order: what `suggest` offers for
/// nothing typed, read straight off the knowledge (no matching work: safe on any thread).
fn first_examples(k: &Knowledge, limit: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(limit);
    for q in k.example_questions() {
        if out.len() >= limit {
            break;
        }
        if !out.iter().any(|o| o.eq_ignore_ascii_case(q)) {
            out.push(q.to_string());
        }
    }
    out
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
        &answer.also,
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
        e.knowledge().facts()[0].questions[0].to_string()
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
            .engine_call(Duration::from_millis(50), |_| {
                std::thread::sleep(Duration::from_millis(300))
            })
            .await;
        assert_eq!(slow.map(|(v, _)| v), Err(Unavailable::TooSlow));
        let fast = b
            .engine_call(Duration::from_secs(5), |e| e.knowledge().facts().len())
            .await;
        assert!(fast.unwrap().0 > 0);
        let panicked = b
            .engine_call(Duration::from_secs(5), |_| -> u8 { panic!("boom") })
            .await;
        assert_eq!(panicked.map(|(v, _)| v), Err(Unavailable::Failed));
        assert!(render::too_slow().ephemeral);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn blocking_engine_jobs_are_bounded_even_when_abandoned() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::sync::Arc;
        let b = bot();
        let bound = engine_job_limit();
        let running = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let calls = (0..3 * bound).map(|_| {
            let (running, peak) = (running.clone(), peak.clone());
            b.engine_call(Duration::from_millis(50), move |_| {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(300));
                running.fetch_sub(1, Ordering::SeqCst);
            })
        });
        let results = futures_util::future::join_all(calls).await;
        assert!(
            results.iter().all(|r| r.is_err()),
            "all past their deadline"
        );
        assert!(
            results.iter().any(|r| matches!(r, Err(Unavailable::Busy))),
            "the rest found no slot"
        );
        // The abandoned jobs finish in the background.
        let done = async {
            while running.load(Ordering::SeqCst) > 0 {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        };
        tokio::time::timeout(Duration::from_secs(60), done)
            .await
            .expect("the abandoned jobs end");
        let peak = peak.load(Ordering::SeqCst);
        assert!(
            peak <= bound,
            "{peak} blocking engine jobs at once (bound {bound})"
        );
    }

    #[tokio::test]
    async fn a_saturated_engine_answers_busy_at_once() {
        let mut b = bot();
        b.deadline = Duration::from_millis(100);
        let held = b
            .jobs
            .clone()
            .acquire_many_owned(engine_job_limit() as u32)
            .await;
        let r = b.ask(1, o(10), &known(&b), Instant::now()).await;
        assert!(r.ephemeral && r.content.unwrap().contains("busy"));
        let r = b.factcheck(true, o(20), "NATO met in Prague", None).await;
        assert!(r.content.unwrap().contains("busy"));
        let q = known(&b);
        let mut m = msg(&q, 777);
        m.author = 3;
        m.mentioned = true;
        assert!(b
            .on_message(&m, Instant::now())
            .await
            .unwrap()
            .content
            .unwrap()
            .contains("busy"));
        // Autocomplete still offers the first examples, without the engine.
        assert!(!b.autocomplete("prague").await.is_empty());
        drop(held);
        b.deadline = INTERACTION_DEADLINE;
        assert!(!b.ask(2, o(11), &known(&b), Instant::now()).await.ephemeral);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_slow_reload_answers_by_the_deadline_and_never_stacks() {
        let mut b = bot();
        b.deadline = Duration::from_millis(100);
        let slow = |_: Option<&Path>, o: Options| {
            std::thread::sleep(Duration::from_millis(800));
            Engine::load(None, o)
        };
        let r = b.reload_with(true, slow).await;
        assert!(r.content.unwrap().contains("still running"));
        // Another /reload meanwhile is told so at once, not queued behind the lock.
        let r = tokio::time::timeout(Duration::from_millis(50), b.reload_with(true, slow))
            .await
            .expect("answered at once");
        assert!(r.content.unwrap().contains("already running"));
        // Once the first ends (in the background), the lock is free again.
        let freed = async {
            while b.reloading.try_lock().is_err() {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        };
        tokio::time::timeout(Duration::from_secs(60), freed)
            .await
            .expect("the background reload ends and frees the lock");
        b.deadline = Duration::from_secs(30);
        let r = b.reload_with(true, |_, o| Engine::load(None, o)).await;
        assert!(r.content.unwrap().starts_with("Reloaded"));
    }

    /// Suggestions are computed off the async threads: on a current-thread runtime the test
    /// thread is the async thread, so no `suggest` call may be counted on it.
    #[test]
    fn suggest_never_runs_on_the_async_thread() {
        let b = bot();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        crate::engine::suggest_calls::take();
        rt.block_on(async {
            assert!(!b.autocomplete("who").await.is_empty());
            assert!(b.help().content.unwrap().contains("/ask"));
        });
        assert_eq!(crate::engine::suggest_calls::take(), 0);
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn reload_of_a_folder_holding_a_fifo_fails_instead_of_hanging() {
        let dir = tempfile::tempdir().unwrap();
        let kb = dir.path().join("kb");
        copy_dir(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("knowledge")
                .as_path(),
            &kb,
        );
        std::fs::remove_file(kb.join("sources.toml")).unwrap();
        crate::fsutil::tests::mkfifo(&kb.join("sources.toml"));
        let c = Config::parse("knowledge = \"kb\"", &dir.path().join("config.toml")).unwrap();
        let b = Bot::new(
            Engine::load(None, Options::default()).unwrap(),
            &c,
            Recorder::disabled(),
        );
        let r = tokio::time::timeout(Duration::from_secs(60), b.reload(true))
            .await
            .expect("/reload must answer, not hang on a FIFO");
        let text = r.content.unwrap();
        assert!(
            text.starts_with("**Reload failed**") && text.contains("FIFO"),
            "{text}"
        );
        // The lock was released: another reload runs (and fails the same way).
        let r = tokio::time::timeout(Duration::from_secs(60), b.reload(true))
            .await
            .expect("a second /reload is not blocked");
        assert!(r.content.unwrap().starts_with("**Reload failed**"));
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
        let mut a = e.ask("who is the defence minister of france");
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
        let mut m = msg("who is the defence minister of france?", 500);
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
            .ask("who is the defence minister of france")
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
        assert_eq!(misses[1].clicked_fact_id.as_deref(), Some(&*topic));
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
        assert!(d.contains("defence minister of france"), "{d}");
        assert!(d.contains("banana bread"), "{d}");
    }
}
