//! The fake gateway: one WebSocket session at a time, JSON text frames (serenity 0.12 asks for
//! `compress: true` in IDENTIFY, which only means Discord *may* send zlib-compressed binary
//! frames for large payloads; plain text frames are always accepted).

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message as WsMessage;

use super::fixtures;
use super::{FakeDiscord, State};

/// The heartbeat interval the fake announces in HELLO by default (Discord's usual value).
pub const HEARTBEAT_INTERVAL_MS: u64 = 41_250;

pub struct GwState {
    /// Announced in HELLO (see [`FakeDiscord::set_heartbeat`]).
    pub heartbeat_interval_ms: u64,
    /// When false, heartbeats are not acknowledged (a "zombied" connection).
    pub ack_heartbeats: bool,
    /// Id of the current session (set by READY).
    pub session_id: Option<String>,
    /// Last sequence number sent; never goes back, also across RESUME.
    pub seq: u64,
    /// The live, identified (or resumed) connection, if any: its id and command sender.
    pub live: Option<(u64, mpsc::UnboundedSender<GwCmd>)>,
    /// Dispatches injected while no connection was live; sent after READY/RESUMED.
    pub pending: Vec<(String, Value, Option<tokio::sync::oneshot::Sender<Instant>>)>,
    pub connections: u64,
    /// Request targets of the WebSocket upgrades (to check `?v=10`).
    pub connect_targets: Vec<String>,
    pub identifies: Vec<Value>,
    pub resumes: Vec<Value>,
    pub readies: u64,
    pub resumed: u64,
    pub heartbeats: u64,
    /// Close frames the client sent (code), e.g. on a clean shutdown.
    pub client_closes: Vec<Option<u16>>,
    /// Connections that ended (by either side).
    pub disconnects: u64,
    /// Every dispatch written to a socket: (connection, seq, type, `d.id`).
    pub written: Vec<(u64, u64, String, Option<String>)>,
}

impl Default for GwState {
    fn default() -> Self {
        GwState {
            heartbeat_interval_ms: HEARTBEAT_INTERVAL_MS,
            ack_heartbeats: true,
            session_id: None,
            seq: 0,
            live: None,
            pending: Vec::new(),
            connections: 0,
            connect_targets: Vec::new(),
            identifies: Vec::new(),
            resumes: Vec::new(),
            readies: 0,
            resumed: 0,
            heartbeats: 0,
            client_closes: Vec::new(),
            disconnects: 0,
            written: Vec::new(),
        }
    }
}

pub enum GwCmd {
    /// Send a dispatch; the oneshot gets the instant it was written to the socket.
    Dispatch(String, Value, Option<tokio::sync::oneshot::Sender<Instant>>),
    /// Close the connection with this close code (the client should RESUME).
    Close(u16),
    /// Drop the TCP connection without a close frame.
    Kill,
    /// Send a raw payload (e.g. op 7 RECONNECT, op 9 INVALID_SESSION).
    Raw(Value),
}

pub(crate) async fn serve(listener: TcpListener, state: Arc<State>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            return;
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(connection(stream, state.clone()));
    }
}

