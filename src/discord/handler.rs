//! serenity plumbing: gateway events in, [`Bot`] decisions out, replies sent. Failures to send
//! are logged and the bot carries on; serenity runs each event in its own task, so one failing
//! (or even panicking) handler never stops the others.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use serenity::all::{
    AutocompleteChoice, ChannelId, Command, CommandInteraction, ComponentInteraction, Context,
    CreateAutocompleteResponse, CreateInteractionResponse, EventHandler, GuildId, Interaction,
    Message, MessageId, MessageReference, MessageReferenceKind, Ready, ResolvedTarget,
    ResolvedValue,
};
use tracing::{debug, info, warn};

use super::bot::{self, Bot, Incoming};
use super::commands;
use super::custom_id::{ButtonId, MessageRef};
use super::permissions::is_moderator;
use super::record::Origin;
use super::render;
use super::reply::{Embed, Reply};

pub struct Handler {
    bot: Arc<Bot>,
    guild_ids: Vec<u64>,
    /// This bot's user id, known from READY (0 before).
    me: AtomicU64,
}

impl Handler {
    pub fn new(bot: Arc<Bot>, guild_ids: Vec<u64>) -> Handler {
        Handler {
            bot,
            guild_ids,
            me: AtomicU64::new(0),
        }
    }

    /// One bulk overwrite per scope: each configured guild gets the commands and the global list
    /// is emptied (no duplicates); without guilds, the global list gets them.
    async fn register(&self, ctx: &Context) {
        let cmds = commands::all();
        if self.guild_ids.is_empty() {
            match Command::set_global_commands(&ctx.http, cmds).await {
                Ok(c) => info!(commands = c.len(), "registered global commands"),
                Err(e) => warn!("registering global commands failed: {e}"),
            }
            return;
        }
        for &g in &self.guild_ids {
            match GuildId::new(g).set_commands(&ctx.http, cmds.clone()).await {
                Ok(c) => info!(guild = g, commands = c.len(), "registered guild commands"),
                Err(e) => warn!(guild = g, "registering guild commands failed: {e}"),
            }
        }
        match Command::set_global_commands(&ctx.http, Vec::new()).await {
            Ok(_) => debug!("cleared global commands"),
            Err(e) => warn!("clearing global commands failed: {e}"),
        }
    }

    async fn on_command(&self, ctx: &Context, cmd: &CommandInteraction) -> serenity::Result<()> {
        let moderator = || is_moderator(cmd.member.as_deref(), self.bot.moderator_roles());
        let origin = Origin {
            id: cmd.id.get(),
            guild: cmd.guild_id.map(GuildId::get),
            channel: cmd.channel_id.get(),
        };
        let reply = match cmd.data.name.as_str() {
            commands::ASK => {
                let question = string_option(cmd, commands::ASK_QUESTION);
                self.bot
                    .ask(cmd.user.id.get(), origin, question, Instant::now())
                    .await
            }
            commands::FACTCHECK => {
                let claim = string_option(cmd, commands::FACTCHECK_CLAIM);
                self.bot.factcheck(moderator(), origin, claim, None).await
            }
            commands::FACT_CHECK_MESSAGE => match cmd.data.target() {
                Some(ResolvedTarget::Message(m)) => {
                    let target = MessageRef {
                        channel_id: m.channel_id.get(),
                        message_id: m.id.get(),
                    };
                    self.bot
                        .factcheck(moderator(), origin, &m.content, Some(target))
                        .await
                }
                _ if !moderator() => render::not_moderator(),
                _ => render::no_text_to_check(),
            },
            commands::RELOAD => self.bot.reload(moderator()).await,
            commands::MISSES => self.bot.misses(moderator(), origin.guild).await,
            commands::SOURCES => self.bot.sources(),
            commands::HELP => self.bot.help(),
            other => {
                debug!(command = other, "unknown command");
                render::unknown_command()
            }
        };
        cmd.create_response(
            &ctx.http,
            CreateInteractionResponse::Message(reply.to_interaction()),
        )
        .await
    }

    async fn on_autocomplete(
        &self,
        ctx: &Context,
        cmd: &CommandInteraction,
    ) -> serenity::Result<()> {
        let choices = match (cmd.data.name.as_str(), cmd.data.autocomplete()) {
            (commands::ASK, Some(focused)) => self.bot.autocomplete(focused.value).await,
            _ => Vec::new(),
        };
        let choices = choices
            .into_iter()
            .map(|(name, value)| AutocompleteChoice::new(name, value))
            .collect();
        cmd.create_response(
            &ctx.http,
            CreateInteractionResponse::Autocomplete(
                CreateAutocompleteResponse::new().set_choices(choices),
            ),
        )
        .await
    }

