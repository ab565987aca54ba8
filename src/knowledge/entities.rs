//! An article's own world: the people, places, organisations and countries it names, their roles,
//! and the other names people use for them. Kept beside the article
//! (`sources/<id>.entities.toml`), read only for that article's facts.

use serde::Deserialize;
use toml::Spanned;

use super::Problem;
use crate::language::AliasGroup;
use crate::text::LineIndex;

/// What kind of thing an entity is: it decides which questions it can answer ("who" needs a
/// person, an organisation or a country; "where" a place) and how a wrong one reads in a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Place,
    Organisation,
    Country,
    Thing,
}

impl EntityKind {
    /// Whether it can be the one who does or says something: a person, an organisation, or a
    /// country (standing for its government). Places and things cannot.
    pub fn is_agent(self) -> bool {
        matches!(
            self,
            EntityKind::Person | EntityKind::Organisation | EntityKind::Country
        )
    }
}

/// One named entity of an article.
#[derive(Debug, Clone)]
pub struct Entity {
    /// As the article names it ("Jens Stoltenberg"); the name shown in replies.
    pub name: String,
    pub kind: EntityKind,
    /// A person's role ("secretary general"): another role given to them contradicts.
    pub role: Option<String>,
    /// Every other way people name it ("Stoltenberg", "NATO chief").
    pub aliases: Vec<String>,
}

/// Everything an entities file holds.
#[derive(Debug, Clone, Default)]
pub struct Entities {
    pub entities: Vec<Entity>,
    /// Other words this article uses for one thing ("on Russian soil" for "inside Russia").
    pub aliases: Vec<AliasGroup>,
}

impl Entities {
    /// Each entity as an alias group (its name canonical), then the plain alias groups.
    pub fn alias_groups(&self) -> impl Iterator<Item = AliasGroup> + '_ {
        self.entities
            .iter()
            .map(|e| AliasGroup {
                canonical: e.name.clone(),
                variants: e.aliases.clone(),
            })
            .chain(self.aliases.iter().cloned())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    entity: Vec<Spanned<RawEntity>>,
    #[serde(default)]
    alias: Vec<Spanned<crate::language::raw_alias::RawAlias>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntity {
    name: String,
    kind: EntityKind,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
}

/// Parses an entities file; every problem goes to `problems` with file and line.
pub(super) fn parse(name: &str, text: &str, problems: &mut Vec<Problem>) -> Entities {
    let file: File = match toml::from_str(text) {
        Ok(f) => f,
        Err(e) => {
            let lines = LineIndex::new(text);
            problems.push(Problem {
                file: name.to_string(),
                line: e.span().map(|s| lines.line(s.start)),
                field: None,
                message: crate::text::toml_message(&e),
            });
            return Entities::default();
        }
    };
    let lines = LineIndex::new(text);
    let mut entities = Vec::new();
    for (i, entry) in file.entity.into_iter().enumerate() {
        let line = Some(lines.line(entry.span().start));
        let raw = entry.into_inner();
        let mut problem = |field: &str, message: &str| {
            problems.push(Problem {
                file: name.to_string(),
                line,
                field: Some(format!("entity[{i}].{field}")),
                message: message.to_string(),
            })
        };
        if raw.name.trim().is_empty() {
            problem("name", "is empty");
            continue;
        }
        if raw.aliases.iter().any(|a| a.trim().is_empty()) {
            problem("aliases", "contains an empty alias");
            continue;
        }
        if raw.role.as_deref().is_some_and(|r| r.trim().is_empty()) {
            problem("role", "is empty (leave it out instead)");
            continue;
        }
        if raw.role.is_some() && raw.kind != EntityKind::Person {
            problem("role", "only a person has a role");
            continue;
        }
        entities.push(Entity {
            name: raw.name.trim().to_string(),
            kind: raw.kind,
            role: raw.role.map(|r| r.trim().to_string()),
            aliases: raw.aliases,
        });
    }
    let aliases = crate::language::raw_alias::alias_groups(file.alias, name, text, problems);
    Entities { entities, aliases }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_and_aliases_parse() {
        let mut p = Vec::new();
        let e = parse(
            "x.entities.toml",
            "[[entity]]\nname = \"Ada Byron\"\nkind = \"person\"\nrole = \"countess\"\naliases = [\"Ada\"]\n\n[[alias]]\ncanonical = \"engine\"\nvariants = [\"machine\"]\n",
            &mut p,
        );
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(e.entities[0].kind, EntityKind::Person);
        let groups: Vec<_> = e.alias_groups().collect();
        assert_eq!(groups[0].canonical, "Ada Byron");
        assert_eq!(groups[1].variants, ["machine"]);
    }

    #[test]
    fn problems_name_file_line_and_field() {
        let mut p = Vec::new();
        parse(
            "x.entities.toml",
            "[[entity]]\nname = \"A\"\nkind = \"person\"\n\n[[entity]]\nname = \"B\"\nkind = \"place\"\nrole = \"mayor\"\n",
            &mut p,
        );
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].line, Some(5));
        assert_eq!(p[0].field.as_deref(), Some("entity[1].role"));
        let mut p = Vec::new();
        parse(
            "x.entities.toml",
            "[[entity]]\nname = \"A\"\nkind = \"robot\"\n",
            &mut p,
        );
        assert_eq!(p.len(), 1);
        assert!(p[0].message.contains("robot"), "{p:?}");
    }
}
