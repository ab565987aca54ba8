//! The `factbot` command line, driven as a user or a script would: the JSON contracts of `ask`
//! and `check`, stdin handling, `validate`, and bad input.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_factbot"))
}

fn article() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge/sources/nato-prague-2024-05-30.txt"),
    )
    .unwrap()
}

/// Runs factbot with `args`, feeding `stdin` bytes; returns the output.
fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("factbot starts");
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn json_lines(out: &Output) -> Vec<Value> {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone())
        .expect("stdout is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

const ASK_FIELDS: [&str; 11] = [
    "question",
    "answered",
    "fact_id",
    "answer",
    "quote",
    "source",
    "score",
    "alternatives",
    "context",
    "unsure",
    "also",
];

#[track_caller]
fn assert_ask_shape(v: &Value, question: &str) {
    for f in ASK_FIELDS {
        assert!(v.get(f).is_some(), "missing field {f} in {v}");
    }
    assert_eq!(v["question"], question);
    let score = v["score"].as_f64().expect("score is a number");
    assert!((0.0..=1.0).contains(&score));
    let answered = v["answered"].as_bool().expect("answered is a bool");
    for f in ["fact_id", "answer", "quote", "source"] {
        assert_eq!(
            v[f].is_string(),
            answered,
            "{f} must be a string when answered, null when not: {v}"
        );
        if !answered {
            assert!(v[f].is_null(), "{v}");
        }
    }
    // The sentence holding the quote, verbatim from the article (issue 7).
    match v["context"].as_str() {
        Some(c) => {
            assert!(answered, "context only with an answer: {v}");
            assert!(c.contains(v["quote"].as_str().unwrap()), "{v}");
            assert!(
                article().contains(c),
                "context is the article's own words: {v}"
            );
        }
        None => assert!(!answered && v["context"].is_null(), "{v}"),
    }
    let unsure = v["unsure"].as_bool().expect("unsure is a bool");
    assert!(!(unsure && answered), "unsure only when abstaining: {v}");
    // A question asking several things: the facts answering its other questions, each with its
    // verbatim quote in its sentence; only with an answer.
    let also = v["also"].as_array().expect("also is an array");
    assert!(answered || also.is_empty(), "{v}");
    for a in also {
        for f in ["fact_id", "answer", "quote", "source", "context"] {
            assert!(a[f].is_string(), "{f} in {a}");
        }
        assert!(a["paragraph"].is_u64() && a["score"].is_number(), "{a}");
        let (quote, context) = (a["quote"].as_str().unwrap(), a["context"].as_str().unwrap());
        assert!(
            context.contains(quote) && article().contains(context),
            "{a}"
        );
    }
    for alt in v["alternatives"]
        .as_array()
        .expect("alternatives is an array")
    {
        assert!(
            alt["fact_id"].is_string() && alt["score"].is_number(),
            "{alt}"
        );
    }
}

#[test]
fn ask_json_one_object_per_stdin_line_in_order() {
    let questions = [
        "where are the foreign ministers meeting",
        "hi",
        "who warned of serious consequences",
        "",
        "asdf qwer",
        "Who is Peskov, and when did Macron make his neutralise remark?",
    ];
    let input = questions.join("\n") + "\n";
    let lines = json_lines(&run(&["ask", "--json"], input.as_bytes()));
    assert_eq!(lines.len(), questions.len());
    let article = article();
    for (v, q) in lines.iter().zip(questions) {
        assert_ask_shape(v, q);
        if let Some(quote) = v["quote"].as_str() {
            assert!(article.contains(quote), "quote not verbatim: {quote}");
        }
    }
    assert_eq!(lines[0]["answered"], true);
    assert!(lines[0]["quote"].as_str().unwrap().contains("Prague"));
    assert_eq!(lines[1]["answered"], false);
    assert_eq!(lines[2]["answered"], true);
    assert!(lines[2]["quote"]
        .as_str()
        .unwrap()
        .contains("serious consequences"));
    assert_eq!(lines[3]["answered"], false);
    assert_eq!(lines[4]["answered"], false);
    // Two questions in one: both answered, the second as `also`.
    assert_eq!(lines[5]["fact_id"], "who-is-peskov");
    assert_eq!(
        lines[5]["also"].as_array().unwrap().len(),
        1,
        "{}",
        lines[5]
    );
    for v in &lines[..5] {
        assert_eq!(v["also"], serde_json::json!([]), "{v}");
    }
}

#[test]
fn ask_quotes_keep_the_article_spelling() {
    let lines = json_lines(&run(
        &[
            "ask",
            "--json",
            "what has kyiv been pressing its supporters for",
        ],
        b"",
    ));
    let quote = lines[0]["quote"].as_str().expect("answered");
    assert!(article().contains(quote));
    assert!(!quote.contains("Kyiv"));
}

#[test]
fn each_argument_is_one_question() {
    let lines = json_lines(&run(
        &[
            "ask",
            "--json",
            "who is the nato chief",
            "who is the german chancellor",
        ],
        b"",
    ));
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["question"], "who is the german chancellor");
}