// The handshake callback's error type is tungstenite's (large) HTTP response.
#[allow(clippy::result_large_err)]
async fn connection(stream: TcpStream, state: Arc<State>) {
    let target = Arc::new(std::sync::Mutex::new(String::new()));
    let t2 = target.clone();
    let ws = tokio_tungstenite::accept_hdr_async(stream, move |req: &Request, resp: Response| {
        *t2.lock().unwrap() = req.uri().to_string();
        Ok(resp)
    })
    .await;
    let Ok(mut ws) = ws else {
        state.harness_error("gateway: WebSocket handshake failed".into());
        return;
    };
    let conn_id = {
        let mut gw = state.gw.lock().unwrap();
        gw.connections += 1;
        gw.connect_targets.push(target.lock().unwrap().clone());
        gw.connections
    };
    state.bump();
    let (tx, mut rx) = mpsc::unbounded_channel::<GwCmd>();

    let hello = json!({"op": 10, "d": {"heartbeat_interval": state.gw.lock().unwrap().heartbeat_interval_ms}, "s": null, "t": null});
    if ws.send(WsMessage::Text(hello.to_string())).await.is_err() {
        return end(&state, conn_id);
    }

    loop {
        tokio::select! {
            msg = ws.next() => {
                let msg = match msg {
                    Some(Ok(m)) => m,
                    _ => break,
                };
                let text = match msg {
                    WsMessage::Text(t) => t,
                    WsMessage::Binary(b) => String::from_utf8_lossy(&b).into_owned(),
                    WsMessage::Close(frame) => {
                        state.gw.lock().unwrap().client_closes.push(frame.map(|f| u16::from(f.code)));
                        state.bump();
                        let _ = ws.close(None).await;
                        break;
                    }
                    _ => continue,
                };
                let Ok(v) = serde_json::from_str::<Value>(&text) else {
                    state.harness_error(format!("gateway: client sent non-JSON: {text}"));
                    continue;
                };
                let op = v["op"].as_u64();
                match op {
                    Some(1) => {
                        let ack = {
                            let mut gw = state.gw.lock().unwrap();
                            gw.heartbeats += 1;
                            gw.ack_heartbeats
                        };
                        if ack && ws.send(WsMessage::Text(json!({"op": 11, "d": null, "s": null, "t": null}).to_string())).await.is_err() {
                            break;
                        }
                    }
                    Some(2) => {
                        let session = format!("fake-session-{}", state.next_id());
                        let seq = {
                            let mut gw = state.gw.lock().unwrap();
                            gw.identifies.push(v["d"].clone());
                            gw.session_id = Some(session.clone());
                            gw.seq += 1;
                            gw.readies += 1;
                            gw.seq
                        };
                        let ready = fixtures::ready(&session, &format!("ws://{}", state.gateway_addr));
                        let frame = json!({"op": 0, "t": "READY", "s": seq, "d": ready});
                        check_frame(&state, &frame);
                        if ws.send(WsMessage::Text(frame.to_string())).await.is_err() {
                            break;
                        }
                        if !go_live(&state, conn_id, &tx) { break; }
                    }
                    Some(6) => {
                        let d = &v["d"];
                        let ok = {
                            let mut gw = state.gw.lock().unwrap();
                            gw.resumes.push(d.clone());
                            gw.session_id.is_some() && d["session_id"].as_str() == gw.session_id.as_deref()
                        };
                        if !ok {
                            // Invalid session, not resumable: the client must IDENTIFY again.
                            let _ = ws.send(WsMessage::Text(json!({"op": 9, "d": false, "s": null, "t": null}).to_string())).await;
                            continue;
                        }
                        let seq = {
                            let mut gw = state.gw.lock().unwrap();
                            gw.seq += 1;
                            gw.resumed += 1;
                            gw.seq
                        };
                        let frame = json!({"op": 0, "t": "RESUMED", "s": seq, "d": {}});
                        if ws.send(WsMessage::Text(frame.to_string())).await.is_err() {
                            break;
                        }
                        if !go_live(&state, conn_id, &tx) { break; }
                    }
                    Some(3) | Some(8) | Some(31) => {} // presence update, request members, soundboard
                    _ => state.harness_error(format!("gateway: unexpected op from client: {text}")),
                }
                state.bump();
            }
            cmd = rx.recv() => {
                match cmd {
                    Some(GwCmd::Dispatch(t, d, sent)) => {
                        let seq = {
                            let mut gw = state.gw.lock().unwrap();
                            gw.seq += 1;
                            gw.seq
                        };
                        if t == "INTERACTION_CREATE" {
                            if let Some(id) = d["id"].as_str().and_then(|i| i.parse::<u64>().ok()) {
                                state.interactions.lock().unwrap().insert(
                                    id,
                                    super::InteractionState { sent: Instant::now(), callbacks: 0 },
                                );
                            }
                        }
                        let frame = json!({"op": 0, "t": t, "s": seq, "d": d});
                        if ws.send(WsMessage::Text(frame.to_string())).await.is_err() {
                            // Not delivered: Discord would replay it after RESUME.
                            state.gw.lock().unwrap().pending.push((t, d, sent));
                            break;
                        }
                        let now = Instant::now();
                        state.gw.lock().unwrap().written.push((
                            conn_id,
                            seq,
                            t.clone(),
                            d["id"].as_str().map(str::to_string),
                        ));
                        if let Some(s) = sent {
                            let _ = s.send(now);
                        }
                    }
                    Some(GwCmd::Close(code)) => {
                        let _ = ws
                            .close(Some(CloseFrame {
                                code: CloseCode::from(code),
                                reason: "fake discord: please reconnect".into(),
                            }))
                            .await;
                        // Wait (briefly) for the client's close reply, then stop.
                        let _ = tokio::time::timeout(Duration::from_secs(2), async {
                            while let Some(Ok(_)) = ws.next().await {}
                        })
                        .await;
                        break;
                    }
                    Some(GwCmd::Raw(v)) => {
                        if ws.send(WsMessage::Text(v.to_string())).await.is_err() {
                            break;
                        }
                    }
                    Some(GwCmd::Kill) | None => break,
                }
            }
        }
    }
    // Dispatches still queued for this connection go to the session that replaced it, if it
    // is already live, else wait for the next one.
    rx.close();
    while let Ok(cmd) = rx.try_recv() {
        if let GwCmd::Dispatch(t, d, s) = cmd {
            let mut gw = state.gw.lock().unwrap();
            match &gw.live {
                Some((id, other)) if *id != conn_id => {
                    if let Err(mpsc::error::SendError(GwCmd::Dispatch(t, d, s))) =
                        other.send(GwCmd::Dispatch(t, d, s))
                    {
                        gw.pending.push((t, d, s));
                    }
                }
                _ => gw.pending.push((t, d, s)),
            }
        }
    }
    end(&state, conn_id);
}

