//! Runs the real `factbot serve` binary against a [`FakeDiscord`].

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::fixtures::{ANSWER_CHANNEL, GUILD, MOD_ROLE};
use super::FakeDiscord;

/// The token the tests give the bot; it must never show up in its output.
pub const FAKE_TOKEN: &str = "fake-token.SECRET-e2e-0123456789";

#[derive(Clone, Debug)]
pub struct BotConfig {
    /// `None`: the threshold fitted for the knowledge, as a real deployment has by default.
    pub min_confidence: Option<f64>,
    /// `knowledge = ...`; None = the bundled knowledge.
    pub knowledge: Option<PathBuf>,
    pub guild_ids: Vec<u64>,
    pub answer_channels: Vec<u64>,
    pub moderator_role_ids: Vec<u64>,
    pub cooldown_questions: u32,
    pub cooldown_seconds: u64,
    /// `DISCORD_TOKEN` (None: unset).
    pub token: Option<String>,
    /// `[discord] token_file` (written next to the config, relative path).
    pub token_file: Option<(String, String)>,
    /// RUST_LOG for the bot.
    pub rust_log: String,
}

impl Default for BotConfig {
    fn default() -> Self {
        BotConfig {
            min_confidence: None,
            knowledge: None,
            guild_ids: vec![GUILD],
            answer_channels: vec![ANSWER_CHANNEL],
            moderator_role_ids: vec![MOD_ROLE],
            cooldown_questions: 5,
            cooldown_seconds: 30,
            token: Some(FAKE_TOKEN.to_string()),
            token_file: None,
            rust_log: std::env::var("FACTBOT_E2E_LOG").unwrap_or("info".into()),
        }
    }
}

impl BotConfig {
    pub fn toml(&self, api_url: &str) -> String {
        let list = |v: &[u64]| v.iter().map(u64::to_string).collect::<Vec<_>>().join(", ");
        let mut s = String::new();
        if let Some(m) = self.min_confidence {
            s.push_str(&format!("min_confidence = {m:?}\n"));
        }
        if let Some(k) = &self.knowledge {
            s.push_str(&format!("knowledge = {:?}\n", k.display().to_string()));
        }
        s.push_str("[discord]\n");
        if let Some((name, _)) = &self.token_file {
            s.push_str(&format!("token_file = {name:?}\n"));
        }
        s.push_str(&format!(
            "api_url = {api_url:?}\nguild_ids = [{}]\nanswer_channels = [{}]\n\
             moderator_role_ids = [{}]\n[discord.cooldown]\nquestions = {}\nseconds = {}\n",
            list(&self.guild_ids),
            list(&self.answer_channels),
            list(&self.moderator_role_ids),
            self.cooldown_questions,
            self.cooldown_seconds,
        ));
        s
    }
}

pub struct Bot {
    child: Option<Child>,
    pub pid: u32,
    log: Arc<Mutex<String>>,
    pub dir: tempfile::TempDir,
}

impl Bot {
    pub fn spawn(fake: &FakeDiscord, cfg: &BotConfig) -> Bot {
        let dir = tempfile::tempdir().expect("tempdir");
        if let Some((name, content)) = &cfg.token_file {
            std::fs::write(dir.path().join(name), content).unwrap();
        }
        let config = cfg.toml(&fake.api_url());
        Bot::spawn_raw(dir, &config, cfg.token.as_deref(), &cfg.rust_log)
    }

    /// Runs `factbot serve --config <dir>/config.toml` with `config` as the file's text.
    pub fn spawn_raw(
        dir: tempfile::TempDir,
        config_text: &str,
        token: Option<&str>,
        rust_log: &str,
    ) -> Bot {
        let config = dir.path().join("config.toml");
        std::fs::write(&config, config_text).unwrap();
        // FACTBOT_E2E_BIN runs another build (e.g. a release binary) against the same tests.
        let exe = std::env::var("FACTBOT_E2E_BIN").unwrap_or(env!("CARGO_BIN_EXE_factbot").into());
        let mut cmd = Command::new(exe);
        match token {
            Some(t) => cmd.env("DISCORD_TOKEN", t),
            None => cmd.env_remove("DISCORD_TOKEN"),
        };
        let mut child = cmd
            .arg("serve")
            .arg("--config")
            .arg(&config)
            .current_dir(dir.path())
            .env("RUST_LOG", rust_log)
            .env_remove("HTTP_PROXY")
            .env_remove("HTTPS_PROXY")
            .env_remove("ALL_PROXY")
            .env_remove("http_proxy")
            .env_remove("https_proxy")
            .env_remove("all_proxy")
            .env("NO_PROXY", "127.0.0.1,localhost")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn factbot serve");
        let log = Arc::new(Mutex::new(String::new()));
        for (name, pipe) in [
            (
                "stdout",
                child
                    .stdout
                    .take()
                    .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
            ),
            (
                "stderr",
                child
                    .stderr
                    .take()
                    .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
            ),
        ] {
            let log = log.clone();
            if let Some(pipe) = pipe {
                std::thread::spawn(move || {
                    for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                        let mut l = log.lock().unwrap();
                        if name == "stdout" {
                            l.push_str("[stdout] ");
                        }
                        l.push_str(&line);
                        l.push('\n');
                    }
                });
            }
        }
        Bot {
            pid: child.id(),
            child: Some(child),
            log,
            dir,
        }
    }

    /// Everything the bot printed so far (stdout lines prefixed with `[stdout]`).
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// The exit status, if it exited.
    pub fn try_exit(&mut self) -> Option<ExitStatus> {
        self.child
            .as_mut()
            .and_then(|c| c.try_wait().ok().flatten())
    }

    /// Panics (with the log) if the bot has exited.
    pub fn assert_running(&mut self) {
        if let Some(st) = self.try_exit() {
            panic!("factbot exited early with {st}; output:\n{}", self.log());
        }
    }

    pub fn signal(&self, sig: &str) {
        let st = Command::new("kill")
            .arg(format!("-{sig}"))
            .arg(self.pid.to_string())
            .status()
            .expect("run kill");
        assert!(st.success(), "kill -{sig} {} failed", self.pid);
    }

    /// Waits (polling, without blocking the runtime) for the process to exit.
    pub async fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(st) = self.try_exit() {
                // Let the pipe readers drain.
                tokio::time::sleep(Duration::from_millis(100)).await;
                return Some(st);
            }
            if Instant::now() >= deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
}

impl Drop for Bot {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
        if std::thread::panicking() {
            eprintln!(
                "----- factbot output (pid {}) -----\n{}----- end of factbot output -----",
                self.pid,
                self.log()
            );
        }
    }
}