#[test]
fn ask_human_output_shows_quote_source_and_confidence() {
    let out = run(&["ask", "who is the kremlin spokesman"], b"");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success());
    assert!(text.contains("Peskov"), "{text}");
    assert!(
        text.contains("2024-05-30") && text.contains("paragraph 15"),
        "{text}"
    );
    assert!(text.contains("confidence"), "{text}");
    // The quote, marked »…«, inside its sentence.
    assert!(
        text.contains("\u{BB}Kremlin spokesman Dmitry Peskov\u{AB} said"),
        "{text}"
    );
    let out = run(&["ask", "what's the weather tomorrow"], b"");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Not covered by the source"), "{text}");
}

#[test]
fn bad_stdin_never_crashes_and_keeps_alignment() {
    let mut input = Vec::new();
    input.extend_from_slice(b"where is the meeting\n");
    input.extend_from_slice(b"caf\xe9 \xff\xfe invalid utf-8\n");
    input.extend_from_slice("x".repeat(100 * 1024).as_bytes());
    input.push(b'\n');
    input.extend_from_slice("\u{1b}[31m\u{7}control\u{0}chars\n".as_bytes());
    input.extend_from_slice("🦀🇺🇦 emoji\n".as_bytes());
    input.extend_from_slice("من قال ذلك؟ \u{202E}rtl\n".as_bytes());
    input.extend_from_slice(b"\r\n");
    input.extend_from_slice(b"last line without newline");
    let lines = json_lines(&run(&["ask", "--json"], &input));
    assert_eq!(lines.len(), 8);
    assert_eq!(lines[0]["answered"], true);
    assert!(lines[1]["question"].as_str().unwrap().contains('\u{FFFD}'));
    assert_eq!(lines[7]["question"], "last line without newline");
    let checks = json_lines(&run(&["check", "--json"], &input));
    assert_eq!(checks.len(), 8);
}

const CHECK_FIELDS: [&str; 7] = [
    "claim", "verdict", "fact_id", "quote", "source", "reason", "score",
];

#[test]
fn check_json_contract() {
    let claims = [
        "The NATO foreign ministers are meeting in Vilnius",
        "Putin warned of serious consequences",
        "Estonia backs the strikes",
    ];
    let input = claims.join("\n");
    let lines = json_lines(&run(&["check", "--json"], input.as_bytes()));
    assert_eq!(lines.len(), 3);
    let article = article();
    for (v, c) in lines.iter().zip(claims) {
        for f in CHECK_FIELDS {
            assert!(v.get(f).is_some(), "missing {f}: {v}");
        }
        assert_eq!(v["claim"], c);
        let verdict = v["verdict"].as_str().unwrap();
        assert_eq!(v["quote"].is_string(), verdict != "unverified", "{v}");
        if let Some(q) = v["quote"].as_str() {
            assert!(article.contains(q));
        }
        assert!(v["reason"].is_string());
    }
    assert_eq!(lines[0]["verdict"], "contradicted");
    assert_eq!(lines[1]["verdict"], "supported");
    assert_eq!(lines[2]["verdict"], "unverified");
}

