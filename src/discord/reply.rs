//! What the bot sends, as plain data ([`Reply`]), and its one way out to serenity's builders.
//!
//! Every message and interaction response goes through [`Reply::to_interaction`] or
//! [`Reply::to_message`], which are the only places that make serenity builders from text. They
//! enforce the two safety rules for everything sent: `allowed_mentions` is empty (nothing the bot
//! echoes can ping anyone) and every text is within Discord's limits, cut on character boundaries.

use serenity::all::{
    ButtonStyle, CreateActionRow, CreateAllowedMentions, CreateButton, CreateEmbed,
    CreateEmbedFooter, CreateInteractionResponseMessage, CreateMessage,
};

use super::limits;

/// A message: text, at most one embed, rows of buttons; `ephemeral` matters only for
/// interaction replies.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reply {
    pub content: Option<String>,
    pub embed: Option<Embed>,
    /// Action rows of buttons, top to bottom (empty rows are left out when sent).
    pub rows: Vec<Vec<Button>>,
    pub ephemeral: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Embed {
    pub title: Option<String>,
    pub description: String,
    pub fields: Vec<Field>,
    pub footer: Option<String>,
    pub colour: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Button {
    pub custom_id: String,
    pub label: String,
    pub primary: bool,
}

/// `{"parse": [], "users": [], "roles": [], "replied_user": false}`: no pings, ever.
pub fn no_mentions() -> CreateAllowedMentions {
    CreateAllowedMentions::new()
        .empty_users()
        .empty_roles()
        .replied_user(false)
}

impl Reply {
    pub fn text(content: impl Into<String>) -> Reply {
        Reply {
            content: Some(content.into()),
            ..Reply::default()
        }
    }

    pub fn ephemeral(mut self) -> Reply {
        self.ephemeral = true;
        self
    }

    /// The same reply with every text within Discord's limits and mass mentions defused; never
    /// empty (Discord refuses a message with neither content nor embed).
    pub fn fitted(&self) -> Reply {
        let content = self
            .content
            .as_deref()
            .map(|c| limits::fit(c, limits::CONTENT))
            .filter(|c| !c.trim().is_empty());
        let embed = self.embed.as_ref().map(Embed::fitted);
        let content = match (&content, &embed) {
            (None, None) => Some("…".to_string()),
            _ => content,
        };
        let rows = self
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .filter(|b| !b.custom_id.is_empty() && b.custom_id.len() <= limits::CUSTOM_ID)
                    .take(limits::ROW_BUTTONS)
                    .map(|b| Button {
                        custom_id: b.custom_id.clone(),
                        label: nonempty(limits::fit(&b.label, limits::BUTTON_LABEL)),
                        primary: b.primary,
                    })
                    .collect::<Vec<_>>()
            })
            .filter(|row| !row.is_empty())
            .take(limits::ROWS)
            .collect();
        Reply {
            content,
            embed,
            rows,
            ephemeral: self.ephemeral,
        }
    }

    /// Body of an interaction response (types 4 and 7). Buttons are always set, so an empty list
    /// removes the ones a message had (type 7).
    pub fn to_interaction(&self) -> CreateInteractionResponseMessage {
        let r = self.fitted();
        let mut m = CreateInteractionResponseMessage::new()
            .allowed_mentions(no_mentions())
            .components(r.action_rows());
        if let Some(c) = r.content {
            m = m.content(c);
        }
        if let Some(e) = &r.embed {
            m = m.embed(e.to_builder());
        }
        if r.ephemeral {
            m = m.ephemeral(true);
        }
        m
    }

    /// Body of a channel message (`POST /channels/{id}/messages`); the caller adds the reply
    /// reference when there is one.
    pub fn to_message(&self) -> CreateMessage {
        let r = self.fitted();
        let mut m = CreateMessage::new()
            .allowed_mentions(no_mentions())
            .components(r.action_rows());
        if let Some(c) = r.content {
            m = m.content(c);
        }
        if let Some(e) = &r.embed {
            m = m.embed(e.to_builder());
        }
        m
    }

    /// Every button, row by row.
    pub fn buttons(&self) -> impl Iterator<Item = &Button> {
        self.rows.iter().flatten()
    }

    fn action_rows(&self) -> Vec<CreateActionRow> {
        self.rows
            .iter()
            .map(|row| {
                let buttons = row
                    .iter()
                    .map(|b| {
                        CreateButton::new(b.custom_id.clone())
                            .label(b.label.clone())
                            .style(if b.primary {
                                ButtonStyle::Primary
                            } else {
                                ButtonStyle::Secondary
                            })
                    })
                    .collect();
                CreateActionRow::Buttons(buttons)
            })
            .collect()
    }
}

