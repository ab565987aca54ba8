//! Payloads the fake sends. Every builder checks its output against serenity's own type and
//! panics if serenity would not deserialize it (serenity silently drops malformed events).

use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use super::{FakeDiscord, APP_ID, BOT_ID, BOT_NAME};

pub const GUILD: u64 = 111;
/// A channel listed in `answer_channels`.
pub const ANSWER_CHANNEL: u64 = 222;
/// The moderator role (`moderator_role_ids`).
pub const MOD_ROLE: u64 = 333;
/// A channel that is not an answer channel.
pub const OTHER_CHANNEL: u64 = 444;
/// An ordinary role.
pub const MEMBER_ROLE: u64 = 555;

/// Permission bits.
pub const SEND_MESSAGES: u64 = 1 << 11;
pub const VIEW_CHANNEL: u64 = 1 << 10;
pub const MANAGE_MESSAGES: u64 = 1 << 13;
pub const READ_HISTORY: u64 = 1 << 16;
pub const EMBED_LINKS: u64 = 1 << 14;
/// What an ordinary member has in a channel.
pub const MEMBER_PERMS: u64 = VIEW_CHANNEL | SEND_MESSAGES | READ_HISTORY | EMBED_LINKS;

/// Deserializes `v` as `T` or panics naming the fixture.
#[track_caller]
pub fn check<T: DeserializeOwned>(what: &str, v: &Value) {
    if let Err(e) = serde_json::from_value::<T>(v.clone()) {
        panic!(
            "fixture {what} does not deserialize as {}: {e}\n{v:#}",
            std::any::type_name::<T>()
        );
    }
}

fn ts() -> String {
    serenity::all::Timestamp::now().to_string()
}

pub fn bot_user() -> Value {
    json!({
        "id": BOT_ID.to_string(),
        "username": BOT_NAME,
        "discriminator": "0",
        "global_name": null,
        "avatar": null,
        "bot": true,
        "verified": true,
        "mfa_enabled": false,
        "flags": 0,
        "public_flags": 0,
    })
}

pub fn application() -> Value {
    let v = json!({
        "id": APP_ID.to_string(),
        "name": BOT_NAME,
        "icon": null,
        "description": "fake application",
        "bot_public": true,
        "bot_require_code_grant": false,
        "verify_key": "00",
        "owner": user(1_000, "owner", false),
        "team": null,
        "flags": 1 << 19,
    });
    check::<serenity::all::CurrentApplicationInfo>("application", &v);
    v
}

/// The READY payload (`d`).
pub fn ready(session_id: &str, resume_url: &str) -> Value {
    json!({
        "v": 10,
        "user": bot_user(),
        "guilds": [{"id": GUILD.to_string(), "unavailable": true}],
        "session_id": session_id,
        "resume_gateway_url": resume_url,
        "shard": [0, 1],
        "application": {"id": APP_ID.to_string(), "flags": 1 << 19},
        "private_channels": [],
        "relationships": [],
        "presences": [],
        "geo_ordered_rtc_regions": [],
        "guild_join_requests": [],
        "user_settings": {},
        "session_type": "normal",
        "auth": {},
    })
}

pub fn user(id: u64, name: &str, bot: bool) -> Value {
    let v = json!({
        "id": id.to_string(),
        "username": name,
        "discriminator": "0",
        "global_name": name,
        "avatar": null,
        "bot": bot,
        "public_flags": 0,
    });
    check::<serenity::all::User>("user", &v);
    v
}

/// Who performs an action in a fixture.
#[derive(Clone, Debug)]
pub struct Actor {
    pub id: u64,
    pub name: String,
    pub bot: bool,
    pub roles: Vec<u64>,
    /// Channel permissions (the interaction `member.permissions`).
    pub permissions: u64,
}

