//! The bot's behaviour, apart from Discord's plumbing: each command or message, given plain
//! inputs (who, what text, moderator or not, when), becomes a [`Reply`] or silence. The engine
//! does all the answering and checking; this decides who may do what, applies the cooldown and
//! picks the reply. [`super::handler`] feeds it from serenity and sends what it returns.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use tracing::{debug, error, info, warn};

use crate::engine::{truncate_chars, Answer, Engine, EngineHandle};

use super::commands::MAX_QUESTION_LEN;
use super::config::Config;
use super::cooldown::Cooldown;
use super::custom_id::{ButtonId, MessageRef};
use super::render;
use super::reply::Reply;

/// Words that make a message read as a question when it starts with one (for `answer_channels`).
const QUESTION_WORDS: &[&str] = &[
    "who", "whom", "whose", "what", "when", "where", "why", "how", "which", "is", "are", "was",
    "were", "do", "does", "did", "can", "could", "will", "would", "should", "has", "have", "had",
];

/// Longest the engine may take for an interaction: Discord wants the response within 3 s.
pub const INTERACTION_DEADLINE: Duration = Duration::from_millis(2500);

/// Where a question came from, for the log.
#[derive(Debug, Clone, Copy)]
pub enum Via {
    Slash,
    Channel,
}

/// A channel message, as far as the bot cares.
#[derive(Debug, Clone)]
pub struct Incoming<'a> {
    pub author: u64,
    /// From a bot, a webhook or this bot itself: never answered.
    pub from_bot: bool,
    pub is_dm: bool,
    pub channel: u64,
    /// The message mentions this bot.
    pub mentioned: bool,
    /// The text with the bot's mention removed.
    pub text: &'a str,
}

pub struct Bot {
    engine: EngineHandle,
    knowledge_dir: Option<PathBuf>,
    answer_channels: Vec<u64>,
    moderator_roles: Vec<u64>,
    cooldown: Cooldown,
    /// One reload at a time; questions never wait for it.
    reloading: tokio::sync::Mutex<()>,
}

