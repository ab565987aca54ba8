//! Scenarios: the real `factbot serve` binary (the real serenity client) against the fake
//! Discord. Every scenario ends with [`World::finish`], which checks every recorded REST body
//! against Discord's OpenAPI description, `allowed_mentions` on every message body, Discord's
//! text limits, the absence of the token in the bot's output, and that the bot is still running.
//!
//! Assertions are on semantics stated by issue 4 (callback types, the ephemeral flag, the
//! verbatim quote being a substring of the article, message references, verdict words), not on
//! wording or layout.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::fake_discord::bot::{Bot, BotConfig, FAKE_TOKEN};
use crate::fake_discord::fixtures::{
    self, Actor, MsgOpts, Place, ANSWER_CHANNEL, GUILD, OTHER_CHANNEL,
};
use crate::fake_discord::{FakeDiscord, Recorded, APP_ID, BOT_ID};

mod checks;
mod log;
mod world;

use checks::*;
use world::*;

/// Bound on any single wait for the bot (startup included: debug build, busy machine).
const T: Duration = Duration::from_secs(30);
/// How long "nothing happens" is observed.
const QUIET: Duration = Duration::from_millis(1500);
/// Discord's limit for answering an interaction.
const DISCORD_LIMIT: Duration = Duration::from_secs(3);

const EPHEMERAL: u64 = 64;
const MESSAGE_CONTENT_INTENT: u64 = 1 << 15;
const GUILD_MESSAGES_INTENT: u64 = 1 << 9;
const DIRECT_MESSAGES_INTENT: u64 = 1 << 12;

const Q_PRAGUE: &str = "where are the nato foreign ministers meeting?";
const Q_PUTIN: &str = "who warned of serious consequences?";
const Q_OFF_TOPIC: &str = "what is the best recipe for banana bread with walnuts?";
const CLAIM_WARSAW: &str = "The NATO foreign ministers are meeting in Warsaw";
const CLAIM_PRAGUE: &str = "The NATO foreign ministers are meeting in Prague";

// ==========================================================================================
// Scenarios

/// Registration with `guild_ids`: each guild's list overwritten with the full set, the global
/// list overwritten with an empty one; again on every READY. IDENTIFY asks for Message Content
/// because `answer_channels` is set.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_guild_scope() {
    let cfg = BotConfig {
        guild_ids: vec![GUILD, 112],
        ..BotConfig::default()
    };
    let mut w = World::start(cfg).await;
    let puts = overwrites(&w.fake);
    assert_eq!(puts.len(), 3, "one overwrite per scope:\n{}", w.fake.dump());
    let global = format!("/api/v10/applications/{APP_ID}/commands");
    for g in [GUILD, 112] {
        let path = format!("/api/v10/applications/{APP_ID}/guilds/{g}/commands");
        let p: Vec<_> = puts.iter().filter(|r| r.path == path).collect();
        assert_eq!(p.len(), 1, "guild {g} overwritten once");
        assert_command_list(p[0].body());
    }
    let gp: Vec<_> = puts.iter().filter(|r| r.path == global).collect();
    assert_eq!(gp.len(), 1, "global list overwritten once");
    assert_eq!(gp[0].body(), &json!([]), "global list must be emptied");

    let ident = w.fake.gw(|g| g.identifies[0].clone());
    let intents = ident["intents"].as_u64().unwrap();
    assert!(
        intents & MESSAGE_CONTENT_INTENT != 0,
        "answer_channels set: Message Content needed"
    );
    assert!(intents & GUILD_MESSAGES_INTENT != 0 && intents & DIRECT_MESSAGES_INTENT != 0);
    assert!(w.fake.gw(|g| g.connect_targets[0].contains("v=10")));

    // A session that cannot be resumed: a new IDENTIFY -> READY -> the overwrites again.
    assert!(w.fake.gateway_close(4009));
    w.wait("second READY and overwrites", T, |f| {
        (f.gw(|g| g.readies) >= 2 && overwrites(f).len() >= 6).then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        overwrites(&w.fake).len(),
        6,
        "exactly one overwrite per scope per READY"
    );
    w.finish().await;
}

/// Without `guild_ids`: the global list only. Without `answer_channels`: no Message Content
/// intent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_global_scope() {
    let cfg = BotConfig {
        guild_ids: vec![],
        answer_channels: vec![],
        ..BotConfig::default()
    };
    let w = World::start(cfg).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let puts = overwrites(&w.fake);
    assert_eq!(puts.len(), 1, "{}", w.fake.dump());
    assert_eq!(
        puts[0].path,
        format!("/api/v10/applications/{APP_ID}/commands")
    );
    assert_command_list(puts[0].body());
    let intents = w.fake.gw(|g| g.identifies[0]["intents"].as_u64().unwrap());
    assert_eq!(
        intents & MESSAGE_CONTENT_INTENT,
        0,
        "no answer_channels: no privileged intent"
    );
    assert!(intents & GUILD_MESSAGES_INTENT != 0 && intents & DIRECT_MESSAGES_INTENT != 0);
    w.finish().await;
}

/// `/ask` is answered publicly (type 4) with the verbatim quote in the embed, in a guild and in
/// a DM.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ask_answers_with_the_verbatim_quote() {
    let mut w = World::start(BotConfig::default()).await;
    let user = Actor::member(1001);

    let (cb, lat) = w.ask(&user, guild(OTHER_CHANNEL), Q_PRAGUE).await;
    assert_callback_type(&cb, 4);
    let d = &cb.body()["data"];
    assert_public(d, "/ask answer");
    assert!(
        !d["embeds"].as_array().unwrap_or(&vec![]).is_empty(),
        "an embed: {d:#}"
    );
    let quote = assert_verbatim_quote(d, "Prague");
    assert!(
        d["embeds"][0]["description"]
            .as_str()
            .is_some_and(|desc| norm_ws(&unescape_md(desc)).contains(&quote)),
        "the quote is in the embed description: {d:#}"
    );
    assert_source_footer(d);
    eprintln!("single /ask latency: {lat:.2?}");
    // One log line per answered question, with the fact id and the score (logged
    // asynchronously: wait for it).
    let has_line = |log: &str| {
        log.lines().any(|l| {
            l.contains("meeting-place-prague") && (l.contains("score") || l.contains("confidence"))
        })
    };
    let deadline = Instant::now() + Duration::from_secs(5);
    while !has_line(&w.bot.log()) && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        has_line(&w.bot.log()),
        "a log line with the fact id and score:\n{}",
        w.bot.log()
    );

    let (cb, _) = w
        .ask(&Actor::member(1002), guild(ANSWER_CHANNEL), Q_PUTIN)
        .await;
    assert_callback_type(&cb, 4);
    assert_verbatim_quote(&cb.body()["data"], "serious consequences");

    let (cb, _) = w
        .ask(&Actor::member(1003), Place::Dm { channel: 7777 }, Q_PRAGUE)
        .await;
    assert_callback_type(&cb, 4);
    assert_verbatim_quote(&cb.body()["data"], "Prague");
    w.finish().await;
}

/// Autocomplete: type 8 with 1..=25 choices, names <= 100 chars, also for empty input and for
/// text that matches nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn autocomplete_offers_example_questions() {
    let mut w = World::start(BotConfig::default()).await;
    let user = Actor::member(2001);
    let long = "x".repeat(300);
    for typed in [
        "",
        "prague",
        "where are the nato",
        "zzqqxx unrelated",
        long.as_str(),
    ] {
        let p = fixtures::autocomplete(
            &w.fake,
            w.id(),
            "ask",
            "question",
            typed,
            &user,
            guild(OTHER_CHANNEL),
        );
        let (cb, _) = w.interact(p).await;
        assert_callback_type(&cb, 8);
        let choices = cb.body()["data"]["choices"]
            .as_array()
            .unwrap_or_else(|| panic!("choices for {typed:?}: {:#}", cb.body()));
        assert!(
            (1..=25).contains(&choices.len()),
            "{} choices for {typed:?}",
            choices.len()
        );
        for c in choices {
            let name = c["name"].as_str().expect("choice name");
            assert!((1..=100).contains(&chars(name)), "choice name {name:?}");
            assert!(c["value"].is_string(), "string option: string value: {c}");
            assert!(
                chars(c["value"].as_str().unwrap()) <= 100,
                "choice value <= 100 chars"
            );
        }
        let names = choices
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_lowercase())
            .collect::<Vec<_>>();
        // Closest to what is typed: typing the start of a curated question offers it.
        if typed == "where are the nato" {
            assert!(
                names
                    .iter()
                    .take(5)
                    .any(|n| n.contains("where") && n.contains("meet")),
                "the curated \"where ... meeting\" question is among the first 5: {names:?}"
            );
        }
        if typed == "prague" {
            eprintln!("autocomplete for \"prague\": {names:?}");
        }
    }
    w.finish().await;
}

