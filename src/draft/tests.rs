//! The drafting pipeline end to end on small synthetic articles: what a draft holds, and that the
//! folder it makes loads.

use super::*;
use crate::knowledge::{EntityKind, Knowledge};

const ARTICLE: &str =
    "date 2025-01-21 Winter storm Hilda closed 300 schools across Ohio on Monday, \
officials said.

Governor Mike DeWine said the state would reopen roads by Wednesday.

\"We have never seen snow like this,\" DeWine told reporters in Columbus.

\"Crews are working around the clock.\"

Storm warning

Schools stayed shut because the buses could not run.
";

fn article(text: &str) -> Article<'_> {
    Article {
        id: "storm-2025-01-21",
        title: "Winter storm closes schools",
        date: "2025-01-21",
        text,
    }
}

fn facts(d: &Draft) -> Vec<toml::Value> {
    let v: toml::Table = toml::from_str(&d.facts_toml).unwrap();
    v["fact"].as_array().unwrap().clone()
}

fn by_quote<'a>(facts: &'a [toml::Value], start: &str) -> &'a toml::Value {
    facts
        .iter()
        .find(|f| f["quote"].as_str().unwrap().starts_with(start))
        .unwrap_or_else(|| panic!("no fact quoting {start:?}"))
}

#[test]
fn one_draft_fact_per_informative_sentence_each_quoting_it_verbatim() {
    let d = draft(&article(ARTICLE), Language::bundled()).unwrap();
    let f = facts(&d);
    // date, 5 sentences; the heading "Storm warning" is skipped
    assert_eq!(f.len(), 6, "{}", d.facts_toml);
    assert_eq!(d.facts, 6);
    for fact in &f {
        let quote = fact["quote"].as_str().unwrap();
        assert!(ARTICLE.contains(quote), "{quote}");
        assert!(!quote.contains('\n'));
        assert_eq!(fact["draft"].as_bool(), Some(true));
        let qs = fact["questions"].as_array().unwrap();
        assert!((4..=8).contains(&qs.len()), "{fact}");
    }
    let date = by_quote(&f, "date 2025-01-21");
    assert_eq!(date["id"].as_str(), Some("storm-2025-01-21.date"));
    let lead = by_quote(&f, "Winter storm");
    assert_eq!(lead["id"].as_str(), Some("storm-2025-01-21.p1s1"));
    assert!(!d.facts_toml.contains("Storm warning\""));
}