impl Actor {
    pub fn member(id: u64) -> Actor {
        Actor {
            id,
            name: format!("user{id}"),
            bot: false,
            roles: vec![MEMBER_ROLE],
            permissions: MEMBER_PERMS,
        }
    }
    /// A moderator by role (no Manage Messages).
    pub fn moderator_by_role(id: u64) -> Actor {
        Actor {
            roles: vec![MEMBER_ROLE, MOD_ROLE],
            ..Actor::member(id)
        }
    }
    /// A moderator by permission (Manage Messages, no moderator role).
    pub fn manage_messages(id: u64) -> Actor {
        Actor {
            permissions: MEMBER_PERMS | MANAGE_MESSAGES,
            ..Actor::member(id)
        }
    }
    pub fn bot(id: u64) -> Actor {
        Actor {
            bot: true,
            name: format!("otherbot{id}"),
            ..Actor::member(id)
        }
    }
    pub fn user(&self) -> Value {
        user(self.id, &self.name, self.bot)
    }
    /// The interaction `member` object (with `user` and `permissions`).
    pub fn interaction_member(&self) -> Value {
        json!({
            "user": self.user(),
            "roles": self.roles.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
            "joined_at": "2024-01-01T00:00:00.000000+00:00",
            "premium_since": null,
            "nick": null,
            "avatar": null,
            "deaf": false,
            "mute": false,
            "pending": false,
            "flags": 0,
            "permissions": self.permissions.to_string(),
            "communication_disabled_until": null,
        })
    }
    /// The partial `member` of a guild MESSAGE_CREATE (no `user`).
    pub fn message_member(&self) -> Value {
        json!({
            "roles": self.roles.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
            "joined_at": "2024-01-01T00:00:00.000000+00:00",
            "premium_since": null,
            "nick": null,
            "avatar": null,
            "deaf": false,
            "mute": false,
            "pending": false,
            "flags": 0,
        })
    }
}

/// Where an interaction or message happens.
#[derive(Clone, Copy, Debug)]
pub enum Place {
    Guild { channel: u64 },
    Dm { channel: u64 },
}

impl Place {
    pub fn channel(self) -> u64 {
        match self {
            Place::Guild { channel } | Place::Dm { channel } => channel,
        }
    }
}

/// Common fields of an INTERACTION_CREATE payload.
fn interaction_base(id: u64, kind: u8, actor: &Actor, place: Place) -> Value {
    let mut v = json!({
        "id": id.to_string(),
        "application_id": APP_ID.to_string(),
        "type": kind,
        "token": format!("fake-token-{id}"),
        "version": 1,
        "channel_id": place.channel().to_string(),
        "app_permissions": "2248473465835073",
        "locale": "en-US",
        "entitlements": [],
        // Discord sends it; serenity 0.12.5 requires it (drops the interaction otherwise).
        "attachment_size_limit": 10_485_760,
        "authorizing_integration_owners": {"0": GUILD.to_string()},
    });
    match place {
        Place::Guild { channel } => {
            v["guild_id"] = json!(GUILD.to_string());
            v["guild_locale"] = json!("en-US");
            v["member"] = actor.interaction_member();
            v["context"] = json!(0);
            v["channel"] = json!({
                "id": channel.to_string(), "type": 0, "guild_id": GUILD.to_string(),
                "name": format!("channel-{channel}"), "position": 0, "permissions": actor.permissions.to_string(),
                "nsfw": false, "flags": 0, "last_message_id": null, "parent_id": null,
                "topic": null, "rate_limit_per_user": 0, "permission_overwrites": [],
            });
        }
        Place::Dm { channel } => {
            v["user"] = actor.user();
            v["context"] = json!(1);
            v["channel"] = json!({
                "id": channel.to_string(), "type": 1, "flags": 0, "last_message_id": null,
                "recipients": [actor.user()],
            });
        }
    }
    v
}

fn checked_interaction(what: &str, v: Value) -> Value {
    check::<serenity::all::Interaction>(what, &v);
    v
}

/// A chat-input command (`/name opt:value ...`), string options only.
pub fn slash(
    fake: &FakeDiscord,
    id: u64,
    name: &str,
    options: &[(&str, &str)],
    actor: &Actor,
    place: Place,
) -> Value {
    let mut v = interaction_base(id, 2, actor, place);
    let mut data = json!({
        "id": fake.command_id(name).to_string(),
        "name": name,
        "type": 1,
    });
    if !options.is_empty() {
        data["options"] = Value::Array(
            options
                .iter()
                .map(|(n, val)| json!({"name": n, "type": 3, "value": val}))
                .collect(),
        );
    }
    if let Place::Guild { .. } = place {
        data["guild_id"] = json!(GUILD.to_string());
    }
    v["data"] = data;
    checked_interaction("slash command", v)
}

/// An autocomplete request (type 4) for string option `option` of `name`, currently `typed`.
pub fn autocomplete(
    fake: &FakeDiscord,
    id: u64,
    name: &str,
    option: &str,
    typed: &str,
    actor: &Actor,
    place: Place,
) -> Value {
    let mut v = interaction_base(id, 4, actor, place);
    v["data"] = json!({
        "id": fake.command_id(name).to_string(),
        "name": name,
        "type": 1,
        "options": [{"name": option, "type": 3, "value": typed, "focused": true}],
    });
    checked_interaction("autocomplete", v)
}