/// A question outside the article: an ephemeral abstention (type 4, flag 64), no quote.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn abstention_is_ephemeral() {
    let mut w = World::start(BotConfig::default()).await;
    let (cb, _) = w
        .ask(&Actor::member(3001), guild(OTHER_CHANNEL), Q_OFF_TOPIC)
        .await;
    assert_callback_type(&cb, 4);
    assert_ephemeral(&cb.body()["data"], "abstention");
    w.finish().await;
}

/// A mention anywhere is answered as a reply (message_reference to the question), with the
/// quote; a DM is answered without a mention.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mention_is_answered_as_a_reply() {
    let mut w = World::start(BotConfig::default()).await;
    let id = w.id();
    let m = fixtures::message(
        id,
        &Actor::member(4001),
        guild(OTHER_CHANNEL),
        &format!("<@{BOT_ID}> {Q_PRAGUE}"),
        &MsgOpts {
            mentions: vec![BOT_ID],
            ..Default::default()
        },
    );
    let sent = w.say(&m).await;
    let r = w.wait_reply_to(id).await;
    eprintln!("mention -> reply latency: {:.2?}", cb_latency(&r, sent));
    assert_eq!(r.channel_of_message(), Some(OTHER_CHANNEL));
    let b = r.body();
    let mr = &b["message_reference"];
    assert_eq!(mr["message_id"], id.to_string());
    if !mr["channel_id"].is_null() {
        assert_eq!(mr["channel_id"], OTHER_CHANNEL.to_string());
    }
    assert_verbatim_quote(b, "Prague");

    // DM, no mention.
    let id = w.id();
    let m = fixtures::message(
        id,
        &Actor::member(4002),
        Place::Dm { channel: 7001 },
        Q_PUTIN,
        &MsgOpts::default(),
    );
    w.say(&m).await;
    let r = w.wait_reply_to(id).await;
    assert_eq!(r.channel_of_message(), Some(7001));
    assert_verbatim_quote(r.body(), "serious consequences");
    w.finish().await;
}

/// In an answer channel a question is answered without a mention; an abstention there stays
/// silent; a statement (not a question) is ignored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answer_channel_question_is_answered_without_mention() {
    let mut w = World::start(BotConfig::default()).await;
    let id = w.id();
    let m = fixtures::message(
        id,
        &Actor::member(5001),
        guild(ANSWER_CHANNEL),
        Q_PRAGUE,
        &MsgOpts::default(),
    );
    w.say(&m).await;
    let r = w.wait_reply_to(id).await;
    assert_eq!(r.channel_of_message(), Some(ANSWER_CHANNEL));
    assert_verbatim_quote(r.body(), "Prague");

    // Reads as a question without "?" (starts with a question word).
    let id = w.id();
    let m = fixtures::message(
        id,
        &Actor::member(5004),
        guild(ANSWER_CHANNEL),
        "who is the nato chief",
        &MsgOpts::default(),
    );
    w.say(&m).await;
    let r = w.wait_reply_to(id).await;
    assert_verbatim_quote(r.body(), "Stoltenberg");
    // An abstention there is answered when the bot is mentioned.
    let id = w.id();
    let m = fixtures::message(
        id,
        &Actor::member(5005),
        guild(ANSWER_CHANNEL),
        &format!("<@{BOT_ID}> {Q_OFF_TOPIC}"),
        &MsgOpts {
            mentions: vec![BOT_ID],
            ..Default::default()
        },
    );
    w.say(&m).await;
    w.wait_reply_to(id).await;

    let from = w.fake.cursor();
    let off = w.id();
    let m = fixtures::message(
        off,
        &Actor::member(5002),
        guild(ANSWER_CHANNEL),
        Q_OFF_TOPIC,
        &MsgOpts::default(),
    );
    w.say(&m).await;
    let stmt = w.id();
    let m = fixtures::message(
        stmt,
        &Actor::member(5003),
        guild(ANSWER_CHANNEL),
        "nice weather in prague today",
        &MsgOpts::default(),
    );
    w.say(&m).await;
    w.probe(guild(ANSWER_CHANNEL)).await;
    w.assert_quiet_since(from, "abstention / statement in an answer channel", |r| {
        r.is_channel_message() && !replies_to(r, off) && !replies_to(r, stmt)
    })
    .await;
    w.finish().await;
}

/// A question elsewhere without a mention is ignored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unmentioned_message_elsewhere_is_ignored() {
    let mut w = World::start(BotConfig::default()).await;
    let from = w.fake.cursor();
    let id = w.id();
    let m = fixtures::message(
        id,
        &Actor::member(6001),
        guild(OTHER_CHANNEL),
        Q_PRAGUE,
        &MsgOpts::default(),
    );
    w.say(&m).await;
    w.probe(guild(OTHER_CHANNEL)).await;
    let probe_ok = |r: &Recorded| r.is_channel_message() && !replies_to(r, id);
    w.assert_quiet_since(
        from,
        "unmentioned question outside answer channels",
        probe_ok,
    )
    .await;
    w.finish().await;
}

/// Bots, webhooks and the bot itself are never answered, even when they mention the bot.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bots_webhooks_and_self_are_ignored() {
    let mut w = World::start(BotConfig::default()).await;
    let from = w.fake.cursor();
    let content = format!("<@{BOT_ID}> {Q_PRAGUE}");
    let mention = MsgOpts {
        mentions: vec![BOT_ID],
        ..Default::default()
    };
    let mut ignored = Vec::new();
    let id = w.id();
    w.say(&fixtures::message(
        id,
        &Actor::bot(6101),
        guild(ANSWER_CHANNEL),
        &content,
        &mention,
    ))
    .await;
    ignored.push(id);
    let id = w.id();
    let hook = MsgOpts {
        webhook_id: Some(6102),
        ..mention.clone()
    };
    w.say(&fixtures::message(
        id,
        &Actor::member(6102),
        guild(ANSWER_CHANNEL),
        &content,
        &hook,
    ))
    .await;
    ignored.push(id);
    let me = Actor {
        bot: true,
        name: "factbot".into(),
        ..Actor::member(BOT_ID)
    };
    let id = w.id();
    w.say(&fixtures::message(
        id,
        &me,
        guild(ANSWER_CHANNEL),
        &content,
        &mention,
    ))
    .await;
    ignored.push(id);
    w.probe(guild(ANSWER_CHANNEL)).await;
    let ign: Vec<String> = ignored.iter().map(u64::to_string).collect();
    w.assert_quiet_since(from, "messages by a bot, a webhook, itself", |r| {
        r.is_channel_message()
            && !ign
                .iter()
                .any(|i| r.body()["message_reference"]["message_id"] == *i)
    })
    .await;
    w.finish().await;
}

