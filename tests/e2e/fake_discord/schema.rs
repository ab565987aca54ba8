//! Validation of recorded request bodies against Discord's OpenAPI 3.1 description
//! (`/work/shared/discord-api-spec/openapi.json`, i.e. `../shared/...` from the repository).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::{json, Value};

use super::Recorded;

/// Where the spec is: `$FACTBOT_DISCORD_SPEC`, else `../shared/discord-api-spec/openapi.json`
/// relative to the crate, else next to the main checkout.
fn spec_path() -> PathBuf {
    if let Ok(p) = std::env::var("FACTBOT_DISCORD_SPEC") {
        return p.into();
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        manifest.join("../shared/discord-api-spec/openapi.json"),
        PathBuf::from("/work/shared/discord-api-spec/openapi.json"),
    ];
    candidates
        .iter()
        .find(|p| p.exists())
        .cloned()
        .unwrap_or_else(|| candidates[0].clone())
}

/// (method, path template) -> compiled validator (None: no JSON request body in the spec).
type ValidatorCache = HashMap<(String, String), Option<Arc<jsonschema::Validator>>>;

pub struct Spec {
    doc: Value,
    cache: Mutex<ValidatorCache>,
}

/// Outcome of validating one recorded body.
#[derive(Debug)]
pub enum Verdict {
    Valid {
        template: String,
    },
    Invalid {
        template: String,
        errors: Vec<String>,
    },
    /// The spec has no such path/method, or it has no JSON request body schema.
    NoSchema {
        reason: String,
    },
}

pub fn spec() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| {
        let path = spec_path();
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read the Discord OpenAPI spec {path:?}: {e}"));
        Spec {
            doc: serde_json::from_str(&text).expect("openapi.json is JSON"),
            cache: Mutex::new(HashMap::new()),
        }
    })
}

/// Adapts a body to the spec where Discord and the spec disagree, returning what was changed.
/// (Two known disagreements; everything else is validated as sent.)
///
/// `default_member_permissions`: the spec types it as an integer, but Discord's documentation
/// types it as a string ("bitwise value that represents the default permissions, as a string")
/// and serenity sends a digit string. A digit string is converted to the integer it denotes
/// (anything else is left alone and fails validation).
pub fn adapt(body: &Value) -> (Value, Vec<String>) {
    let mut b = body.clone();
    let mut notes = Vec::new();
    let mut fix = |cmd: &mut Value| {
        if let Some(s) = cmd
            .get("default_member_permissions")
            .and_then(Value::as_str)
            .map(str::to_string)
        {
            if !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit()) {
                if let Ok(n) = s.parse::<u64>() {
                    cmd["default_member_permissions"] = json!(n);
                    notes.push(format!("default_member_permissions \"{s}\" -> {n}"));
                }
            }
        }
    };
    match &mut b {
        Value::Array(cmds) => cmds.iter_mut().for_each(&mut fix),
        Value::Object(_) => fix(&mut b),
        _ => {}
    }
    // `attachments[].id`: the spec wants a snowflake string, but for new uploads the id is the
    // index of the `files[n]` part, an integer in Discord's own examples (serenity sends 0).
    for ptr in ["/attachments", "/data/attachments"] {
        let Some(atts) = b.pointer_mut(ptr).and_then(Value::as_array_mut) else {
            continue;
        };
        for a in atts {
            if let Some(n) = a.get("id").and_then(Value::as_u64) {
                a["id"] = json!(n.to_string());
                notes.push(format!("attachments[].id {n} -> \"{n}\""));
            }
        }
    }
    (b, notes)
}

impl Spec {
    /// The spec path template matching `path` (under `/api/v10`), preferring literal segments
    /// (`@original` over `{message_id}`).
    pub fn template(&self, method: &str, path: &str) -> Option<String> {
        let segs: Vec<&str> = path
            .trim_start_matches("/api/v10")
            .split('/')
            .filter(|s| !s.is_empty())
            .collect();
        let paths = self.doc["paths"].as_object()?;
        let mut best: Option<(usize, &String)> = None;
        for (tpl, item) in paths {
            if item.get(method.to_ascii_lowercase()).is_none() {
                continue;
            }
            let t: Vec<&str> = tpl.split('/').filter(|s| !s.is_empty()).collect();
            if t.len() != segs.len() {
                continue;
            }
            let mut literal = 0;
            let ok = t.iter().zip(&segs).all(|(a, b)| {
                if a.starts_with('{') && a.ends_with('}') {
                    true
                } else if a == b {
                    literal += 1;
                    true
                } else {
                    false
                }
            });
            if ok && !matches!(best, Some((l, _)) if literal <= l) {
                best = Some((literal, tpl));
            }
        }
        best.map(|(_, t)| t.clone())
    }

    fn resolve<'a>(&'a self, mut v: &'a Value) -> &'a Value {
        while let Some(r) = v.get("$ref").and_then(Value::as_str) {
            match r.strip_prefix('#').and_then(|p| self.doc.pointer(p)) {
                Some(t) => v = t,
                None => break,
            }
        }
        v
    }

    fn validator(&self, method: &str, tpl: &str) -> Option<Arc<jsonschema::Validator>> {
        let key = (method.to_string(), tpl.to_string());
        if let Some(v) = self.cache.lock().unwrap().get(&key) {
            return v.clone();
        }
        let op = &self.doc["paths"][tpl][method.to_ascii_lowercase()];
        let rb = self.resolve(&op["requestBody"]);
        let schema = rb
            .get("content")
            .and_then(|c| c.get("application/json"))
            .and_then(|c| c.get("schema"))
            .cloned();
        let compiled = schema.map(|schema| {
            // The root carries `components` so that `#/components/...` references resolve.
            let root = json!({
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "components": self.doc["components"],
                "allOf": [schema],
            });
            Arc::new(
                jsonschema::options()
                    .with_draft(jsonschema::Draft::Draft202012)
                    .build(&root)
                    .unwrap_or_else(|e| panic!("cannot compile the schema of {method} {tpl}: {e}")),
            )
        });
        self.cache.lock().unwrap().insert(key, compiled.clone());
        compiled
    }

    /// Validates the JSON body of `r` against its request-body schema.
    pub fn check(&self, r: &Recorded) -> Verdict {
        let Some(tpl) = self.template(&r.method, &r.path) else {
            return Verdict::NoSchema {
                reason: format!("no path in the spec matches {} {}", r.method, r.path),
            };
        };
        let Some(v) = self.validator(&r.method, &tpl) else {
            return Verdict::NoSchema {
                reason: format!(
                    "the spec has no application/json request body for {} {tpl}",
                    r.method
                ),
            };
        };
        let (body, _) = adapt(r.body());
        let errors: Vec<String> = v
            .iter_errors(&body)
            .map(|e| {
                format!(
                    "at {}: {}",
                    e.instance_path,
                    super::truncate(&e.to_string(), 400)
                )
            })
            .collect();
        if errors.is_empty() {
            Verdict::Valid { template: tpl }
        } else {
            Verdict::Invalid {
                template: tpl,
                errors,
            }
        }
    }
}
