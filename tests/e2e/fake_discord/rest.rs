//! The fake REST API: a small HTTP/1.1 server (keep-alive, Content-Length or chunked bodies,
//! JSON or multipart/form-data with a `payload_json` part) that records every request.

use std::sync::Arc;
use std::time::Instant;

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

use super::fixtures;
use super::{State, APP_ID};

/// One recorded REST request.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// Position in the recording (arrival order).
    pub index: usize,
    pub at: Instant,
    pub method: String,
    /// The path, e.g. `/api/v10/channels/222/messages` (without the query).
    pub path: String,
    pub query: String,
    /// Header names lower-cased.
    pub headers: Vec<(String, String)>,
    pub content_type: String,
    /// The JSON body (for multipart: the `payload_json` part).
    pub body: Option<Value>,
    /// Names of the multipart parts, if the body was multipart.
    pub multipart_parts: Vec<String>,
    /// The status the fake answered.
    pub status: u16,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The path segments after `/api/v10`.
    pub fn segments(&self) -> Vec<&str> {
        self.path
            .trim_start_matches("/api/v10")
            .split('/')
            .filter(|s| !s.is_empty())
            .collect()
    }

    pub fn is_callback(&self) -> bool {
        let s = self.segments();
        self.method == "POST" && s.len() == 4 && s[0] == "interactions" && s[3] == "callback"
    }

    /// The interaction id of a callback.
    pub fn callback_interaction(&self) -> Option<u64> {
        if self.is_callback() {
            self.segments()[1].parse().ok()
        } else {
            None
        }
    }

    pub fn is_channel_message(&self) -> bool {
        let s = self.segments();
        self.method == "POST" && s.len() == 3 && s[0] == "channels" && s[2] == "messages"
    }

    pub fn channel_of_message(&self) -> Option<u64> {
        if self.is_channel_message() {
            self.segments()[1].parse().ok()
        } else {
            None
        }
    }

    pub fn body(&self) -> &Value {
        self.body.as_ref().unwrap_or(&Value::Null)
    }
}