impl Embed {
    /// One of the bot's own embeds as Discord sent it back (in a clicked message), to post again.
    pub fn from_discord(e: &serenity::all::Embed) -> Embed {
        Embed {
            title: e.title.clone(),
            description: e.description.clone().unwrap_or_default(),
            fields: e
                .fields
                .iter()
                .map(|f| Field {
                    name: f.name.clone(),
                    value: f.value.clone(),
                })
                .collect(),
            footer: e.footer.as_ref().map(|f| f.text.clone()),
            colour: e.colour.map(|c| c.0),
        }
    }

    /// Each text cut to its own limit, then the description shortened (and, failing that, fields
    /// dropped from the end) until the whole embed is within the 6000 total.
    pub fn fitted(&self) -> Embed {
        let title = self
            .title
            .as_deref()
            .map(|t| limits::fit(t, limits::EMBED_TITLE))
            .filter(|t| !t.trim().is_empty());
        let footer = self
            .footer
            .as_deref()
            .map(|t| limits::fit(t, limits::FOOTER))
            .filter(|t| !t.trim().is_empty());
        let fields = self
            .fields
            .iter()
            .take(limits::FIELDS)
            .map(|f| Field {
                name: nonempty(limits::fit(&f.name, limits::FIELD_NAME)),
                value: nonempty(limits::fit(&f.value, limits::FIELD_VALUE)),
            })
            .collect();
        let mut e = Embed {
            title,
            description: limits::fit(&self.description, limits::EMBED_DESCRIPTION),
            fields,
            footer,
            colour: self.colour,
        };
        let besides_description = |e: &Embed| e.total_len() - limits::len(&e.description);
        while besides_description(&e) > limits::EMBED_TOTAL && e.fields.pop().is_some() {}
        let room = limits::EMBED_TOTAL.saturating_sub(besides_description(&e));
        if limits::len(&e.description) > room {
            e.description = limits::cut(&e.description, room);
        }
        e
    }

    /// Sum of the lengths Discord counts against the 6000 total.
    pub fn total_len(&self) -> usize {
        self.title.as_deref().map_or(0, limits::len)
            + limits::len(&self.description)
            + self.footer.as_deref().map_or(0, limits::len)
            + self
                .fields
                .iter()
                .map(|f| limits::len(&f.name) + limits::len(&f.value))
                .sum::<usize>()
    }

    fn to_builder(&self) -> CreateEmbed {
        let mut e = CreateEmbed::new();
        if let Some(t) = &self.title {
            e = e.title(t.clone());
        }
        if !self.description.trim().is_empty() {
            e = e.description(self.description.clone());
        }
        for f in &self.fields {
            e = e.field(f.name.clone(), f.value.clone(), false);
        }
        if let Some(t) = &self.footer {
            e = e.footer(CreateEmbedFooter::new(t.clone()));
        }
        if let Some(c) = self.colour {
            e = e.colour(c);
        }
        e
    }
}