/// Non-moderators get an ephemeral refusal on /factcheck, Fact-check, /reload, /misses and Post
/// publicly, and nothing else happens (no verdict, no channel message).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn non_moderators_are_refused() {
    let mut w = World::start(BotConfig::default()).await;
    let user = Actor::member(7001);
    let place = guild(ANSWER_CHANNEL);
    let target = fixtures::message(
        w.id(),
        &Actor::member(7002),
        place,
        CLAIM_WARSAW,
        &MsgOpts::default(),
    );
    let button_msg = fixtures::message_from_callback(
        w.id(),
        &json!({"flags": 64, "embeds": [{"description": "**Contradicted**\n> meeting in Prague"}],
                "components": [{"type": 1, "components": [{"type": 2, "style": 1, "label": "Post publicly", "custom_id": "post"}]}]}),
        ANSWER_CHANNEL,
    );
    let payloads = vec![
        (
            "/factcheck",
            fixtures::slash(
                &w.fake,
                w.id(),
                "factcheck",
                &[("claim", CLAIM_WARSAW)],
                &user,
                place,
            ),
        ),
        (
            "Fact-check",
            fixtures::message_command(&w.fake, w.id(), "Fact-check", &target, &user, place),
        ),
        (
            "/reload",
            fixtures::slash(&w.fake, w.id(), "reload", &[], &user, place),
        ),
        (
            "/misses",
            fixtures::slash(&w.fake, w.id(), "misses", &[], &user, place),
        ),
        (
            "Post publicly",
            fixtures::button_click(w.id(), "post", &button_msg, &user, place),
        ),
    ];
    // In a DM there is no member, hence no moderator.
    let dm = Place::Dm { channel: 7003 };
    let mut payloads = payloads;
    payloads.push((
        "/factcheck in a DM",
        fixtures::slash(
            &w.fake,
            w.id(),
            "factcheck",
            &[("claim", CLAIM_WARSAW)],
            &Actor::moderator_by_role(7004),
            dm,
        ),
    ));
    for (what, p) in payloads {
        let from = w.fake.cursor();
        let (cb, _) = w.interact(p).await;
        assert_callback_type(&cb, 4);
        let d = &cb.body()["data"];
        assert_ephemeral(d, what);
        assert!(
            verdict_words(d).is_empty(),
            "{what}: a refusal carries no verdict: {d:#}"
        );
        assert!(buttons(d).is_empty(), "{what}: a refusal has no button");
        let cb_index = cb.index;
        w.assert_quiet_since(from, &format!("{what} by a non-moderator"), |r| {
            r.index == cb_index
        })
        .await;
    }
    w.finish().await;
}

/// Moderators (by role, and by Manage Messages): /factcheck gives an ephemeral verdict with the
/// quote and a Post publicly button; the click updates the message (type 7, button gone) and
/// posts the verdict in the channel.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moderator_factcheck_and_post_publicly() {
    let mut w = World::start(BotConfig::default()).await;
    let place = guild(OTHER_CHANNEL);
    for (i, m) in [Actor::moderator_by_role(8001), Actor::manage_messages(8002)]
        .iter()
        .enumerate()
    {
        let cb = w.factcheck(m, place, CLAIM_WARSAW).await;
        assert_callback_type(&cb, 4);
        let d = cb.body()["data"].clone();
        assert_ephemeral(&d, "/factcheck verdict");
        let verdict = assert_verdict(&d);
        assert_eq!(verdict, "Contradicted", "{CLAIM_WARSAW:?}");
        assert_verbatim_quote(&d, "");
        assert_source_footer(&d);
        let btns = buttons(&d);
        let (_, custom_id) = btns
            .iter()
            .find(|(l, _)| l.to_lowercase().contains("post publicly"))
            .unwrap_or_else(|| panic!("no Post publicly button: {d:#}"))
            .clone();

        if i == 0 {
            let cb = w.factcheck(m, place, CLAIM_PRAGUE).await;
            let v = assert_verdict(&cb.body()["data"]);
            assert_eq!(v, "Supported", "{CLAIM_PRAGUE:?}");
        }

        // The click, on the ephemeral message as Discord includes it in the interaction.
        let from = w.fake.cursor();
        let msg = fixtures::message_from_callback(w.id(), &d, OTHER_CHANNEL);
        let click = fixtures::button_click(w.id(), &custom_id, &msg, m, place);
        let (cb, _) = w.interact(click).await;
        assert_callback_type(&cb, 7);
        let upd = &cb.body()["data"];
        assert!(
            upd["components"].is_array(),
            "type 7 must set components (else Discord keeps the button): {upd:#}"
        );
        assert!(
            !buttons(upd).iter().any(|(_, id)| *id == custom_id),
            "the Post publicly button must be gone: {upd:#}"
        );
        let posted = w
            .wait("the public verdict message", T, |f| {
                f.since(from).into_iter().find(|r| r.is_channel_message())
            })
            .await;
        assert_eq!(posted.channel_of_message(), Some(OTHER_CHANNEL));
        let pb = posted.body();
        assert_public(pb, "posted verdict");
        assert_eq!(
            assert_verdict(pb),
            verdict,
            "the posted verdict is the one shown"
        );
        assert!(buttons(pb).is_empty(), "the public post has no Post button");
        let n = w
            .fake
            .since(from)
            .iter()
            .filter(|r| r.is_channel_message())
            .count();
        assert_eq!(n, 1, "exactly one public post");
    }
    w.finish().await;
}

/// The Fact-check message command: ephemeral verdict on the target message's text; Post
/// publicly replies (message_reference) to the checked message.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moderator_fact_check_message_command_replies_to_the_message() {
    let mut w = World::start(BotConfig::default()).await;
    let place = guild(ANSWER_CHANNEL);
    let moder = Actor::moderator_by_role(9001);
    let target_id = w.id();
    let target = fixtures::message(
        target_id,
        &Actor::member(9002),
        place,
        CLAIM_WARSAW,
        &MsgOpts::default(),
    );
    let p = fixtures::message_command(&w.fake, w.id(), "Fact-check", &target, &moder, place);
    let (cb, _) = w.interact(p).await;
    assert_callback_type(&cb, 4);
    let d = cb.body()["data"].clone();
    assert_ephemeral(&d, "Fact-check verdict");
    let verdict = assert_verdict(&d);
    assert_eq!(verdict, "Contradicted", "{CLAIM_WARSAW:?}");
    assert_verbatim_quote(&d, "");
    let (_, custom_id) = buttons(&d)
        .into_iter()
        .find(|(l, _)| l.to_lowercase().contains("post publicly"))
        .unwrap_or_else(|| panic!("no Post publicly button: {d:#}"));

    // The click comes later (e.g. after a restart): everything needed is in the custom_id and
    // the clicked message.
    let from = w.fake.cursor();
    let msg = fixtures::message_from_callback(w.id(), &d, ANSWER_CHANNEL);
    let click = fixtures::button_click(w.id(), &custom_id, &msg, &moder, place);
    let (cb, _) = w.interact(click).await;
    assert_callback_type(&cb, 7);
    assert!(!buttons(&cb.body()["data"])
        .iter()
        .any(|(_, id)| *id == custom_id));
    assert!(cb.body()["data"]["components"].is_array());
    let posted = w.wait_reply_to(target_id).await;
    assert!(posted.index >= from);
    assert_eq!(posted.channel_of_message(), Some(ANSWER_CHANNEL));
    assert_eq!(assert_verdict(posted.body()), verdict);
    assert_public(posted.body(), "posted verdict");
    w.finish().await;
}

/// `@everyone`, `@here`, role and user mentions in questions and claims never ping: every body
/// carries empty allowed_mentions (checked for all bodies by `finish`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn everyone_in_a_question_never_pings() {
    let mut w = World::start(BotConfig::default()).await;
    let nasty = format!(
        "@everyone @here <@&{}> <@42> {Q_PRAGUE}",
        fixtures::MEMBER_ROLE
    );
    let (cb, _) = w
        .ask(&Actor::member(10_001), guild(OTHER_CHANNEL), &nasty)
        .await;
    assert_callback_type(&cb, 4);
    let (cb, _) = w
        .ask(
            &Actor::member(10_002),
            guild(OTHER_CHANNEL),
            "@everyone @here banana bread?",
        )
        .await;
    assert_callback_type(&cb, 4);

    let id = w.id();
    let m = fixtures::message(
        id,
        &Actor::member(10_003),
        guild(ANSWER_CHANNEL),
        &format!("<@{BOT_ID}> {nasty}"),
        &MsgOpts {
            mentions: vec![BOT_ID, 42],
            mention_everyone: true,
            ..Default::default()
        },
    );
    w.say(&m).await;
    w.wait_reply_to(id).await;

    let moder = Actor::moderator_by_role(10_004);
    let claim = format!("@everyone {CLAIM_WARSAW} <@&{}>", fixtures::MEMBER_ROLE);
    let cb = w.factcheck(&moder, guild(OTHER_CHANNEL), &claim).await;
    let d = cb.body()["data"].clone();
    if let Some((_, cid)) = buttons(&d).into_iter().next() {
        let msg = fixtures::message_from_callback(w.id(), &d, OTHER_CHANNEL);
        let click = fixtures::button_click(w.id(), &cid, &msg, &moder, guild(OTHER_CHANNEL));
        w.interact(click).await;
        w.wait("the posted verdict", T, |f| {
            f.requests()
                .into_iter()
                .find(|r| r.is_channel_message() && r.channel_of_message() == Some(OTHER_CHANNEL))
        })
        .await;
    }
    let checked = w
        .fake
        .requests()
        .iter()
        .filter(|r| message_payload(r).is_some())
        .count();
    assert!(
        checked >= 5,
        "expected at least 5 message bodies, got {checked}"
    );
    w.finish().await;
}

