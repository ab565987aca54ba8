//! What the bot says: pure functions from the engine's results to [`Reply`]s. No I/O, no Discord
//! state; limits and mention safety are applied when a reply is sent (see [`super::reply`]).

use std::ops::Range;
use std::time::Duration;

use crate::check::{CheckResult, Verdict};
use crate::engine::Scored;
use crate::knowledge::{Fact, Knowledge, Source};
use crate::store::misses::Group;
use crate::store::ClickKind;

use super::custom_id::ButtonId;
use super::limits;
use super::reply::{Button, Embed, Field, Reply};

/// How many "did you mean" (or unsure, or closest-topic) buttons at most.
pub const MAX_DID_YOU_MEAN: usize = 3;

/// How many groups `/misses` shows, and how many example questions each.
pub const MISSES_SHOWN: usize = 10;
pub const MISS_EXAMPLES: usize = 2;

/// The vote buttons' labels.
pub const HELPFUL: &str = "Helpful";
pub const WRONG_ANSWER: &str = "Wrong answer";

const BLUE: u32 = 0x1565C0;
const GREEN: u32 = 0x2E7D32;
const RED: u32 = 0xC62828;
const GREY: u32 = 0x757575;

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

/// `text` with Discord markdown made literal: a backslash before every character that could
/// format (`*`, `_`, `~`, `` ` ``, `|`), quote, head or list a line (`>`, `#`, `-`), or make a
/// masked link or a mention (`[`, `]`, `(`, `)`, `<`). Discord shows escaped characters as they
/// are, so the words read the same; only their power to format is gone. Escaping `[`, `]`, `(`
/// and `)` keeps `[text](https://url)`, which Discord renders as a link whose target is hidden
/// even outside embeds, visible text.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '~' | '`' | '|' | '>' | '#' | '-' | '[' | ']' | '(' | ')' | '<'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The sentence that holds a quote, as a Discord quote block, the quote in bold: a minimal
/// quote ("meeting in Prague") is easier to trust read in its sentence. `span` is the quote's
/// byte range in `sentence` ([`Knowledge::context_of`]). Both are the source's words: escaped
/// so they cannot format, with whitespace at the quote's edges kept outside the bold markers
/// (Discord does not bold `** text**`).
pub fn quote_in_context(sentence: &str, span: Range<usize>) -> String {
    let valid = span.start <= span.end
        && span.end <= sentence.len()
        && sentence.is_char_boundary(span.start)
        && sentence.is_char_boundary(span.end);
    if !valid {
        return quote_block(&format!("**{}**", escape_markdown(sentence.trim())));
    }
    let quote = &sentence[span.clone()];
    let lead = quote.len() - quote.trim_start().len();
    let quote = quote.trim();
    let before = &sentence[..span.start + lead];
    let after = &sentence[span.start + lead + quote.len()..];
    let line = if quote.is_empty() {
        escape_markdown(sentence)
    } else {
        format!(
            "{}**{}**{}",
            escape_markdown(before),
            escape_markdown(quote),
            escape_markdown(after)
        )
    };
    quote_block(line.trim())
}

/// A fact's quote in its sentence (see [`quote_in_context`]).
pub fn fact_quote(knowledge: &Knowledge, fact: &Fact) -> String {
    let (sentence, span) = knowledge.context_of(fact);
    quote_in_context(sentence, span)
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

/// The embed for one fact: its answer, the quote in its sentence as a quote block, the source
/// below.
fn fact_embed(knowledge: &Knowledge, fact: &Fact, source: &Source) -> Embed {
    Embed {
        title: None,
        description: format!("{}\n\n{}", fact.answer.trim(), fact_quote(knowledge, fact)),
        fields: Vec::new(),
        footer: Some(source_line(source, fact.paragraph)),
        colour: Some(BLUE),
    }
}

/// Buttons showing `facts` (at most [`MAX_DID_YOU_MEAN`]), each naming the question it answers
/// and the kind of button, so the click can be recorded.
fn fact_buttons<'a>(
    facts: impl Iterator<Item = &'a Scored>,
    kind: ClickKind,
    question: u64,
) -> Vec<Button> {
    facts
        .filter_map(|a| {
            let id = ButtonId::Fact {
                fact: a.fact.id.to_string(),
                kind,
                question: Some(question),
            };
            Some(Button {
                custom_id: id.encode()?,
                label: topic(&a.fact),
                primary: false,
            })
        })
        .take(MAX_DID_YOU_MEAN)
        .collect()
}

