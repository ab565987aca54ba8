//! The TOML texts `factbot draft` writes: the article's `[[source]]` entry, its entities file and
//! its facts file, in the layout and with the comments a curator finds in a curated folder. Strings
//! are written by the `toml` crate, so any title, quote or name (quotation marks, backslashes,
//! non-ASCII) round-trips exactly: a quote read back is the article's text, byte for byte.

use std::fmt::Write;

use super::names::Candidate;
use crate::knowledge::EntityKind;

/// One drafted fact, ready to write.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DraftFact {
    pub id: String,
    pub paragraph: usize,
    /// A substring of the article, inside one paragraph.
    pub quote: String,
    pub answer: String,
    pub questions: Vec<String>,
    pub speaker: Option<String>,
}

/// A TOML string literal for `s`.
fn string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn array(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|s| string(s)).collect();
    format!("[{}]", items.join(", "))
}

/// The `[[source]]` entry of an article.
pub(crate) fn source_entry(id: &str, title: &str, date: &str, file: &str) -> String {
    format!(
        "[[source]]\nid = {}\ntitle = {}\ndate = {}\nfile = {}\n",
        string(id),
        string(title),
        string(date),
        string(file)
    )
}

fn kind_name(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "person",
        EntityKind::Place => "place",
        EntityKind::Organisation => "organisation",
        EntityKind::Country => "country",
        EntityKind::Thing => "thing",
    }
}

/// The entities file of article `id`.
pub(crate) fn entities_file(id: &str, entities: &[Candidate]) -> String {
    let mut out = format!(
        "# Who and what the article {id} names: DRAFTED by `factbot draft` from the names it\n\
         # capitalises. Check each entry: its kind, a person's role, and add the other names people\n\
         # use for it (\"NATO chief\", \"the Kremlin\"); delete what is not a name.\n\
         #\n\
         # kind: person | place | organisation | country | thing. A person's `role` is compared when a\n\
         # claim gives someone another role; `aliases` are every other way people name the entity.\n\
         # General countries and cities are known to factbot already: a country is listed here only\n\
         # because the article names it; add its other names here (\"Washington\" for the United States).\n"
    );
    for e in entities {
        out.push('\n');
        out.push_str("[[entity]]\n# draft: check kind, role and add other names\n");
        let _ = writeln!(out, "name = {}", string(&e.name));
        let _ = writeln!(out, "kind = {}", string(kind_name(e.kind)));
        if let Some(role) = &e.role {
            let _ = writeln!(out, "role = {}", string(role));
        }
        if !e.aliases.is_empty() {
            let _ = writeln!(out, "aliases = {}", array(&e.aliases));
        }
    }
    out
}

/// The facts file of article `id`.
pub(crate) fn facts_file(id: &str, title: &str, facts: &[DraftFact]) -> String {
    let mut out = format!(
        "# Draft facts for the article {id}, written by `factbot draft`.\n\
         # Title: {}\n\
         #\n\
         # One fact per informative sentence, each quoting it verbatim. factbot serves drafts as they\n\
         # are (the quotes are the article's own words), and `factbot validate` counts them. To review\n\
         # one: check that its answer says no more than the quote, its speaker, and its example\n\
         # questions (add the ways people really ask, and not_answered near misses; merge or split\n\
         # facts), then delete `draft = true`.\n",
        title.replace('\n', " ")
    );
    let mut paragraph = 0;
    for f in facts {
        if f.paragraph != paragraph {
            paragraph = f.paragraph;
            let _ = write!(out, "\n# {:-<78}\n", format!("- paragraph {paragraph} "));
        }
        out.push('\n');
        let _ = writeln!(out, "[[fact]]");
        let _ = writeln!(out, "id = {}", string(&f.id));
        let _ = writeln!(out, "source = {}", string(id));
        let _ = writeln!(out, "quote = {}", string(&f.quote));
        let _ = writeln!(out, "answer = {}", string(&f.answer));
        out.push_str("questions = [\n");
        for q in &f.questions {
            let _ = writeln!(out, "  {},", string(q));
        }
        out.push_str("]\n");
        if let Some(s) = &f.speaker {
            let _ = writeln!(out, "speaker = {}", string(s));
        }
        out.push_str("draft = true\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_round_trip_whatever_they_hold() {
        let quote = "\"No,\" he said \u{2014} it's a 'back\\slash'.";
        let f = DraftFact {
            id: "a.p1s1".into(),
            paragraph: 1,
            quote: quote.into(),
            answer: "No, he said.".into(),
            questions: vec!["what did he say".into()],
            speaker: Some("Ada \"the Countess\" Byron".into()),
        };
        let text = facts_file("a", "A \"title\"", &[f]);
        let v: toml::Table = toml::from_str(&text).unwrap();
        let fact = &v["fact"].as_array().unwrap()[0];
        assert_eq!(fact["quote"].as_str(), Some(quote));
        assert_eq!(fact["speaker"].as_str(), Some("Ada \"the Countess\" Byron"));
        assert_eq!(fact["draft"].as_bool(), Some(true));
        assert!(text.contains("# - paragraph 1 ---"), "{text}");
    }

    #[test]
    fn entities_are_commented_for_review() {
        let text = entities_file(
            "a",
            &[Candidate {
                name: "Olaf Scholz".into(),
                kind: EntityKind::Person,
                role: Some("chancellor".into()),
                aliases: vec!["Scholz".into()],
            }],
        );
        assert!(text.contains("[[entity]]\n# draft: check kind, role and add other names\nname = \"Olaf Scholz\"\nkind = \"person\"\nrole = \"chancellor\"\naliases = [\"Scholz\"]\n"), "{text}");
        let v: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(v["entity"].as_array().unwrap().len(), 1);
    }
}
