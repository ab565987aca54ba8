use super::*;
use crate::store::clock::DAY;
use crate::store::misses::MissKind;
use crate::store::{Click, ClickKind, FactCheck, Outcome, Place, Question, Via, Vote};

const T0: Timestamp = Timestamp(1_717_070_400); // 2024-05-30 12:00 UTC
const PLACE: Place = Place {
    guild_id: Some(111),
    channel_id: 222,
};

fn question(id: u64, at: Timestamp, text: &str, outcome: Outcome) -> Record {
    Record::Question(Question {
        id,
        at,
        place: PLACE,
        via: Via::Ask,
        text: text.into(),
        outcome,
        fact_id: (outcome == Outcome::Answered).then(|| "venue".to_string()),
        closest_fact_id: (outcome != Outcome::Answered).then(|| "venue".to_string()),
        confidence: 0.4,
    })
}

fn vote(store: &SqliteStore, user: u64, question_id: u64, helpful: bool) -> Record {
    Record::Vote(Vote {
        voter: store.voter_key().unwrap().voter(user, question_id),
        question_id,
        at: T0,
        helpful,
    })
}

fn open_temp() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("factbot.db")).unwrap();
    (dir, store)
}

fn count(store: &SqliteStore, table: &str) -> i64 {
    store
        .conn
        .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn open_creates_a_wal_database_at_the_latest_schema_and_keeps_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("factbot.db");
    let store = SqliteStore::open(&path).unwrap();
    assert!(path.exists());
    let mode: String = store
        .conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(user_version(&store.conn).unwrap(), MIGRATIONS.len() as i64);
    let key = store.voter_key().unwrap().clone();
    drop(store);
    let again = SqliteStore::open(&path).unwrap();
    assert_eq!(again.voter_key(), Some(&key), "the key is generated once");
    let ro = SqliteStore::open_read_only(&path).unwrap();
    assert!(ro.voter_key().is_none());
}

#[test]
fn every_record_kind_is_written_and_nothing_else() {
    let (_d, mut s) = open_temp();
    let batch = vec![
        question(10, T0, "where is the meeting", Outcome::Answered),
        question(11, T0, "banana bread", Outcome::NotCovered),
        Record::Click(Click {
            id: 500,
            at: T0,
            place: PLACE,
            kind: ClickKind::Closest,
            question_id: Some(11),
            fact_id: "venue".into(),
        }),
        // A click naming a question never recorded: kept, without the link.
        Record::Click(Click {
            id: 501,
            at: T0,
            place: PLACE,
            kind: ClickKind::DidYouMean,
            question_id: Some(999),
            fact_id: "venue".into(),
        }),
        Record::FactCheck(FactCheck {
            id: 600,
            at: T0,
            place: PLACE,
            claim: "NATO meets in Warsaw".into(),
            verdict: "contradicted",
            fact_id: Some("venue".into()),
        }),
        Record::FactCheckPosted { id: 600 },
        // Refer to nothing: skipped, not stored.
        Record::FactCheckPosted { id: 601 },
        vote(&s, 7, 999, true),
        vote(&s, 7, 11, true), // a vote on an abstention: no answer to judge
        // Redelivered: stored once.
        question(10, T0, "where is the meeting", Outcome::Answered),
        // An id no snowflake has.
        question(u64::MAX, T0, "x", Outcome::Answered),
    ];
    let skipped = s.write(&batch).unwrap();
    assert_eq!(skipped, 5);
    assert_eq!(count(&s, "questions"), 2);
    assert_eq!(count(&s, "clicks"), 2);
    assert_eq!(count(&s, "votes"), 0);
    let linked: Option<i64> = s
        .conn
        .query_row("SELECT question_id FROM clicks WHERE id = 501", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(linked, None);
    let public: i64 = s
        .conn
        .query_row("SELECT public FROM fact_checks WHERE id = 600", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(public, 1);
}

#[test]
fn a_second_vote_by_the_same_person_changes_the_first() {
    let (_d, mut s) = open_temp();
    s.write(&[question(10, T0, "where", Outcome::Answered)])
        .unwrap();
    let batch = [
        vote(&s, 7, 10, true),
        vote(&s, 8, 10, true),
        vote(&s, 7, 10, false),
    ];
    assert_eq!(s.write(&batch).unwrap(), 0);
    assert_eq!(count(&s, "votes"), 2);
    let stats = s.stats(T0.minus(DAY)).unwrap();
    assert_eq!(stats.facts[0].helpful, 1);
    assert_eq!(stats.facts[0].wrong, 1);
    // 1 wrong, 1 helpful: not a miss. Person 8 changes their mind: now it is.
    assert!(s.misses(T0.minus(DAY), None).unwrap().is_empty());
    s.write(&[vote(&s, 8, 10, false)]).unwrap();
    let m = s.misses(T0.minus(DAY), None).unwrap();
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].kind, MissKind::VotedWrong);
    assert_eq!(m[0].fact_id.as_deref(), Some("venue"));
}

