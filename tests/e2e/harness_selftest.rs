//! Self-tests of the fake Discord, driven by serenity itself (its `Http` client and an in-process
//! serenity `Client`), so that the harness is known to be right independently of factbot.

use std::time::Duration;

use serde_json::json;
use serenity::all::{
    ChannelId, ClientBuilder, Command, CommandOptionType, CommandType, Context,
    CreateAllowedMentions, CreateCommand, CreateCommandOption, CreateInteractionResponse,
    CreateInteractionResponseMessage, CreateMessage, EventHandler, GatewayIntents, GuildId,
    HttpBuilder, Interaction, MessageId, Permissions, Ready,
};

use crate::fake_discord::fixtures::{self, Actor, Place, ANSWER_CHANNEL, GUILD};
use crate::fake_discord::schema::{self, Verdict};
use crate::fake_discord::{FakeDiscord, APP_ID};

const T: Duration = Duration::from_secs(20);

fn http(fake: &FakeDiscord) -> serenity::all::Http {
    let http = HttpBuilder::new("Bot selftest-token")
        .proxy(fake.api_url())
        .ratelimiter_disabled(true)
        .build();
    http.set_application_id(serenity::all::ApplicationId::new(APP_ID));
    http
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fake_rest_answers_serenity_http_and_bodies_validate() {
    let fake = FakeDiscord::start().await;
    let http = http(&fake);

    let gw = http.get_gateway().await.expect("GET /gateway");
    assert_eq!(gw.url, fake.gateway_url());
    let bot = http.get_bot_gateway().await.expect("GET /gateway/bot");
    assert_eq!(bot.shards, 1);
    let me = http.get_current_user().await.expect("GET /users/@me");
    assert!(me.bot);
    let app = http
        .get_current_application_info()
        .await
        .expect("GET /oauth2/applications/@me");
    assert_eq!(app.id.get(), APP_ID);

    let cmds = vec![
        CreateCommand::new("ask").description("Ask").add_option(
            CreateCommandOption::new(CommandOptionType::String, "question", "q")
                .required(true)
                .max_length(300)
                .set_autocomplete(true),
        ),
        CreateCommand::new("reload")
            .description("Reload")
            .default_member_permissions(Permissions::MANAGE_MESSAGES),
        CreateCommand::new("Fact-check").kind(CommandType::Message),
    ];
    let global = Command::set_global_commands(&http, vec![])
        .await
        .expect("global overwrite");
    assert!(global.is_empty());
    let guild = GuildId::new(GUILD)
        .set_commands(&http, cmds)
        .await
        .expect("guild overwrite");
    assert_eq!(guild.len(), 3);
    assert_eq!(guild[2].kind, CommandType::Message);
    assert!(fake.command_id("ask") > 0);

    let sent = ChannelId::new(ANSWER_CHANNEL)
        .send_message(
            &http,
            CreateMessage::new()
                .content("hello @everyone")
                .allowed_mentions(CreateAllowedMentions::new().replied_user(false))
                .reference_message((ChannelId::new(ANSWER_CHANNEL), MessageId::new(42))),
        )
        .await
        .expect("create message");
    assert_eq!(sent.content, "hello @everyone");
    assert_eq!(
        sent.message_reference.unwrap().message_id.unwrap().get(),
        42
    );

    http.create_interaction_response(
        serenity::all::InteractionId::new(7),
        "tok",
        &CreateInteractionResponse::Message(
            CreateInteractionResponseMessage::new()
                .content("x")
                .ephemeral(true)
                .allowed_mentions(CreateAllowedMentions::new().replied_user(false)),
        ),
        vec![],
    )
    .await
    .expect("interaction callback (204)");
    let orig = http
        .get_original_interaction_response("tok")
        .await
        .expect("GET @original");
    assert_eq!(orig.content, "x");

    // Unknown routes are recorded and answered 404.
    assert!(http.get_guild(GuildId::new(GUILD)).await.is_err());

    let reqs = fake.requests();
    assert!(
        fake.harness_errors().is_empty(),
        "{:?}",
        fake.harness_errors()
    );
    let mut validated = 0;
    for r in reqs.iter().filter(|r| r.body.is_some()) {
        match schema::spec().check(r) {
            Verdict::Valid { .. } => validated += 1,
            other => panic!("{} {}: {other:?}", r.method, r.path),
        }
    }
    // global overwrite, guild overwrite, message, callback
    assert_eq!(validated, 4, "{}", fake.dump());
    let guild_put = reqs
        .iter()
        .find(|r| r.method == "PUT" && r.path.contains("/guilds/"))
        .unwrap();
    assert_eq!(guild_put.body()[1]["default_member_permissions"], "8192");
    assert!(guild_put
        .header("authorization")
        .is_some_and(|a| a == "Bot selftest-token"));
    assert!(reqs.iter().any(|r| r.status == 404));
}

/// Bodies with attachments come as multipart/form-data with a `payload_json` part.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fake_rest_reads_multipart_payload_json() {
    let fake = FakeDiscord::start().await;
    let http = http(&fake);
    let m = ChannelId::new(ANSWER_CHANNEL)
        .send_message(
            &http,
            CreateMessage::new().content("with a file").add_file(
                serenity::all::CreateAttachment::bytes(&b"hello\r\n--x\r\n"[..], "a.txt"),
            ),
        )
        .await
        .expect("multipart create message");
    assert_eq!(m.content, "with a file");
    let r = fake
        .requests()
        .into_iter()
        .find(|r| r.is_channel_message())
        .unwrap();
    assert!(
        r.content_type.starts_with("multipart/form-data"),
        "{}",
        r.content_type
    );
    assert_eq!(r.body()["content"], "with a file");
    assert!(
        r.multipart_parts.contains(&"payload_json".to_string()),
        "{:?}",
        r.multipart_parts
    );
    assert!(
        r.multipart_parts.iter().any(|p| p.starts_with("files[")),
        "{:?}",
        r.multipart_parts
    );
    let v = schema::spec().check(&r);
    assert!(matches!(v, Verdict::Valid { .. }), "{v:?}\n{}", r.body());
    assert!(
        fake.harness_errors().is_empty(),
        "{:?}",
        fake.harness_errors()
    );
}

