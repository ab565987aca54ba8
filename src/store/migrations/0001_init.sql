-- The question log, schema version 1.
-- Times are Unix seconds (UTC). Questions and fact-checks are keyed by the Discord snowflake of
-- the interaction or message that carried them, so a button can name its row before the row is
-- written. No table holds a user id or name: votes are keyed by a keyed hash (see voter.rs).

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
) STRICT;

CREATE TABLE questions (
    id              INTEGER PRIMARY KEY,
    at              INTEGER NOT NULL,
    guild_id        INTEGER,
    channel_id      INTEGER NOT NULL,
    via             TEXT NOT NULL CHECK (via IN ('ask', 'mention', 'channel')),
    text            TEXT NOT NULL,
    outcome         TEXT NOT NULL CHECK (outcome IN ('answered', 'unsure', 'not_covered')),
    fact_id         TEXT,
    closest_fact_id TEXT,
    confidence      REAL NOT NULL
) STRICT;
CREATE INDEX questions_at ON questions (at);

CREATE TABLE clicks (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    guild_id    INTEGER,
    channel_id  INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('did_you_mean', 'unsure', 'closest')),
    question_id INTEGER,
    fact_id     TEXT NOT NULL
) STRICT;
CREATE INDEX clicks_at ON clicks (at);
CREATE INDEX clicks_question ON clicks (question_id);

CREATE TABLE votes (
    voter       BLOB PRIMARY KEY,
    question_id INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    vote        TEXT NOT NULL CHECK (vote IN ('helpful', 'wrong'))
) STRICT;
CREATE INDEX votes_question ON votes (question_id);
CREATE INDEX votes_at ON votes (at);

CREATE TABLE fact_checks (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    guild_id   INTEGER,
    channel_id INTEGER NOT NULL,
    claim      TEXT NOT NULL,
    verdict    TEXT NOT NULL CHECK (verdict IN ('supported', 'contradicted', 'unverified')),
    fact_id    TEXT,
    public     INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1))
) STRICT;
CREATE INDEX fact_checks_at ON fact_checks (at);
