//! The `clicks` table: fact buttons clicked under answers and abstentions.

use rusqlite::{params, Connection};

use super::sql_id;
use crate::store::{Click, Timestamp};

/// Stores `c`, linked to its question only if that question is in the log; `false` if the click
/// was already there or its ids are unusable.
pub(super) fn insert(conn: &Connection, c: &Click) -> rusqlite::Result<bool> {
    let (Some(id), Some(channel)) = (sql_id(c.id), sql_id(c.place.channel_id)) else {
        return Ok(false);
    };
    let n = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO clicks (id, at, guild_id, channel_id, kind, question_id, fact_id)
             VALUES (?1, ?2, ?3, ?4, ?5, (SELECT id FROM questions WHERE id = ?6), ?7)",
        )?
        .execute(params![
            id,
            c.at.0,
            c.place.guild_id.and_then(sql_id),
            channel,
            c.kind.as_str(),
            c.question_id.and_then(sql_id),
            c.fact_id,
        ])?;
    Ok(n == 1)
}

pub(super) fn prune(conn: &Connection, before: Timestamp) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM clicks WHERE at < ?1", params![before.0])
}

pub(super) fn count(conn: &Connection, since: Timestamp) -> rusqlite::Result<usize> {
    conn.query_row(
        "SELECT COUNT(*) FROM clicks WHERE at >= ?1",
        params![since.0],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n as usize)
}
