//! The `votes` table: Helpful / Wrong answer, one row per (hashed) voter and answer.

use rusqlite::{params, Connection};

use super::sql_id;
use crate::store::{Timestamp, Vote};

/// Stores `v`, replacing that voter's earlier vote on the same answer. A vote for a question
/// that is not in the log as answered (a forged or stale button) is not stored: `false`.
pub(super) fn upsert(conn: &Connection, v: &Vote) -> rusqlite::Result<bool> {
    let Some(question) = sql_id(v.question_id) else {
        return Ok(false);
    };
    let n = conn
        .prepare_cached(
            "INSERT INTO votes (voter, question_id, at, vote)
             SELECT ?1, ?2, ?3, ?4
              WHERE EXISTS (SELECT 1 FROM questions WHERE id = ?2 AND outcome = 'answered')
             ON CONFLICT (voter) DO UPDATE SET vote = excluded.vote, at = excluded.at",
        )?
        .execute(params![
            v.voter.0.as_slice(),
            question,
            v.at.0,
            if v.helpful { "helpful" } else { "wrong" },
        ])?;
    Ok(n == 1)
}

/// Votes older than `before`, and votes whose question is gone.
pub(super) fn prune(conn: &Connection, before: Timestamp) -> rusqlite::Result<usize> {
    conn.execute(
        "DELETE FROM votes
          WHERE at < ?1 OR NOT EXISTS (SELECT 1 FROM questions q WHERE q.id = votes.question_id)",
        params![before.0],
    )
}

/// (fact, helpful, wrong) for the answers given since `since`.
pub(super) fn per_fact(
    conn: &Connection,
    since: Timestamp,
) -> rusqlite::Result<Vec<(String, usize, usize)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT q.fact_id, SUM(v.vote = 'helpful'), SUM(v.vote = 'wrong')
           FROM votes v JOIN questions q ON q.id = v.question_id
          WHERE q.at >= ?1 AND q.fact_id IS NOT NULL
          GROUP BY q.fact_id",
    )?;
    let rows = stmt.query_map(params![since.0], |r| {
        Ok((
            r.get(0)?,
            r.get::<_, i64>(1)? as usize,
            r.get::<_, i64>(2)? as usize,
        ))
    })?;
    rows.collect()
}
