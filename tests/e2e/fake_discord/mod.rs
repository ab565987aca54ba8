//! A small fake Discord for the end-to-end tests: REST under `/api/v10` and a gateway WebSocket,
//! both on 127.0.0.1 (loopback only), with TCP_NODELAY on every socket.
//!
//! * [`rest`]: a hand-written HTTP/1.1 server that records every request and answers as Discord
//!   does (full Message objects, arrays of full Command objects, 204 for interaction callbacks).
//! * [`gateway`]: HELLO, IDENTIFY -> READY, heartbeat -> ACK, RESUME -> RESUMED, dispatch
//!   injection with increasing sequence numbers, and dropping the connection mid-session.
//! * [`fixtures`]: builders for injected payloads; each one is checked against serenity's own
//!   types, since serenity silently drops an event it cannot deserialize.
//! * [`schema`]: validation of recorded bodies against Discord's OpenAPI description.
//! * [`bot`]: runs the real `factbot serve` binary against the fake.
//!
//! Running: `cargo test --test e2e` (scenarios in `tests/e2e/discord.rs`). Knobs (environment):
//! * `FACTBOT_E2E_BIN=/path/to/factbot`: run another build (e.g. `target/release/factbot`) with
//!   the same scenarios; the latency scenarios print their figures with `-- --nocapture`.
//! * `FACTBOT_E2E_LOG=debug`: RUST_LOG for the bot (default `info`); its output is printed when
//!   a scenario fails.
//! * `FACTBOT_E2E_DUMP=1`: print every recorded request at the end of each scenario.
//! * `FACTBOT_DISCORD_SPEC=/path/openapi.json`: Discord's OpenAPI description (default
//!   `../shared/discord-api-spec/openapi.json` next to the repository).

// This module is a test-support library shared by every scenario; not every helper is used by
// every build of the test binary.
#![allow(dead_code)]

pub mod bot;
pub mod fixtures;
pub mod gateway;
pub mod rest;
pub mod schema;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::watch;

pub use rest::Recorded;

/// The application id; also the bot user's id (as for real Discord bots).
pub const APP_ID: u64 = 1_100_000_000_000_000_001;
pub const BOT_ID: u64 = APP_ID;
pub const BOT_NAME: &str = "factbot";

/// Shared state of one fake Discord instance.
pub struct State {
    pub rest_addr: SocketAddr,
    pub gateway_addr: SocketAddr,
    next_id: AtomicU64,
    requests: Mutex<Vec<Recorded>>,
    /// Bumped on every recorded request and every gateway state change.
    changed: watch::Sender<u64>,
    /// Problems found by the fake itself (a response it built that serenity could not parse, a
    /// malformed request...). Scenarios assert this stays empty.
    harness_errors: Mutex<Vec<String>>,
    /// Commands the fake answered to the last bulk overwrite, per scope (None = global).
    pub(crate) commands: Mutex<HashMap<Option<u64>, Vec<Value>>>,
    /// Data of the last message-creating callback per interaction token, for `@original`.
    pub(crate) originals: Mutex<HashMap<String, Value>>,
    pub(crate) gw: Mutex<gateway::GwState>,
    /// Injected REST failures.
    pub(crate) faults: Mutex<Vec<rest::Fault>>,
    /// Interactions sent, by id: when, and how many callbacks they got.
    pub(crate) interactions: Mutex<HashMap<u64, InteractionState>>,
}

#[derive(Clone, Copy, Debug)]
pub struct InteractionState {
    pub sent: Instant,
    pub callbacks: u32,
}

/// Discord's deadline for the initial response to an interaction.
pub const INTERACTION_DEADLINE: Duration = Duration::from_secs(3);

impl State {
    /// A fresh snowflake, increasing.
    pub fn next_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }

    pub(crate) fn bump(&self) {
        self.changed.send_modify(|c| *c += 1);
    }

    pub(crate) fn harness_error(&self, e: String) {
        eprintln!("fake discord: HARNESS ERROR: {e}");
        self.harness_errors.lock().unwrap().push(e);
        self.bump();
    }

    /// Marks recorded requests answered with one of `statuses` as expected (status set to 0),
    /// for scenarios that inject failures.
    pub fn forget_status(&self, statuses: &[u16]) {
        for r in self.requests.lock().unwrap().iter_mut() {
            if statuses.contains(&r.status) {
                r.status = 0;
            }
        }
    }

    pub fn interactions_snapshot(&self) -> HashMap<u64, InteractionState> {
        self.interactions.lock().unwrap().clone()
    }

    pub(crate) fn record(&self, mut r: Recorded) {
        let mut reqs = self.requests.lock().unwrap();
        r.index = reqs.len();
        reqs.push(r);
        drop(reqs);
        self.bump();
    }
}

/// A running fake Discord. Dropping it stops accepting connections (the tasks live on the test's
/// runtime, which ends with the test).
#[derive(Clone)]
pub struct FakeDiscord {
    pub state: Arc<State>,
}

impl FakeDiscord {
    pub async fn start() -> FakeDiscord {
        let rest = TcpListener::bind("127.0.0.1:0").await.expect("bind rest");
        let gw = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind gateway");
        let (changed, _) = watch::channel(0u64);
        let state = Arc::new(State {
            rest_addr: rest.local_addr().unwrap(),
            gateway_addr: gw.local_addr().unwrap(),
            next_id: AtomicU64::new(1_300_000_000_000_000_000),
            requests: Mutex::new(Vec::new()),
            changed,
            harness_errors: Mutex::new(Vec::new()),
            commands: Mutex::new(HashMap::new()),
            originals: Mutex::new(HashMap::new()),
            gw: Mutex::new(gateway::GwState::default()),
            faults: Mutex::new(Vec::new()),
            interactions: Mutex::new(HashMap::new()),
        });
        tokio::spawn(rest::serve(rest, state.clone()));
        tokio::spawn(gateway::serve(gw, state.clone()));
        FakeDiscord { state }
    }

