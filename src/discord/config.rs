//! The bot's configuration file (`config.toml`, documented in `config.example.toml`) and its token.
//!
//! Everything is checked before the bot connects: an unknown key, a wrong type or a bad value is an
//! error naming the file, the line and the key. The token comes from `DISCORD_TOKEN` or else from
//! `[discord] token_file`; it lives in a [`Token`], whose `Debug` never shows it.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use crate::fsutil;
use crate::text::line_of;

/// Discord's own API base URL: with it, serenity talks to Discord directly.
pub const DEFAULT_API_URL: &str = "https://discord.com";

/// The environment variable that holds the token; it wins over `token_file`.
pub const TOKEN_ENV: &str = "DISCORD_TOKEN";

/// A configuration problem, with where it is when that is known.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(String);

impl ConfigError {
    fn at(file: &Path, text: &str, span: Option<Range<usize>>, key: &str, msg: String) -> Self {
        let line = span.map(|s| format!(":{}", line_of(text, s.start)));
        ConfigError(format!(
            "{}{}: {key}: {msg}",
            file.display(),
            line.unwrap_or_default()
        ))
    }
}

/// The bot's token. Its `Debug` output is `Token(<redacted>)`; it has no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Checks a raw token: surrounding whitespace is dropped; empty, or containing whitespace or
    /// control characters (which cannot go into an HTTP header) is refused. `origin` names where it
    /// came from, for the error (never the token itself).
    pub fn parse(raw: &str, origin: &str) -> Result<Token, ConfigError> {
        let token = raw.trim();
        if token.is_empty() {
            return Err(ConfigError(format!("the token in {origin} is empty")));
        }
        if token.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(ConfigError(format!(
                "the token in {origin} contains spaces or control characters"
            )));
        }
        Ok(Token(token.to_string()))
    }

    /// The token itself, to hand to serenity. Never log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

/// The loaded configuration, validated, with paths made absolute against the config's folder.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it was read from.
    pub path: PathBuf,
    /// Knowledge folder; `None` = the bundled knowledge.
    pub knowledge: Option<PathBuf>,
    /// Answer only at or above this confidence; `None`: the threshold fitted for the knowledge.
    pub min_confidence: Option<f64>,
    pub discord: DiscordConfig,
    pub store: StoreConfig,
}

/// `[store]`: the question log (see [`crate::store`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreConfig {
    /// The SQLite file; default `factbot.db` beside the config file.
    pub path: PathBuf,
    /// Rows older than this many days are pruned (daily).
    pub retention_days: u32,
}

/// `[store] path` when absent: this name, beside the config file.
pub const DEFAULT_STORE_FILE: &str = "factbot.db";
/// `[store] retention_days` when absent.
pub const DEFAULT_RETENTION_DAYS: u32 = 90;
/// The longest retention accepted: ten years.
const MAX_RETENTION_DAYS: u32 = 3650;

#[derive(Debug, Clone)]
pub struct DiscordConfig {
    /// API base URL without `/api/v10`, no trailing slash.
    pub api_url: String,
    pub token_file: Option<PathBuf>,
    pub guild_ids: Vec<u64>,
    pub answer_channels: Vec<u64>,
    pub moderator_role_ids: Vec<u64>,
    pub cooldown: CooldownConfig,
}

