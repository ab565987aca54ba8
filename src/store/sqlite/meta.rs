//! The `meta` table: the vote-hash key and when the database was last opened for writing.

use rusqlite::{params, Connection, OptionalExtension};

use crate::store::{Clock, SystemClock, VoterKey};

const VOTER_KEY: &str = "voter_key";
const OPENED_AT: &str = "opened_at";

/// The key votes are hashed with: read, or generated and stored on first use.
pub(super) fn voter_key(conn: &Connection) -> rusqlite::Result<VoterKey> {
    let stored: Option<Vec<u8>> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = ?1",
            params![VOTER_KEY],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(key) = stored.as_deref().and_then(VoterKey::from_bytes) {
        return Ok(key);
    }
    let key = VoterKey::generate().map_err(|e| {
        rusqlite::Error::ToSqlConversionFailure(format!("no random key from the OS: {e}").into())
    })?;
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
        params![VOTER_KEY, key.as_bytes().as_slice()],
    )?;
    Ok(key)
}

/// Notes the time of this open. Also proves, at start, that the file can be written.
pub(super) fn record_open(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
        params![OPENED_AT, SystemClock.now().0.to_string().into_bytes()],
    )?;
    Ok(())
}