#[test]
fn misses_carry_the_clicked_fact_and_respect_since_and_guild() {
    let (_d, mut s) = open_temp();
    let mut elsewhere = question(12, T0, "elsewhere", Outcome::Unsure);
    if let Record::Question(q) = &mut elsewhere {
        q.place.guild_id = Some(999);
    }
    s.write(&[
        question(10, T0.minus(8 * DAY), "old", Outcome::NotCovered),
        question(11, T0, "new", Outcome::Unsure),
        elsewhere,
        question(13, T0, "fine", Outcome::Answered),
        Record::Click(Click {
            id: 500,
            at: T0,
            place: PLACE,
            kind: ClickKind::Unsure,
            question_id: Some(11),
            fact_id: "date".into(),
        }),
    ])
    .unwrap();
    let week = T0.minus(7 * DAY);
    let all = s.misses(week, None).unwrap();
    let texts: Vec<&str> = all.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, ["new", "elsewhere"]);
    assert_eq!(all[0].clicked_fact_id.as_deref(), Some("date"));
    assert_eq!(all[0].closest_fact_id.as_deref(), Some("venue"));
    let here = s.misses(week, Some(111)).unwrap();
    assert_eq!(here.len(), 1);
    assert_eq!(s.misses(T0.minus(30 * DAY), None).unwrap().len(), 3);
}

#[test]
fn stats_count_days_outcomes_facts_and_checks() {
    let (_d, mut s) = open_temp();
    s.write(&[
        question(1, T0.minus(DAY), "a", Outcome::Answered),
        question(2, T0, "b", Outcome::Answered),
        question(3, T0, "c", Outcome::NotCovered),
        question(4, T0, "d", Outcome::Unsure),
        Record::FactCheck(FactCheck {
            id: 600,
            at: T0,
            place: PLACE,
            claim: "x".into(),
            verdict: "supported",
            fact_id: None,
        }),
    ])
    .unwrap();
    let st = s.stats(T0.minus(7 * DAY)).unwrap();
    assert_eq!(st.totals.questions, 4);
    assert_eq!(
        (st.totals.answered, st.totals.unsure, st.totals.not_covered),
        (2, 1, 1)
    );
    let days: Vec<(&str, usize)> = st
        .days
        .iter()
        .map(|d| (d.day.as_str(), d.counts.questions))
        .collect();
    assert_eq!(days, [("2024-05-29", 1), ("2024-05-30", 3)]);
    assert_eq!(st.facts.len(), 1);
    assert_eq!(st.facts[0].answered, 2);
    assert_eq!(st.fact_checks.supported, 1);
    assert_eq!(st.fact_checks.posted, 0);
    let today = s.stats(T0.minus(3600)).unwrap();
    assert_eq!(today.totals.questions, 3);
}

#[test]
fn prune_drops_old_rows_and_the_votes_of_pruned_questions() {
    let (_d, mut s) = open_temp();
    let old = T0.minus(100 * DAY);
    s.write(&[
        question(1, old, "old", Outcome::Answered),
        question(2, T0, "new", Outcome::Answered),
    ])
    .unwrap();
    // A vote cast today on the old answer goes when its question goes.
    s.write(&[vote(&s, 7, 1, true), vote(&s, 7, 2, true)])
        .unwrap();
    s.write(&[Record::Click(Click {
        id: 500,
        at: old,
        place: PLACE,
        kind: ClickKind::DidYouMean,
        question_id: None,
        fact_id: "x".into(),
    })])
    .unwrap();
    let n = s.prune(T0.minus(90 * DAY)).unwrap();
    assert_eq!(n, 3);
    assert_eq!(count(&s, "questions"), 1);
    assert_eq!(count(&s, "votes"), 1);
    assert_eq!(count(&s, "clicks"), 0);
}

#[test]
fn a_corrupted_file_is_refused_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.db");
    std::fs::write(
        &path,
        b"this is not a database, just some text ".repeat(200),
    )
    .unwrap();
    for e in [
        SqliteStore::open(&path).unwrap_err(),
        SqliteStore::open_read_only(&path).unwrap_err(),
    ] {
        assert!(matches!(e, StoreError::Corrupt { .. }), "{e:?}");
        assert!(e.to_string().contains(&path.display().to_string()), "{e}");
    }
}

/// Byte 18 of an SQLite file is its "write version": above 2, SQLite must treat the file as
/// read-only. That makes a read-only database even for root, whom file modes do not stop.
pub(crate) fn make_read_only(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    bytes[18] = 3;
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_file_that_cannot_be_written_is_refused_at_open_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ro.db");
    drop(SqliteStore::open(&path).unwrap());
    make_read_only(&path);
    let e = SqliteStore::open(&path).unwrap_err();
    assert!(matches!(e, StoreError::ReadOnly { .. }), "{e:?}");
    assert!(e.to_string().contains("ro.db"), "{e}");
    // Reading it is still fine.
    assert!(SqliteStore::open_read_only(&path).is_ok());
}

#[test]
fn missing_newer_and_folder_paths_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.db");
    let e = SqliteStore::open_read_only(&missing).unwrap_err();
    assert!(matches!(e, StoreError::Missing { .. }), "{e:?}");
    assert!(!missing.exists(), "reading never creates the file");

    let path = dir.path().join("newer.db");
    let s = SqliteStore::open(&path).unwrap();
    s.conn.pragma_update(None, "user_version", 99).unwrap();
    drop(s);
    let e = SqliteStore::open(&path).unwrap_err();
    assert!(
        matches!(e, StoreError::NewerSchema { found: 99, .. }),
        "{e:?}"
    );
    assert!(SqliteStore::open_read_only(&path).is_err());

    let e = SqliteStore::open(dir.path()).unwrap_err();
    assert!(
        e.to_string().contains(&dir.path().display().to_string()),
        "{e}"
    );
}