/// Cooldown (5 questions / 30 s per user, /ask and channel questions together): the 6th is
/// silent in a channel and an ephemeral note for /ask; autocomplete and other users are not
/// affected.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cooldown_limits_questions_per_user() {
    let mut w = World::start(BotConfig::default()).await;
    // User A: 5 /ask answered, the 6th is an ephemeral note.
    let a = Actor::member(11_001);
    for i in 0..5 {
        let (cb, _) = w.ask(&a, guild(OTHER_CHANNEL), Q_PRAGUE).await;
        assert_callback_type(&cb, 4);
        assert_public(&cb.body()["data"], &format!("/ask #{}", i + 1));
    }
    let (cb, _) = w.ask(&a, guild(OTHER_CHANNEL), Q_PRAGUE).await;
    assert_callback_type(&cb, 4);
    let d = &cb.body()["data"];
    assert_ephemeral(d, "/ask over the cooldown");
    assert!(
        quote_lines(d).is_empty(),
        "no answer over the cooldown: {d:#}"
    );
    // Autocomplete is not limited.
    let p = fixtures::autocomplete(
        &w.fake,
        w.id(),
        "ask",
        "question",
        "prague",
        &a,
        guild(OTHER_CHANNEL),
    );
    let (cb, _) = w.interact(p).await;
    assert_callback_type(&cb, 8);
    assert!(!cb.body()["data"]["choices"].as_array().unwrap().is_empty());

    // User B: 3 channel questions + 2 /ask answered, the 6th (channel) is silent.
    let b = Actor::member(11_002);
    for _ in 0..3 {
        let id = w.id();
        w.say(&fixtures::message(
            id,
            &b,
            guild(ANSWER_CHANNEL),
            Q_PRAGUE,
            &MsgOpts::default(),
        ))
        .await;
        w.wait_reply_to(id).await;
    }
    for _ in 0..2 {
        let (cb, _) = w.ask(&b, guild(ANSWER_CHANNEL), Q_PUTIN).await;
        assert_public(&cb.body()["data"], "/ask within the cooldown");
    }
    let from = w.fake.cursor();
    let sixth = w.id();
    w.say(&fixtures::message(
        sixth,
        &b,
        guild(ANSWER_CHANNEL),
        Q_PRAGUE,
        &MsgOpts::default(),
    ))
    .await;
    w.probe(guild(ANSWER_CHANNEL)).await; // another user is still answered
    w.assert_quiet_since(from, "6th channel question within the window", |r| {
        r.is_channel_message() && !replies_to(r, sixth)
    })
    .await;

    // Moderators' fact-checks do not count: a moderator at the limit can still fact-check.
    let m = Actor::moderator_by_role(11_003);
    for _ in 0..5 {
        w.ask(&m, guild(OTHER_CHANNEL), Q_PRAGUE).await;
    }
    let cb = w.factcheck(&m, guild(OTHER_CHANNEL), CLAIM_WARSAW).await;
    assert_verdict(&cb.body()["data"]);
    w.finish().await;
}

/// The cooldown window slides: once the oldest question is older than `seconds`, the user may
/// ask again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cooldown_window_slides() {
    let mut w = World::start(BotConfig {
        cooldown_questions: 2,
        cooldown_seconds: 2,
        ..BotConfig::default()
    })
    .await;
    let a = Actor::member(24_001);
    let place = guild(OTHER_CHANNEL);
    for _ in 0..2 {
        let (cb, _) = w.ask(&a, place, Q_PRAGUE).await;
        assert_public(&cb.body()["data"], "within the limit");
    }
    let (cb, _) = w.ask(&a, place, Q_PRAGUE).await;
    assert_ephemeral(&cb.body()["data"], "over the limit");
    tokio::time::sleep(Duration::from_millis(2300)).await;
    let (cb, _) = w.ask(&a, place, Q_PRAGUE).await;
    assert_public(&cb.body()["data"], "after the window");
    assert_verbatim_quote(&cb.body()["data"], "Prague");
    w.finish().await;
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

/// `/reload` with a broken knowledge folder: an ephemeral error, the running fact base stays,
/// questions (also in flight during the reload) are answered; a fixed folder reloads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reload_with_a_broken_folder_keeps_serving() {
    let kdir = tempfile::tempdir().unwrap();
    let k = kdir.path().join("knowledge");
    copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge"),
        &k,
    );
    let cfg = BotConfig {
        knowledge: Some(k.clone()),
        cooldown_questions: 1000,
        ..BotConfig::default()
    };
    let mut w = World::start(cfg).await;
    let moder = Actor::moderator_by_role(12_001);
    let place = guild(OTHER_CHANNEL);
    let (cb, _) = w.ask(&Actor::member(12_002), place, Q_PRAGUE).await;
    assert_verbatim_quote(&cb.body()["data"], "Prague");

    // Break it: a fact whose quote is not in the article, and a syntax error elsewhere.
    let facts = std::fs::read_dir(k.join("facts"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let good = std::fs::read_to_string(&facts).unwrap();
    let broken = good.replacen("meeting in Prague", "meeting in Atlantis", 1);
    assert_ne!(
        broken, good,
        "fixture: the facts file quotes \"meeting in Prague\""
    );
    std::fs::write(&facts, &broken).unwrap();
    std::fs::write(k.join("facts/zz-broken.toml"), "[[fact]\nid = \n").unwrap();

    // Reload while questions are in flight.
    let ids: Vec<u64> = (0..20).map(|_| w.id()).collect();
    for (i, id) in ids.iter().enumerate() {
        let p = fixtures::slash(
            &w.fake,
            *id,
            "ask",
            &[("question", Q_PRAGUE)],
            &Actor::member(12_100 + i as u64),
            place,
        );
        w.fake.dispatch("INTERACTION_CREATE", p);
        if i == 10 {
            let p = fixtures::slash(&w.fake, w.id(), "reload", &[], &moder, place);
            w.fake.dispatch("INTERACTION_CREATE", p);
        }
    }
    for id in &ids {
        let prefix = format!("/api/v10/interactions/{id}/");
        let cb = w
            .wait("an in-flight /ask", T, |f| {
                f.requests()
                    .into_iter()
                    .find(|r| r.is_callback() && r.path.starts_with(&prefix))
            })
            .await;
        assert_verbatim_quote(&cb.body()["data"], "Prague");
    }
    let reload_cb = w
        .wait("the /reload answer", T, |f| {
            f.requests().into_iter().find(|r| {
                r.is_callback()
                    && r.body()["data"]["flags"]
                        .as_u64()
                        .is_some_and(|x| x & EPHEMERAL != 0)
            })
        })
        .await;
    assert_callback_type(&reload_cb, 4);
    let rd = &reload_cb.body()["data"];
    assert_ephemeral(rd, "/reload failure");
    let text = all_text(rd);
    assert!(
        text.contains("zz-broken")
            || text.to_lowercase().contains("atlantis")
            || text.to_lowercase().contains("error")
            || text.to_lowercase().contains("fail"),
        "the errors are shown: {rd:#}"
    );

    // Still the old fact base.
    let (cb, _) = w.ask(&Actor::member(12_003), place, Q_PRAGUE).await;
    assert_verbatim_quote(&cb.body()["data"], "Prague");

    // Fixed: reload succeeds (ephemeral) and serving goes on.
    std::fs::write(&facts, &good).unwrap();
    std::fs::remove_file(k.join("facts/zz-broken.toml")).unwrap();
    let p = fixtures::slash(&w.fake, w.id(), "reload", &[], &moder, place);
    let (cb, _) = w.interact(p).await;
    assert_callback_type(&cb, 4);
    assert_ephemeral(&cb.body()["data"], "/reload success");
    let (cb, _) = w.ask(&Actor::member(12_004), place, Q_PRAGUE).await;
    assert_verbatim_quote(&cb.body()["data"], "Prague");
    w.finish().await;
}

/// The gateway closes the connection mid-session (as Discord does), and later the TCP
/// connection just dies; the bot resumes and answers, including an event sent while it was
/// away (replayed after RESUMED).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gateway_drop_then_answers_after_reconnect() {
    let mut w = World::start(BotConfig::default()).await;
    let user = Actor::member(13_001);
    let place = guild(OTHER_CHANNEL);
    w.ask(&user, place, Q_PRAGUE).await;

    assert!(w.fake.gateway_close(4000), "a live session to close");
    let (cb, _) = w.ask(&Actor::member(13_002), place, Q_PUTIN).await;
    assert_verbatim_quote(&cb.body()["data"], "serious consequences");
    let (resumed, readies) = w.fake.gw(|g| (g.resumed, g.readies));
    assert!(resumed >= 1 || readies >= 2, "the bot reconnected");

    assert!(w.fake.gateway_kill());
    let id = w.id();
    w.say(&fixtures::message(
        id,
        &Actor::member(13_003),
        place,
        &format!("<@{BOT_ID}> {Q_PRAGUE}"),
        &MsgOpts {
            mentions: vec![BOT_ID],
            ..Default::default()
        },
    ))
    .await;
    let r = w.wait_reply_to(id).await;
    assert_verbatim_quote(r.body(), "Prague");
    let (resumed, readies) = w.fake.gw(|g| (g.resumed, g.readies));
    eprintln!("reconnections: {resumed} RESUMED, {readies} READY");
    assert_eq!(readies, 1, "both reconnections resumed the session");

    // op 7 RECONNECT: the bot reconnects and resumes.
    assert!(w.fake.gateway_op(7, Value::Null));
    let (cb, _) = w.ask(&Actor::member(13_004), place, Q_PRAGUE).await;
    assert_verbatim_quote(&cb.body()["data"], "Prague");
    assert!(w.fake.gw(|g| g.resumed) > resumed, "op 7 -> RESUME");

    // op 9 INVALID_SESSION (not resumable): the bot identifies again (and re-registers).
    let puts = overwrites(&w.fake).len();
    assert_eq!(
        puts, 2,
        "a RESUMED session is not a new READY: no re-registration"
    );
    assert!(w.fake.gateway_op(9, json!(false)));
    let (cb, _) = w.ask(&Actor::member(13_005), place, Q_PUTIN).await;
    assert_verbatim_quote(&cb.body()["data"], "serious consequences");
    assert!(
        w.fake.gw(|g| g.readies) >= 2,
        "op 9 (false) -> IDENTIFY -> READY"
    );
    w.wait("re-registration after the new READY", T, |f| {
        (overwrites(f).len() >= puts + 2).then_some(())
    })
    .await;
    w.finish().await;
}