#[test]
fn check_human_output() {
    let out = run(&["check", "Macron spoke on Sunday"], b"");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Contradicted") && text.contains("Tuesday") && text.contains("paragraph 10"),
        "{text}"
    );
}

fn knowledge_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
    copy_dir(&src, dir.path());
    let p = dir.path().to_path_buf();
    (dir, p)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

#[test]
fn validate_reports_counts_and_coverage() {
    let out = run(&["validate"], b"");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("knowledge OK") && text.contains("16 paragraphs"),
        "{text}"
    );
    assert!(text.contains("every sentence is quoted"), "{text}");
}

#[test]
fn validate_and_ask_reject_a_broken_folder_clearly() {
    let (_tmp, dir) = knowledge_copy();
    let facts = dir.join("facts/nato-prague-2024-05-30.toml");
    let text = std::fs::read_to_string(&facts).unwrap();
    let broken = text.replacen(
        "quote = \"date 2024-05-30\"",
        "quote = \"date 2024-05-31\"",
        1,
    );
    assert_ne!(
        broken, text,
        "fixture assumption: the article-date fact quotes the date token"
    );
    std::fs::write(&facts, broken).unwrap();
    let d = dir.to_str().unwrap();
    let out = run(&["validate", "--knowledge", d], b"");
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("nato-prague-2024-05-30.toml:") && err.contains("fact[0].quote"),
        "{err}"
    );
    let out = run(&["ask", "--json", "--knowledge", d, "hi"], b"");
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an exact substring"));
}

#[test]
fn knowledge_flag_uses_that_folder() {
    let (_tmp, dir) = knowledge_copy();
    let facts = dir.join("facts/nato-prague-2024-05-30.toml");
    let text = std::fs::read_to_string(&facts).unwrap();
    std::fs::write(
        &facts,
        text.replacen("answer = \"", "answer = \"CURATED COPY: ", 1),
    )
    .unwrap();
    let out = run(&["validate", "--knowledge", dir.to_str().unwrap()], b"");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = json_lines(&run(
        &[
            "ask",
            "--json",
            "--knowledge",
            dir.to_str().unwrap(),
            "when was this article published",
        ],
        b"",
    ));
    assert!(
        lines[0]["answer"]
            .as_str()
            .unwrap()
            .starts_with("CURATED COPY"),
        "{}",
        lines[0]
    );
}

#[test]
fn works_from_any_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let out = bin()
        .current_dir(tmp.path())
        .args(["ask", "--json", "who is the nato chief"])
        .output()
        .unwrap();
    let lines = json_lines(&out);
    assert_eq!(lines[0]["answered"], true);
}

/// `misses` and `stats` read the log named by the config: a missing one is an error naming it
/// (never created by a reader); an empty one gives empty reports.
#[test]
fn misses_and_stats_on_a_missing_then_an_empty_log() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("config.toml");
    std::fs::write(
        &config,
        "[discord]\napi_url = \"http://127.0.0.1:9\"\n[store]\npath = \"log/q.db\"\n",
    )
    .unwrap();
    let config = config.to_str().unwrap();
    let db = tmp.path().join("log/q.db");
    for cmd in ["misses", "stats"] {
        let out = run(&[cmd, "--config", config], b"");
        assert!(!out.status.success(), "{cmd} without a log must fail");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&db.display().to_string()), "{cmd}: {err}");
        assert!(!db.exists(), "{cmd} created the log");
    }
    std::fs::create_dir(tmp.path().join("log")).unwrap();
    drop(factbot::store::sqlite::SqliteStore::open(&db).unwrap());
    let out = run(&["misses", "--config", config, "--json"], b"");
    assert!(out.status.success());
    assert!(out.stdout.is_empty(), "no groups: no lines");
    let text = String::from_utf8(run(&["misses", "--config", config], b"").stdout).unwrap();
    assert!(text.starts_with("No missed questions"), "{text}");
    let stats = json_lines(&run(&["stats", "--config", config, "--json"], b""));
    assert_eq!(stats.len(), 1);
    assert_eq!(stats[0]["totals"]["questions"], 0);
    assert_eq!(stats[0]["rates"]["answered"], 0.0);
    let bad = run(&["misses", "--config", config, "--since", "0d"], b"");
    assert!(!bad.status.success());
}

