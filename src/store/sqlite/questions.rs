//! The `questions` table: every question and what the bot made of it.

use rusqlite::{params, Connection, Row};

use super::sql_id;
use crate::store::clock::DAY;
use crate::store::misses::{Miss, MissKind};
use crate::store::stats::{Counts, Day};
use crate::store::{Outcome, Question, Timestamp};

/// Stores `q`; `false` if it was already there (a redelivered event) or its id is unusable.
pub(super) fn insert(conn: &Connection, q: &Question) -> rusqlite::Result<bool> {
    let (Some(id), Some(channel)) = (sql_id(q.id), sql_id(q.place.channel_id)) else {
        return Ok(false);
    };
    let n = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO questions
               (id, at, guild_id, channel_id, via, text, outcome, fact_id, closest_fact_id, confidence)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
            id,
            q.at.0,
            q.place.guild_id.and_then(sql_id),
            channel,
            q.via.as_str(),
            q.text,
            q.outcome.as_str(),
            q.fact_id,
            q.closest_fact_id,
            q.confidence,
        ])?;
    Ok(n == 1)
}

pub(super) fn prune(conn: &Connection, before: Timestamp) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM questions WHERE at < ?1", params![before.0])
}

/// Not covered, unsure, and answered-but-voted-wrong questions since `since`, oldest first,
/// each with the fact of the last candidate button clicked under its reply.
pub(super) fn misses(
    conn: &Connection,
    since: Timestamp,
    guild: Option<u64>,
) -> rusqlite::Result<Vec<Miss>> {
    let mut stmt = conn.prepare_cached(
        "SELECT q.id, q.at, q.text, q.outcome, q.fact_id, q.closest_fact_id, q.confidence,
                (SELECT c.fact_id FROM clicks c
                  WHERE c.question_id = q.id AND c.kind IN ('unsure', 'closest')
                  ORDER BY c.at DESC, c.id DESC LIMIT 1),
                (SELECT COUNT(*) FROM votes v WHERE v.question_id = q.id AND v.vote = 'helpful'),
                (SELECT COUNT(*) FROM votes v WHERE v.question_id = q.id AND v.vote = 'wrong')
           FROM questions q
          WHERE q.at >= ?1 AND (?2 IS NULL OR q.guild_id = ?2)
          ORDER BY q.id",
    )?;
    let rows = stmt.query_map(params![since.0, guild.and_then(sql_id)], |r| {
        let helpful: i64 = r.get(8)?;
        let wrong: i64 = r.get(9)?;
        let kind = match outcome(r, 3)? {
            Outcome::NotCovered => Some(MissKind::NotCovered),
            Outcome::Unsure => Some(MissKind::Unsure),
            Outcome::Answered if wrong > helpful => Some(MissKind::VotedWrong),
            Outcome::Answered => None,
        };
        let Some(kind) = kind else { return Ok(None) };
        Ok(Some(Miss {
            id: r.get::<_, i64>(0)? as u64,
            at: Timestamp(r.get(1)?),
            text: r.get(2)?,
            kind,
            fact_id: r.get(4)?,
            closest_fact_id: r.get(5)?,
            confidence: r.get(6)?,
            clicked_fact_id: r.get(7)?,
        }))
    })?;
    rows.filter_map(Result::transpose).collect()
}

/// Questions by outcome since `since`: in all, and per UTC day (oldest first).
pub(super) fn counts(conn: &Connection, since: Timestamp) -> rusqlite::Result<(Counts, Vec<Day>)> {
    let mut stmt = conn.prepare_cached(
        "SELECT at / ?2 AS day, outcome, COUNT(*) FROM questions
          WHERE at >= ?1 GROUP BY day, outcome ORDER BY day",
    )?;
    let mut totals = Counts::default();
    let mut days: Vec<(i64, Counts)> = Vec::new();
    let mut rows = stmt.query(params![since.0, DAY])?;
    while let Some(r) = rows.next()? {
        let day: i64 = r.get(0)?;
        let n = r.get::<_, i64>(2)? as usize;
        if days.last().is_none_or(|(d, _)| *d != day) {
            days.push((day, Counts::default()));
        }
        let (_, c) = days.last_mut().expect("pushed above");
        for c in [c, &mut totals] {
            c.questions += n;
            match outcome(r, 1)? {
                Outcome::Answered => c.answered += n,
                Outcome::Unsure => c.unsure += n,
                Outcome::NotCovered => c.not_covered += n,
            }
        }
    }
    let days = days
        .into_iter()
        .map(|(d, counts)| Day {
            day: Timestamp(d * DAY).day(),
            counts,
        })
        .collect();
    Ok((totals, days))
}

/// How many questions each fact answered since `since`.
pub(super) fn answered_per_fact(
    conn: &Connection,
    since: Timestamp,
) -> rusqlite::Result<Vec<(String, usize)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT fact_id, COUNT(*) FROM questions
          WHERE at >= ?1 AND outcome = 'answered' AND fact_id IS NOT NULL
          GROUP BY fact_id",
    )?;
    let rows = stmt.query_map(params![since.0], |r| {
        Ok((r.get(0)?, r.get::<_, i64>(1)? as usize))
    })?;
    rows.collect()
}

fn outcome(r: &Row, i: usize) -> rusqlite::Result<Outcome> {
    let s: String = r.get(i)?;
    Outcome::parse(&s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            format!("unknown outcome {s:?}").into(),
        )
    })
}