/// Heartbeats: the bot heartbeats at the HELLO interval and stays connected while they are
/// acknowledged; when they stop being acknowledged (a zombied connection) it reconnects and
/// answers again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn heartbeats_and_a_zombied_connection() {
    let fake = FakeDiscord::start().await;
    fake.set_heartbeat(1000, true);
    let guard = Guard::Shared(exclusive().read().await);
    let mut w = World::start_on(fake, BotConfig::default(), guard).await;
    w.wait("3 heartbeats", T, |f| {
        (f.gw(|g| g.heartbeats) >= 3).then_some(())
    })
    .await;
    assert_eq!(
        w.fake.gw(|g| g.connections),
        1,
        "acknowledged heartbeats: no reconnection"
    );
    w.ask(&Actor::member(23_001), guild(OTHER_CHANNEL), Q_PRAGUE)
        .await;

    // Stop acknowledging: the bot must notice and reconnect (new connection), then answer.
    w.fake.set_heartbeat(1000, false);
    w.wait(
        "a reconnection after unacknowledged heartbeats",
        Duration::from_secs(45),
        |f| (f.gw(|g| g.connections) >= 2).then_some(()),
    )
    .await;
    w.fake.set_heartbeat(1000, true);
    w.fake.wait_live(T).await;
    let (cb, _) = w
        .ask(&Actor::member(23_002), guild(OTHER_CHANNEL), Q_PUTIN)
        .await;
    assert_verbatim_quote(&cb.body()["data"], "serious consequences");
    let (c, r, s) = w.fake.gw(|g| (g.connections, g.readies, g.resumed));
    eprintln!("zombied connection: {c} connections, {r} READY, {s} RESUMED");
    w.finish().await;
}

/// Interactions keep arriving while the gateway drops the connection: those not delivered are
/// replayed after RESUME (as Discord does), and every one is answered once, in time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn burst_across_a_gateway_drop() {
    let mut w = World::start(BotConfig::default()).await;
    let mut ids = Vec::new();
    for i in 0..120u64 {
        if i == 60 {
            assert!(w.fake.gateway_close(4000));
        }
        let id = w.id();
        let p = fixtures::slash(
            &w.fake,
            id,
            "ask",
            &[("question", Q_PRAGUE)],
            &Actor::member(25_000 + i),
            guild(OTHER_CHANNEL),
        );
        w.fake.dispatch("INTERACTION_CREATE", p);
        ids.push(id);
    }
    let want: std::collections::HashSet<u64> = ids.iter().copied().collect();
    let all = w
        .fake
        .poll_for(T, |f| {
            let n = f
                .requests()
                .iter()
                .filter_map(Recorded::callback_interaction)
                .filter(|i| want.contains(i))
                .count();
            (n >= 120).then_some(())
        })
        .await;
    if all.is_none() {
        let answered: std::collections::HashSet<u64> = w
            .fake
            .requests()
            .iter()
            .filter_map(Recorded::callback_interaction)
            .collect();
        let written = w.fake.gw(|g| g.written.clone());
        for id in ids.iter().filter(|i| !answered.contains(i)) {
            let wr: Vec<_> = written
                .iter()
                .filter(|(_, _, _, d)| d.as_deref() == Some(id.to_string().as_str()))
                .collect();
            eprintln!("unanswered interaction {id}: written to the gateway as {wr:?}");
        }
        eprintln!(
            "gateway: {:?}",
            w.fake
                .gw(|g| (g.connections, g.resumed, g.readies, g.pending.len()))
        );
    }
    w.wait("120 callbacks", Duration::from_secs(1), |f| {
        let n = f
            .requests()
            .iter()
            .filter_map(Recorded::callback_interaction)
            .filter(|i| want.contains(i))
            .count();
        (n >= 120).then_some(())
    })
    .await;
    assert!(w.fake.gw(|g| g.resumed) >= 1);
    w.finish().await; // also: one callback each, within 3 s
}

/// SIGTERM (and SIGINT): the gateway is closed cleanly and the process exits 0.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_and_sigint_exit_zero() {
    for sig in ["TERM", "INT"] {
        let mut w = World::start(BotConfig::default()).await;
        w.ask(&Actor::member(14_001), guild(OTHER_CHANNEL), Q_PRAGUE)
            .await;
        w.bot.signal(sig);
        let st = w.bot.wait_exit(Duration::from_secs(15)).await;
        let log = w.bot.log();
        let st = st.unwrap_or_else(|| panic!("still running 15 s after SIG{sig}; output:\n{log}"));
        assert!(st.success(), "SIG{sig}: exit status {st}; output:\n{log}");
        let closes = w.fake.gw(|g| g.client_closes.clone());
        assert!(
            !closes.is_empty(),
            "SIG{sig}: the gateway connection was not closed with a close frame"
        );
        eprintln!("SIG{sig}: exit {st}, close frames {closes:?}");
        assert!(!log.contains(FAKE_TOKEN));
    }
}

