//! Reading what the bot sent, and the checks applied to it.

use std::sync::OnceLock;

use serde_json::{json, Value};

use crate::fake_discord::fixtures;
use crate::fake_discord::{FakeDiscord, Recorded};

use super::EPHEMERAL;

pub(super) fn article() -> &'static str {
    static A: OnceLock<String> = OnceLock::new();
    A.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge/sources");
        let mut s = String::new();
        for e in std::fs::read_dir(dir).expect("knowledge/sources") {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "txt") {
                s.push_str(&std::fs::read_to_string(p).unwrap());
                s.push('\n');
            }
        }
        norm_ws(&s)
    })
}

pub(super) fn norm_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ------------------------------------------------------------------------------------------
// Reading what the bot sent

/// The message-like object a recorded request carries (interaction callback `data` for types
/// 4/7, the body of channel messages and webhook edits/followups), if any.
pub(super) fn message_payload(r: &Recorded) -> Option<&Value> {
    let b = r.body.as_ref()?;
    if r.is_callback() {
        return match b["type"].as_u64() {
            Some(4 | 7) => Some(&b["data"]),
            _ => None,
        };
    }
    let s = r.segments();
    let is_msg = r.is_channel_message()
        || (s.first() == Some(&"webhooks") && matches!(r.method.as_str(), "POST" | "PATCH"));
    is_msg.then_some(b)
}

/// All visible texts of a message payload: content, embed title/description/fields/footer.
pub(super) fn texts(d: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(c) = d["content"].as_str() {
        out.push(c.to_string());
    }
    for e in d["embeds"].as_array().into_iter().flatten() {
        for k in ["title", "description"] {
            if let Some(t) = e[k].as_str() {
                out.push(t.to_string());
            }
        }
        for f in e["fields"].as_array().into_iter().flatten() {
            for k in ["name", "value"] {
                if let Some(t) = f[k].as_str() {
                    out.push(t.to_string());
                }
            }
        }
        if let Some(t) = e["footer"]["text"].as_str() {
            out.push(t.to_string());
        }
        if let Some(t) = e["author"]["name"].as_str() {
            out.push(t.to_string());
        }
    }
    out
}

pub(super) fn all_text(d: &Value) -> String {
    texts(d).join("\n")
}

/// Lines of quote blocks (`> ...` lines, or everything after `>>> `), as written.
fn raw_quote_lines(d: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for t in texts(d) {
        let mut in_block = false;
        for line in t.lines() {
            let l = line.trim_start();
            let q = if in_block {
                Some(l)
            } else if let Some(rest) = l.strip_prefix(">>> ") {
                in_block = true;
                Some(rest)
            } else {
                l.strip_prefix("> ").or_else(|| l.strip_prefix('>'))
            };
            if let Some(q) = q {
                out.push(q.to_string());
            }
        }
    }
    out
}

/// A line of Discord markdown as a reader sees it, and the parts in bold (`**...**`);
/// backslash escapes are literal characters, never markers.
pub(super) fn read_md(s: &str) -> (String, Vec<String>) {
    let mut plain = String::new();
    let mut bold = Vec::new();
    let mut current: Option<String> = None;
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            '\\' => {
                if let Some(n) = it.next() {
                    plain.push(n);
                    if let Some(b) = current.as_mut() {
                        b.push(n);
                    }
                }
            }
            '*' if it.peek() == Some(&'*') => {
                it.next();
                match current.take() {
                    Some(b) => bold.push(b),
                    None => current = Some(String::new()),
                }
            }
            _ => {
                plain.push(c);
                if let Some(b) = current.as_mut() {
                    b.push(c);
                }
            }
        }
    }
    (plain, bold)
}

/// Lines of quote blocks as a reader sees them (escapes and bold markers gone).
pub(super) fn quote_lines(d: &Value) -> Vec<String> {
    raw_quote_lines(d).iter().map(|l| read_md(l).0).collect()
}

