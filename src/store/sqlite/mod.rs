//! The question log in one SQLite file (bundled SQLite: nothing to install), in WAL mode so
//! `factbot misses` and `/misses` can read while the bot writes.
//!
//! The schema lives in `src/store/migrations/NNNN_*.sql`, applied in order on open and
//! recorded in `PRAGMA user_version`. Queries are grouped by table: `questions`, `clicks`,
//! `votes`, `fact_checks`, `meta`.

mod clicks;
mod fact_checks;
mod meta;
mod questions;
mod votes;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};

use super::misses::Miss;
use super::stats::Stats;
use super::{Record, Reports, Store, StoreError, Timestamp, VoterKey};

/// The migrations, in order: the schema version is how many have been applied.
const MIGRATIONS: &[&str] = &[include_str!("../migrations/0001_init.sql")];

/// How long a statement waits for another connection's lock before failing (the writer then
/// retries the batch later; readers give up).
const BUSY_TIMEOUT: Duration = Duration::from_millis(500);

/// An open question log.
pub struct SqliteStore {
    conn: Connection,
    path: PathBuf,
    key: Option<VoterKey>,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl SqliteStore {
    /// Opens the log for writing, creating the file when missing, checking it is intact and
    /// writable, and migrating its schema. Every failure names the file.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let at = |e| classify(path, e);
        let mut conn = Connection::open_with_flags(path, flags).map_err(at)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(at)?;
        if conn.is_readonly(rusqlite::MAIN_DB).map_err(at)? {
            return Err(StoreError::ReadOnly { path: path.into() });
        }
        check_intact(&conn, path)?;
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(at)?;
        if !mode.eq_ignore_ascii_case("wal") {
            tracing::warn!(path = %path.display(), mode, "the database is not in WAL mode");
        }
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(at)?;
        migrate(&mut conn, path)?;
        // A real write: a file SQLite may only read fails here, at start, not later.
        let key = meta::voter_key(&conn).map_err(at)?;
        meta::record_open(&conn).map_err(at)?;
        Ok(SqliteStore {
            conn,
            path: path.into(),
            key: Some(key),
        })
    }

    /// Opens an existing log for reading only (`factbot misses`, `factbot stats`, `/misses`).
    pub fn open_read_only(path: &Path) -> Result<SqliteStore, StoreError> {
        if !path.exists() {
            return Err(StoreError::Missing { path: path.into() });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let at = |e| classify(path, e);
        let conn = Connection::open_with_flags(path, flags).map_err(at)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(at)?;
        let version = user_version(&conn).map_err(at)?;
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(StoreError::NewerSchema {
                path: path.into(),
                found: version,
                known,
            });
        }
        if version < known {
            return Err(StoreError::Corrupt {
                path: path.into(),
                detail: format!(
                    "schema version {version}, expected {known}: not a factbot database, or \
                     `factbot serve` has not opened it since an upgrade"
                ),
            });
        }
        Ok(SqliteStore {
            conn,
            path: path.into(),
            key: None,
        })
    }

    /// The vote-hash key (opened for writing only).
    pub fn voter_key(&self) -> Option<&VoterKey> {
        self.key.as_ref()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Store for SqliteStore {
    fn write(&mut self, batch: &[Record]) -> Result<usize, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut skipped = 0;
        for r in batch {
            let stored = match r {
                Record::Question(q) => questions::insert(&tx, q)?,
                Record::Click(c) => clicks::insert(&tx, c)?,
                Record::Vote(v) => votes::upsert(&tx, v)?,
                Record::FactCheck(f) => fact_checks::insert(&tx, f)?,
                Record::FactCheckPosted { id } => fact_checks::mark_posted(&tx, *id)?,
            };
            skipped += usize::from(!stored);
        }
        tx.commit()?;
        Ok(skipped)
    }

    fn prune(&mut self, before: Timestamp) -> Result<usize, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Votes go with their question, so questions first.
        let n = questions::prune(&tx, before)?
            + votes::prune(&tx, before)?
            + clicks::prune(&tx, before)?
            + fact_checks::prune(&tx, before)?;
        tx.commit()?;
        Ok(n)
    }
}

impl Reports for SqliteStore {
    fn misses(&self, since: Timestamp, guild: Option<u64>) -> Result<Vec<Miss>, StoreError> {
        Ok(questions::misses(&self.conn, since, guild)?)
    }

    fn stats(&self, since: Timestamp) -> Result<Stats, StoreError> {
        let (totals, days) = questions::counts(&self.conn, since)?;
        let answered = questions::answered_per_fact(&self.conn, since)?;
        let votes = votes::per_fact(&self.conn, since)?;
        Ok(Stats {
            totals,
            days,
            facts: super::stats::fact_uses(answered, votes),
            fact_checks: fact_checks::counts(&self.conn, since)?,
            clicks: clicks::count(&self.conn, since)?,
        })
    }
}

/// A Discord snowflake as an SQLite integer; `None` beyond i64 (no real snowflake is).
fn sql_id(id: u64) -> Option<i64> {
    i64::try_from(id).ok()
}

fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// `PRAGMA quick_check`: a damaged file is refused at start, naming it.
fn check_intact(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let result: String = conn
        .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
        .map_err(|e| classify(path, e))?;
    if result == "ok" {
        Ok(())
    } else {
        Err(StoreError::Corrupt {
            path: path.into(),
            detail: result,
        })
    }
}

/// Applies the migrations the file does not have yet, each in its own transaction.
fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let at = |e| classify(path, e);
    let version = user_version(conn).map_err(at)?;
    let known = MIGRATIONS.len() as i64;
    if version > known {
        return Err(StoreError::NewerSchema {
            path: path.into(),
            found: version,
            known,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version.max(0) as usize) {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(at)?;
        tx.execute_batch(sql).map_err(at)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)
            .map_err(at)?;
        tx.commit().map_err(at)?;
        tracing::info!(path = %path.display(), version = i + 1, "database schema migrated");
    }
    Ok(())
}

/// An SQLite error on `path`, as the error a person can act on.
fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    let path = path.to_path_buf();
    match e.sqlite_error_code() {
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly { path },
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path,
            detail: e.to_string(),
        },
        _ => StoreError::Open { path, source: e },
    }
}

#[cfg(test)]
mod tests;
