//! The Discord bot (`factbot serve`): a thin layer over [`crate::engine`].
//!
//! - [`config`]: the TOML configuration and the token;
//! - [`commands`]: the application commands registered on READY;
//! - [`handler`]: serenity's event handler, the plumbing between the gateway and [`bot`];
//! - [`bot`]: what each command or message does (moderator rule, cooldown, which reply);
//! - [`render`]: the words of every reply, pure functions over the engine's results;
//! - [`reply`]: replies as data, and the single conversion to serenity builders that enforces
//!   empty `allowed_mentions` and Discord's size limits ([`limits`]) on everything sent;
//! - [`record`]: what the bot did, as records for the question log ([`crate::store`]);
//! - [`watch`]: reloads the knowledge folder when it changes on disk;
//! - [`custom_id`], [`cooldown`], [`permissions`]: small pieces with their own tests.

pub mod bot;
pub mod commands;
pub mod config;
pub mod cooldown;
pub mod custom_id;
pub mod handler;
pub mod limits;
pub mod permissions;
pub mod record;
pub mod render;
pub mod reply;
pub mod watch;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use serenity::all::{ClientBuilder, GatewayIntents, HttpBuilder};
use serenity::http::Http;
use tracing::{info, warn};

use crate::engine::{Engine, Options};
use crate::store::sqlite::SqliteStore;
use crate::store::{writer, Recorder};

use self::config::{Config, DiscordConfig, Token, TOKEN_ENV};

/// How long to wait for the gateway to close after SIGINT/SIGTERM before exiting anyway.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// How long the start-up check of a non-default `api_url` may take.
const GATEWAY_CHECK_TIMEOUT: Duration = Duration::from_secs(20);

/// Runs the bot until SIGINT or SIGTERM. Every configuration problem (config file, token,
/// knowledge folder, question log, unreachable `api_url`) is an error before connecting to the
/// gateway. On the way out, everything the question log accepted is written before returning.
pub async fn serve(config_path: &Path) -> anyhow::Result<()> {
    init_logging();
    let config = Config::load(config_path)?;
    let env = env_token()?;
    let token = config.token(env.as_deref())?;
    if env.is_none() {
        if let Some(w) = config.token_file_warning() {
            warn!("{w}");
        }
    }

    let options = Options {
        min_confidence: config.min_confidence,
        ..Options::default()
    };
    let engine =
        Engine::load(config.knowledge.as_deref(), options).with_context(|| {
            match &config.knowledge {
                Some(d) => format!("loading knowledge folder {}", d.display()),
                None => "loading the bundled knowledge".to_string(),
            }
        })?;
    info!(
        facts = engine.knowledge().facts().len(),
        sources = engine.knowledge().sources().len(),
        knowledge = %config.knowledge.as_deref().map_or("<bundled>".into(), |d| d.display().to_string()),
        "knowledge loaded"
    );

    let store_path = config.store.path.clone();
    let store = tokio::task::spawn_blocking(move || SqliteStore::open(&store_path))
        .await
        .context("opening the question log")?
        .context("[store] path: the question log")?;
    info!(
        path = %store.path().display(),
        retention_days = config.store.retention_days,
        "question log open"
    );

    let http = build_http(&token, &config.discord);
    if config.discord.uses_proxy() {
        // serenity falls back to Discord's own gateway when this request fails; with another
        // api_url that would be wrong, so fail clearly instead.
        let url = tokio::time::timeout(GATEWAY_CHECK_TIMEOUT, http.get_gateway())
            .await
            .map_err(|_| anyhow::anyhow!("timed out"))
            .and_then(|r| r.map_err(anyhow::Error::from))
            .with_context(|| {
                format!(
                    "discord.api_url: cannot get the gateway URL from {}/api/v10/gateway",
                    config.discord.api_url
                )
            })?
            .url;
        info!(api_url = %config.discord.api_url, gateway = %url, "using a non-default API URL");
    }

    let key = store
        .voter_key()
        .cloned()
        .context("the question log has no vote key")?;
    let (recorder, writer) = Recorder::start(
        Box::new(store),
        key,
        writer::Options::new(config.store.retention_days),
    )
    .context("starting the question log's writer")?;
    let result = run_bot(engine, &config, http, recorder).await;
    // Whatever ended the bot, what the log accepted is written before exiting.
    let flushed = tokio::task::spawn_blocking(move || writer.finish()).await;
    if let Ok(s) = flushed {
        if s.dropped > 0 {
            warn!(dropped = s.dropped, "question log: records were lost");
        }
    }
    info!("stopped");
    result
}