impl DiscordConfig {
    /// Whether REST calls go somewhere other than Discord (a test server, an API proxy).
    pub fn uses_proxy(&self) -> bool {
        self.api_url != DEFAULT_API_URL
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CooldownConfig {
    /// Questions allowed per user within `window`.
    pub questions: u32,
    /// The sliding window; zero disables the cooldown.
    pub window: Duration,
}

impl Default for CooldownConfig {
    fn default() -> Self {
        CooldownConfig {
            questions: 5,
            window: Duration::from_secs(30),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    knowledge: Option<Spanned<String>>,
    min_confidence: Option<Spanned<f64>>,
    #[serde(default)]
    discord: RawDiscord,
    #[serde(default)]
    store: RawStore,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawStore {
    path: Option<Spanned<String>>,
    retention_days: Option<Spanned<u32>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawDiscord {
    api_url: Option<Spanned<String>>,
    token_file: Option<Spanned<String>>,
    #[serde(default)]
    guild_ids: Vec<Spanned<u64>>,
    #[serde(default)]
    answer_channels: Vec<Spanned<u64>>,
    #[serde(default)]
    moderator_role_ids: Vec<Spanned<u64>>,
    #[serde(default)]
    cooldown: RawCooldown,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawCooldown {
    questions: Option<Spanned<u32>>,
    seconds: Option<Spanned<u64>>,
}

impl Config {
    /// Reads and validates the configuration file at `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let bytes = fsutil::read_regular(path, fsutil::CONFIG_LIMIT)
            .map_err(|e| ConfigError(format!("config file {} {e}", path.display())))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            ConfigError(format!(
                "config file {} is not valid UTF-8 (byte {})",
                path.display(),
                e.utf8_error().valid_up_to()
            ))
        })?;
        Self::parse(&text, path)
    }

    /// Parses configuration text; `path` locates the file (for messages and relative paths).
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let span = e.span();
            let line = span.clone().map(|s| format!(":{}", line_of(text, s.start)));
            let key = span
                .and_then(|s| key_at(text, s.start))
                .map(|k| format!("{k}: "));
            ConfigError(format!(
                "{}{}: {}{}",
                path.display(),
                line.unwrap_or_default(),
                key.unwrap_or_default(),
                hide_values(e.message().trim_end())
            ))
        })?;
        let err = |span: Range<usize>, key: &str, msg: String| {
            ConfigError::at(path, text, Some(span), key, msg)
        };
        let base = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };

        let knowledge = match raw.knowledge {
            None => None,
            Some(k) if k.get_ref().trim().is_empty() => {
                return Err(err(
                    k.span(),
                    "knowledge",
                    "is empty (leave the key out to use the bundled knowledge)".into(),
                ))
            }
            Some(k) => Some(base.join(k.get_ref())),
        };

        let min_confidence = match raw.min_confidence {
            None => None,
            Some(m) => {
                let v = *m.get_ref();
                if !(0.0..=1.0).contains(&v) {
                    return Err(err(
                        m.span(),
                        "min_confidence",
                        format!("must be between 0 and 1, got {v}"),
                    ));
                }
                Some(v)
            }
        };

        let d = raw.discord;
        let api_url = match d.api_url {
            None => DEFAULT_API_URL.to_string(),
            Some(u) => {
                let url = u.get_ref().trim().trim_end_matches('/').to_string();
                if let Err(msg) = check_api_url(&url) {
                    return Err(err(u.span(), "discord.api_url", msg));
                }
                url
            }
        };
        let token_file = match d.token_file {
            None => None,
            Some(f) if f.get_ref().trim().is_empty() => {
                return Err(err(f.span(), "discord.token_file", "is empty".into()))
            }
            Some(f) => Some(base.join(f.get_ref())),
        };
        let ids = |list: Vec<Spanned<u64>>, key: &str| -> Result<Vec<u64>, ConfigError> {
            let mut out: Vec<u64> = Vec::with_capacity(list.len());
            for id in list {
                if *id.get_ref() == 0 {
                    return Err(err(id.span(), key, "ids are never 0".into()));
                }
                if !out.contains(id.get_ref()) {
                    out.push(*id.get_ref());
                }
            }
            Ok(out)
        };
        let guild_ids = ids(d.guild_ids, "discord.guild_ids")?;
        let answer_channels = ids(d.answer_channels, "discord.answer_channels")?;
        let moderator_role_ids = ids(d.moderator_role_ids, "discord.moderator_role_ids")?;

        let defaults = CooldownConfig::default();
        let questions = match d.cooldown.questions {
            None => defaults.questions,
            Some(q) if *q.get_ref() == 0 => return Err(err(
                q.span(),
                "discord.cooldown.questions",
                "must be at least 1 (set discord.cooldown.seconds = 0 to turn the cooldown off)"
                    .into(),
            )),
            Some(q) => *q.get_ref(),
        };
        let window = match d.cooldown.seconds {
            None => defaults.window,
            Some(s) if *s.get_ref() > 86_400 => {
                return Err(err(
                    s.span(),
                    "discord.cooldown.seconds",
                    "must be at most 86400 (one day)".into(),
                ))
            }
            Some(s) => Duration::from_secs(*s.get_ref()),
        };

        let store_path = match raw.store.path {
            None => base.join(DEFAULT_STORE_FILE),
            Some(p) if p.get_ref().trim().is_empty() => {
                return Err(err(p.span(), "store.path", "is empty".into()))
            }
            Some(p) => base.join(p.get_ref()),
        };
        let retention_days = match raw.store.retention_days {
            None => DEFAULT_RETENTION_DAYS,
            Some(d) if !(1..=MAX_RETENTION_DAYS).contains(d.get_ref()) => {
                return Err(err(
                    d.span(),
                    "store.retention_days",
                    format!(
                        "must be between 1 and {MAX_RETENTION_DAYS}, got {}",
                        d.get_ref()
                    ),
                ))
            }
            Some(d) => *d.get_ref(),
        };

        Ok(Config {
            path: path.to_path_buf(),
            knowledge,
            min_confidence,
            store: StoreConfig {
                path: store_path,
                retention_days,
            },
            discord: DiscordConfig {
                api_url,
                token_file,
                guild_ids,
                answer_channels,
                moderator_role_ids,
                cooldown: CooldownConfig { questions, window },
            },
        })
    }