/// Discord refuses empty field names, values and button labels.
fn nonempty(s: String) -> String {
    if s.trim().is_empty() {
        "…".to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn huge(unit: &str, chars: usize) -> String {
        unit.repeat(chars / unit.chars().count() + 1)
    }

    fn big_reply(unit: &str) -> Reply {
        Reply {
            content: Some(huge(unit, 5000)),
            embed: Some(Embed {
                title: Some(huge(unit, 1000)),
                description: huge(unit, 9000),
                fields: (0..30)
                    .map(|_| Field {
                        name: huge(unit, 500),
                        value: huge(unit, 3000),
                    })
                    .collect(),
                footer: Some(huge(unit, 5000)),
                colour: Some(1),
            }),
            rows: (0..7)
                .map(|r| {
                    (0..7)
                        .map(|b| Button {
                            custom_id: format!("fact:x{r}-{b}"),
                            label: huge(unit, 300),
                            primary: false,
                        })
                        .collect()
                })
                .collect(),
            ephemeral: true,
        }
    }

    fn json_len(v: &Value) -> usize {
        limits::len(v.as_str().expect("a string"))
    }

    /// Checks one serialized message body against every limit.
    fn assert_within_limits(body: &Value) {
        if let Some(c) = body.get("content") {
            assert!(json_len(c) <= limits::CONTENT);
            assert!(c.as_str().unwrap().chars().count() <= limits::CONTENT);
        }
        for e in body["embeds"].as_array().into_iter().flatten() {
            let mut total = 0;
            if let Some(t) = e.get("title") {
                assert!(json_len(t) <= limits::EMBED_TITLE);
                total += json_len(t);
            }
            if let Some(d) = e.get("description") {
                assert!(json_len(d) <= limits::EMBED_DESCRIPTION);
                total += json_len(d);
            }
            if let Some(f) = e.get("footer") {
                assert!(json_len(&f["text"]) <= limits::FOOTER);
                total += json_len(&f["text"]);
            }
            let fields = e["fields"].as_array().cloned().unwrap_or_default();
            assert!(fields.len() <= limits::FIELDS);
            for f in fields {
                assert!(json_len(&f["name"]) <= limits::FIELD_NAME);
                assert!(json_len(&f["value"]) <= limits::FIELD_VALUE);
                total += json_len(&f["name"]) + json_len(&f["value"]);
            }
            assert!(total <= limits::EMBED_TOTAL, "embed total {total}");
        }
        let rows = body["components"].as_array().map_or(0, Vec::len);
        assert!(rows <= limits::ROWS, "{rows} rows");
        for row in body["components"].as_array().into_iter().flatten() {
            let buttons = row["components"].as_array().unwrap();
            assert!(buttons.len() <= limits::ROW_BUTTONS);
            for b in buttons {
                assert!(json_len(&b["label"]) <= limits::BUTTON_LABEL);
                assert!(json_len(&b["custom_id"]) <= limits::CUSTOM_ID);
            }
        }
    }

    #[test]
    fn every_limit_holds_for_huge_text_of_every_script() {
        for unit in [
            "a",
            "ภาษาไทย",
            "😀",
            "👩‍👩‍👧‍👦",
            "\u{200F}שלום ",
            "مرحبا ",
            "e\u{301}\u{302}",
            "@everyone ",
        ] {
            let r = big_reply(unit);
            let i = serde_json::to_value(r.to_interaction()).unwrap();
            assert_within_limits(&i);
            let m = serde_json::to_value(r.to_message()).unwrap();
            assert_within_limits(&m);
        }
    }

    #[test]
    fn allowed_mentions_are_always_empty() {
        let r = Reply::text("@everyone @here <@123> <@&456> <@!789>");
        for body in [
            serde_json::to_value(r.to_interaction()).unwrap(),
            serde_json::to_value(r.to_message()).unwrap(),
        ] {
            let am = &body["allowed_mentions"];
            assert_eq!(am["parse"], serde_json::json!([]), "{body}");
            assert_eq!(am["users"], serde_json::json!([]), "{body}");
            assert_eq!(am["roles"], serde_json::json!([]), "{body}");
            assert_eq!(am["replied_user"], Value::Bool(false), "{body}");
            let content = body["content"].as_str().unwrap();
            assert!(!content.contains("@everyone") && !content.contains("@here"));
        }
        let json = serde_json::to_string(&r.to_message()).unwrap();
        assert!(json.contains(r#""parse":[]"#), "{json}");
    }

    #[test]
    fn ephemeral_sets_flag_64_and_buttons_become_one_row() {
        let r = Reply {
            content: Some("hi".into()),
            rows: vec![vec![Button {
                custom_id: "post".into(),
                label: "Post publicly".into(),
                primary: true,
            }]],
            ..Reply::default()
        }
        .ephemeral();
        let body = serde_json::to_value(r.to_interaction()).unwrap();
        assert_eq!(body["flags"], 64);
        assert_eq!(body["components"][0]["type"], 1);
        let b = &body["components"][0]["components"][0];
        assert_eq!(b["type"], 2);
        assert_eq!(b["style"], 1);
        assert_eq!(b["custom_id"], "post");
        assert_eq!(b["label"], "Post publicly");
        let public = serde_json::to_value(Reply::text("x").to_interaction()).unwrap();
        assert!(public.get("flags").is_none(), "{public}");
    }

    #[test]
    fn an_empty_reply_still_says_something() {
        let body = serde_json::to_value(Reply::text("   ").to_message()).unwrap();
        assert_eq!(body["content"], "…");
    }

    #[test]
    fn rows_stay_rows_and_empty_ones_are_left_out() {
        let b = |id: &str| Button {
            custom_id: id.into(),
            label: id.into(),
            primary: false,
        };
        let r = Reply {
            content: Some("x".into()),
            rows: vec![vec![b("a"), b("b")], vec![], vec![b("c")]],
            ..Reply::default()
        };
        let body = serde_json::to_value(r.to_message()).unwrap();
        let rows = body["components"].as_array().unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0]["components"][1]["custom_id"], "b");
        assert_eq!(rows[1]["components"][0]["custom_id"], "c");
        assert_eq!(r.buttons().count(), 3);
    }

    #[test]
    fn no_buttons_means_an_empty_component_list() {
        let body = serde_json::to_value(Reply::text("x").to_interaction()).unwrap();
        assert_eq!(body["components"], serde_json::json!([]));
    }
}