/// A message context-menu command (type 3 command) on `target` (a Message object).
pub fn message_command(
    fake: &FakeDiscord,
    id: u64,
    name: &str,
    target: &Value,
    actor: &Actor,
    place: Place,
) -> Value {
    let mut v = interaction_base(id, 2, actor, place);
    let target_id = target["id"].as_str().unwrap().to_string();
    let mut resolved_msg = target.clone();
    // Resolved messages carry no guild_id/member.
    if let Some(o) = resolved_msg.as_object_mut() {
        o.remove("member");
        o.remove("guild_id");
    }
    v["data"] = json!({
        "id": fake.command_id(name).to_string(),
        "name": name,
        "type": 3,
        "target_id": target_id,
        "resolved": {"messages": {target_id.clone(): resolved_msg}},
    });
    if let Place::Guild { .. } = place {
        v["data"]["guild_id"] = json!(GUILD.to_string());
    }
    checked_interaction("message command", v)
}

/// A button click (type 3) on `message` (a Message object, as Discord includes it).
pub fn button_click(
    id: u64,
    custom_id: &str,
    message: &Value,
    actor: &Actor,
    place: Place,
) -> Value {
    let mut v = interaction_base(id, 3, actor, place);
    v["data"] = json!({"custom_id": custom_id, "component_type": 2});
    v["message"] = message.clone();
    checked_interaction("button click", v)
}

/// Options for [`message`].
#[derive(Clone, Debug, Default)]
pub struct MsgOpts {
    /// Users mentioned (as full user objects with `member`, like Discord sends them).
    pub mentions: Vec<u64>,
    pub mention_everyone: bool,
    pub webhook_id: Option<u64>,
    /// Reply to this message id.
    pub reply_to: Option<u64>,
}

/// A MESSAGE_CREATE payload / Message object by `author` with `content`.
pub fn message(id: u64, author: &Actor, place: Place, content: &str, opts: &MsgOpts) -> Value {
    let mentions: Vec<Value> = opts
        .mentions
        .iter()
        .map(|uid| {
            let mut u = if *uid == BOT_ID {
                bot_user()
            } else {
                user(*uid, &format!("user{uid}"), false)
            };
            if let Place::Guild { .. } = place {
                u["member"] = Actor::member(*uid).message_member();
            }
            u
        })
        .collect();
    let mut v = json!({
        "id": id.to_string(),
        "channel_id": place.channel().to_string(),
        "author": author.user(),
        "content": content,
        "timestamp": ts(),
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": opts.mention_everyone,
        "mentions": mentions,
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": false,
        "type": 0,
        "flags": 0,
        "components": [],
        "nonce": format!("{id}"),
    });
    if let Place::Guild { .. } = place {
        v["guild_id"] = json!(GUILD.to_string());
        if opts.webhook_id.is_none() {
            v["member"] = author.message_member();
        }
    }
    if let Some(w) = opts.webhook_id {
        v["webhook_id"] = json!(w.to_string());
    }
    if let Some(r) = opts.reply_to {
        v["type"] = json!(19);
        v["message_reference"] = json!({
            "type": 0, "message_id": r.to_string(), "channel_id": place.channel().to_string(),
        });
        v["referenced_message"] = Value::Null;
    }
    check::<serenity::all::Message>("message", &v);
    v
}

/// Discord numbers every component of a stored message (`id`: 1, 2, ...) when the bot did not.
fn with_component_ids(mut rows: Value) -> Value {
    let mut n = 0;
    for row in rows.as_array_mut().into_iter().flatten() {
        n += 1;
        if row.get("id").is_none() {
            row["id"] = json!(n);
        }
        for c in row["components"].as_array_mut().into_iter().flatten() {
            n += 1;
            if c.get("id").is_none() {
                c["id"] = json!(n);
            }
        }
    }
    rows
}

/// The embeds of a message body as Discord returns them (each typed "rich").
pub fn rich_embeds(data: &Value) -> Vec<Value> {
    data["embeds"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|mut e| {
            e["type"] = json!("rich");
            e
        })
        .collect()
}

/// The Message object Discord includes in a component interaction on a message the bot sent as
/// an interaction response (`data` = the callback's `data`).
pub fn message_from_callback(id: u64, data: &Value, channel: u64) -> Value {
    let embeds = rich_embeds(data);
    let v = json!({
        "id": id.to_string(),
        "channel_id": channel.to_string(),
        "author": bot_user(),
        "content": data["content"].as_str().unwrap_or(""),
        "timestamp": ts(),
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": embeds,
        "pinned": false,
        "type": 20,
        "flags": data["flags"].as_u64().unwrap_or(0),
        "components": with_component_ids(data.get("components").cloned().filter(|c| !c.is_null()).unwrap_or(json!([]))),
        "application_id": APP_ID.to_string(),
        "webhook_id": APP_ID.to_string(),
    });
    check::<serenity::all::Message>("message from callback", &v);
    v
}