pub(super) fn unescape_md(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\\' {
            if let Some(n) = it.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The quote of a payload if it quotes the article verbatim in a quote block and contains
/// `must_contain`; else what is wrong. The quote block shows the sentence holding the quote
/// (issue 7): every line, read as plain text, must be the article's own words; the quote is the
/// part in bold when there is one (then it must be verbatim too), else the whole block.
pub(super) fn verbatim_quote(d: &Value, must_contain: &str) -> Result<String, String> {
    let pretty = || serde_json::to_string_pretty(d).unwrap();
    let lines = quote_lines(d);
    let quote = norm_ws(&lines.join(" "));
    let trimmed = quote.trim_matches(|c: char| "\"“”*_ …".contains(c));
    if trimmed.is_empty() {
        return Err(format!(
            "no quote block (`> ...`) in the reply:\n{}",
            pretty()
        ));
    }
    // Each quoted line must be a substring of the article (lines may be one quote cut by
    // newlines; then the joined text is checked too).
    let ok = article().contains(trimmed)
        || lines.iter().all(|l| {
            let l = norm_ws(l);
            let l = l.trim_matches(|c: char| "\"“”*_ …".contains(c));
            l.is_empty() || article().contains(l)
        });
    if !ok {
        return Err(format!(
            "the quote is not verbatim from the article: {trimmed:?}\nreply:\n{}",
            pretty()
        ));
    }
    let bold: Vec<String> = raw_quote_lines(d)
        .iter()
        .flat_map(|l| read_md(l).1)
        .collect();
    let quote = if bold.is_empty() {
        trimmed.to_string()
    } else {
        let b = norm_ws(&bold.join(" "));
        if b.is_empty() || !article().contains(&b) {
            return Err(format!(
                "the quote in bold is not verbatim from the article: {b:?}\nreply:\n{}",
                pretty()
            ));
        }
        b
    };
    if !quote.contains(must_contain) {
        return Err(format!(
            "the quote {quote:?} does not contain {must_contain:?}"
        ));
    }
    Ok(quote)
}

/// The buttons that show a fact (did you mean, unsure candidates, closest topics): all but the
/// vote and post buttons.
pub(super) fn fact_buttons(d: &Value) -> Vec<(String, String)> {
    buttons(d)
        .into_iter()
        .filter(|(_, id)| !id.starts_with("vote:") && !id.starts_with("post"))
        .collect()
}

/// The Helpful / Wrong answer buttons: (helpful, wrong) custom_ids, if there are both.
pub(super) fn vote_buttons(d: &Value) -> Option<(String, String)> {
    let b = buttons(d);
    let find = |label: &str| {
        b.iter()
            .find(|(l, id)| l == label && id.starts_with("vote:"))
            .map(|(_, id)| id.clone())
    };
    Some((find("Helpful")?, find("Wrong answer")?))
}

/// Asserts the payload quotes the article verbatim (in a quote block), and that the quote
/// contains `must_contain`. Returns the quote.
#[track_caller]
pub(super) fn assert_verbatim_quote(d: &Value, must_contain: &str) -> String {
    verbatim_quote(d, must_contain).unwrap_or_else(|e| panic!("{e}"))
}

/// (title, date) of the bundled source.
pub(super) fn source_meta() -> (String, String) {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge/sources.toml");
    let t: toml::Value = std::fs::read_to_string(p).unwrap().parse().unwrap();
    let s = &t["source"][0];
    (
        s["title"].as_str().unwrap().to_string(),
        s["date"].as_str().unwrap().to_string(),
    )
}

/// The source (title, date, paragraph) is in an embed footer.
#[track_caller]
pub(super) fn assert_source_footer(d: &Value) {
    let (title, date) = source_meta();
    let head: String = title
        .split_whitespace()
        .take(4)
        .collect::<Vec<_>>()
        .join(" ");
    let ok = d["embeds"].as_array().into_iter().flatten().any(|e| {
        let f = e["footer"]["text"].as_str().unwrap_or_default();
        f.contains(&head)
            && f.contains(&date)
            && f.replace(&date, "").chars().any(|c| c.is_ascii_digit())
    });
    assert!(
        ok,
        "an embed footer with the source title ({head}...), date ({date}) and paragraph:\n{}",
        serde_json::to_string_pretty(d).unwrap()
    );
}

pub(super) fn flags(d: &Value) -> u64 {
    d["flags"].as_u64().unwrap_or(0)
}

#[track_caller]
pub(super) fn assert_ephemeral(d: &Value, what: &str) {
    assert!(
        flags(d) & EPHEMERAL != 0,
        "{what}: expected an ephemeral reply (flags bit 64), got:\n{}",
        serde_json::to_string_pretty(d).unwrap()
    );
}

#[track_caller]
pub(super) fn assert_public(d: &Value, what: &str) {
    assert!(
        flags(d) & EPHEMERAL == 0,
        "{what}: expected a public reply (no flag 64), got:\n{}",
        serde_json::to_string_pretty(d).unwrap()
    );
}

#[track_caller]
pub(super) fn assert_callback_type(r: &Recorded, t: u64) {
    assert_eq!(
        r.body()["type"].as_u64(),
        Some(t),
        "expected callback type {t}, got:\n{}",
        serde_json::to_string_pretty(r.body()).unwrap()
    );
}

/// (label, custom_id) of every button.
pub(super) fn buttons(d: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for row in d["components"].as_array().into_iter().flatten() {
        for c in row["components"].as_array().into_iter().flatten() {
            if c["type"] == 2 {
                out.push((
                    c["label"].as_str().unwrap_or_default().to_string(),
                    c["custom_id"].as_str().unwrap_or_default().to_string(),
                ));
            }
        }
    }
    out
}

pub(super) const VERDICTS: [&str; 3] = ["Supported", "Contradicted", "Unverified"];

pub(super) fn verdict_words(d: &Value) -> Vec<&'static str> {
    let t = all_text(d);
    VERDICTS.iter().copied().filter(|v| t.contains(v)).collect()
}