    /// A warning when the token file can be read by other users of the machine (group or others
    /// have any permission on it); `None` when it is private, or there is no token file.
    pub fn token_file_warning(&self) -> Option<String> {
        let file = self.discord.token_file.as_ref()?;
        let mode = loose_mode(file)?;
        let shown = shown_path(file);
        Some(format!(
            "discord.token_file: {shown} can be read by other users (mode {mode:04o}): \
             anyone who can read it controls the bot; run `chmod 600 {shown}`"
        ))
    }

    /// The token: `env` (the value of `DISCORD_TOKEN`, if set) wins; else `[discord] token_file`.
    pub fn token(&self, env: Option<&str>) -> Result<Token, ConfigError> {
        if let Some(value) = env {
            return Token::parse(value, TOKEN_ENV);
        }
        let Some(file) = &self.discord.token_file else {
            return Err(ConfigError(format!(
                "no Discord token: set {TOKEN_ENV}, or token_file in the [discord] section of {}",
                self.path.display()
            )));
        };
        let shown = shown_path(file);
        let bytes = fsutil::read_regular(file, fsutil::TOKEN_LIMIT).map_err(|e| {
            let hint = if shown == HIDDEN_PATH {
                " (if the value is the token itself, put the token in a file and name that \
                 file here, or set DISCORD_TOKEN)"
            } else {
                ""
            };
            ConfigError(format!(
                "{}: discord.token_file: cannot use {shown}: {e}{hint}",
                self.path.display(),
            ))
        })?;
        let text = String::from_utf8(bytes).map_err(|_| {
            ConfigError(format!(
                "{}: discord.token_file: {shown} is not valid UTF-8",
                self.path.display(),
            ))
        })?;
        Token::parse(&text, &format!("discord.token_file ({shown})"))
    }
}

/// What error messages say instead of a setting's value that may be a secret.
const HIDDEN_PATH: &str = "the file it names (value not shown)";

/// A path from the configuration as error messages may show it: as is when it reads as a file
/// path (it has a `/`, or a short extension like `.txt`), hidden otherwise. A token pasted as
/// `token_file` must never be echoed to the terminal or the logs.
fn shown_path(path: &Path) -> String {
    let shown = path.display().to_string();
    let name = path
        .file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
    let short_extension = name.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty()
            && (1..=4).contains(&ext.len())
            && ext.chars().all(|c| c.is_ascii_alphanumeric())
    });
    let plain_name = !name.contains('.') && name.len() <= 32;
    if looks_like_token(&name) || !(short_extension || plain_name) {
        HIDDEN_PATH.to_string()
    } else {
        shown
    }
}