#[cfg(unix)]
#[test]
fn invalid_utf8_arguments_are_repaired_like_stdin_lines() {
    use std::os::unix::ffi::OsStrExt;
    let arg = std::ffi::OsStr::from_bytes(b"where is the caf\xe9 \xff meeting");
    for sub in ["ask", "check"] {
        let out = bin().args([sub, "--json"]).arg(arg).output().unwrap();
        let lines = json_lines(&out);
        assert_eq!(lines.len(), 1, "{sub}");
        let field = if sub == "ask" { "question" } else { "claim" };
        let text = lines[0][field].as_str().unwrap();
        assert!(
            text.contains('\u{FFFD}') && text.contains("meeting"),
            "{sub}: {text}"
        );
        // Human output too.
        let out = bin().arg(sub).arg(arg).output().unwrap();
        assert!(out.status.success(), "{sub}: {out:?}");
    }
}

/// Runs factbot with its stdout a pipe whose reader is already gone (`factbot ... | head -0`).
#[cfg(unix)]
fn run_with_closed_stdout(args: &[&str]) -> Output {
    use std::os::fd::{FromRawFd, OwnedFd};
    let mut fds = [0; 2];
    // SAFETY: pipe() fills two fresh descriptors, each owned exactly once below.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    let (read, write) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    drop(read);
    bin()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::from(write))
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn a_closed_stdout_ends_every_subcommand_quietly() {
    for args in [
        &["validate"][..],
        &["ask", "who is the nato chief"],
        &["ask", "--json", "who is the nato chief"],
        &["ask", "--explain", "who is the nato chief"],
        &["check", "Putin warned of serious consequences"],
        &["check", "--json", "Putin warned of serious consequences"],
        &["--help"],
        &["--version"],
    ] {
        let out = run_with_closed_stdout(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {:?}\n{err}", out.status);
        assert!(err.is_empty(), "{args:?}: printed on stderr:\n{err}");
    }
}

/// Bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE and kin) can make a terminal show text
/// in another order than it is: neutralised in human output and error messages, kept exact in JSON.
#[test]
fn bidi_controls_are_neutralised_on_the_terminal_but_exact_in_json() {
    const BIDI: [char; 12] = [
        '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
        '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
    ];
    let question: String = format!("who is the nato chief {}", BIDI.iter().collect::<String>());
    for sub in ["ask", "check"] {
        let out = run(&[sub, &question], b"");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(out.status.success());
        assert!(!text.contains(BIDI), "{sub}: {text:?}");
        assert!(text.contains("who is the nato chief"), "{sub}: {text:?}");
        let lines = json_lines(&run(&[sub, "--json", &question], b""));
        let field = if sub == "ask" { "question" } else { "claim" };
        assert_eq!(
            lines[0][field],
            question.as_str(),
            "JSON keeps the exact text"
        );
    }
    // Error messages echo the folder's text: neutralised too.
    let (_tmp, dir) = knowledge_copy();
    let facts = dir.join("facts/nato-prague-2024-05-30.toml");
    let text = std::fs::read_to_string(&facts).unwrap();
    std::fs::write(
        &facts,
        // A right-to-left override, and an escape sequence (written as a TOML escape).
        text.replacen("source = \"", "source = \"\u{202E}evil\\u001b[31m", 1),
    )
    .unwrap();
    for args in [
        vec!["validate", "--knowledge", dir.to_str().unwrap()],
        vec!["ask", "--knowledge", dir.to_str().unwrap(), "hi"],
    ] {
        let out = run(&args, b"");
        assert!(!out.status.success());
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("unknown source id"), "{err}");
        assert!(
            !err.contains(BIDI) && !err.contains('\u{1b}'),
            "{args:?}: {err:?}"
        );
    }
}