/// Asserts a fact-check verdict payload: exactly one verdict word; returns it.
#[track_caller]
pub(super) fn assert_verdict(d: &Value) -> &'static str {
    let v = verdict_words(d);
    assert_eq!(
        v.len(),
        1,
        "expected exactly one verdict word (Supported/Contradicted/Unverified), found {v:?} in:\n{}",
        serde_json::to_string_pretty(d).unwrap()
    );
    v[0]
}

// ------------------------------------------------------------------------------------------
// Checks applied to every recorded request

pub(super) fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Discord's limits (in characters) on a message payload.
pub(super) fn limit_violations(d: &Value) -> Vec<String> {
    let mut v = Vec::new();
    let mut fields = 0;
    let mut check = |what: &str, s: Option<&str>, max: usize| {
        if let Some(s) = s {
            if chars(s) > max {
                v.push(format!("{what}: {} chars > {max}", chars(s)));
            }
        }
    };
    check("content", d["content"].as_str(), 2000);
    let mut total = 0;
    for e in d["embeds"].as_array().into_iter().flatten() {
        check("embed title", e["title"].as_str(), 256);
        check("embed description", e["description"].as_str(), 4096);
        check("embed footer", e["footer"]["text"].as_str(), 2048);
        check("embed author", e["author"]["name"].as_str(), 256);
        for f in e["fields"].as_array().into_iter().flatten() {
            check("field name", f["name"].as_str(), 256);
            check("field value", f["value"].as_str(), 1024);
        }
        fields = fields.max(e["fields"].as_array().map_or(0, Vec::len));
        for k in ["title", "description"] {
            total += e[k].as_str().map_or(0, chars);
        }
        total += e["footer"]["text"].as_str().map_or(0, chars);
        total += e["author"]["name"].as_str().map_or(0, chars);
        for f in e["fields"].as_array().into_iter().flatten() {
            total += f["name"].as_str().map_or(0, chars) + f["value"].as_str().map_or(0, chars);
        }
    }
    for (label, id) in buttons(d) {
        check("button label", Some(&label), 80);
        check("custom_id", Some(&id), 100);
    }
    if total > 6000 {
        v.push(format!("embeds total {total} chars > 6000"));
    }
    let rows = d["components"].as_array().map_or(0, Vec::len);
    if rows > 5 {
        v.push(format!("{rows} action rows > 5"));
    }
    for row in d["components"].as_array().into_iter().flatten() {
        let n = row["components"].as_array().map_or(0, Vec::len);
        if n > 5 {
            v.push(format!("{n} buttons in a row > 5"));
        }
    }
    let ids: Vec<String> = buttons(d).into_iter().map(|(_, id)| id).collect();
    let unique: std::collections::HashSet<&String> = ids.iter().collect();
    if unique.len() != ids.len() {
        v.push(format!("duplicate custom_ids in one message: {ids:?}"));
    }
    if fields > 25 {
        v.push(format!("{fields} fields > 25"));
    }
    v
}

