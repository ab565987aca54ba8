//! The `fact_checks` table: claims moderators checked, and whether the verdict went public.

use rusqlite::{params, Connection};

use super::sql_id;
use crate::store::stats::Checks;
use crate::store::{FactCheck, Timestamp};

/// Stores `f`; `false` if it was already there or its ids are unusable.
pub(super) fn insert(conn: &Connection, f: &FactCheck) -> rusqlite::Result<bool> {
    let (Some(id), Some(channel)) = (sql_id(f.id), sql_id(f.place.channel_id)) else {
        return Ok(false);
    };
    let n = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO fact_checks (id, at, guild_id, channel_id, claim, verdict, fact_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            id,
            f.at.0,
            f.place.guild_id.and_then(sql_id),
            channel,
            f.claim,
            f.verdict,
            f.fact_id,
        ])?;
    Ok(n == 1)
}

/// Marks fact-check `id` as posted publicly; `false` if there is no such fact-check.
pub(super) fn mark_posted(conn: &Connection, id: u64) -> rusqlite::Result<bool> {
    let Some(id) = sql_id(id) else {
        return Ok(false);
    };
    let n = conn
        .prepare_cached("UPDATE fact_checks SET public = 1 WHERE id = ?1")?
        .execute(params![id])?;
    Ok(n == 1)
}

pub(super) fn prune(conn: &Connection, before: Timestamp) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM fact_checks WHERE at < ?1", params![before.0])
}

/// Fact-checks since `since` by verdict.
pub(super) fn counts(conn: &Connection, since: Timestamp) -> rusqlite::Result<Checks> {
    let mut stmt = conn.prepare_cached(
        "SELECT verdict, COUNT(*), SUM(public) FROM fact_checks WHERE at >= ?1 GROUP BY verdict",
    )?;
    let mut out = Checks::default();
    let mut rows = stmt.query(params![since.0])?;
    while let Some(r) = rows.next()? {
        let verdict: String = r.get(0)?;
        let n = r.get::<_, i64>(1)? as usize;
        out.total += n;
        out.posted += r.get::<_, i64>(2)? as usize;
        match verdict.as_str() {
            "supported" => out.supported += n,
            "contradicted" => out.contradicted += n,
            _ => out.unverified += n,
        }
    }
    Ok(out)
}