#[test]
fn schema_catches_wrong_bodies() {
    let spec = schema::spec();
    let rec = |method: &str, path: &str, body: serde_json::Value| crate::fake_discord::Recorded {
        index: 0,
        at: std::time::Instant::now(),
        method: method.into(),
        path: path.into(),
        query: String::new(),
        headers: vec![],
        content_type: "application/json".into(),
        body: Some(body),
        multipart_parts: vec![],
        status: 200,
    };
    // An unknown callback type and a wrong allowed_mentions value are rejected.
    let bad = rec(
        "POST",
        "/api/v10/interactions/1/tok/callback",
        json!({"type": 4, "data": {"content": "x", "allowed_mentions": {"parse": ["everybody"]}}}),
    );
    assert!(matches!(spec.check(&bad), Verdict::Invalid { .. }));
    let bad = rec(
        "PUT",
        "/api/v10/applications/1/commands",
        json!([{"name": "x", "description": "y", "default_member_permissions": "manage"}]),
    );
    assert!(matches!(spec.check(&bad), Verdict::Invalid { .. }));
    let good = rec(
        "PUT",
        "/api/v10/applications/1/commands",
        json!([{"name": "x", "description": "y", "default_member_permissions": "8192"}]),
    );
    assert!(
        matches!(spec.check(&good), Verdict::Valid { .. }),
        "{:?}",
        spec.check(&good)
    );
    assert_eq!(
        spec.template("PATCH", "/api/v10/webhooks/1/tok/messages/@original")
            .as_deref(),
        Some("/webhooks/{webhook_id}/{webhook_token}/messages/@original")
    );
    let none = rec("POST", "/api/v10/nowhere", json!({}));
    assert!(matches!(spec.check(&none), Verdict::NoSchema { .. }));
}

struct Echo;

#[serenity::async_trait]
impl EventHandler for Echo {
    async fn ready(&self, ctx: Context, _r: Ready) {
        let _ = Command::set_global_commands(
            &ctx.http,
            vec![CreateCommand::new("ask").description("a")],
        )
        .await;
    }
    async fn interaction_create(&self, ctx: Context, i: Interaction) {
        if let Interaction::Command(c) = i {
            let _ = c
                .create_response(
                    &ctx.http,
                    CreateInteractionResponse::Message(
                        CreateInteractionResponseMessage::new().content("pong"),
                    ),
                )
                .await;
        }
    }
}