/// The Helpful / Wrong answer buttons under the public answer to `question`.
fn vote_buttons(question: u64) -> Vec<Button> {
    [(true, HELPFUL), (false, WRONG_ANSWER)]
        .into_iter()
        .filter_map(|(helpful, label)| {
            Some(Button {
                custom_id: ButtonId::Vote { question, helpful }.encode()?,
                label: label.into(),
                primary: false,
            })
        })
        .collect()
}

/// A public answer to `question` (its snowflake): the fact, one field per fact answering the
/// question's other questions (`also`, when it asked several things), "did you mean" buttons for
/// the close alternatives, if any, then a row with the vote buttons.
pub fn answer(
    knowledge: &Knowledge,
    fact: &Fact,
    source: &Source,
    alternatives: &[Scored],
    also: &[Scored],
    question: u64,
) -> Reply {
    let mut embed = fact_embed(knowledge, fact, source);
    for other in also.iter().take(limits::FIELDS) {
        let f = &other.fact;
        let value = format!(
            "{}\n\n{}\n— {}",
            f.answer.trim(),
            fact_quote(knowledge, f),
            source_line(knowledge.source_of(f), f.paragraph)
        );
        embed.fields.push(Field {
            name: "Also".into(),
            value: limits::cut(&value, limits::FIELD_VALUE),
        });
    }
    let others = alternatives.iter().filter(|a| a.fact.id != fact.id);
    let buttons = fact_buttons(others, ClickKind::DidYouMean, question);
    if !buttons.is_empty() {
        // Said before cutting, so it survives a very long answer.
        let note = "_Not what you asked? Did you mean:_";
        let room = limits::EMBED_DESCRIPTION.saturating_sub(limits::len(note) + 2);
        embed.description = format!("{}\n\n{note}", limits::cut(&embed.description, room));
    }
    Reply {
        content: None,
        embed: Some(embed),
        rows: vec![buttons, vote_buttons(question)],
        ephemeral: false,
    }
}

/// A fact shown on its own (a fact button's click): ephemeral, no buttons.
pub fn fact_card(knowledge: &Knowledge, fact: &Fact, source: &Source) -> Reply {
    Reply {
        embed: Some(fact_embed(knowledge, fact, source)),
        ..Reply::default()
    }
    .ephemeral()
}

/// The engine abstained on `question`: say so, with the closest topics as buttons. Ephemeral
/// for `/ask`.
pub fn abstain(closest: &[Scored], question: u64) -> Reply {
    let mut text = String::from(
        "**Not covered by the source**: I found nothing in the article that answers this.",
    );
    let buttons = fact_buttons(closest.iter(), ClickKind::Closest, question);
    if buttons.is_empty() {
        text.push_str("\nSee `/sources` for what I know about, and `/help` for how to ask.");
    } else {
        text.push_str("\nClosest topics I can answer:");
    }
    Reply {
        rows: vec![buttons],
        ..Reply::text(text)
    }
    .ephemeral()
}

/// The engine is unsure about `question`: close candidates, none confident. Not a guess and not
/// a flat "not covered": the candidates as buttons. Ephemeral for `/ask`.
pub fn unsure(candidates: &[Scored], question: u64) -> Reply {
    let buttons = fact_buttons(candidates.iter(), ClickKind::Unsure, question);
    if buttons.is_empty() {
        return abstain(candidates, question);
    }
    Reply {
        rows: vec![buttons],
        ..Reply::text("I'm not sure the article answers that. Did you mean:")
    }
    .ephemeral()
}

/// A vote was taken.
pub fn vote_noted() -> Reply {
    Reply::text("Thanks — noted for the curators.").ephemeral()
}