/// Long texts of Thai, emoji, RTL and combining characters never break the limits or the bot:
/// 2000-char channel questions, a 4000-char (Nitro) message fact-checked and posted, 6000-char
/// /factcheck claims (the longest a string option can be), 300-char /ask and autocomplete input,
/// and a Fact-check on a message without text. `finish` checks every body against the limits.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_unicode_texts_stay_within_limits() {
    let mut w = World::start(BotConfig::default()).await;
    let pieces = [
        "ภาษาไทย",
        "👩‍👩‍👧‍👦🇺🇦",
        "עברית العربية",
        "e\u{301}\u{302}\u{303}",
        "<@&555> @everyone **_~`|>",
    ];
    let long = |p: &str, n: usize, tail: &str| -> String {
        let mut s = String::new();
        while chars(&s) + chars(tail) < n {
            s.push_str(p);
        }
        let s: String = s.chars().take(n - chars(tail)).collect();
        format!("{s}{tail}")
    };
    let place = guild(ANSWER_CHANNEL);
    let moder = Actor::moderator_by_role(15_100);
    for (i, p) in pieces.iter().enumerate() {
        let i = i as u64;
        // A 2000-char question with a mention: some reply (answer or "not covered").
        let id = w.id();
        let q = long(
            p,
            2000,
            &format!(" <@{BOT_ID}> where are the ministers meeting?"),
        );
        assert_eq!(chars(&q), 2000);
        let mention = MsgOpts {
            mentions: vec![BOT_ID],
            ..Default::default()
        };
        w.say(&fixtures::message(
            id,
            &Actor::member(15_001 + i),
            place,
            &q,
            &mention,
        ))
        .await;
        w.wait_reply_to(id).await;

        // Fact-check of a 4000-char message, then Post publicly.
        let target_id = w.id();
        let text = long(p, 4000, " The NATO ministers are meeting in Warsaw.");
        let target = fixtures::message(
            target_id,
            &Actor::member(15_050 + i),
            place,
            &text,
            &MsgOpts::default(),
        );
        let c = fixtures::message_command(&w.fake, w.id(), "Fact-check", &target, &moder, place);
        let (cb, _) = w.interact(c).await;
        assert_callback_type(&cb, 4);
        let d = cb.body()["data"].clone();
        assert_ephemeral(&d, "Fact-check of a long message");
        if let Some((_, cid)) = buttons(&d).into_iter().next() {
            let msg = fixtures::message_from_callback(w.id(), &d, ANSWER_CHANNEL);
            let (cb, _) = w
                .interact(fixtures::button_click(w.id(), &cid, &msg, &moder, place))
                .await;
            assert_callback_type(&cb, 7);
            w.wait_reply_to(target_id).await;
        }

        // A 6000-char claim.
        let claim = long(p, 6000, " NATO foreign ministers meet in Prague");
        let cb = w.factcheck(&moder, place, &claim).await;
        assert_callback_type(&cb, 4);
        assert_ephemeral(&cb.body()["data"], "a 6000-char claim");

        // 300 chars in /ask and in autocomplete.
        let q300 = long(p, 300, " prague?");
        let (cb, _) = w.ask(&Actor::member(15_200 + i), place, &q300).await;
        assert_callback_type(&cb, 4);
        let a = fixtures::autocomplete(
            &w.fake,
            w.id(),
            "ask",
            "question",
            &q300,
            &Actor::member(15_300 + i),
            place,
        );
        let (cb, lat) = w.interact(a).await;
        assert_callback_type(&cb, 8);
        eprintln!("autocomplete of 300 chars of {p:?}: {lat:.2?}");
    }
    // A message without text (an image, say): Fact-check answers ephemerally, posts nothing.
    let from = w.fake.cursor();
    let empty = fixtures::message(
        w.id(),
        &Actor::member(15_400),
        place,
        "",
        &MsgOpts::default(),
    );
    let c = fixtures::message_command(&w.fake, w.id(), "Fact-check", &empty, &moder, place);
    let (cb, _) = w.interact(c).await;
    assert_callback_type(&cb, 4);
    assert_ephemeral(&cb.body()["data"], "Fact-check of an empty message");
    let cbi = cb.index;
    w.assert_quiet_since(from, "Fact-check of an empty message", |r| r.index == cbi)
        .await;

    // The bot is alive and answering.
    let (cb, _) = w
        .ask(&Actor::member(15_999), guild(OTHER_CHANNEL), Q_PRAGUE)
        .await;
    assert_verbatim_quote(&cb.body()["data"], "Prague");
    w.finish().await;
}

/// /sources and /help are ephemeral.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sources_and_help_are_ephemeral() {
    let mut w = World::start(BotConfig::default()).await;
    for c in ["sources", "help"] {
        let p = fixtures::slash(
            &w.fake,
            w.id(),
            c,
            &[],
            &Actor::member(16_001),
            guild(OTHER_CHANNEL),
        );
        let (cb, _) = w.interact(p).await;
        assert_callback_type(&cb, 4);
        assert_ephemeral(&cb.body()["data"], c);
        if c == "sources" {
            let t = all_text(&cb.body()["data"]);
            assert!(t.contains("2024-05-30"), "/sources shows the date: {t}");
        }
        if c == "help" {
            let t = all_text(&cb.body()["data"]);
            for v in VERDICTS {
                assert!(t.contains(v), "/help explains {v}: {t}");
            }
        }
    }
    w.finish().await;
}

/// Single-event latency (run alone): sequential /ask and mentions.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn latency_single_events() {
    let mut w = World::start_exclusive(BotConfig {
        cooldown_questions: 10_000,
        ..BotConfig::default()
    })
    .await;
    let qs = [
        Q_PRAGUE,
        Q_PUTIN,
        "who is the nato chief?",
        "when was this article published?",
    ];
    let mut ask = Vec::new();
    for i in 0..60 {
        let (cb, lat) = w
            .ask(
                &Actor::member(17_000 + i),
                guild(OTHER_CHANNEL),
                qs[i as usize % qs.len()],
            )
            .await;
        assert_callback_type(&cb, 4);
        ask.push(lat);
    }
    let mut mention = Vec::new();
    for i in 0..30 {
        let id = w.id();
        let m = fixtures::message(
            id,
            &Actor::member(17_500 + i),
            guild(OTHER_CHANNEL),
            &format!("<@{BOT_ID}> {}", qs[i as usize % qs.len()]),
            &MsgOpts {
                mentions: vec![BOT_ID],
                ..Default::default()
            },
        );
        let sent = w.say(&m).await;
        let r = w.wait_reply_to(id).await;
        mention.push(cb_latency(&r, sent));
    }
    report_latency("single /ask (event -> callback)", ask.clone());
    report_latency("single mention (event -> reply)", mention.clone());
    for l in ask.iter().chain(&mention) {
        assert!(*l < DISCORD_LIMIT, "an event took {l:?}");
    }
    w.finish().await;
}

/// A burst of 300 /ask interactions from 300 users: all answered, each within 3 s.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn burst_of_300_asks_all_answered() {
    let mut w = World::start_exclusive(BotConfig::default()).await;
    let qs = [
        Q_PRAGUE,
        Q_PUTIN,
        "who is the nato chief?",
        "when was this article published?",
        Q_OFF_TOPIC,
    ];
    let mut ids = Vec::new();
    let mut sent = Vec::new();
    for i in 0..300u64 {
        let id = w.id();
        let p = fixtures::slash(
            &w.fake,
            id,
            "ask",
            &[("question", qs[i as usize % qs.len()])],
            &Actor::member(18_000 + i),
            guild(OTHER_CHANNEL),
        );
        ids.push(id);
        sent.push(w.fake.dispatch("INTERACTION_CREATE", p));
    }
    let mut sent_at = Vec::new();
    for s in sent {
        sent_at.push(
            tokio::time::timeout(T, s)
                .await
                .expect("burst written")
                .unwrap(),
        );
    }
    let want: std::collections::HashSet<u64> = ids.iter().copied().collect();
    w.wait("300 callbacks", Duration::from_secs(60), |f| {
        let n = f
            .requests()
            .iter()
            .filter_map(Recorded::callback_interaction)
            .filter(|i| want.contains(i))
            .count();
        (n >= 300).then_some(())
    })
    .await;
    let reqs = w.fake.requests();
    let mut lat = Vec::new();
    for (id, at) in ids.iter().zip(&sent_at) {
        let cbs: Vec<_> = reqs
            .iter()
            .filter(|r| r.callback_interaction() == Some(*id))
            .collect();
        assert_eq!(cbs.len(), 1, "interaction {id} answered once");
        assert_eq!(cbs[0].body()["type"], 4);
        lat.push(cb_latency(cbs[0], *at));
    }
    let first = *sent_at.iter().min().unwrap();
    let last_cb = reqs
        .iter()
        .filter(|r| r.is_callback())
        .map(|r| r.at)
        .max()
        .unwrap();
    eprintln!(
        "burst: 300 answered in {:.2?} (first event written -> last callback)",
        last_cb - first
    );
    report_latency("burst of 300 /ask (event -> callback)", lat.clone());
    for (id, l) in ids.iter().zip(&lat) {
        assert!(
            *l < DISCORD_LIMIT,
            "interaction {id} answered after {l:?} (> 3 s)"
        );
    }
    // The question log lost none of them.
    let db = log::db_path(&w.bot);
    let logged = log::wait_for(&mut w, "300 questions in the log", |c| {
        let n: i64 = c
            .query_row(
                "SELECT COUNT(*) FROM questions WHERE via = 'ask'",
                [],
                |r| r.get(0),
            )
            .ok()?;
        (n >= 300).then_some(n)
    })
    .await;
    assert_eq!(logged, 300, "{}", db.display());
    let stored = log::ids(&db, "SELECT id FROM questions");
    assert_eq!(
        stored, want,
        "every interaction's question is in the log, once"
    );
    w.finish().await;
}