    async fn on_component(
        &self,
        ctx: &Context,
        click: &ComponentInteraction,
    ) -> serenity::Result<()> {
        let origin = Origin {
            id: click.id.get(),
            guild: click.guild_id.map(GuildId::get),
            channel: click.channel_id.get(),
        };
        let reply = match ButtonId::parse(&click.data.custom_id) {
            Some(ButtonId::Fact {
                fact,
                kind,
                question,
            }) => self.bot.show_fact(&fact, origin, kind, question),
            Some(ButtonId::Vote { question, helpful }) => {
                self.bot.vote(click.user.id.get(), question, helpful)
            }
            Some(ButtonId::Post { check, reply_to }) => {
                if is_moderator(click.member.as_ref(), self.bot.moderator_roles()) {
                    return self.post_publicly(ctx, click, check, reply_to).await;
                }
                render::not_moderator()
            }
            None => {
                debug!(custom_id = %click.data.custom_id, "unknown button");
                render::unknown_command()
            }
        };
        click
            .create_response(
                &ctx.http,
                CreateInteractionResponse::Message(reply.to_interaction()),
            )
            .await
    }

    /// Posts the verdict shown in the clicked (ephemeral) message, then updates that message
    /// (type 7) to say so, without the button. `check`: the fact-check to mark as posted.
    async fn post_publicly(
        &self,
        ctx: &Context,
        click: &ComponentInteraction,
        check: Option<u64>,
        reply_to: Option<MessageRef>,
    ) -> serenity::Result<()> {
        let Some(embed) = click.message.embeds.first() else {
            let r = render::nothing_to_post();
            return click
                .create_response(
                    &ctx.http,
                    CreateInteractionResponse::Message(r.to_interaction()),
                )
                .await;
        };
        let verdict = Reply {
            embed: Some(Embed::from_discord(embed)),
            ..Reply::default()
        };
        let mut message = verdict.to_message();
        let channel = match reply_to {
            Some(r) => {
                let channel = ChannelId::new(r.channel_id);
                message = message.reference_message(
                    MessageReference::new(MessageReferenceKind::Default, channel)
                        .message_id(MessageId::new(r.message_id))
                        .fail_if_not_exists(false),
                );
                channel
            }
            None => click.channel_id,
        };
        let update = match channel.send_message(&ctx.http, message).await {
            Ok(posted) => {
                info!(channel = %channel, message = %posted.id, "verdict posted publicly");
                self.bot.posted(check);
                CreateInteractionResponse::UpdateMessage(
                    render::posted(reply_to.is_some()).to_interaction(),
                )
            }
            Err(e) => {
                warn!(channel = %channel, "posting a verdict failed: {e}");
                CreateInteractionResponse::Message(render::post_failed().to_interaction())
            }
        };
        click.create_response(&ctx.http, update).await
    }
}

/// The string value of option `name`, or "" when absent.
fn string_option<'a>(cmd: &'a CommandInteraction, name: &str) -> &'a str {
    cmd.data
        .options()
        .into_iter()
        .find(|o| o.name == name)
        .and_then(|o| match o.value {
            ResolvedValue::String(s) => Some(s),
            _ => None,
        })
        .unwrap_or("")
}

#[serenity::async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        self.me.store(ready.user.id.get(), Ordering::Relaxed);
        info!(
            user = %ready.user.name,
            id = %ready.user.id,
            guilds = ready.guilds.len(),
            "connected to Discord"
        );
        self.register(&ctx).await;
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        let (what, result) = match &interaction {
            Interaction::Command(cmd) => (cmd.data.name.as_str(), self.on_command(&ctx, cmd).await),
            Interaction::Autocomplete(cmd) => {
                ("autocomplete", self.on_autocomplete(&ctx, cmd).await)
            }
            Interaction::Component(click) => ("button", self.on_component(&ctx, click).await),
            _ => return,
        };
        if let Err(e) = result {
            warn!(interaction = what, "answering an interaction failed: {e}");
        }
    }

    async fn message(&self, ctx: Context, msg: Message) {
        let me = self.me.load(Ordering::Relaxed);
        if me == 0 {
            return;
        }
        let mentioned =
            msg.mentions.iter().any(|u| u.id.get() == me) || bot::mentions(&msg.content, me);
        let text = bot::strip_mention(&msg.content, me);
        let incoming = Incoming {
            id: msg.id.get(),
            author: msg.author.id.get(),
            from_bot: msg.author.bot || msg.webhook_id.is_some() || msg.author.id.get() == me,
            guild: msg.guild_id.map(GuildId::get),
            channel: msg.channel_id.get(),
            mentioned,
            text: &text,
        };
        let Some(reply) = self.bot.on_message(&incoming, Instant::now()).await else {
            return;
        };
        let message = reply
            .to_message()
            .reference_message(MessageReference::from(&msg).fail_if_not_exists(false));
        if let Err(e) = msg.channel_id.send_message(&ctx.http, message).await {
            warn!(channel = %msg.channel_id, "replying to a message failed: {e}");
        }
    }
}