/// `allowed_mentions` must be `{"parse": [], "replied_user": false}` (serenity also always
/// serializes `"users": []` and `"roles": []`, which mean the same: nobody may be pinged).
pub(super) fn allowed_mentions_problem(d: &Value) -> Option<String> {
    let am = &d["allowed_mentions"];
    let Some(o) = am.as_object() else {
        return Some(format!("allowed_mentions missing: {}", d));
    };
    let ok = am["parse"] == json!([])
        && am["replied_user"] == json!(false)
        && o.iter().all(|(k, v)| match k.as_str() {
            "parse" | "replied_user" => true,
            "users" | "roles" => v.as_array().is_some_and(Vec::is_empty),
            _ => false,
        });
    (!ok).then(|| {
        format!("allowed_mentions is {am}, want {{\"parse\": [], \"replied_user\": false}}")
    })
}

pub(super) fn registered_names(body: &Value) -> Vec<String> {
    body.as_array()
        .expect("bulk overwrite body is an array")
        .iter()
        .map(|c| c["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

pub(super) fn find_cmd<'a>(body: &'a Value, name: &str) -> &'a Value {
    body.as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("command {name} not registered: {body:#}"))
}

/// Checks one full command list (the guild list, or the global list without guild_ids).
#[track_caller]
pub(super) fn assert_command_list(body: &Value) {
    let mut names = registered_names(body);
    names.sort();
    let mut want: Vec<String> = [
        "Fact-check",
        "ask",
        "factcheck",
        "help",
        "misses",
        "reload",
        "sources",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    want.sort();
    assert_eq!(names, want, "registered commands");

    let ask = find_cmd(body, "ask");
    assert!(matches!(ask["type"].as_u64(), None | Some(1)));
    let opts = ask["options"].as_array().expect("ask options");
    assert_eq!(opts.len(), 1, "{ask:#}");
    let q = &opts[0];
    assert_eq!(q["name"], "question");
    assert_eq!(q["type"], 3, "question is a string option");
    assert_eq!(q["required"], true);
    assert_eq!(q["max_length"], 300);
    assert_eq!(q["autocomplete"], true);

    let fc = find_cmd(body, "factcheck");
    let c = &fc["options"][0];
    assert_eq!(c["name"], "claim");
    assert_eq!(c["type"], 3);
    assert_eq!(c["required"], true);

    let menu = find_cmd(body, "Fact-check");
    assert_eq!(menu["type"], 3, "Fact-check is a message command");
    assert!(
        menu["description"].is_null() || menu["description"] == "",
        "context-menu commands have an empty description"
    );

    for m in ["factcheck", "Fact-check", "reload", "misses"] {
        let c = find_cmd(body, m);
        let p = &c["default_member_permissions"];
        let bits = p
            .as_str()
            .and_then(|s| s.parse::<u64>().ok())
            .or(p.as_u64());
        assert_eq!(
            bits,
            Some(fixtures::MANAGE_MESSAGES),
            "{m}: default_member_permissions must be Manage Messages, got {p}"
        );
    }
    for m in ["ask", "sources", "help"] {
        let p = &find_cmd(body, m)["default_member_permissions"];
        assert!(p.is_null(), "{m} must be usable by everyone, got {p}");
    }
}

pub(super) fn overwrites(fake: &FakeDiscord) -> Vec<Recorded> {
    fake.requests()
        .into_iter()
        .filter(|r| r.method == "PUT" && r.path.ends_with("/commands"))
        .collect()
}