/// Low confidence: "did you mean" buttons (at most 3); a click, by anyone, shows that fact
/// ephemerally with its verbatim quote, and does not count against the clicker's cooldown.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn did_you_mean_buttons_show_the_fact_ephemerally() {
    let mut w = World::start(BotConfig {
        cooldown_questions: 1,
        ..BotConfig::default()
    })
    .await;
    let place = guild(OTHER_CHANNEL);
    let vague = [
        "nato",
        "what did he say",
        "russia",
        "weapons",
        "ukraine",
        "washington",
    ];
    let mut found = None;
    for (i, q) in vague.iter().enumerate() {
        let (cb, _) = w.ask(&Actor::member(19_000 + i as u64), place, q).await;
        assert_callback_type(&cb, 4);
        let d = cb.body()["data"].clone();
        let b = fact_buttons(&d);
        assert!(b.len() <= 3, "at most 3 did-you-mean buttons: {d:#}");
        if !b.is_empty() {
            assert_public(&d, "a low-confidence answer");
            assert_verbatim_quote(&d, "");
            found = Some((q, d));
            break;
        }
    }
    let Some((q, d)) = found else {
        panic!("none of {vague:?} gave a low-confidence answer with did-you-mean buttons");
    };
    eprintln!("did-you-mean for {q:?}: {:?}", fact_buttons(&d));
    let msg = fixtures::message_from_callback(w.id(), &d, OTHER_CHANNEL);
    // The clicker already used their one question: the click is not a question.
    let clicker = Actor::member(19_500);
    let (cb, _) = w.ask(&clicker, place, Q_PRAGUE).await;
    assert_public(&cb.body()["data"], "first question");
    for (label, cid) in fact_buttons(&d) {
        let click = fixtures::button_click(w.id(), &cid, &msg, &clicker, place);
        let (cb, _) = w.interact(click).await;
        assert_callback_type(&cb, 4);
        let cd = &cb.body()["data"];
        assert_ephemeral(cd, &format!("did-you-mean click {label:?}"));
        assert_verbatim_quote(cd, "");
    }
    w.finish().await;
}

/// "Post publicly" still works after a restart: everything it needs is in the custom_id and
/// the clicked message.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn post_publicly_works_after_a_restart() {
    let mut w = World::start(BotConfig::default()).await;
    let place = guild(ANSWER_CHANNEL);
    let moder = Actor::manage_messages(20_001);
    let target_id = w.id();
    let target = fixtures::message(
        target_id,
        &Actor::member(20_002),
        place,
        CLAIM_PRAGUE,
        &MsgOpts::default(),
    );
    let p = fixtures::message_command(&w.fake, w.id(), "Fact-check", &target, &moder, place);
    let (cb, _) = w.interact(p).await;
    let d = cb.body()["data"].clone();
    let verdict = assert_verdict(&d);
    let (_, cid) = buttons(&d)
        .into_iter()
        .next()
        .expect("a Post publicly button");

    // Restart the bot (a new process, a new session).
    w.bot = Bot::spawn(&w.fake, &w.cfg);
    w.wait("the restarted bot's READY and registration", T, |f| {
        (f.gw(|g| g.readies >= 2 && g.live.is_some()) && overwrites(f).len() >= 4).then_some(())
    })
    .await;
    let msg = fixtures::message_from_callback(w.id(), &d, ANSWER_CHANNEL);
    let click = fixtures::button_click(w.id(), &cid, &msg, &moder, place);
    let (cb, _) = w.interact(click).await;
    assert_callback_type(&cb, 7);
    let posted = w.wait_reply_to(target_id).await;
    assert_eq!(assert_verdict(posted.body()), verdict);
    w.finish().await;
}

/// A failing REST call (Discord answers 403 Missing Access for one channel) is logged; the bot
/// keeps serving everywhere else.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_request_is_logged_and_the_bot_keeps_serving() {
    let mut w = World::start(BotConfig::default()).await;
    let locked = 4_040u64;
    w.fake.fail(
        "POST",
        &format!("/channels/{locked}/messages"),
        403,
        50001,
        "Missing Access",
    );
    w.fake.fail(
        "POST",
        "/interactions/666",
        404,
        10062,
        "Unknown interaction",
    );
    let id = w.id();
    let m = fixtures::message(
        id,
        &Actor::member(21_001),
        guild(locked),
        &format!("<@{BOT_ID}> {Q_PRAGUE}"),
        &MsgOpts {
            mentions: vec![BOT_ID],
            ..Default::default()
        },
    );
    w.say(&m).await;
    w.wait_reply_to(id).await; // the attempt (answered 403)
                               // An interaction whose callback fails (e.g. it expired).
    let mut p = fixtures::slash(
        &w.fake,
        w.id(),
        "ask",
        &[("question", Q_PRAGUE)],
        &Actor::member(21_002),
        guild(OTHER_CHANNEL),
    );
    p["id"] = json!("666");
    p["token"] = json!("fake-token-666");
    w.interact(p).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    w.probe(guild(OTHER_CHANNEL)).await;
    let (cb, _) = w
        .ask(&Actor::member(21_003), guild(OTHER_CHANNEL), Q_PUTIN)
        .await;
    assert_verbatim_quote(&cb.body()["data"], "serious consequences");
    let log = w.bot.log();
    assert!(
        log.contains("Missing Access")
            || log.contains("403")
            || log.to_lowercase().contains("fail")
            || log.contains("WARN")
            || log.contains("ERROR"),
        "the failure is logged:\n{log}"
    );
    // The injected 403/404 answers are expected here.
    w.fake.state.forget_status(&[403, 404]);
    w.finish().await;
}