/// The shape of a Discord bot token: three base64url segments separated by dots.
fn looks_like_token(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| {
            p.len() >= 5
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
}

/// The permission bits of `path` when group or others have any (a file others may read).
#[cfg(unix)]
fn loose_mode(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
    (mode & 0o077 != 0).then_some(mode)
}

#[cfg(not(unix))]
fn loose_mode(_path: &Path) -> Option<u32> {
    None
}

/// A TOML error message without the values it quotes (`invalid type: string "…", expected
/// u64`): a value in the wrong setting may be the token. The line and the key say where.
fn hide_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut in_quotes = false;
    for c in message.chars() {
        match (c, in_quotes) {
            ('"', false) => {
                out.push_str("\"…\"");
                in_quotes = true;
            }
            ('"', true) => in_quotes = false,
            (c, false) => out.push(c),
            (_, true) => {}
        }
    }
    out
}

/// Checks the API base URL. Errors never repeat the value: a token pasted here must not be
/// echoed; the line number says which value is meant.
fn check_api_url(url: &str) -> Result<(), String> {
    if looks_like_token(url) {
        return Err(
            "looks like a Discord token, not a URL: never put the token in the \
                    configuration (use DISCORD_TOKEN or token_file), and reset it if it was shared"
                .into(),
        );
    }
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
        .ok_or_else(|| "must start with http:// or https://".to_string())?;
    if rest.is_empty() || rest.contains(char::is_whitespace) {
        return Err("is not a URL".into());
    }
    if rest.contains("/api/") || rest.ends_with("/api") {
        return Err("give the base URL without /api/v10 (e.g. https://discord.com)".into());
    }
    Ok(())
}