/// Connects and serves until SIGINT or SIGTERM (then closes the gateway) or a gateway error.
async fn run_bot(
    engine: Engine,
    config: &Config,
    http: Http,
    recorder: Recorder,
) -> anyhow::Result<()> {
    let intents = intents(&config.discord);
    let bot = Arc::new(bot::Bot::new(engine, config, recorder));
    let handler = handler::Handler::new(bot.clone(), config.discord.guild_ids.clone());
    let mut client = ClientBuilder::new_with_http(http, intents)
        .event_handler(handler)
        .await
        .context("creating the Discord client")?;
    let shards = client.shard_manager.clone();
    // Only a folder on disk can change; the bundled knowledge cannot.
    let watcher = config
        .knowledge
        .clone()
        .map(|dir| tokio::spawn(watch::watch(bot, dir, watch::POLL_EVERY)));

    let run = client.start();
    tokio::pin!(run);
    let result = tokio::select! {
        result = &mut run => result.context("Discord gateway"),
        signal = shutdown_signal() => {
            info!("{signal}: closing the gateway");
            shards.shutdown_all().await;
            if tokio::time::timeout(SHUTDOWN_GRACE, run).await.is_err() {
                warn!("the gateway did not close in time; exiting anyway");
            }
            Ok(())
        }
    };
    if let Some(w) = watcher {
        w.abort();
    }
    result
}

/// REST client: to Discord, or with a non-default `api_url` to that server, with serenity's
/// ratelimiter off (it would not see the proxy). Default allowed mentions: none (every reply
/// also sets them itself).
fn build_http(token: &Token, discord: &DiscordConfig) -> Http {
    let mut http = HttpBuilder::new(token.expose()).default_allowed_mentions(reply::no_mentions());
    if discord.uses_proxy() {
        http = http
            .proxy(discord.api_url.clone())
            .ratelimiter_disabled(true);
    }
    http.build()
}

/// Guilds, guild messages and DMs; Message Content (privileged) only for `answer_channels`.
pub fn intents(discord: &DiscordConfig) -> GatewayIntents {
    let mut intents =
        GatewayIntents::GUILDS | GatewayIntents::GUILD_MESSAGES | GatewayIntents::DIRECT_MESSAGES;
    if !discord.answer_channels.is_empty() {
        intents |= GatewayIntents::MESSAGE_CONTENT;
    }
    intents
}

/// `DISCORD_TOKEN`, if set.
fn env_token() -> anyhow::Result<Option<String>> {
    match std::env::var(TOKEN_ENV) {
        Ok(v) => Ok(Some(v)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => {
            anyhow::bail!("{TOKEN_ENV} is not valid UTF-8")
        }
    }
}

/// Logs to stderr, filtered by `RUST_LOG` (default `info`).
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // Fails only if a subscriber is already set (tests): keep that one.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}

/// Resolves on SIGINT or SIGTERM, naming it.
async fn shutdown_signal() -> &'static str {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => tokio::select! {
                _ = tokio::signal::ctrl_c() => "SIGINT",
                _ = term.recv() => "SIGTERM",
            },
            Err(e) => {
                warn!("cannot listen for SIGTERM: {e}");
                let _ = tokio::signal::ctrl_c().await;
                "SIGINT"
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
        "Ctrl-C"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn discord(text: &str) -> DiscordConfig {
        Config::parse(text, Path::new("c.toml")).unwrap().discord
    }

    #[test]
    fn message_content_only_with_answer_channels() {
        let plain = intents(&discord(""));
        assert!(!plain.contains(GatewayIntents::MESSAGE_CONTENT));
        assert!(plain.contains(
            GatewayIntents::GUILDS
                | GatewayIntents::GUILD_MESSAGES
                | GatewayIntents::DIRECT_MESSAGES
        ));
        let with = intents(&discord("[discord]\nanswer_channels = [1]"));
        assert!(with.contains(GatewayIntents::MESSAGE_CONTENT));
    }

    #[test]
    fn proxy_only_for_a_non_default_api_url() {
        let t = Token::parse("a.b.c", "test").unwrap();
        let direct = build_http(&t, &discord(""));
        assert!(direct.proxy.is_none());
        assert!(direct.ratelimiter.is_some());
        let proxied = build_http(&t, &discord("[discord]\napi_url = \"http://127.0.0.1:9\""));
        assert_eq!(proxied.proxy.as_deref(), Some("http://127.0.0.1:9"));
        assert!(proxied.ratelimiter.is_none());
    }
}