/// A real serenity client connects, identifies, gets READY, answers an injected interaction,
/// survives a gateway close (RESUME -> RESUMED, including an event queued while disconnected)
/// and closes cleanly.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fake_gateway_drives_a_serenity_client() {
    let fake = FakeDiscord::start().await;
    let client = ClientBuilder::new_with_http(
        http(&fake),
        GatewayIntents::GUILD_MESSAGES | GatewayIntents::MESSAGE_CONTENT,
    )
    .event_handler(Echo)
    .await
    .expect("client");
    let mut client = client;
    let manager = client.shard_manager.clone();
    let runner = tokio::spawn(async move { client.start().await });

    fake.wait_request("global overwrite", T, 0, |r| r.method == "PUT")
        .await;
    fake.wait_live(T).await;
    let ident = fake.gw(|g| g.identifies[0].clone());
    assert_eq!(ident["token"], "Bot selftest-token");
    assert_eq!(ident["intents"], (1 << 9) | (1 << 15));
    assert!(fake.gw(|g| g.connect_targets[0].contains("v=10")));

    let actor = Actor::member(77);
    let place = Place::Guild {
        channel: ANSWER_CHANNEL,
    };
    let id = fake.state.next_id();
    fake.dispatch(
        "INTERACTION_CREATE",
        fixtures::slash(&fake, id, "ask", &[], &actor, place),
    );
    let cb = fake.wait_callback(id, T).await;
    assert_eq!(cb.body()["data"]["content"], "pong");

    assert!(fake.gateway_close(4000));
    let id2 = fake.state.next_id();
    fake.dispatch(
        "INTERACTION_CREATE",
        fixtures::slash(&fake, id2, "ask", &[], &actor, place),
    );
    fake.wait_for("RESUMED", T, |f| f.gw(|g| (g.resumed == 1).then_some(())))
        .await;
    fake.wait_callback(id2, T).await;
    assert_eq!(fake.gw(|g| g.readies), 1);

    assert!(fake.gateway_kill());
    fake.wait_for("second RESUMED", T, |f| {
        f.gw(|g| (g.resumed == 2).then_some(()))
    })
    .await;
    let id3 = fake.state.next_id();
    fake.dispatch(
        "INTERACTION_CREATE",
        fixtures::slash(&fake, id3, "ask", &[], &actor, place),
    );
    fake.wait_callback(id3, T).await;

    manager.shutdown_all().await;
    fake.wait_for("client close frame", T, |f| {
        f.gw(|g| (!g.client_closes.is_empty()).then_some(()))
    })
    .await;
    let _ = tokio::time::timeout(T, runner).await;
    assert!(
        fake.harness_errors().is_empty(),
        "{:?}",
        fake.harness_errors()
    );
}

#[test]
fn fixtures_deserialize_as_serenity_types() {
    // The builders check themselves; exercise each once (no fake needed for most).
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let fake = FakeDiscord::start().await;
        let mod_ = Actor::moderator_by_role(5);
        let g = Place::Guild {
            channel: ANSWER_CHANNEL,
        };
        let dm = Place::Dm { channel: 999 };
        let m = fixtures::message(1, &Actor::member(2), g, "hi <@1>", &Default::default());
        fixtures::message(3, &Actor::bot(4), dm, "x", &Default::default());
        fixtures::message(
            5,
            &Actor::member(2),
            g,
            "x",
            &fixtures::MsgOpts {
                webhook_id: Some(9),
                reply_to: Some(1),
                mention_everyone: true,
                mentions: vec![crate::fake_discord::BOT_ID],
            },
        );
        fixtures::slash(&fake, 10, "ask", &[("question", "q")], &mod_, g);
        fixtures::slash(&fake, 11, "ask", &[("question", "q")], &mod_, dm);
        fixtures::autocomplete(&fake, 12, "ask", "question", "", &mod_, g);
        fixtures::message_command(&fake, 13, "Fact-check", &m, &mod_, g);
        let data = json!({"content": "c", "flags": 64, "embeds": [{"description": "d"}],
            "components": [{"type": 1, "components": [{"type": 2, "style": 1, "label": "Post publicly", "custom_id": "x:1"}]}]});
        let msg = fixtures::message_from_callback(14, &data, ANSWER_CHANNEL);
        fixtures::button_click(15, "x:1", &msg, &mod_, g);
        fixtures::application();
    });
}