/// `factbot draft` with `args`, the bundled article copied to a temporary file first.
fn draft_into(knowledge: &Path, id: &str) -> Output {
    let tmp = tempfile::tempdir().unwrap();
    let article = tmp.path().join("article.txt");
    std::fs::write(&article, article_bytes()).unwrap();
    run(
        &[
            "draft",
            article.to_str().unwrap(),
            "--id",
            id,
            "--title",
            "NATO chief urges letting Ukraine strike inside Russia",
            "--date",
            "2024-05-30",
            "--knowledge",
            knowledge.to_str().unwrap(),
        ],
        b"",
    )
}

fn article_bytes() -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge/sources/nato-prague-2024-05-30.txt"),
    )
    .unwrap()
}

#[test]
fn draft_makes_a_folder_that_validates_and_answers() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new-folder");
    let out = draft_into(&dir, "nato");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(said.contains("drafted nato:"), "{said}");
    // the text byte for byte, the entities and facts beside it
    assert_eq!(
        std::fs::read(dir.join("sources/nato.txt")).unwrap(),
        article_bytes()
    );
    assert!(dir.join("sources/nato.entities.toml").is_file());
    let facts = std::fs::read_to_string(dir.join("facts/nato.toml")).unwrap();
    assert!(facts.contains("draft = true"), "{facts}");

    let out = run(&["validate", "--knowledge", dir.to_str().unwrap()], b"");
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(report.contains("knowledge OK"), "{report}");
    assert!(
        report.contains("draft fact(s) not yet reviewed"),
        "{report}"
    );
    assert!(!report.contains("no entities file"), "{report}");

    // drafts are served, with the article's own words
    let lines = json_lines(&run(
        &[
            "ask",
            "--json",
            "--knowledge",
            dir.to_str().unwrap(),
            "what did peskov say",
        ],
        b"",
    ));
    assert_eq!(lines[0]["answered"], true, "{}", lines[0]);
    assert!(article().contains(lines[0]["quote"].as_str().unwrap()));
}

#[test]
fn draft_never_overwrites_a_curators_work() {
    let (_tmp, dir) = knowledge_copy();
    let sources = std::fs::read(dir.join("sources.toml")).unwrap();
    let facts = std::fs::read(dir.join("facts/nato-prague-2024-05-30.toml")).unwrap();
    // an id sources.toml already has
    let out = draft_into(&dir, "nato-prague-2024-05-30");
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("sources.toml:2") && err.contains("already exists"),
        "{err}"
    );
    // a facts file already there, under a new id
    std::fs::write(dir.join("facts/fresh.toml"), "# mine\n").unwrap();
    let out = draft_into(&dir, "fresh");
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("facts/fresh.toml already exists") && err.contains("nothing was written"),
        "{err}"
    );
    assert!(!dir.join("sources/fresh.txt").exists());
    assert_eq!(std::fs::read(dir.join("sources.toml")).unwrap(), sources);
    assert_eq!(
        std::fs::read(dir.join("facts/nato-prague-2024-05-30.toml")).unwrap(),
        facts
    );
    // a second article is appended beside the first
    std::fs::remove_file(dir.join("facts/fresh.toml")).unwrap();
    let out = draft_into(&dir, "fresh");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let now = std::fs::read_to_string(dir.join("sources.toml")).unwrap();
    assert!(
        now.starts_with(std::str::from_utf8(&sources).unwrap()),
        "{now}"
    );
    assert!(now.contains("id = \"fresh\""), "{now}");
}

#[test]
fn draft_refuses_an_article_that_is_not_utf8_or_not_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.txt");
    std::fs::write(&bad, b"Caf\xe9 news.\n").unwrap();
    let k = tmp.path().join("k");
    let args = |article: &Path| {
        run(
            &[
                "draft",
                article.to_str().unwrap(),
                "--id",
                "x",
                "--title",
                "T",
                "--date",
                "2024-05-30",
                "--knowledge",
                k.to_str().unwrap(),
            ],
            b"",
        )
    };
    let out = args(&bad);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("not valid UTF-8 (byte 3)"), "{err}");
    let out = args(tmp.path());
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("not a regular file"), "{err}");
    assert!(!k.exists(), "nothing is created for a refused article");
}