/// `/misses`: the biggest groups of missed questions of the last `days` days.
pub fn misses(groups: &[Group], days: u32) -> Reply {
    let title = format!("Missed questions, last {days} days");
    if groups.is_empty() {
        return Reply::text(format!(
            "**{title}**: none. Every question was answered, and no answer was voted wrong."
        ))
        .ephemeral();
    }
    let mut d = String::new();
    for (i, g) in groups.iter().take(MISSES_SHOWN).enumerate() {
        let o = &g.outcomes;
        let mut how = Vec::new();
        for (n, what) in [
            (o.not_covered, "not covered"),
            (o.unsure, "unsure"),
            (o.voted_wrong, "voted wrong"),
        ] {
            if n > 0 {
                how.push(format!("{n} {what}"));
            }
        }
        let fact = match &g.fact_id {
            Some(f) => format!("closest fact `{f}`"),
            None => "no close fact".to_string(),
        };
        d.push_str(&format!(
            "**{}. {}×** · {fact} · {}\n",
            i + 1,
            g.count,
            how.join(", ")
        ));
        for q in g.questions.iter().take(MISS_EXAMPLES) {
            let q = limits::cut(q.trim(), 150);
            d.push_str(&format!("• “{}”\n", escape_markdown(&q)));
        }
        d.push_str(&format!("→ _{}_\n\n", g.suggestion));
    }
    if groups.len() > MISSES_SHOWN {
        d.push_str(&format!(
            "…and {} smaller group{}. `factbot misses` lists them all.",
            groups.len() - MISSES_SHOWN,
            plural(groups.len() - MISSES_SHOWN)
        ));
    }
    Reply {
        embed: Some(Embed {
            title: Some(title),
            description: d.trim_end().to_string(),
            colour: Some(GREY),
            ..Embed::default()
        }),
        ..Reply::default()
    }
    .ephemeral()
}

pub fn misses_unavailable() -> Reply {
    Reply::text("I could not read the question log just now; see the bot's log for why.")
        .ephemeral()
}

