//! Properties over arbitrary input, run by `cargo test` with a bounded number of cases: whatever
//! people type (any string into `ask`, `check`, `suggest`) and whatever bytes a knowledge folder
//! holds, nothing panics. The loader answers with a knowledge base or with problems; the engine
//! answers with an answer, a verdict and suggestions.

use std::sync::OnceLock;

use proptest::prelude::*;

use crate::engine::{Engine, Options};
use crate::knowledge::Knowledge;

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine::load(None, Options::default()).expect("bundled knowledge loads"))
}

/// Text people might type: any characters (controls, bidi, astral, combining marks), or
/// words of the article mixed with odd ones, so matching goes deep too.
fn typed() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "NATO",
        "Prague",
        "Stoltenberg",
        "Putin",
        "not",
        "never",
        "backs",
        "opposes",
        "Kyiv's",
        "won't",
        "Warsaw",
        "Tuesday",
        "two-day",
        "?",
        "'",
        "\u{202E}",
        "\u{0}",
        "🦀",
        "e\u{301}",
        "ﬁ",
        "İ",
        "ß",
        "",
        " ",
        "\n",
        "--",
        "''",
        "n't",
    ]);
    prop_oneof![
        any::<String>(),
        "\\PC{0,200}",
        prop::collection::vec(words, 0..40).prop_map(|w| w.join(" ")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn ask_check_and_suggest_never_panic(text in typed()) {
        let e = engine();
        let a = e.ask(&text);
        prop_assert!((0.0..=1.0).contains(&a.score));
        if let Some(f) = &a.fact {
            prop_assert!(e.knowledge().source_of(f).text.contains(&*f.quote));
        }
        let r = e.check(&text);
        prop_assert!(r.score.is_finite());
        let s = e.suggest(&text, 25);
        prop_assert!(!s.is_empty() && s.len() <= 25);
        let _ = e.explain(&text, 3);
    }
}

/// The files of a small valid knowledge folder, by relative path.
const VALID: [(&str, &str); 5] = [
    (
        "sources.toml",
        "[[source]]\nid = \"a\"\ntitle = \"T\"\ndate = \"2024-05-30\"\nfile = \"a.txt\"\n",
    ),
    ("a.txt", "First paragraph says Prague.\n\nSecond one says Washington.\n"),
    (
        "facts/x.toml",
        "[[fact]]\nid = \"f1\"\nsource = \"a\"\nquote = \"says Prague\"\nanswer = \"Prague.\"\nquestions = [\"where?\"]\nsupports = [\"nato\"]\n",
    ),
    (
        "aliases.toml",
        "[[alias]]\ncanonical = \"nato\"\nvariants = [\"alliance\"]\n",
    ),
    (
        "lexicon.toml",
        "negations = [\"not\"]\n[[category]]\nname = \"city\"\nconflict = \"always\"\nvalues = [\"prague\", \"washington|dc\"]\n",
    ),
];

/// A folder's files: each one the valid text, the valid text with bytes spliced in, or
/// arbitrary bytes.
fn folder_files() -> impl Strategy<Value = Vec<Vec<u8>>> {
    let one = |valid: &'static str| {
        prop_oneof![
            3 => Just(valid.as_bytes().to_vec()),
            2 => (0..=valid.len(), prop::collection::vec(any::<u8>(), 0..8)).prop_map(
                move |(at, bytes)| {
                    let mut v = valid.as_bytes().to_vec();
                    v.splice(at..at, bytes);
                    v
                }
            ),
            1 => prop::collection::vec(any::<u8>(), 0..200),
        ]
    };
    VALID.iter().map(|(_, text)| one(text)).collect::<Vec<_>>()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn the_loader_never_panics_on_arbitrary_bytes(files in folder_files()) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("facts")).unwrap();
        for ((rel, _), bytes) in VALID.iter().zip(&files) {
            std::fs::write(dir.path().join(rel), bytes).unwrap();
        }
        match Knowledge::load_dir(dir.path()) {
            Ok(k) => {
                for f in k.facts() {
                    prop_assert!(k.source_of(f).text[f.span()] == *f.quote);
                }
                let engine = Engine::new(k);
                let _ = engine.ask("where is it");
                let _ = engine.check("it is in Prague");
            }
            Err(e) => {
                prop_assert!(!e.problems.is_empty());
                prop_assert!(e.problems.iter().all(|p| !p.file.is_empty() && !p.message.is_empty()));
            }
        }
    }
}