#[test]
fn speakers_own_and_carried_over_a_paragraph() {
    let d = draft(&article(ARTICLE), Language::bundled()).unwrap();
    let f = facts(&d);
    let said = by_quote(&f, "Governor Mike DeWine");
    assert_eq!(said["speaker"].as_str(), Some("Mike DeWine"));
    let told = by_quote(&f, "\"We have never");
    assert_eq!(told["speaker"].as_str(), Some("Mike DeWine"));
    assert_eq!(
        told["answer"].as_str(),
        Some("We have never seen snow like this, DeWine told reporters in Columbus.")
    );
    let carried = by_quote(&f, "\"Crews");
    assert_eq!(carried["speaker"].as_str(), Some("Mike DeWine"));
    assert_eq!(
        carried["answer"].as_str(),
        Some("Mike DeWine said: \u{201C}Crews are working around the clock.\u{201D}")
    );
    let qs: Vec<&str> = told["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q.as_str().unwrap())
        .collect();
    assert!(qs.contains(&"what did dewine say"), "{qs:?}");
    // a sentence with nobody speaking has no speaker
    assert!(by_quote(&f, "Schools stayed").get("speaker").is_none());
    assert_eq!(d.speakers, 3);
}

#[test]
fn why_and_how_many_come_from_the_sentence() {
    let d = draft(&article(ARTICLE), Language::bundled()).unwrap();
    let f = facts(&d);
    let q = |start: &str| -> Vec<String> {
        by_quote(&f, start)["questions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q.as_str().unwrap().to_string())
            .collect()
    };
    assert!(
        q("Winter storm").contains(&"how many schools".to_string()),
        "{:?}",
        q("Winter storm")
    );
    assert!(
        q("Schools stayed").iter().any(|x| x.starts_with("why")),
        "{:?}",
        q("Schools stayed")
    );
}

#[test]
fn entities_are_drafted_with_roles_and_surnames() {
    let (_dir, d, k) = drafted_folder();
    let e = &k.sources()[0].entities;
    let dewine = e.entities.iter().find(|e| e.name == "Mike DeWine").unwrap();
    assert_eq!(dewine.kind, EntityKind::Person);
    assert_eq!(dewine.role.as_deref(), Some("governor"));
    assert_eq!(dewine.aliases, ["DeWine", "Governor"]);
    let columbus = e.entities.iter().find(|e| e.name == "Columbus").unwrap();
    assert_eq!(columbus.kind, EntityKind::Place);
    assert_eq!(
        d.entities_toml
            .matches("# draft: check kind, role and add other names")
            .count(),
        e.entities.len()
    );
}

#[test]
fn the_same_article_gives_the_same_draft() {
    let a = draft(&article(ARTICLE), Language::bundled()).unwrap();
    let b = draft(&article(ARTICLE), Language::bundled()).unwrap();
    assert_eq!(a.facts_toml, b.facts_toml);
    assert_eq!(a.entities_toml, b.entities_toml);
}

/// The drafted ARTICLE written to a folder, and loaded.
fn drafted_folder() -> (tempfile::TempDir, Draft, Knowledge) {
    let dir = tempfile::tempdir().unwrap();
    let a = article(ARTICLE);
    let d = draft(&a, Language::bundled()).unwrap();
    std::fs::create_dir_all(dir.path().join("sources")).unwrap();
    std::fs::create_dir_all(dir.path().join("facts")).unwrap();
    std::fs::write(dir.path().join(a.text_file()), ARTICLE).unwrap();
    std::fs::write(dir.path().join(a.entities_file()), &d.entities_toml).unwrap();
    std::fs::write(dir.path().join(a.facts_file()), &d.facts_toml).unwrap();
    std::fs::write(
        dir.path().join("sources.toml"),
        add_source(None, &a).unwrap(),
    )
    .unwrap();
    let k = Knowledge::load_dir(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    (dir, d, k)
}

#[test]
fn a_drafted_folder_loads_and_its_drafts_are_served() {
    let (_dir, d, k) = drafted_folder();
    assert_eq!(k.facts().len(), d.facts);
    assert!(k.facts().iter().all(|f| f.draft));
    assert!(k.sources()[0].entities_file.is_some());
    let engine = crate::Engine::new(k);
    let answer = engine.ask("how many schools did the storm close");
    let fact = answer.fact.expect("a draft answers");
    assert_eq!(&*fact.id, "storm-2025-01-21.p1s1");
}

#[test]
fn bad_input_is_refused_before_anything_is_drafted() {
    let lang = Language::bundled();
    let mut a = article(ARTICLE);
    a.id = "no spaces";
    assert_eq!(
        draft(&a, lang).unwrap_err(),
        DraftError::Id("no spaces".into())
    );
    let mut a = article(ARTICLE);
    a.date = "21/01/2025";
    assert!(matches!(draft(&a, lang), Err(DraftError::Date(_))));
    let mut a = article(ARTICLE);
    a.title = " ";
    assert_eq!(draft(&a, lang).unwrap_err(), DraftError::Title);
    assert_eq!(draft(&article(" \n"), lang).unwrap_err(), DraftError::Empty);
    assert_eq!(
        draft(&article("Oh.\n\nNo.\n"), lang).unwrap_err(),
        DraftError::NothingToDraft
    );
}

#[test]
fn a_source_is_appended_and_a_used_id_or_file_refused() {
    let a = article(ARTICLE);
    let first = add_source(None, &a).unwrap();
    assert_eq!(
        first,
        "[[source]]\nid = \"storm-2025-01-21\"\ntitle = \"Winter storm closes schools\"\ndate = \"2025-01-21\"\nfile = \"sources/storm-2025-01-21.txt\"\n"
    );
    let existing = "# my sources\n[[source]]\nid = \"other\"\ntitle = \"T\"\ndate = \"2024-01-01\"\nfile = \"sources/other.txt\"";
    let both = add_source(Some(existing), &a).unwrap();
    assert!(both.starts_with(existing), "{both}");
    assert!(both.ends_with(&first));
    let v: toml::Table = toml::from_str(&both).unwrap();
    assert_eq!(v["source"].as_array().unwrap().len(), 2);
    let e = add_source(Some(&both), &a).unwrap_err();
    assert_eq!(
        e.to_string(),
        "sources.toml:9: field `source[1].id`: a source \"storm-2025-01-21\" already exists (choose another --id)"
    );
    let clash = existing.replace("sources/other.txt", "sources/storm-2025-01-21.txt");
    assert!(matches!(
        add_source(Some(&clash), &a),
        Err(DraftError::DuplicateFile { line: 3, .. })
    ));
    let e = add_source(Some("[[source]\n"), &a).unwrap_err();
    assert!(
        matches!(e, DraftError::SourcesToml { line: Some(1), .. }),
        "{e}"
    );
}