/// The dotted key (`discord.cooldown.seconds`) whose line holds byte `offset`, found from the
/// text: the nearest `key = ...` line at or before it, under the nearest `[table]` header. For
/// error messages only; `None` when there is no such line.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let end = text.len().min(offset);
    let start = text.get(..end)?.rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut lines = text[..line_end].lines().rev();
    let header = |l: &str| {
        let l = l.trim();
        (l.starts_with('[') && !l.contains('='))
            .then(|| l.trim_matches(['[', ']', ' ']).to_string())
    };
    let first = lines.next()?;
    if let Some(h) = header(first) {
        return Some(h);
    }
    let key = std::iter::once(first)
        .chain(lines.clone())
        .map(str::trim)
        .find(|l| !l.starts_with('#') && l.contains('=') && header(l).is_none())?
        .split('=')
        .next()?
        .trim()
        .trim_matches('"')
        .to_string();
    match lines.find_map(header) {
        Some(table) => Some(format!("{table}.{key}")),
        None => Some(key),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("/etc/factbot/config.toml"))
    }

    #[test]
    fn empty_file_gives_the_documented_defaults() {
        let c = parse("").unwrap();
        assert_eq!(c.knowledge, None);
        assert_eq!(c.min_confidence, None);
        assert_eq!(c.discord.api_url, DEFAULT_API_URL);
        assert!(!c.discord.uses_proxy());
        assert_eq!(c.discord.token_file, None);
        assert!(c.discord.guild_ids.is_empty());
        assert!(c.discord.answer_channels.is_empty());
        assert!(c.discord.moderator_role_ids.is_empty());
        assert_eq!(c.discord.cooldown.questions, 5);
        assert_eq!(c.discord.cooldown.window, Duration::from_secs(30));
        assert_eq!(c.store.path, PathBuf::from("/etc/factbot/factbot.db"));
        assert_eq!(c.store.retention_days, 90);
    }

    #[test]
    fn the_example_config_parses_to_the_defaults() {
        let text = include_str!("../../config.example.toml");
        let c = parse(text).expect("config.example.toml is valid");
        let d = parse("").unwrap();
        assert_eq!(c.knowledge, d.knowledge);
        assert_eq!(c.min_confidence, d.min_confidence);
        assert_eq!(c.discord.api_url, d.discord.api_url);
        assert_eq!(c.discord.token_file, d.discord.token_file);
        assert_eq!(c.discord.guild_ids, d.discord.guild_ids);
        assert_eq!(c.discord.cooldown, d.discord.cooldown);
        assert_eq!(c.store, d.store);
    }

    #[test]
    fn full_config_and_relative_paths() {
        let c = parse(
            r#"
knowledge = "kb"
min_confidence = 0.7
[discord]
api_url = "http://127.0.0.1:8080/"
token_file = "secret/token.txt"
guild_ids = [111, 222, 111]
answer_channels = [333]
moderator_role_ids = [444]
[discord.cooldown]
questions = 2
seconds = 0
[store]
path = "data/log.db"
retention_days = 7
"#,
        )
        .unwrap();
        assert_eq!(c.store.path, PathBuf::from("/etc/factbot/data/log.db"));
        assert_eq!(c.store.retention_days, 7);
        assert_eq!(c.knowledge, Some(PathBuf::from("/etc/factbot/kb")));
        assert_eq!(c.min_confidence, Some(0.7));
        assert_eq!(c.discord.api_url, "http://127.0.0.1:8080");
        assert!(c.discord.uses_proxy());
        assert_eq!(
            c.discord.token_file,
            Some(PathBuf::from("/etc/factbot/secret/token.txt"))
        );
        assert_eq!(c.discord.guild_ids, [111, 222]);
        assert_eq!(c.discord.answer_channels, [333]);
        assert_eq!(c.discord.moderator_role_ids, [444]);
        assert_eq!(c.discord.cooldown.questions, 2);
        assert_eq!(c.discord.cooldown.window, Duration::ZERO);
    }

    #[test]
    fn a_bare_file_name_is_relative_to_the_current_folder() {
        let c = Config::parse("knowledge = \"kb\"", Path::new("config.toml")).unwrap();
        assert_eq!(c.knowledge, Some(PathBuf::from("./kb")));
    }

    fn error(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn unknown_keys_are_errors_naming_key_and_line() {
        let e = error("min_confidence = 0.5\nmin_confidense = 0.5\n");
        assert!(e.contains("config.toml:2"), "{e}");
        assert!(e.contains("min_confidense"), "{e}");
        let e = error("[discord]\napi_url = \"https://discord.com\"\ntoken = \"x\"\n");
        assert!(e.contains(":3") && e.contains("token"), "{e}");
        let e = error("[discord.cooldown]\nquestions = 5\nminutes = 1\n");
        assert!(e.contains(":3") && e.contains("minutes"), "{e}");
        let e = error("[store]\nretention = 5\n");
        assert!(e.contains(":2") && e.contains("retention"), "{e}");
    }

    #[test]
    fn wrong_types_are_errors_with_the_line() {
        let e = error("[discord]\nguild_ids = [\"123\"]\n");
        assert!(e.contains("config.toml:2"), "{e}");
        let e = error("[discord]\nguild_ids = [-5]\n");
        assert!(e.contains("config.toml:2"), "{e}");
        let e = error("min_confidence = \"high\"\n");
        assert!(e.contains("config.toml:1"), "{e}");
        let e = error("[discord.cooldown]\nseconds = 1.5\n");
        assert!(
            e.contains("config.toml:2: discord.cooldown.seconds: "),
            "{e}"
        );
        let e = error("[discord]\nguild_ids = [\n  1,\n  \"2\",\n]\n");
        assert!(e.contains("config.toml:4: discord.guild_ids: "), "{e}");
        let e = error("# c\nmin_confidence = true\n[discord]\n");
        assert!(e.contains("config.toml:2: min_confidence: "), "{e}");
        let e = error("discord = 5\n");
        assert!(e.contains("config.toml:1: discord: "), "{e}");
    }

    #[test]
    fn bad_values_name_the_key() {
        for (text, key, line) in [
            ("min_confidence = 1.5", "min_confidence", 1),
            (
                "\n[discord]\napi_url = \"discord.com\"",
                "discord.api_url",
                3,
            ),
            (
                "[discord]\napi_url = \"https://discord.com/api/v10\"",
                "discord.api_url",
                2,
            ),
            ("[discord]\nguild_ids = [1, 0]", "discord.guild_ids", 2),
            (
                "[discord]\nanswer_channels = [0]",
                "discord.answer_channels",
                2,
            ),
            (
                "[discord.cooldown]\nquestions = 0",
                "discord.cooldown.questions",
                2,
            ),
            (
                "[discord.cooldown]\nseconds = 999999",
                "discord.cooldown.seconds",
                2,
            ),
            ("knowledge = \" \"", "knowledge", 1),
            ("[discord]\ntoken_file = \"\"", "discord.token_file", 2),
            ("[store]\npath = \"\"", "store.path", 2),
            ("[store]\nretention_days = 0", "store.retention_days", 2),
            ("[store]\nretention_days = 5000", "store.retention_days", 2),
        ] {
            let e = error(text);
            assert!(e.contains(&format!("config.toml:{line}: {key}: ")), "{e}");
        }
    }

    #[test]
    fn token_from_env_wins_over_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("token.txt"), "file-token\n").unwrap();
        let c = Config::parse(
            "[discord]\ntoken_file = \"token.txt\"",
            &dir.path().join("config.toml"),
        )
        .unwrap();
        assert_eq!(c.token(Some("env-token")).unwrap().expose(), "env-token");
        assert_eq!(c.token(None).unwrap().expose(), "file-token");
    }

    #[test]
    fn missing_or_empty_token_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let none = Config::parse("", &path).unwrap();
        let e = none.token(None).unwrap_err().to_string();
        assert!(
            e.contains("DISCORD_TOKEN") && e.contains("token_file"),
            "{e}"
        );
        let e = none.token(Some("  \n")).unwrap_err().to_string();
        assert!(e.contains("DISCORD_TOKEN") && e.contains("empty"), "{e}");

        let c = Config::parse("[discord]\ntoken_file = \"t.txt\"", &path).unwrap();
        let e = c.token(None).unwrap_err().to_string();
        assert!(
            e.contains("discord.token_file") && e.contains("t.txt"),
            "{e}"
        );
        std::fs::write(dir.path().join("t.txt"), "\n\n").unwrap();
        let e = c.token(None).unwrap_err().to_string();
        assert!(
            e.contains("discord.token_file") && e.contains("empty"),
            "{e}"
        );
        std::fs::write(dir.path().join("t.txt"), "abc def").unwrap();
        let e = c.token(None).unwrap_err().to_string();
        assert!(e.contains("spaces"), "{e}");
        assert!(!e.contains("abc"), "the token must not be echoed: {e}");
    }

    #[test]
    fn token_debug_is_redacted() {
        let t = Token::parse("MTIz.secret.value", "test").unwrap();
        assert_eq!(format!("{t:?}"), "Token(<redacted>)");
        assert_eq!(format!("{:?}", Some(&t)), "Some(Token(<redacted>))");
    }

    /// Shaped like a real token, and like the e2e suite's fake one.
    const TOKENS: [&str; 2] = [
        "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB",
        "fake-token.SECRET-e2e-0123456789",
    ];

    #[test]
    fn a_token_pasted_into_another_setting_is_never_echoed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        for token in TOKENS {
            for (key, text) in [
                (
                    "discord.token_file",
                    format!("[discord]\ntoken_file = {token:?}"),
                ),
                ("discord.api_url", format!("[discord]\napi_url = {token:?}")),
                (
                    "discord.api_url",
                    format!("[discord]\napi_url = \"https://{token}/api/v10\""),
                ),
                (
                    "discord.guild_ids",
                    format!("[discord]\nguild_ids = [{token:?}]"),
                ),
                (
                    "discord.guild_ids",
                    format!("[discord]\nguild_ids = {token:?}"),
                ),
                (
                    "discord.answer_channels",
                    format!("[discord]\nanswer_channels = [1, {token:?}]"),
                ),
                (
                    "discord.moderator_role_ids",
                    format!("[discord]\nmoderator_role_ids = [{token:?}]"),
                ),
                (
                    "discord.cooldown.questions",
                    format!("[discord.cooldown]\nquestions = {token:?}"),
                ),
                ("min_confidence", format!("min_confidence = {token:?}")),
            ] {
                let e = match Config::parse(&text, &path) {
                    Err(e) => e.to_string(),
                    Ok(c) => c.token(None).unwrap_err().to_string(),
                };
                let secret = token.split('.').nth(1).unwrap();
                assert!(!e.contains(secret), "{key}: the token is echoed: {e}");
                assert!(e.contains(key), "{key}: the setting is not named: {e}");
            }
        }
        // A real file name is still shown, so the user knows which file is missing.
        let c = Config::parse("[discord]\ntoken_file = \"secrets/bot-token.txt\"", &path).unwrap();
        let e = c.token(None).unwrap_err().to_string();
        assert!(e.contains("secrets/bot-token.txt"), "{e}");
    }

    /// Runs `f` on another thread, failing the test (instead of hanging it) after a generous wait.
    fn within_a_minute<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(f());
        });
        rx.recv_timeout(Duration::from_secs(60))
            .expect("reading must never hang")
    }

    #[cfg(unix)]
    #[test]
    fn config_and_token_file_must_be_small_regular_files() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("config.toml");
        crate::fsutil::tests::mkfifo(&fifo);
        let e = within_a_minute(move || Config::load(&fifo).unwrap_err().to_string());
        assert!(e.contains("config.toml") && e.contains("FIFO"), "{e}");

        let big = dir.path().join("big.toml");
        std::fs::write(&big, format!("# {}\n", "x".repeat(1024 * 1024))).unwrap();
        let e = Config::load(&big).unwrap_err().to_string();
        assert!(e.contains("big.toml") && e.contains("1 MiB"), "{e}");

        let path = dir.path().join("c.toml");
        let c = Config::parse("[discord]\ntoken_file = \"t.txt\"", &path).unwrap();
        crate::fsutil::tests::mkfifo(&dir.path().join("t.txt"));
        let e = within_a_minute(move || c.token(None).unwrap_err().to_string());
        assert!(
            e.contains("discord.token_file") && e.contains("FIFO"),
            "{e}"
        );

        let c = Config::parse("[discord]\ntoken_file = \"big.txt\"", &path).unwrap();
        std::fs::write(dir.path().join("big.txt"), "a".repeat(5000)).unwrap();
        let e = c.token(None).unwrap_err().to_string();
        assert!(
            e.contains("discord.token_file") && e.contains("4 KiB"),
            "{e}"
        );
        assert!(!e.contains("aaaa"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn a_token_file_others_can_read_is_warned_about() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("token.txt");
        std::fs::write(&file, "file-token.SECRET\n").unwrap();
        let c = Config::parse(
            "[discord]\ntoken_file = \"token.txt\"",
            &dir.path().join("config.toml"),
        )
        .unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let w = c.token_file_warning().expect("0644 is readable by others");
        assert!(
            w.contains("token.txt") && w.contains("0644") && w.contains("chmod 600"),
            "{w}"
        );
        assert!(!w.contains("SECRET"), "{w}");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
        assert!(c.token_file_warning().is_some());
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(c.token_file_warning(), None);
        assert_eq!(parse("").unwrap().token_file_warning(), None);
    }

    #[test]
    fn unreadable_config_names_the_file() {
        let e = Config::load(Path::new("/nonexistent/factbot.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("/nonexistent/factbot.toml"), "{e}");
    }
}
