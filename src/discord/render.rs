//! What the bot says: pure functions from the engine's results to [`Reply`]s. No I/O, no Discord
//! state; limits and mention safety are applied when a reply is sent (see [`super::reply`]).

use std::time::Duration;

use crate::check::{CheckResult, Verdict};
use crate::engine::Scored;
use crate::knowledge::{Fact, Knowledge, Source};

use super::custom_id::ButtonId;
use super::limits;
use super::reply::{Button, Embed, Field, Reply};

/// How many "did you mean" buttons at most.
pub const MAX_DID_YOU_MEAN: usize = 3;

const BLUE: u32 = 0x1565C0;
const GREEN: u32 = 0x2E7D32;
const RED: u32 = 0xC62828;
const GREY: u32 = 0x757575;

/// `s` shown as typed in Discord markdown: a backslash before every character markdown gives a
/// meaning to (emphasis, code, spoilers, quotes, headings, lists, mentions), and before `[`, `]`,
/// `(` and `)`, so `[text](https://url)`, which Discord renders as a link whose target is hidden
/// even outside embeds, stays visible text. Used for what people wrote that the bot repeats (the
/// checked claim, which a moderator may post publicly).
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '~' | '`' | '|' | '>' | '<' | '#' | '-' | '[' | ']' | '(' | ')'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `> ` before every line: a Discord quote block.
pub fn quote_block(quote: &str) -> String {
    quote
        .lines()
        .map(|l| format!("> {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// "title · date · paragraph N": where a quote comes from.
pub fn source_line(source: &Source, paragraph: usize) -> String {
    format!("{} · {} · paragraph {paragraph}", source.title, source.date)
}

/// A short name for a fact, for buttons and topic lists: its first example question.
pub fn topic(fact: &Fact) -> String {
    let text = fact
        .questions
        .iter()
        .map(|q| q.trim())
        .find(|q| !q.is_empty())
        .unwrap_or(fact.answer.trim());
    capitalise(text)
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The embed for one fact: its answer, the verbatim quote as a quote block, the source below.
fn fact_embed(fact: &Fact, source: &Source) -> Embed {
    Embed {
        title: None,
        description: format!("{}\n\n{}", fact.answer.trim(), quote_block(&fact.quote)),
        fields: Vec::new(),
        footer: Some(source_line(source, fact.paragraph)),
        colour: Some(BLUE),
    }
}

/// A public answer; with "did you mean" buttons for the close alternatives, if any.
pub fn answer(fact: &Fact, source: &Source, alternatives: &[Scored]) -> Reply {
    let mut embed = fact_embed(fact, source);
    let buttons: Vec<Button> = alternatives
        .iter()
        .filter(|a| a.fact.id != fact.id)
        .filter_map(|a| {
            Some(Button {
                custom_id: ButtonId::Fact(a.fact.id.clone()).encode()?,
                label: topic(&a.fact),
                primary: false,
            })
        })
        .take(MAX_DID_YOU_MEAN)
        .collect();
    if !buttons.is_empty() {
        // Said before cutting, so it survives a very long answer.
        let note = "_Not what you asked? Did you mean:_";
        let room = limits::EMBED_DESCRIPTION.saturating_sub(limits::len(note) + 2);
        embed.description = format!("{}\n\n{note}", limits::cut(&embed.description, room));
    }
    Reply {
        content: None,
        embed: Some(embed),
        buttons,
        ephemeral: false,
    }
}

/// A fact shown on its own (a "did you mean" click): ephemeral, no buttons.
pub fn fact_card(fact: &Fact, source: &Source) -> Reply {
    Reply {
        embed: Some(fact_embed(fact, source)),
        ..Reply::default()
    }
    .ephemeral()
}

/// The engine abstained: say so, with the closest topics. Ephemeral for `/ask`.
pub fn abstain(closest: &[Scored]) -> Reply {
    let mut text = String::from(
        "**Not covered by the source**: I found nothing in the article that answers this.",
    );
    let topics: Vec<String> = closest
        .iter()
        .take(MAX_DID_YOU_MEAN)
        .map(|s| format!("• {}", limits::cut(&topic(&s.fact), 200)))
        .collect();
    if topics.is_empty() {
        text.push_str("\nSee `/sources` for what I know about, and `/help` for how to ask.");
    } else {
        text.push_str("\nClosest topics I can answer:\n");
        text.push_str(&topics.join("\n"));
    }
    Reply::text(text).ephemeral()
}

/// The verdict on a claim, for the moderator (ephemeral), with the "Post publicly" button when
/// one could be made. The embed is what gets posted, so it stands on its own: it names the claim.
pub fn verdict(claim: &str, result: &CheckResult, post: Option<&ButtonId>) -> Reply {
    let colour = match result.verdict {
        Verdict::Supported => GREEN,
        Verdict::Contradicted => RED,
        Verdict::Unverified => GREY,
    };
    let mut description = format!("**{}**: {}", result.verdict.label(), result.reason.trim());
    let mut footer = None;
    if let Some(fact) = &result.fact {
        description.push_str("\n\n");
        description.push_str(&quote_block(&fact.quote));
        footer = result
            .source
            .as_deref()
            .map(|s| source_line(s, fact.paragraph));
    }
    let claim = claim.trim();
    let embed = Embed {
        title: Some("Fact-check".into()),
        description,
        fields: vec![Field {
            name: "Claim".into(),
            value: if claim.is_empty() {
                "(empty)".into()
            } else {
                escape_markdown(claim)
            },
        }],
        footer,
        colour: Some(colour),
    };
    let buttons = post
        .and_then(ButtonId::encode)
        .map(|custom_id| Button {
            custom_id,
            label: "Post publicly".into(),
            primary: true,
        })
        .into_iter()
        .collect();
    Reply {
        content: None,
        embed: Some(embed),
        buttons,
        ephemeral: true,
    }
}

/// The type-7 update of a verdict once posted: says so; no button (the embed stays as it was).
pub fn posted(as_reply: bool) -> Reply {
    Reply::text(if as_reply {
        "Posted publicly, as a reply to the checked message."
    } else {
        "Posted publicly in this channel."
    })
}

pub fn post_failed() -> Reply {
    Reply::text("I could not post the verdict here (do I have Send Messages and Embed Links in this channel?).")
        .ephemeral()
}

pub fn nothing_to_post() -> Reply {
    Reply::text("This verdict can no longer be posted; run the fact-check again.").ephemeral()
}

pub fn not_moderator() -> Reply {
    Reply::text("Only moderators can do this (Manage Messages permission or a moderator role).")
        .ephemeral()
}

pub fn cooldown(wait: Duration) -> Reply {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    Reply::text(format!(
        "You are asking a lot at once (cooldown): try again in {} second{}.",
        secs.max(1),
        if secs <= 1 { "" } else { "s" }
    ))
    .ephemeral()
}

pub fn too_slow() -> Reply {
    Reply::text("That took me too long to work out; please try a shorter question or claim.")
        .ephemeral()
}

/// Every engine slot is taken (see `bot::engine_job_limit`): say so rather than queue.
pub fn busy() -> Reply {
    Reply::text("I'm busy answering other questions right now; please try again in a moment.")
        .ephemeral()
}

pub fn empty_question() -> Reply {
    Reply::text("Ask me a question about the article, e.g. `/ask question: who is the NATO chief?`")
        .ephemeral()
}

pub fn no_text_to_check() -> Reply {
    Reply::text("That message has no text to fact-check.").ephemeral()
}

pub fn unknown_fact() -> Reply {
    Reply::text("That fact is no longer in the fact base; ask again.").ephemeral()
}

pub fn unknown_command() -> Reply {
    Reply::text("I don't know this command (any more); see `/help`.").ephemeral()
}

/// `/help`: how to ask, and what the verdicts mean.
pub fn help(example: Option<&str>, answer_channels: &[u64]) -> Reply {
    let mut t = String::from("**Ask about the article**\n");
    match example {
        Some(q) => t.push_str(&format!(
            "• `/ask` a question, e.g. “{}”.\n",
            limits::cut(q.trim(), 200)
        )),
        None => t.push_str("• `/ask` a question.\n"),
    }
    t.push_str("• Or mention me with your question, or send it to me in a direct message");
    if answer_channels.is_empty() {
        t.push_str(".\n");
    } else {
        let chans: Vec<String> = answer_channels.iter().map(|c| format!("<#{c}>")).collect();
        t.push_str(&format!(
            "; in {} just ask (end with “?”).\n",
            chans.join(", ")
        ));
    }
    t.push_str(
        "Every answer quotes the article word for word and says which paragraph. \
         When the article does not cover a question, I say so instead of guessing.\n\n\
         **Fact-checks** (moderators): `/factcheck claim: …`, or on a message: Apps → **Fact-check**.\n\
         • **Supported**: the article says so; the quote shows where.\n\
         • **Contradicted**: the article says otherwise; the quote shows where.\n\
         • **Unverified**: the article does not cover it. That is not the same as false.\n\n\
         `/sources` lists the articles I know.",
    );
    Reply::text(t).ephemeral()
}

/// `/sources`: every source with its date and how many facts quote it.
pub fn sources(knowledge: &Knowledge) -> Reply {
    let counts = knowledge.fact_counts();
    let mut t = format!(
        "**Sources** ({} fact{} in all)\n",
        knowledge.facts().len(),
        plural(knowledge.facts().len())
    );
    for (source, n) in counts {
        t.push_str(&format!(
            "• **{}** ({}): {n} fact{}",
            source.title.trim(),
            source.date,
            plural(n)
        ));
        if let Some(url) = source.url.as_deref().filter(|u| !u.trim().is_empty()) {
            // Angle brackets: a link without a preview.
            t.push_str(&format!(" <{}>", url.trim()));
        }
        t.push('\n');
    }
    Reply::text(t).ephemeral()
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

pub fn reloaded(knowledge: &Knowledge) -> Reply {
    Reply::text(format!(
        "Reloaded: {} fact{} from {} source{}.",
        knowledge.facts().len(),
        plural(knowledge.facts().len()),
        knowledge.sources().len(),
        plural(knowledge.sources().len())
    ))
    .ephemeral()
}

/// A failed `/reload`: the errors in a code block, cut so the block stays closed.
pub fn reload_failed(errors: &str, still_serving: &Knowledge) -> Reply {
    let head = format!(
        "**Reload failed**; still serving the previous fact base ({} fact{}).\n",
        still_serving.facts().len(),
        plural(still_serving.facts().len())
    );
    // A fence inside the errors would close the block early.
    let errors = limits::defuse_mass_mentions(errors).replace("```", "`\u{200B}``");
    let room = limits::CONTENT - limits::len(&head) - limits::len("```\n\n```");
    Reply::text(format!(
        "{head}```\n{}\n```",
        limits::cut(errors.trim_end(), room)
    ))
    .ephemeral()
}

/// Another `/reload` is still loading.
pub fn reload_in_progress() -> Reply {
    Reply::text("A reload is already running; try `/reload` again in a moment to see the result.")
        .ephemeral()
}

/// The reload outlasted the interaction deadline: it goes on, and takes effect if it succeeds.
pub fn reload_still_running() -> Reply {
    Reply::text(
        "The reload is still running (a large folder?); it takes effect when it succeeds and its \
         errors go to the bot's log. Run `/reload` again in a moment to see where it stands.",
    )
    .ephemeral()
}

pub fn reload_crashed() -> Reply {
    Reply::text("**Reload failed** unexpectedly; still serving the previous fact base.").ephemeral()
}

/// Autocomplete choices: (name, value) pairs within Discord's limits, no duplicates, none empty.
pub fn choices(suggestions: &[String]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for s in suggestions {
        let s = s.trim();
        if s.is_empty() {
            continue;
        }
        let name = limits::cut(s, limits::CHOICE);
        let value = limits::prefix(s, limits::CHOICE).to_string();
        if out.iter().any(|(n, _)| *n == name) {
            continue;
        }
        out.push((name, value));
        if out.len() == limits::CHOICES {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::engine::{Engine, Options};

    fn engine() -> Engine {
        Engine::load(None, Options::default()).expect("bundled knowledge")
    }

    fn first_fact(e: &Engine) -> (Arc<Fact>, Arc<Source>) {
        let f = e.knowledge().facts()[0].clone();
        let s = e.knowledge().source_of(&f).clone();
        (f, s)
    }

    fn fake_source(title: &str) -> Source {
        // Built through the public loader path is not possible here; reuse a real one's fields.
        let e = engine();
        let mut s = (*e.knowledge().sources()[0]).clone();
        s.title = title.to_string();
        s
    }

    #[test]
    fn answer_has_quote_block_and_source_footer() {
        let e = engine();
        let (f, s) = first_fact(&e);
        let r = answer(&f, &s, &[]);
        let embed = r.embed.as_ref().unwrap();
        assert!(embed.description.starts_with(f.answer.trim()));
        assert!(embed.description.contains(&format!("> {}", f.quote)));
        assert_eq!(
            embed.footer.as_deref().unwrap(),
            format!("{} · {} · paragraph {}", s.title, s.date, f.paragraph)
        );
        assert!(!r.ephemeral);
        assert!(r.buttons.is_empty());
    }

    #[test]
    fn did_you_mean_buttons_carry_fact_ids() {
        let e = engine();
        let (f, s) = first_fact(&e);
        let alts: Vec<Scored> = e.knowledge().facts()[..6]
            .iter()
            .map(|a| Scored {
                fact: a.clone(),
                score: 0.5,
            })
            .collect();
        let r = answer(&f, &s, &alts);
        // The answered fact itself is skipped; at most 3.
        assert_eq!(r.buttons.len(), 3);
        for (b, a) in r.buttons.iter().zip(&alts[1..]) {
            assert_eq!(b.custom_id, format!("fact:{}", a.fact.id));
            assert!(!b.primary);
        }
        assert!(r
            .embed
            .unwrap()
            .description
            .ends_with("_Not what you asked? Did you mean:_"));
    }

    #[test]
    fn abstention_is_ephemeral_with_closest_topics() {
        let e = engine();
        let closest: Vec<Scored> = e.knowledge().facts()[..2]
            .iter()
            .map(|a| Scored {
                fact: a.clone(),
                score: 0.2,
            })
            .collect();
        let r = abstain(&closest);
        assert!(r.ephemeral);
        let t = r.content.unwrap();
        assert!(t.contains("Not covered by the source"));
        assert!(t.contains(&topic(&closest[0].fact)));
        let none = abstain(&[]).content.unwrap();
        assert!(none.contains("/sources"));
    }

    #[test]
    fn verdicts_say_the_word_reason_quote_and_source() {
        let e = engine();
        let (f, _) = first_fact(&e);
        let claim = f.questions[0].clone();
        let result = e.check(&f.answer);
        let post = ButtonId::Post { reply_to: None };
        let r = verdict(&claim, &result, Some(&post));
        assert!(r.ephemeral);
        let embed = r.embed.as_ref().unwrap();
        assert!(embed
            .description
            .starts_with(&format!("**{}**: ", result.verdict.label())));
        assert!(embed.description.contains(result.reason.trim()));
        if let Some(fact) = &result.fact {
            assert!(embed.description.contains(&quote_block(&fact.quote)));
            assert!(embed.footer.as_deref().unwrap().contains("paragraph"));
        }
        assert_eq!(embed.fields[0].name, "Claim");
        assert_eq!(embed.fields[0].value, escape_markdown(claim.trim()));
        assert_eq!(r.buttons.len(), 1);
        assert_eq!(r.buttons[0].custom_id, "post");
        assert!(r.buttons[0].primary);

        let unverified = e.check("zzz qqq xxyy nothing like the article");
        let r = verdict("x", &unverified, None);
        let embed = r.embed.unwrap();
        assert!(embed.description.starts_with("**Unverified**"));
        assert!(r.buttons.is_empty());
    }

    #[test]
    fn the_checked_claim_cannot_hide_a_link_or_format_the_verdict() {
        let result = CheckResult {
            verdict: Verdict::Contradicted,
            fact: None,
            source: None,
            reason: "because".into(),
            score: 0.0,
        };
        let claim = "[NATO said so](https://evil.example/x) **bold** `code` <@123> @everyone\n# Big\n> quote ||spoiler|| ~~gone~~ __u__";
        let r = verdict(claim, &result, None);
        let value = &r.embed.as_ref().unwrap().fields[0].value;
        assert!(
            !value.contains("](") && value.starts_with("\\[NATO"),
            "{value}"
        );
        for raw in [
            "**bold**",
            "`code`",
            "<@123>",
            "\n# Big",
            "\n> quote",
            "||spoiler||",
            "~~gone~~",
            "__u__",
        ] {
            assert!(!value.contains(raw), "{raw:?} left as markdown in {value}");
        }
        // Nothing is lost: unescaped, it is the claim.
        let unescaped: String = {
            let mut out = String::new();
            let mut it = value.chars();
            while let Some(c) = it.next() {
                out.push(if c == '\\' { it.next().unwrap() } else { c });
            }
            out
        };
        assert_eq!(unescaped, claim);
        // And once sent, mass mentions are defused and nobody is pinged.
        let sent = serde_json::to_value(r.to_message()).unwrap();
        assert_eq!(sent["allowed_mentions"]["parse"], serde_json::json!([]));
        assert!(!sent.to_string().contains("@everyone"));
    }

    #[test]
    fn every_verdict_word_is_bold() {
        for v in [
            Verdict::Supported,
            Verdict::Contradicted,
            Verdict::Unverified,
        ] {
            let result = CheckResult {
                verdict: v,
                fact: None,
                source: None,
                reason: "because".into(),
                score: 0.0,
            };
            let r = verdict("claim", &result, None);
            assert!(r
                .embed
                .unwrap()
                .description
                .starts_with(&format!("**{}**: because", v.label())));
        }
    }

    #[test]
    fn reload_failure_keeps_the_code_block_closed_within_limits() {
        let e = engine();
        let errors = "x.toml:1: quote: ```not found``` @everyone\n".repeat(200);
        let r = reload_failed(&errors, e.knowledge());
        let sent = r.fitted().content.unwrap();
        assert!(limits::len(&sent) <= limits::CONTENT);
        assert!(sent.ends_with("\n```"), "{sent}");
        assert_eq!(sent.matches("```").count(), 2);
        assert!(!sent.contains("@everyone"));
        assert!(sent.starts_with("**Reload failed**"));
    }

    #[test]
    fn choices_are_unique_nonempty_and_short() {
        let long = "why ".repeat(60);
        let input: Vec<String> = vec![
            "".into(),
            "  ".into(),
            "a?".into(),
            "a?".into(),
            long.clone(),
            format!("{long}!"),
        ]
        .into_iter()
        .chain((0..40).map(|i| format!("q{i}")))
        .collect();
        let c = choices(&input);
        assert_eq!(c.len(), limits::CHOICES);
        assert_eq!(c[0], ("a?".into(), "a?".into()));
        assert!(c.iter().all(|(n, v)| !n.is_empty()
            && limits::len(n) <= limits::CHOICE
            && limits::len(v) <= limits::CHOICE));
        assert_eq!(c.iter().filter(|(n, _)| n.starts_with("why")).count(), 1);
    }

    #[test]
    fn sources_lists_titles_dates_and_counts() {
        let e = engine();
        let t = sources(e.knowledge()).content.unwrap();
        for (s, n) in e.knowledge().fact_counts() {
            assert!(t.contains(&s.title));
            assert!(t.contains(&s.date));
            assert!(t.contains(&format!("{n} facts")));
        }
    }

    #[test]
    fn help_explains_the_three_verdicts() {
        let t = help(Some("who is the nato chief?"), &[42]).content.unwrap();
        for w in [
            "**Supported**",
            "**Contradicted**",
            "**Unverified**",
            "/ask",
            "<#42>",
        ] {
            assert!(t.contains(w), "{w}");
        }
    }

    #[test]
    fn cooldown_rounds_up() {
        let t = cooldown(Duration::from_millis(1500)).content.unwrap();
        assert!(t.contains("2 seconds"), "{t}");
        let t = cooldown(Duration::from_millis(10)).content.unwrap();
        assert!(t.contains("1 second."), "{t}");
    }

    #[test]
    fn a_huge_title_still_fits() {
        let e = engine();
        let (f, _) = first_fact(&e);
        let s = fake_source(&"ภาษาไทย👩‍👩‍👧‍👦".repeat(1000));
        let r = answer(&f, &s, &[]).fitted();
        let embed = r.embed.unwrap();
        assert!(embed.total_len() <= limits::EMBED_TOTAL);
        assert!(limits::len(embed.footer.as_deref().unwrap()) <= limits::FOOTER);
    }
}
