//! The world of a scenario: a fake Discord and a running bot, and what every scenario ends with.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::fake_discord::bot::{Bot, BotConfig, FAKE_TOKEN};
use crate::fake_discord::fixtures::{self, Actor, MsgOpts, Place};
use crate::fake_discord::schema::{self, Verdict};
use crate::fake_discord::{FakeDiscord, Recorded, BOT_ID};

use super::checks::*;
use super::{QUIET, Q_PRAGUE, T};

/// Latency-measuring scenarios run alone (write lock); the others share (read lock).
pub(super) fn exclusive() -> &'static RwLock<()> {
    static L: OnceLock<RwLock<()>> = OnceLock::new();
    L.get_or_init(|| RwLock::new(()))
}

pub(super) enum Guard {
    Shared(#[allow(dead_code)] RwLockReadGuard<'static, ()>),
    Exclusive(#[allow(dead_code)] RwLockWriteGuard<'static, ()>),
}

// ------------------------------------------------------------------------------------------
// The world: a fake Discord and a running bot

pub(super) struct World {
    pub(super) fake: FakeDiscord,
    pub(super) bot: Bot,
    pub(super) cfg: BotConfig,
    _guard: Guard,
}

impl World {
    pub(super) async fn start(cfg: BotConfig) -> World {
        let guard = Guard::Shared(exclusive().read().await);
        Self::start_with(cfg, guard).await
    }

    pub(super) async fn start_exclusive(cfg: BotConfig) -> World {
        let guard = Guard::Exclusive(exclusive().write().await);
        Self::start_with(cfg, guard).await
    }

    pub(super) async fn start_with(cfg: BotConfig, guard: Guard) -> World {
        let fake = FakeDiscord::start().await;
        Self::start_on(fake, cfg, guard).await
    }

    pub(super) async fn start_on(fake: FakeDiscord, cfg: BotConfig, guard: Guard) -> World {
        let bot = Bot::spawn(&fake, &cfg);
        let mut w = World {
            fake,
            bot,
            cfg,
            _guard: guard,
        };
        let scopes = w.scopes();
        w.wait("READY and one bulk overwrite per scope", T, |f| {
            let puts = f
                .requests()
                .iter()
                .filter(|r| r.method == "PUT" && r.path.ends_with("/commands"))
                .count();
            (f.gw(|g| g.live.is_some()) && puts >= scopes).then_some(())
        })
        .await;
        w
    }

    pub(super) fn scopes(&self) -> usize {
        if self.cfg.guild_ids.is_empty() {
            1
        } else {
            1 + self.cfg.guild_ids.len()
        }
    }

    pub(super) fn id(&self) -> u64 {
        self.fake.state.next_id()
    }

    /// Waits for `pred`, failing early (with the bot's output) if the bot exits.
    pub(super) async fn wait<R>(
        &mut self,
        what: &str,
        timeout: Duration,
        mut pred: impl FnMut(&FakeDiscord) -> Option<R>,
    ) -> R {
        let deadline = Instant::now() + timeout;
        loop {
            let step = deadline
                .saturating_duration_since(Instant::now())
                .min(Duration::from_millis(300));
            if let Some(v) = self.fake.poll_for(step, &mut pred).await {
                return v;
            }
            self.bot.assert_running();
            if Instant::now() >= deadline {
                panic!(
                    "timed out after {timeout:?} waiting for {what}; recorded requests:\n{}",
                    self.fake.dump()
                );
            }
        }
    }

    /// Injects an INTERACTION_CREATE and waits for its callback; returns it with the latency
    /// from the frame being written to the callback arriving.
    pub(super) async fn interact(&mut self, payload: Value) -> (Recorded, Duration) {
        let id: u64 = payload["id"].as_str().unwrap().parse().unwrap();
        let sent = self.fake.dispatch("INTERACTION_CREATE", payload);
        let prefix = format!("/api/v10/interactions/{id}/");
        let cb = self
            .wait(&format!("the callback of interaction {id}"), T, |f| {
                f.requests()
                    .into_iter()
                    .find(|r| r.is_callback() && r.path.starts_with(&prefix))
            })
            .await;
        let sent_at = written(sent).await;
        let lat = cb_latency(&cb, sent_at);
        (cb, lat)
    }

    pub(super) async fn ask(
        &mut self,
        actor: &Actor,
        place: Place,
        q: &str,
    ) -> (Recorded, Duration) {
        let p = fixtures::slash(
            &self.fake,
            self.id(),
            "ask",
            &[("question", q)],
            actor,
            place,
        );
        self.interact(p).await
    }

    pub(super) async fn factcheck(&mut self, actor: &Actor, place: Place, claim: &str) -> Recorded {
        let p = fixtures::slash(
            &self.fake,
            self.id(),
            "factcheck",
            &[("claim", claim)],
            actor,
            place,
        );
        self.interact(p).await.0
    }

    /// Injects a MESSAGE_CREATE; returns when the frame was written.
    pub(super) async fn say(&mut self, msg: &Value) -> Instant {
        let sent = self.fake.dispatch("MESSAGE_CREATE", msg.clone());
        written(sent).await
    }

    /// Waits for a channel message replying to message `msg_id`.
    pub(super) async fn wait_reply_to(&mut self, msg_id: u64) -> Recorded {
        let id = msg_id.to_string();
        self.wait(&format!("a reply to message {msg_id}"), T, |f| {
            f.requests().into_iter().find(|r| {
                r.is_channel_message() && r.body()["message_reference"]["message_id"] == id
            })
        })
        .await
    }

    /// Asserts that, during [`QUIET`] after `from`, the bot made no request other than those
    /// `allowed` accepts.
    pub(super) async fn assert_quiet_since(
        &mut self,
        from: usize,
        what: &str,
        allowed: impl Fn(&Recorded) -> bool,
    ) {
        tokio::time::sleep(QUIET).await;
        self.bot.assert_running();
        let extra: Vec<_> = self
            .fake
            .actions_since(from)
            .into_iter()
            .filter(|r| !allowed(r))
            .collect();
        assert!(
            extra.is_empty(),
            "{what}: expected no requests, got:\n{}",
            extra
                .iter()
                .map(|r| format!("  {} {} {}", r.method, r.path, r.body()))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }

    /// A question by someone else in `place` that must be answered; proves the events before
    /// it were processed (used after a message that must be ignored).
    pub(super) async fn probe(&mut self, place: Place) {
        let id = self.id();
        let m = fixtures::message(
            id,
            &Actor::member(9_000_000 + id % 1000),
            place,
            &format!("<@{BOT_ID}> {Q_PRAGUE}"),
            &MsgOpts {
                mentions: vec![BOT_ID],
                ..Default::default()
            },
        );
        self.say(&m).await;
        self.wait_reply_to(id).await;
    }

    /// The checks every scenario ends with.
    pub(super) async fn finish(mut self) {
        self.verify().await;
    }

    /// The checks of [`World::finish`], then SIGTERM: the bot must exit 0 (within 15 s). Returns
    /// it, stopped, with its folder (config, question log) still there.
    pub(super) async fn stop(mut self) -> Bot {
        self.verify().await;
        self.bot.signal("TERM");
        let st = self.bot.wait_exit(Duration::from_secs(15)).await;
        let log = self.bot.log();
        let st = st.unwrap_or_else(|| panic!("still running 15 s after SIGTERM; output:\n{log}"));
        assert!(st.success(), "SIGTERM: exit status {st}; output:\n{log}");
        self.bot
    }

    async fn verify(&mut self) {
        // Let in-flight requests land.
        tokio::time::sleep(Duration::from_millis(200)).await;
        self.bot.assert_running();
        let mut problems = Vec::new();
        problems.extend(
            self.fake
                .harness_errors()
                .into_iter()
                .map(|e| format!("harness: {e}")),
        );
        let mut no_schema = Vec::new();
        let mut validated = 0;
        for r in self.fake.requests() {
            if r.status >= 400 {
                problems.push(format!(
                    "{} {}: the fake answered {} {}",
                    r.method,
                    r.path,
                    r.status,
                    r.body().to_string().chars().take(200).collect::<String>()
                ));
            }
            if r.is_callback() {
                // Answered directly: no deferring (5/6), no modal.
                let t = r.body()["type"].as_u64();
                if !matches!(t, Some(4 | 7 | 8)) {
                    problems.push(format!("{}: callback type {t:?}, want 4, 7 or 8", r.path));
                }
            }
            if r.method == "POST" && r.segments().first() == Some(&"webhooks") {
                problems.push(format!(
                    "{}: a followup message (interactions are answered directly)",
                    r.path
                ));
            }
            if r.body.is_some() {
                match schema::spec().check(&r) {
                    Verdict::Valid { .. } => validated += 1,
                    Verdict::Invalid { template, errors } => problems.push(format!(
                        "{} {} (spec {template}) does not validate: {errors:#?}\nbody: {}",
                        r.method,
                        r.path,
                        r.body()
                    )),
                    Verdict::NoSchema { reason } => no_schema.push(reason),
                }
            }
            if let Some(d) = message_payload(&r) {
                let creates = r.is_channel_message() || r.body()["type"] == 4;
                // (written without map_or/is_none_or: fine for clippy at any MSRV)
                let empty = !matches!(d["content"].as_str(), Some(c) if !c.is_empty())
                    && !matches!(d["embeds"].as_array(), Some(e) if !e.is_empty());
                if creates && empty {
                    problems.push(format!(
                        "{} {}: an empty message (Discord: 50006)",
                        r.method, r.path
                    ));
                }
                if let (Some(ch), Some(rch)) = (
                    r.channel_of_message(),
                    d["message_reference"]["channel_id"].as_str(),
                ) {
                    if rch != ch.to_string() {
                        problems.push(format!("{}: message_reference to channel {rch}", r.path));
                    }
                }
                if let Some(p) = allowed_mentions_problem(d) {
                    problems.push(format!("{} {}: {p}", r.method, r.path));
                }
                for l in limit_violations(d) {
                    problems.push(format!("{} {}: {l}", r.method, r.path));
                }
            }
            if r.is_callback() && r.body()["type"] == 8 {
                for c in r.body()["data"]["choices"].as_array().into_iter().flatten() {
                    let n = c["name"].as_str().map_or(0, chars);
                    if !(1..=100).contains(&n) {
                        problems.push(format!("autocomplete choice name of {n} chars"));
                    }
                }
            }
        }
        let sent = self.fake.state.interactions_snapshot();
        let worst = self
            .fake
            .requests()
            .into_iter()
            .filter_map(|r| {
                let at = sent.get(&r.callback_interaction()?)?.sent;
                Some((r.at.saturating_duration_since(at), r))
            })
            .max_by_key(|(d, _)| *d);
        if let Some((worst, r)) = worst {
            eprintln!(
                "slowest interaction callback: {worst:.2?} ({})",
                crate::fake_discord::truncate(&r.body().to_string(), 300)
            );
        }
        for r in &no_schema {
            eprintln!("NOTE: body not validated, {r}");
        }
        eprintln!("{validated} recorded bodies validated against the OpenAPI spec");
        if std::env::var_os("FACTBOT_E2E_DUMP").is_some() {
            eprintln!("recorded:\n{}", self.fake.dump());
        }
        if self.cfg.token.as_deref() == Some(FAKE_TOKEN) {
            let want = format!("Bot {FAKE_TOKEN}");
            for r in self.fake.requests() {
                if r.header("authorization") != Some(want.as_str()) {
                    problems.push(format!(
                        "{} {}: Authorization is not `Bot <token>`",
                        r.method, r.path
                    ));
                }
            }
        }
        let log = self.bot.log();
        if log.contains(FAKE_TOKEN) {
            problems.push("the token appears in the bot's output".into());
        }
        if log.contains("panicked") {
            problems.push("a panic in the bot's output".into());
        }
        assert!(
            problems.is_empty(),
            "{} problem(s):\n{}\nrecorded:\n{}",
            problems.len(),
            problems.join("\n"),
            self.fake.dump()
        );
    }
}

/// Whether `r` is a message replying (message_reference) to message `id`.
pub(super) fn replies_to(r: &Recorded, id: u64) -> bool {
    r.body()["message_reference"]["message_id"]
        .as_str()
        .and_then(|s| s.parse::<u64>().ok())
        == Some(id)
}

/// When an injected dispatch was written to the bot's connection (bounded: a bot that never
/// reconnects fails the test instead of hanging it).
pub(super) async fn written(sent: tokio::sync::oneshot::Receiver<Instant>) -> Instant {
    match tokio::time::timeout(T, sent).await {
        Ok(Ok(at)) => at,
        Ok(Err(_)) => panic!("the fake dropped a dispatch"),
        Err(_) => panic!("no live gateway session to deliver a dispatch to within {T:?}"),
    }
}

pub(super) fn cb_latency(cb: &Recorded, sent_at: Instant) -> Duration {
    cb.at.saturating_duration_since(sent_at)
}

pub(super) fn guild(channel: u64) -> Place {
    Place::Guild { channel }
}

pub(super) fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

pub(super) fn report_latency(what: &str, mut lat: Vec<Duration>) -> (Duration, Duration) {
    lat.sort();
    let (med, p99) = (percentile(&lat, 0.5), percentile(&lat, 0.99));
    eprintln!(
        "LATENCY {what}: n={} median={:.2?} p99={:.2?} max={:.2?}",
        lat.len(),
        med,
        p99,
        lat.last().copied().unwrap_or_default()
    );
    (med, p99)
}
