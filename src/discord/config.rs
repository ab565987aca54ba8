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
}

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
        let bytes = std::fs::read(path)
            .map_err(|e| ConfigError(format!("cannot read config file {}: {e}", path.display())))?;
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
                e.message().trim_end()
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

        Ok(Config {
            path: path.to_path_buf(),
            knowledge,
            min_confidence,
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
        let text = std::fs::read_to_string(file).map_err(|e| {
            ConfigError(format!(
                "{}: discord.token_file: cannot read {}: {e}",
                self.path.display(),
                file.display()
            ))
        })?;
        Token::parse(&text, &format!("discord.token_file ({})", file.display()))
    }
}

fn check_api_url(url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
        .ok_or_else(|| format!("must start with http:// or https://, got {url:?}"))?;
    if rest.is_empty() || rest.contains(char::is_whitespace) {
        return Err(format!("is not a URL: {url:?}"));
    }
    if rest.contains("/api/") || rest.ends_with("/api") {
        return Err(format!("give the base URL without /api/v10, got {url:?}"));
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
"#,
        )
        .unwrap();
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

    #[test]
    fn unreadable_config_names_the_file() {
        let e = Config::load(Path::new("/nonexistent/factbot.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("/nonexistent/factbot.toml"), "{e}");
    }
}