/// The verdict on a claim, for the moderator (ephemeral), with the "Post publicly" button when
/// one could be made. The embed is what gets posted, so it stands on its own: it names the claim.
pub fn verdict(
    knowledge: &Knowledge,
    claim: &str,
    result: &CheckResult,
    post: Option<&ButtonId>,
) -> Reply {
    let colour = match result.verdict {
        Verdict::Supported => GREEN,
        Verdict::Contradicted => RED,
        Verdict::Unverified => GREY,
    };
    let mut description = format!("**{}**: {}", result.verdict.label(), result.reason.trim());
    let mut footer = None;
    if let Some(fact) = &result.fact {
        description.push_str("\n\n");
        description.push_str(&fact_quote(knowledge, fact));
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
        rows: vec![buttons],
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
         **Helpful** / **Wrong answer** under an answer tells the curators how it went; \
         `/misses` (moderators) shows what people asked that I could not answer.\n\
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

pub fn reloaded(facts: usize, sources: usize) -> Reply {
    Reply::text(format!(
        "Reloaded: {facts} fact{} from {sources} source{}.",
        plural(facts),
        plural(sources)
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

    fn scored(facts: &[Arc<Fact>], score: f64) -> Vec<Scored> {
        facts
            .iter()
            .map(|a| Scored {
                fact: a.clone(),
                score,
            })
            .collect()
    }

    /// A quote line as a reader sees it: markdown escapes and bold markers gone.
    fn as_read(line: &str) -> String {
        let mut out = String::new();
        let mut it = line.chars();
        while let Some(c) = it.next() {
            if c == '\\' {
                out.extend(it.next());
            } else {
                out.push(c);
            }
        }
        out.replace("**", "")
    }

    const Q: u64 = 1_300_000_000_000_000_001;

    #[test]
    fn answer_has_the_quote_in_its_sentence_and_the_source_footer() {
        let e = engine();
        let (f, s) = first_fact(&e);
        let r = answer(e.knowledge(), &f, &s, &[], &[], Q);
        let embed = r.embed.as_ref().unwrap();
        assert!(embed.description.starts_with(f.answer.trim()));
        let (sentence, span) = e.knowledge().context_of(&f);
        let line = embed
            .description
            .lines()
            .find(|l| l.starts_with("> "))
            .unwrap();
        assert_eq!(as_read(&line[2..]), sentence.trim());
        assert!(
            line.contains(&format!("**{}**", escape_markdown(sentence[span].trim()))),
            "{line}"
        );
        assert_eq!(
            embed.footer.as_deref().unwrap(),
            format!("{} · {} · paragraph {}", s.title, s.date, f.paragraph)
        );
        assert!(!r.ephemeral);
        // No did-you-mean row; the vote row.
        let ids: Vec<&str> = r.buttons().map(|b| b.custom_id.as_str()).collect();
        assert_eq!(
            ids,
            [format!("vote:helpful:{Q}"), format!("vote:wrong:{Q}")]
        );
        let labels: Vec<&str> = r.buttons().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["Helpful", "Wrong answer"]);
    }

    #[test]
    fn each_further_answer_is_a_field_with_its_quote_and_source() {
        let e = engine();
        let (f, s) = first_fact(&e);
        let other = e.knowledge().facts()[1].clone();
        let r = answer(
            e.knowledge(),
            &f,
            &s,
            &[],
            &scored(std::slice::from_ref(&other), 0.9),
            Q,
        );
        let embed = r.embed.as_ref().unwrap();
        assert_eq!(embed.fields.len(), 1);
        let field = &embed.fields[0];
        assert_eq!(field.name, "Also");
        assert!(field.value.starts_with(other.answer.trim()));
        assert!(field.value.contains(&fact_quote(e.knowledge(), &other)));
        assert!(field
            .value
            .ends_with(&format!("paragraph {}", other.paragraph)));
        assert!(limits::len(&field.value) <= limits::FIELD_VALUE);
    }

    #[test]
    fn every_fact_quote_is_its_sentence_verbatim_with_the_quote_in_bold() {
        let e = engine();
        for f in e.knowledge().facts() {
            let (sentence, span) = e.knowledge().context_of(f);
            let block = fact_quote(e.knowledge(), f);
            let line = block.strip_prefix("> ").unwrap();
            assert_eq!(as_read(line), sentence.trim(), "{}", f.id);
            let bold = line.split("**").nth(1).unwrap();
            assert_eq!(as_read(bold), sentence[span].trim(), "{}", f.id);
            assert!(sentence.contains(&*f.quote));
        }
    }

    #[test]
    fn source_text_cannot_format_or_link() {
        let s = "See [this](https://x.y) *now* <@123> # `code` > ~~x~~ |spoiler| - list";
        let q = s.find("*now*").unwrap();
        let block = quote_in_context(s, q..q + 5);
        let line = block.strip_prefix("> ").unwrap();
        assert_eq!(as_read(line), s);
        assert!(line.contains("**\\*now\\***"), "{line}");
        // Past the bold markers, every character that could format is escaped.
        let rest = line.replacen("**", "", 2);
        let mut escaped = false;
        for c in rest.chars() {
            if !escaped && "*_~`|<>[]()#-".contains(c) {
                panic!("{c:?} left as is: {line}");
            }
            escaped = !escaped && c == '\\';
        }
        // Whitespace at the quote's edges stays outside the markers; a bad span is no panic.
        let block = quote_in_context("a b c", 1..4);
        assert_eq!(block, "> a **b** c");
        assert_eq!(quote_in_context("héllo", 2..3), "> **héllo**");
        assert_eq!(quote_in_context("abc", 2..9), "> **abc**");
    }

    #[test]
    fn did_you_mean_buttons_name_the_question_and_the_fact() {
        let e = engine();
        let (f, s) = first_fact(&e);
        let alts = scored(&e.knowledge().facts()[..6], 0.5);
        let r = answer(e.knowledge(), &f, &s, &alts, &[], Q);
        // The answered fact itself is skipped; at most 3; the votes on a row of their own.
        assert_eq!(r.rows.len(), 2);
        assert_eq!(r.rows[0].len(), 3);
        for (b, a) in r.rows[0].iter().zip(&alts[1..]) {
            assert_eq!(b.custom_id, format!("dym:{Q}:{}", a.fact.id));
            assert!(!b.primary);
        }
        assert_eq!(r.rows[1].len(), 2);
        assert!(r
            .embed
            .unwrap()
            .description
            .ends_with("_Not what you asked? Did you mean:_"));
    }

    #[test]
    fn abstention_is_ephemeral_with_closest_topics_as_buttons() {
        let e = engine();
        let closest = scored(&e.knowledge().facts()[..2], 0.2);
        let r = abstain(&closest, Q);
        assert!(r.ephemeral);
        let t = r.content.as_deref().unwrap();
        assert!(t.contains("Not covered by the source"));
        assert!(t.contains("Closest topics"));
        let b: Vec<_> = r.buttons().collect();
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].custom_id, format!("top:{Q}:{}", closest[0].fact.id));
        assert_eq!(b[0].label, topic(&closest[0].fact));
        let none = abstain(&[], Q);
        assert!(none.content.as_deref().unwrap().contains("/sources"));
        assert_eq!(none.buttons().count(), 0);
    }

    #[test]
    fn unsure_offers_the_candidates_as_buttons() {
        let e = engine();
        let c = scored(&e.knowledge().facts()[..5], 0.45);
        let r = unsure(&c, Q);
        assert!(r.ephemeral);
        assert_eq!(
            r.content.as_deref(),
            Some("I'm not sure the article answers that. Did you mean:")
        );
        let ids: Vec<String> = r.buttons().map(|b| b.custom_id.clone()).collect();
        assert_eq!(ids.len(), MAX_DID_YOU_MEAN);
        assert_eq!(ids[0], format!("uns:{Q}:{}", c[0].fact.id));
        // Nothing to offer: a plain abstention.
        let r = unsure(&[], Q);
        assert!(r.content.unwrap().contains("Not covered"));
    }

    #[test]
    fn verdicts_say_the_word_reason_quote_and_source() {
        let e = engine();
        let (f, _) = first_fact(&e);
        let claim = f.questions[0].to_string();
        let result = e.check(&f.answer);
        let post = ButtonId::Post {
            check: Some(Q),
            reply_to: None,
        };
        let r = verdict(e.knowledge(), &claim, &result, Some(&post));
        assert!(r.ephemeral);
        let embed = r.embed.as_ref().unwrap();
        assert!(embed
            .description
            .starts_with(&format!("**{}**: ", result.verdict.label())));
        assert!(embed.description.contains(result.reason.trim()));
        if let Some(fact) = &result.fact {
            assert!(embed.description.contains(&fact_quote(e.knowledge(), fact)));
            assert!(embed.footer.as_deref().unwrap().contains("paragraph"));
        }
        assert_eq!(embed.fields[0].name, "Claim");
        assert_eq!(embed.fields[0].value, escape_markdown(claim.trim()));
        let b: Vec<_> = r.buttons().collect();
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].custom_id, format!("post:{Q}"));
        assert!(b[0].primary);

        let unverified = e.check("zzz qqq xxyy nothing like the article");
        let r = verdict(e.knowledge(), "x", &unverified, None);
        let embed = r.embed.as_ref().unwrap();
        assert!(embed.description.starts_with("**Unverified**"));
        assert_eq!(r.buttons().count(), 0);
    }

    #[test]
    fn misses_show_ten_groups_with_counts_and_two_examples() {
        use crate::store::misses::{Outcomes, Suggestion};
        let groups: Vec<Group> = (0..12)
            .map(|i| Group {
                fact_id: (i % 2 == 0).then(|| format!("fact-{i}")),
                count: 20 - i,
                outcomes: Outcomes {
                    not_covered: 20 - i,
                    unsure: 0,
                    voted_wrong: 0,
                },
                questions: vec![
                    format!("question {i} *bold* @everyone"),
                    format!("second {i}"),
                    format!("third {i}"),
                ],
                suggestion: Suggestion::NewFact,
            })
            .collect();
        let r = misses(&groups, 7);
        assert!(r.ephemeral);
        let d = r.fitted().embed.unwrap().description;
        assert!(d.contains("**1. 20×**") && d.contains("**10. 11×**"), "{d}");
        assert!(!d.contains("**11."), "{d}");
        assert!(d.contains("second 9") && !d.contains("third 0"), "{d}");
        assert!(d.contains("\\*bold\\*") && !d.contains("@everyone"), "{d}");
        assert!(d.contains("2 smaller groups"), "{d}");
        assert!(d.contains("`fact-0`") && d.contains("no close fact"));
        assert!(misses(&[], 7).content.unwrap().contains("none"));
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
        let e = crate::engine::Engine::load(None, Default::default()).unwrap();
        let r = verdict(e.knowledge(), claim, &result, None);
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
            let r = verdict(engine().knowledge(), "claim", &result, None);
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
        let r = answer(e.knowledge(), &f, &s, &[], &[], Q).fitted();
        let embed = r.embed.unwrap();
        assert!(embed.total_len() <= limits::EMBED_TOTAL);
        assert!(limits::len(embed.footer.as_deref().unwrap()) <= limits::FOOTER);
    }
}