/// Marks connection `conn_id` live and sends the dispatches that waited for a session. Both
/// happen under one lock, so no dispatch injected meanwhile is stranded in `pending` or
/// overtakes an older one.
fn go_live(state: &State, conn_id: u64, tx: &mpsc::UnboundedSender<GwCmd>) -> bool {
    let mut gw = state.gw.lock().unwrap();
    gw.live = Some((conn_id, tx.clone()));
    // Queued in order, before anything injected after this point.
    for (t, d, s) in std::mem::take(&mut gw.pending) {
        if tx.send(GwCmd::Dispatch(t, d, s)).is_err() {
            return false;
        }
    }
    drop(gw);
    state.bump();
    true
}

fn end(state: &State, conn_id: u64) {
    let mut gw = state.gw.lock().unwrap();
    if gw.live.as_ref().is_some_and(|(id, _)| *id == conn_id) {
        gw.live = None;
    }
    gw.disconnects += 1;
    drop(gw);
    state.bump();
}

/// Every frame the fake sends must be what serenity's shard parses: a `GatewayEvent` whose
/// dispatch is a known `Event` (serenity maps unparsable dispatches to `Event::Unknown` or drops
/// them, so a malformed fixture would silently test nothing).
fn check_frame(state: &State, frame: &Value) {
    match serde_json::from_value::<serenity::all::GatewayEvent>(frame.clone()) {
        Ok(serenity::all::GatewayEvent::Dispatch(_, serenity::all::Event::Unknown(u))) => state
            .harness_error(format!(
                "gateway: serenity parses dispatch {} as Unknown",
                u.kind
            )),
        Ok(_) => {}
        Err(e) => state.harness_error(format!(
            "gateway: frame does not deserialize as serenity GatewayEvent: {e}: {}",
            super::truncate(&frame.to_string(), 400)
        )),
    }
}

impl FakeDiscord {
    /// Sends a dispatch (op 0) on the live session, or queues it until the next READY/RESUMED.
    /// The payload is checked against serenity's `GatewayEvent` first (panics if serenity would
    /// not parse it). Returns a receiver for the instant the frame was written.
    pub fn dispatch(&self, t: &str, d: Value) -> tokio::sync::oneshot::Receiver<Instant> {
        let frame = json!({"op": 0, "t": t, "s": 1, "d": d});
        match serde_json::from_value::<serenity::all::GatewayEvent>(frame) {
            Ok(serenity::all::GatewayEvent::Dispatch(_, serenity::all::Event::Unknown(u))) => {
                panic!("fixture {t}: serenity parses it as Unknown: {:?}", u.value)
            }
            Ok(_) => {}
            Err(e) => panic!("fixture {t} does not deserialize as a serenity GatewayEvent: {e}"),
        }
        let (stx, srx) = tokio::sync::oneshot::channel();
        let mut gw = self.state.gw.lock().unwrap();
        match &gw.live {
            Some((_, tx)) => {
                if let Err(mpsc::error::SendError(GwCmd::Dispatch(t, d, s))) =
                    tx.send(GwCmd::Dispatch(t.to_string(), d, Some(stx)))
                {
                    gw.pending.push((t, d, s));
                }
            }
            None => gw.pending.push((t.to_string(), d, Some(stx))),
        }
        srx
    }

    /// Closes the live gateway connection with `code` (4000 = "unknown error, reconnect"),
    /// as Discord does when it restarts a gateway node. Returns false if none was live.
    pub fn gateway_close(&self, code: u16) -> bool {
        let live = self.state.gw.lock().unwrap().live.take();
        match live {
            Some((_, tx)) => tx.send(GwCmd::Close(code)).is_ok(),
            None => false,
        }
    }

    /// Sends a raw opcode on the live connection: op 7 (RECONNECT: the client should resume on
    /// a new connection) or op 9 (INVALID_SESSION, `d` = resumable). The session stops being
    /// live (injected dispatches wait for the next READY/RESUMED).
    pub fn gateway_op(&self, op: u8, d: Value) -> bool {
        let live = self.state.gw.lock().unwrap().live.take();
        match live {
            Some((_, tx)) => tx
                .send(GwCmd::Raw(json!({"op": op, "d": d, "s": null, "t": null})))
                .is_ok(),
            None => false,
        }
    }

    /// Drops the live gateway TCP connection without a close frame.
    pub fn gateway_kill(&self) -> bool {
        let live = self.state.gw.lock().unwrap().live.take();
        match live {
            Some((_, tx)) => tx.send(GwCmd::Kill).is_ok(),
            None => false,
        }
    }

    /// Sets the heartbeat interval announced to new connections, and whether heartbeats are
    /// acknowledged.
    pub fn set_heartbeat(&self, interval_ms: u64, ack: bool) {
        let mut gw = self.state.gw.lock().unwrap();
        gw.heartbeat_interval_ms = interval_ms;
        gw.ack_heartbeats = ack;
    }

    pub fn gw<T>(&self, f: impl FnOnce(&GwState) -> T) -> T {
        f(&self.state.gw.lock().unwrap())
    }

    /// Waits until a session is live (after READY or RESUMED).
    pub async fn wait_live(&self, timeout: Duration) {
        self.wait_for("a live gateway session", timeout, |f| {
            f.gw(|g| g.live.is_some()).then_some(())
        })
        .await
    }
}