impl Bot {
    pub fn new(engine: Engine, config: &Config) -> Bot {
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
        }
    }

    pub fn moderator_roles(&self) -> &[u64] {
        &self.moderator_roles
    }

    /// Runs `f` on the current engine on a blocking thread, so a slow question never stalls the
    /// gateway or other interactions; `None` if it fails or takes longer than `deadline` (the
    /// work then finishes in the background, unobserved).
    async fn engine_call<T: Send + 'static>(
        &self,
        deadline: Option<Duration>,
        f: impl FnOnce(&Engine) -> T + Send + 'static,
    ) -> Option<T> {
        let engine = self.engine.current();
        let task = tokio::task::spawn_blocking(move || f(&engine));
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

    /// `/ask`: public answer, ephemeral abstention, ephemeral cooldown note.
    pub async fn ask(&self, user: u64, question: &str, now: Instant) -> Reply {
        // Discord enforces max_length for real clients; enforce it here too.
        let question = truncate_chars(question.trim(), MAX_QUESTION_LEN.into()).to_string();
        if question.trim().is_empty() {
            return render::empty_question();
        }
        if let Err(wait) = self.cooldown.try_acquire(user, now) {
            debug!(user, "cooldown: /ask refused");
            return render::cooldown(wait);
        }
        let Some(answer) = self
            .engine_call(Some(INTERACTION_DEADLINE), move |e| e.ask(&question))
            .await
        else {
            return render::too_slow();
        };
        log_answer(&answer, Via::Slash);
        match answer_reply(&answer) {
            Some(reply) => reply,
            None => render::abstain(&answer.alternatives),
        }
    }

    /// A channel message: `None` means stay silent.
    pub async fn on_message(&self, m: &Incoming<'_>, now: Instant) -> Option<Reply> {
        if m.from_bot {
            return None;
        }
        let text = m.text.trim();
        let addressed = m.mentioned || m.is_dm;
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
        let answer = self.engine_call(None, move |e| e.ask(&question)).await?;
        log_answer(&answer, Via::Channel);
        match answer_reply(&answer) {
            Some(reply) => Some(reply),
            // In answer channels, only a mention earns an "I don't know" (no spam).
            None if addressed => Some(render::abstain(&answer.alternatives)),
            None => None,
        }
    }

    /// `/factcheck` and the `Fact-check` message command. `reply_to` is the checked message, for
    /// the "Post publicly" button.
    pub async fn factcheck(
        &self,
        moderator: bool,
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
        let Some(result) = self
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
        let post = ButtonId::Post { reply_to };
        render::verdict(&claim, &result, Some(&post))
    }

    /// A "did you mean" click: that fact, ephemeral.
    pub fn show_fact(&self, fact_id: &str) -> Reply {
        let engine = self.engine.current();
        let k = engine.knowledge();
        match k.fact(fact_id) {
            Some(fact) => render::fact_card(fact, k.source_of(fact)),
            None => render::unknown_fact(),
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
            Some(s) => s,
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

    /// `/reload`: loads the folder off the async threads; on failure the running engine stays.
    pub async fn reload(&self, moderator: bool) -> Reply {
        if !moderator {
            return render::not_moderator();
        }
        let _one_at_a_time = self.reloading.lock().await;
        let dir = self.knowledge_dir.clone();
        let options = self.engine.current().options();
        let loaded =
            tokio::task::spawn_blocking(move || Engine::load(dir.as_deref(), options)).await;
        match loaded {
            Ok(Ok(engine)) => {
                let reply = render::reloaded(engine.knowledge());
                info!(
                    facts = engine.knowledge().facts().len(),
                    sources = engine.knowledge().sources().len(),
                    "knowledge reloaded"
                );
                self.engine.replace(engine);
                reply
            }
            Ok(Err(e)) => {
                warn!("reload failed, keeping the running knowledge: {e}");
                render::reload_failed(&e.to_string(), self.engine.current().knowledge())
            }
            Err(e) => {
                error!("reload task failed: {e}");
                render::reload_crashed()
            }
        }
    }
}

/// The public answer, or `None` when the engine abstained.
fn answer_reply(answer: &Answer) -> Option<Reply> {
    let (fact, source) = (answer.fact.as_ref()?, answer.source.as_ref()?);
    Some(render::answer(fact, source, &answer.alternatives))
}

fn log_answer(answer: &Answer, via: Via) {
    match &answer.fact {
        Some(f) => info!(fact = %f.id, score = answer.score, ?via, "answered"),
        None => info!(score = answer.score, ?via, "abstained"),
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
        Bot::new(Engine::load(None, Options::default()).unwrap(), &c)
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
            author: 9,
            from_bot: false,
            is_dm: false,
            channel,
            mentioned: false,
            text,
        }
    }

    #[tokio::test]
    async fn ask_answers_publicly_with_the_quote() {
        let b = bot();
        let q = known(&b);
        let r = b.ask(1, &q, Instant::now()).await;
        assert!(!r.ephemeral);
        let fact = &b.engine.current().knowledge().facts()[0].clone();
        assert!(r.embed.unwrap().description.contains(&fact.quote));
    }

    #[tokio::test]
    async fn ask_abstains_ephemerally() {
        let b = bot();
        let r = b.ask(1, UNKNOWN, Instant::now()).await;
        assert!(r.ephemeral);
        assert!(r.content.unwrap().contains("Not covered by the source"));
    }

    #[tokio::test]
    async fn cooldown_is_shared_by_ask_and_channel_questions() {
        let b = bot();
        let q = known(&b);
        let t = Instant::now();
        assert!(!b.ask(1, &q, t).await.ephemeral);
        let mut m = msg(&q, 777);
        m.author = 1;
        m.mentioned = true;
        assert!(b.on_message(&m, t).await.is_some());
        // Third question within 30 s: /ask gets a note, the channel gets silence.
        let r = b.ask(1, &q, t + Duration::from_secs(1)).await;
        assert!(r.ephemeral && r.content.unwrap().contains("cooldown"));
        assert!(b.on_message(&m, t + Duration::from_secs(1)).await.is_none());
        // Another user is not affected; the window slides.
        assert!(!b.ask(2, &q, t).await.ephemeral);
        assert!(!b.ask(1, &q, t + Duration::from_secs(31)).await.ephemeral);
    }

    #[tokio::test]
    async fn autocomplete_and_moderator_commands_do_not_count() {
        let b = bot_with("[discord.cooldown]\nquestions = 1\nseconds = 30");
        let q = known(&b);
        let t = Instant::now();
        for _ in 0..5 {
            assert!(!b.autocomplete("who").await.is_empty());
            assert!(b.factcheck(true, &q, None).await.embed.is_some());
        }
        assert!(!b.ask(1, &q, t).await.ephemeral);
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
        m.is_dm = true;
        assert!(b.on_message(&m, t).await.is_some());
    }

    #[tokio::test]
    async fn bots_webhooks_and_self_are_never_answered() {
        let b = bot();
        let q = format!("{}?", known(&b));
        let mut m = msg(&q, 500);
        m.from_bot = true;
        m.mentioned = true;
        m.is_dm = true;
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
        let r = b.factcheck(false, "NATO met in Prague", None).await;
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
        assert!(fast.unwrap() > 0);
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
        let r = b.factcheck(true, &known(&b), Some(target)).await;
        assert!(r.ephemeral);
        assert_eq!(r.buttons[0].custom_id, "post:5:6");
        let r = b.factcheck(true, "anything", None).await;
        assert_eq!(r.buttons[0].custom_id, "post");
        let r = b.factcheck(true, "   ", None).await;
        assert!(r.content.unwrap().contains("no text"));
    }

    #[test]
    fn show_fact_by_id() {
        let b = bot();
        let id = b.engine.current().knowledge().facts()[1].id.clone();
        let r = b.show_fact(&id);
        assert!(r.ephemeral && r.embed.is_some());
        assert!(b.show_fact("no-such-fact").content.is_some());
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
        let b = Bot::new(Engine::load(None, Options::default()).unwrap(), &c);
        let before = b.engine.current().knowledge().facts().len();
        let r = b.reload(true).await;
        assert!(r.ephemeral);
        assert!(r.content.unwrap().starts_with("**Reload failed**"));
        assert_eq!(b.engine.current().knowledge().facts().len(), before);
        assert!(!b.ask(1, &known(&b), Instant::now()).await.ephemeral);

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
}