/// An injected failure (see [`super::FakeDiscord::fail`]).
#[derive(Clone, Debug)]
pub struct Fault {
    pub method: String,
    pub path_part: String,
    pub status: u16,
    pub body: Value,
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

struct RawRequest {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

async fn read_request(r: &mut BufReader<TcpStream>) -> std::io::Result<Option<RawRequest>> {
    let mut line = String::new();
    // Skip stray empty lines between requests.
    loop {
        line.clear();
        if r.read_line(&mut line).await? == 0 {
            return Ok(None);
        }
        if !line.trim().is_empty() {
            break;
        }
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let target = parts.next().unwrap_or_default().to_string();
    let mut headers = Vec::new();
    loop {
        line.clear();
        if r.read_line(&mut line).await? == 0 {
            return Ok(None);
        }
        let l = line.trim_end_matches(['\r', '\n']);
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let get = |n: &str| headers.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
    let mut body = Vec::new();
    if get("transfer-encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked")) {
        loop {
            line.clear();
            r.read_line(&mut line).await?;
            let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or("0"), 16)
                .unwrap_or(0);
            if size == 0 {
                // Trailers until the empty line.
                loop {
                    line.clear();
                    if r.read_line(&mut line).await? == 0 || line.trim().is_empty() {
                        break;
                    }
                }
                break;
            }
            let mut chunk = vec![0; size];
            r.read_exact(&mut chunk).await?;
            body.extend_from_slice(&chunk);
            line.clear();
            r.read_line(&mut line).await?; // CRLF after the chunk
        }
    } else if let Some(n) = get("content-length").and_then(|v| v.parse::<usize>().ok()) {
        body = vec![0; n];
        r.read_exact(&mut body).await?;
    }
    Ok(Some(RawRequest {
        method,
        target,
        headers,
        body,
    }))
}

async fn connection(stream: TcpStream, state: Arc<State>) {
    let mut r = BufReader::new(stream);
    loop {
        let req = match read_request(&mut r).await {
            Ok(Some(req)) => req,
            _ => return,
        };
        let at = Instant::now();
        let (path, query) = match req.target.split_once('?') {
            Some((p, q)) => (p.to_string(), q.to_string()),
            None => (req.target.clone(), String::new()),
        };
        let content_type = req
            .headers
            .iter()
            .find(|(k, _)| k == "content-type")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        let mut parts = Vec::new();
        let body = if req.body.is_empty() {
            None
        } else if content_type.starts_with("multipart/form-data") {
            let (json, names) = parse_multipart(&content_type, &req.body);
            parts = names;
            if json.is_none() {
                state.harness_error(format!(
                    "{} {path}: multipart body without a JSON payload_json part",
                    req.method
                ));
            }
            json
        } else {
            match serde_json::from_slice::<Value>(&req.body) {
                Ok(v) => Some(v),
                Err(e) => {
                    state.harness_error(format!(
                        "{} {path}: body is not JSON ({e}): {}",
                        req.method,
                        String::from_utf8_lossy(&req.body)
                    ));
                    None
                }
            }
        };

        let (status, resp) = route(&state, &req.method, &path, body.as_ref());
        state.record(Recorded {
            index: 0,
            at,
            method: req.method.clone(),
            path: path.clone(),
            query,
            headers: req.headers.clone(),
            content_type,
            body,
            multipart_parts: parts,
            status,
        });

        let reason = match status {
            200 => "OK",
            204 => "No Content",
            400 => "Bad Request",
            403 => "Forbidden",
            500 => "Internal Server Error",
            404 => "Not Found",
            _ => "Status",
        };
        let mut out = format!("HTTP/1.1 {status} {reason}\r\nConnection: keep-alive\r\n");
        let payload = resp.map(|v| v.to_string()).unwrap_or_default();
        if status == 204 {
            out.push_str("\r\n");
        } else {
            out.push_str(&format!(
                "Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{payload}",
                payload.len()
            ));
        }
        if r.get_mut().write_all(out.as_bytes()).await.is_err() {
            return;
        }
    }
}

/// Extracts the `payload_json` part (parsed) and the names of all parts.
fn parse_multipart(content_type: &str, body: &[u8]) -> (Option<Value>, Vec<String>) {
    let Some(boundary) = content_type
        .split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("boundary="))
        .map(|b| b.trim_matches('"').to_string())
    else {
        return (None, vec![]);
    };
    let text = String::from_utf8_lossy(body);
    let delim = format!("--{boundary}");
    let mut json = None;
    let mut names = Vec::new();
    for part in text.split(delim.as_str()).skip(1) {
        if part.starts_with("--") {
            break;
        }
        let part = part.trim_start_matches("\r\n");
        let Some((head, content)) = part.split_once("\r\n\r\n") else {
            continue;
        };
        let content = content.strip_suffix("\r\n").unwrap_or(content);
        let name = head
            .split(';')
            .map(str::trim)
            .find_map(|p| p.strip_prefix("name="))
            .map(|n| n.lines().next().unwrap_or(n).trim_matches('"').to_string())
            .unwrap_or_default();
        if name == "payload_json" {
            json = serde_json::from_str(content).ok();
        }
        names.push(name);
    }
    (json, names)
}

fn not_found() -> (u16, Option<Value>) {
    (
        404,
        Some(json!({"message": "404: Not Found (fake discord: unknown route)", "code": 0})),
    )
}

fn route(state: &State, method: &str, path: &str, body: Option<&Value>) -> (u16, Option<Value>) {
    let Some(rest) = path.strip_prefix("/api/v10/") else {
        return not_found();
    };
    if let Some(f) = state
        .faults
        .lock()
        .unwrap()
        .iter()
        .find(|f| f.method == method && path.contains(&f.path_part))
    {
        return (f.status, Some(f.body.clone()));
    }
    let segs: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    let app = APP_ID.to_string();
    match (method, segs.as_slice()) {
        ("GET", ["gateway"]) => (200, Some(json!({ "url": gateway_url(state) }))),
        ("GET", ["gateway", "bot"]) => (
            200,
            Some(json!({
                "url": gateway_url(state),
                "shards": 1,
                "session_start_limit": {
                    "total": 1000, "remaining": 999, "reset_after": 14_400_000, "max_concurrency": 1
                }
            })),
        ),
        ("GET", ["users", "@me"]) => (200, Some(fixtures::bot_user())),
        ("GET", ["oauth2", "applications", "@me"]) => (200, Some(fixtures::application())),
        ("PUT", ["applications", a, "commands"]) if *a == app => bulk_overwrite(state, None, body),
        ("PUT", ["applications", a, "guilds", g, "commands"]) if *a == app => {
            match g.parse::<u64>() {
                Ok(g) => bulk_overwrite(state, Some(g), body),
                Err(_) => not_found(),
            }
        }
        ("GET", ["applications", a, "commands"]) if *a == app => (
            200,
            Some(Value::Array(
                state
                    .commands
                    .lock()
                    .unwrap()
                    .get(&None)
                    .cloned()
                    .unwrap_or_default(),
            )),
        ),
        ("GET", ["applications", a, "guilds", g, "commands"]) if *a == app => {
            let g = g.parse::<u64>().ok();
            (
                200,
                Some(Value::Array(
                    state
                        .commands
                        .lock()
                        .unwrap()
                        .get(&g)
                        .cloned()
                        .unwrap_or_default(),
                )),
            )
        }
        ("POST", ["interactions", id, token, "callback"]) => {
            // As Discord: one initial response per interaction, within 3 s.
            if let Some(st) = id.parse::<u64>().ok().and_then(|id| {
                state.interactions.lock().unwrap().get_mut(&id).map(|st| {
                    st.callbacks += 1;
                    *st
                })
            }) {
                if st.callbacks > 1 {
                    return (
                        400,
                        Some(
                            json!({"message": "Interaction has already been acknowledged.", "code": 40060}),
                        ),
                    );
                }
                if st.sent.elapsed() > super::INTERACTION_DEADLINE {
                    return (
                        404,
                        Some(json!({"message": "Unknown interaction", "code": 10062})),
                    );
                }
            }
            let Some(b) = body else {
                return (
                    400,
                    Some(json!({"message": "400: Bad Request (no body)", "code": 50109})),
                );
            };
            if matches!(b["type"].as_u64(), Some(4 | 5)) {
                state
                    .originals
                    .lock()
                    .unwrap()
                    .insert(token.to_string(), b["data"].clone());
            }
            (204, None)
        }
        ("POST", ["channels", ch, "messages"]) => match (ch.parse::<u64>(), body) {
            (Ok(ch), Some(b)) => (200, Some(message_response(state, ch, b))),
            _ => (
                400,
                Some(json!({"message": "Cannot send an empty message", "code": 50006})),
            ),
        },
        ("GET" | "PATCH", ["webhooks", a, token, "messages", "@original"]) if *a == app => {
            let mut originals = state.originals.lock().unwrap();
            let Some(orig) = originals.get_mut(*token) else {
                return (
                    404,
                    Some(json!({"message": "Unknown Message", "code": 10008})),
                );
            };
            if let (Some(Value::Object(patch)), Value::Object(o)) = (body, &mut *orig) {
                for (k, v) in patch {
                    o.insert(k.clone(), v.clone());
                }
            }
            let data = orig.clone();
            drop(originals);
            (200, Some(message_response(state, 0, &data)))
        }
        ("POST", ["webhooks", a, _token]) if *a == app => match body {
            Some(b) => (200, Some(message_response(state, 0, b))),
            None => (400, Some(json!({"message": "no body", "code": 50006}))),
        },
        ("PATCH", ["webhooks", a, _token, "messages", _id]) if *a == app => match body {
            Some(b) => (200, Some(message_response(state, 0, b))),
            None => (400, Some(json!({"message": "no body", "code": 50006}))),
        },
        ("DELETE", ["webhooks", a, _token, "messages", _id]) if *a == app => (204, None),
        _ => not_found(),
    }
}

fn gateway_url(state: &State) -> String {
    format!("ws://{}", state.gateway_addr)
}

/// Answers a bulk overwrite like Discord: the full Command objects, with ids and versions.
fn bulk_overwrite(state: &State, guild: Option<u64>, body: Option<&Value>) -> (u16, Option<Value>) {
    let Some(Value::Array(cmds)) = body else {
        return (
            400,
            Some(json!({"message": "400: Bad Request (expected an array)", "code": 50035})),
        );
    };
    let mut out = Vec::new();
    for c in cmds {
        let mut full = json!({
            "id": state.next_id().to_string(),
            "application_id": APP_ID.to_string(),
            "version": state.next_id().to_string(),
            "type": c.get("type").cloned().filter(|t| !t.is_null()).unwrap_or(json!(1)),
            "name": c["name"],
            "name_localizations": c.get("name_localizations").cloned().unwrap_or(Value::Null),
            "description": c.get("description").cloned().filter(|d| !d.is_null()).unwrap_or(json!("")),
            "description_localizations": c.get("description_localizations").cloned().unwrap_or(Value::Null),
            "default_member_permissions": c.get("default_member_permissions").cloned().unwrap_or(Value::Null),
            "dm_permission": c.get("dm_permission").cloned().filter(|d| !d.is_null()).unwrap_or(json!(true)),
            "nsfw": c.get("nsfw").cloned().filter(|d| !d.is_null()).unwrap_or(json!(false)),
            "contexts": c.get("contexts").cloned().unwrap_or(Value::Null),
            "integration_types": c.get("integration_types").cloned().filter(|d| !d.is_null()).unwrap_or(json!([0])),
        });
        if let Some(opts) = c.get("options").filter(|o| !o.is_null()) {
            full["options"] = opts.clone();
        }
        if let Some(g) = guild {
            full["guild_id"] = json!(g.to_string());
        }
        out.push(full);
    }
    let out = Value::Array(out);
    if let Err(e) = serde_json::from_value::<Vec<serenity::all::Command>>(out.clone()) {
        state.harness_error(format!(
            "the fake's bulk-overwrite answer does not deserialize as Vec<serenity Command>: {e}"
        ));
    }
    state
        .commands
        .lock()
        .unwrap()
        .insert(guild, out.as_array().unwrap().clone());
    (200, Some(out))
}

/// A full Message object for a message the bot created (channel message, followup or
/// `@original`), as Discord returns it.
fn message_response(state: &State, channel_id: u64, data: &Value) -> Value {
    let channel_id = if channel_id == 0 {
        fixtures::ANSWER_CHANNEL
    } else {
        channel_id
    };
    let embeds = fixtures::rich_embeds(data);
    let mut m = json!({
        "id": state.next_id().to_string(),
        "channel_id": channel_id.to_string(),
        "author": fixtures::bot_user(),
        "content": data["content"].as_str().unwrap_or(""),
        "timestamp": serenity::all::Timestamp::now().to_string(),
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": embeds,
        "pinned": false,
        "type": 0,
        "flags": data["flags"].as_u64().unwrap_or(0),
        "components": data.get("components").cloned().filter(|c| !c.is_null()).unwrap_or(json!([])),
    });
    if let Some(r) = data.get("message_reference").filter(|r| !r.is_null()) {
        m["type"] = json!(19);
        m["message_reference"] = json!({
            "type": 0,
            "message_id": r["message_id"],
            "channel_id": r.get("channel_id").cloned().unwrap_or(json!(channel_id.to_string())),
        });
        m["referenced_message"] = Value::Null;
    }
    if let Err(e) = serde_json::from_value::<serenity::all::Message>(m.clone()) {
        state.harness_error(format!(
            "the fake's Message answer does not deserialize as a serenity Message ({e}); \
             answering without components"
        ));
        m["components"] = json!([]);
    }
    m
}