/// Configuration errors: a clear message naming the key, a non-zero exit, and no connection
/// attempt. The token comes from DISCORD_TOKEN, else from token_file (the environment wins).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn config_errors_fail_before_connecting_and_token_sources() {
    let _g = exclusive().read().await;
    let fake = FakeDiscord::start().await;
    let api = fake.api_url();
    let base = format!("[discord]\napi_url = {api:?}\n");
    let cases: Vec<(&str, String, Option<&str>, &[&str])> = vec![
        ("no token", base.clone(), None, &["DISCORD_TOKEN", "token"]),
        (
            "empty token",
            base.clone(),
            Some(""),
            &["DISCORD_TOKEN", "token"],
        ),
        (
            "unknown key",
            format!("{base}colour = 1\n"),
            Some(FAKE_TOKEN),
            &["colour"],
        ),
        (
            "unknown top-level key",
            format!("min_confidense = 0.5\n{base}"),
            Some(FAKE_TOKEN),
            &["min_confidense"],
        ),
        (
            "wrong type",
            format!("min_confidence = \"high\"\n{base}"),
            Some(FAKE_TOKEN),
            &["min_confidence"],
        ),
        (
            "wrong id type",
            format!("{base}guild_ids = [\"111\"]\n"),
            Some(FAKE_TOKEN),
            &["guild_ids"],
        ),
        (
            "wrong cooldown type",
            format!("{base}[discord.cooldown]\nquestions = \"five\"\n"),
            Some(FAKE_TOKEN),
            &["questions"],
        ),
        (
            "not toml",
            "this is = = not toml".to_string(),
            Some(FAKE_TOKEN),
            &[],
        ),
        (
            "missing token_file",
            format!("{base}token_file = \"nope.txt\"\n"),
            None,
            &["nope.txt", "token_file"],
        ),
    ];
    for (what, text, token, must_name) in cases {
        let mut bot = Bot::spawn_raw(tempfile::tempdir().unwrap(), &text, token, "info");
        let st = bot
            .wait_exit(Duration::from_secs(20))
            .await
            .unwrap_or_else(|| panic!("{what}: still running"));
        let log = bot.log();
        assert!(!st.success(), "{what}: must exit non-zero; output:\n{log}");
        assert!(
            must_name.is_empty() || must_name.iter().any(|k| log.contains(k)),
            "{what}: the error must name {must_name:?}; output:\n{log}"
        );
        assert!(!log.contains(FAKE_TOKEN), "{what}: token printed");
        eprintln!("{what}: {}", log.lines().last().unwrap_or_default());
    }
    // An unreadable config.
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_factbot"))
        .args(["serve", "--config"])
        .arg(dir.path().join("absent.toml"))
        .env("DISCORD_TOKEN", FAKE_TOKEN)
        .output()
        .unwrap();
    assert!(!out.status.success(), "absent config must fail");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("absent.toml"),
        "names the file"
    );
    assert!(
        fake.requests().is_empty(),
        "no request before a valid config: {}",
        fake.dump()
    );
    assert_eq!(fake.gw(|g| g.connections), 0);
    drop(_g);

    // token_file when DISCORD_TOKEN is unset; the environment wins when both are set.
    for (env, file, want) in [
        (None, "file-token.abc\n", "file-token.abc"),
        (Some("env-token.xyz"), "file-token.abc\n", "env-token.xyz"),
    ] {
        let cfg = BotConfig {
            token: env.map(str::to_string),
            token_file: Some(("token.txt".into(), file.into())),
            ..BotConfig::default()
        };
        let w = World::start(cfg).await;
        let ident = w.fake.gw(|g| {
            g.identifies[0]["token"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        });
        assert!(
            ident == want || ident == format!("Bot {want}"),
            "IDENTIFY token {ident:?}, want {want:?}"
        );
        let auth = w.fake.requests()[0]
            .header("authorization")
            .unwrap_or_default()
            .to_string();
        assert_eq!(auth, format!("Bot {want}"), "REST Authorization header");
        assert!(!w.bot.log().contains(want), "the token is never logged");
        w.finish().await;
    }
}

/// A token file other users can read is warned about at start (naming the file, never the
/// token); a private one is not. The API URL is a closed loopback port: the bot stops right after.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_file_others_can_read_is_warned_about() {
    use std::os::unix::fs::PermissionsExt;
    for (mode, warned) in [(0o644, true), (0o600, false)] {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("token.txt");
        std::fs::write(&file, format!("{FAKE_TOKEN}\n")).unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode)).unwrap();
        let config = "[discord]\ntoken_file = \"token.txt\"\napi_url = \"http://127.0.0.1:9\"\n";
        let mut bot = Bot::spawn_raw(dir, config, None, "info");
        bot.wait_exit(Duration::from_secs(30))
            .await
            .expect("the bot stops: nothing listens on the API URL");
        let log = bot.log();
        assert_eq!(
            log.contains("token.txt can be read by other users"),
            warned,
            "mode {mode:o}:\n{log}"
        );
        assert!(!log.contains(FAKE_TOKEN), "the token is printed:\n{log}");
    }
}

/// Even at RUST_LOG=trace, the token never appears in the output.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_is_never_logged_even_at_trace_level() {
    let mut w = World::start(BotConfig {
        rust_log: "trace".into(),
        ..BotConfig::default()
    })
    .await;
    w.ask(&Actor::member(22_001), guild(OTHER_CHANNEL), Q_PRAGUE)
        .await;
    let id = w.id();
    w.say(&fixtures::message(
        id,
        &Actor::member(22_002),
        guild(ANSWER_CHANNEL),
        Q_PUTIN,
        &MsgOpts::default(),
    ))
    .await;
    w.wait_reply_to(id).await;
    assert!(w.fake.gateway_close(4000));
    w.fake.wait_live(T).await;
    let log = w.bot.log();
    assert!(log.len() > 1000, "trace logging is on");
    let secret = FAKE_TOKEN.split('.').nth(1).unwrap();
    assert!(
        !log.contains(secret),
        "the token (or its secret part) is in the trace output"
    );
    w.finish().await;
}

/// The checkers themselves catch what they must (so that passing scenarios mean something).
#[test]
fn checkers_catch_bad_bodies() {
    // allowed_mentions
    assert!(allowed_mentions_problem(&json!({"content": "x"})).is_some());
    assert!(allowed_mentions_problem(
        &json!({"allowed_mentions": {"parse": ["everyone"], "replied_user": false}})
    )
    .is_some());
    assert!(allowed_mentions_problem(
        &json!({"allowed_mentions": {"parse": [], "replied_user": true}})
    )
    .is_some());
    assert!(allowed_mentions_problem(&json!({"allowed_mentions": {"parse": []}})).is_some());
    assert!(allowed_mentions_problem(
        &json!({"allowed_mentions": {"parse": [], "users": ["1"], "replied_user": false}})
    )
    .is_some());
    assert!(allowed_mentions_problem(
        &json!({"allowed_mentions": {"parse": [], "replied_user": false}})
    )
    .is_none());
    assert!(allowed_mentions_problem(
        &json!({"allowed_mentions": {"parse": [], "users": [], "roles": [], "replied_user": false}})
    )
    .is_none());
    // limits
    let long = "é".repeat(4097);
    assert!(!limit_violations(&json!({"embeds": [{"description": long}]})).is_empty());
    assert!(!limit_violations(&json!({"content": "x".repeat(2001)})).is_empty());
    assert!(!limit_violations(
        &json!({"embeds": [{"fields": [{"name": "a", "value": "v".repeat(1025)}]}]})
    )
    .is_empty());
    assert!(!limit_violations(&json!({"embeds": [{"title": "t".repeat(257)}]})).is_empty());
    let big =
        json!({"embeds": [{"description": "d".repeat(4000)}, {"description": "d".repeat(2001)}]});
    assert!(!limit_violations(&big).is_empty(), "total over 6000");
    assert!(limit_violations(
        &json!({"content": "👩‍👩‍👧‍👦".repeat(250), "embeds": [{"description": "ok"}]})
    )
    .is_empty());
    // quotes: verbatim substrings of the article pass, paraphrases fail
    let ok = json!({"embeds": [{"description": "Answer.\n\n> meeting in Prague"}]});
    assert_eq!(assert_verbatim_quote(&ok, "Prague"), "meeting in Prague");
    let bad = json!({"embeds": [{"description": "Answer.\n\n> meeting in Warsaw"}]});
    assert!(verbatim_quote(&bad, "").is_err());
    let none = json!({"content": "meeting in Prague"});
    assert!(verbatim_quote(&none, "").is_err());
    assert!(verbatim_quote(&ok, "Warsaw").is_err());
    // The quote in bold inside its sentence (markdown escaped): the sentence must be verbatim,
    // and the quote is the bold part.
    let in_context = json!({"embeds": [{"description": "Answer.\n\n> Thursday's two\\-day **meeting in Prague** is meant to focus on efforts to hammer out a package of support for Ukraine at NATO's summit in Washington in July."}]});
    assert_eq!(
        assert_verbatim_quote(&in_context, "Prague"),
        "meeting in Prague"
    );
    let altered = json!({"embeds": [{"description": "> Thursday's two\\-day **meeting in Warsaw** is meant to focus"}]});
    assert!(verbatim_quote(&altered, "").is_err());
    // Escaped stars are text, not bold.
    assert_eq!(
        read_md("a \\*\\*b\\*\\* **c**"),
        ("a **b** c".to_string(), vec!["c".to_string()])
    );
    // verdict words, buttons, replies
    let v = json!({"embeds": [{"description": "**Contradicted**: no"}], "components": [{"type": 1, "components": [{"type": 2, "label": "Post publicly", "custom_id": "post"}]}]});
    assert_eq!(assert_verdict(&v), "Contradicted");
    assert_eq!(
        buttons(&v),
        vec![("Post publicly".to_string(), "post".to_string())]
    );
}