    /// The value for `[discord] api_url`.
    pub fn api_url(&self) -> String {
        format!("http://{}", self.state.rest_addr)
    }

    pub fn gateway_url(&self) -> String {
        format!("ws://{}", self.state.gateway_addr)
    }

    /// Makes requests `method` on paths containing `path_part` fail with `status` and a Discord
    /// error body, e.g. 403 Missing Permissions for a channel the bot may not write in.
    pub fn fail(&self, method: &str, path_part: &str, status: u16, code: u64, message: &str) {
        self.state.faults.lock().unwrap().push(rest::Fault {
            method: method.to_string(),
            path_part: path_part.to_string(),
            status,
            body: serde_json::json!({"message": message, "code": code}),
        });
    }

    /// A snapshot of every REST request recorded so far, in arrival order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.state.requests.lock().unwrap().clone()
    }

    pub fn harness_errors(&self) -> Vec<String> {
        self.state.harness_errors.lock().unwrap().clone()
    }

    /// Waits until `pred` returns `Some` for the current state, or panics after `timeout`.
    pub async fn wait_for<T>(
        &self,
        what: &str,
        timeout: Duration,
        pred: impl FnMut(&FakeDiscord) -> Option<T>,
    ) -> T {
        match self.poll_for(timeout, pred).await {
            Some(v) => v,
            None => panic!(
                "timed out after {timeout:?} waiting for {what}; recorded requests:\n{}",
                self.dump()
            ),
        }
    }

    /// Waits until `pred` returns `Some`, or returns None after `timeout`.
    pub async fn poll_for<T>(
        &self,
        timeout: Duration,
        mut pred: impl FnMut(&FakeDiscord) -> Option<T>,
    ) -> Option<T> {
        let mut rx = self.state.changed.subscribe();
        let deadline = Instant::now() + timeout;
        loop {
            rx.borrow_and_update();
            if let Some(v) = pred(self) {
                return Some(v);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            // A periodic re-check covers state the notifier does not cover.
            let _ = tokio::time::timeout(left.min(Duration::from_millis(200)), rx.changed()).await;
        }
    }

    /// Waits for the first recorded request matching `pred` at or after index `from`.
    pub async fn wait_request(
        &self,
        what: &str,
        timeout: Duration,
        from: usize,
        pred: impl Fn(&Recorded) -> bool,
    ) -> Recorded {
        self.wait_for(what, timeout, |f| {
            let reqs = f.state.requests.lock().unwrap();
            reqs[from.min(reqs.len())..]
                .iter()
                .find(|r| pred(r))
                .cloned()
        })
        .await
    }

    /// The callback (`POST /interactions/{id}/{token}/callback`) for interaction `id`, waiting
    /// up to `timeout`.
    pub async fn wait_callback(&self, interaction_id: u64, timeout: Duration) -> Recorded {
        let prefix = format!("/api/v10/interactions/{interaction_id}/");
        self.wait_request(
            &format!("the callback of interaction {interaction_id}"),
            timeout,
            0,
            |r| r.method == "POST" && r.path.starts_with(&prefix) && r.path.ends_with("/callback"),
        )
        .await
    }

    /// Number of requests recorded so far (a cursor for "what happened after this point").
    pub fn cursor(&self) -> usize {
        self.state.requests.lock().unwrap().len()
    }

    /// Requests recorded at or after `from`.
    pub fn since(&self, from: usize) -> Vec<Recorded> {
        self.state.requests.lock().unwrap()[from..].to_vec()
    }

    /// Requests other than the startup/bookkeeping GETs (gateway, users/@me, application info).
    pub fn actions_since(&self, from: usize) -> Vec<Recorded> {
        self.since(from)
            .into_iter()
            .filter(|r| r.method != "GET")
            .collect()
    }

    /// The commands the fake answered for the last bulk overwrite of `scope` (None = global).
    pub fn registered(&self, scope: Option<u64>) -> Option<Vec<Value>> {
        self.state.commands.lock().unwrap().get(&scope).cloned()
    }

    /// The id the fake gave to command `name` (searching guild scopes, then global), or a fresh
    /// id if it was never registered.
    pub fn command_id(&self, name: &str) -> u64 {
        let cmds = self.state.commands.lock().unwrap();
        for list in cmds.values() {
            for c in list {
                if c["name"] == name {
                    return c["id"].as_str().unwrap().parse().unwrap();
                }
            }
        }
        drop(cmds);
        self.state.next_id()
    }

    /// A human-readable listing of the recorded requests, for failure messages.
    pub fn dump(&self) -> String {
        let mut s = String::new();
        for r in self.requests() {
            s.push_str(&format!(
                "  #{} {} {}{} -> {} {}\n",
                r.index,
                r.method,
                r.path,
                if r.query.is_empty() {
                    String::new()
                } else {
                    format!("?{}", r.query)
                },
                r.status,
                r.body
                    .as_ref()
                    .map(|b| truncate(&b.to_string(), 600))
                    .unwrap_or_default()
            ));
        }
        let errs = self.harness_errors();
        if !errs.is_empty() {
            s.push_str(&format!("  harness errors: {errs:#?}\n"));
        }
        s
    }
}

pub fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}
