"""Versioned schema migrations on PostgreSQL: the same version numbers as the SQLite chain (store/migrations.py).

PostgreSQL joined at schema version 3, so its chain starts there with the whole v3 schema; every later migration
gets one frozen script per database (same number). The version lives in ``tt_schema``; each migration runs in one
transaction holding an advisory lock, so instances starting together migrate once. A test checks that the migrated
schema equals the one the models declare.

Besides the tables of the models, PostgreSQL gets:

- a case-insensitive ICU collation named "NOCASE" (what SQLite's NOCASE does for tag and view names);
- ``tt_fold`` (lower case, accents removed with ``unaccent`` when the extension is available) and ``tt_words``
  (letters and digits only, the way FTS5's unicode61 tokenizer splits), used to build ``ticket_fts``: one
  ``tsvector`` per ticket (all text) and one of the title alone, each with a GIN index;
- ``blob`` / ``blob_chunk``: attachment bytes, content-addressed, in chunks (streamed both ways).

Longer than ~300 lines on purpose: each PostgreSQL step's DDL is frozen verbatim (it is history), so the file
grows with every step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, text

from tickettracker.store.checklists import ALL_SQL, tally

LOCK_KEY = 7_461_207  # pg_advisory_xact_lock key for schema changes ("tt" + issue 14)


@dataclass(frozen=True)
class PgMigration:
    version: int
    name: str
    apply: Callable[[Connection], None]


def _script(sql: str) -> Callable[[Connection], None]:
    def run(conn: Connection) -> None:
        for statement in sql.split(";\n"):
            if statement.strip():
                conn.exec_driver_sql(statement)

    return run


# The schema of SQLite v3 (tables and indexes exactly as store/models.py declares them).
V3_BASELINE = """
CREATE COLLATION IF NOT EXISTS "NOCASE" (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE TABLE tt_schema (version INTEGER NOT NULL);
INSERT INTO tt_schema (version) VALUES (0);
CREATE TABLE tag (
    id SERIAL NOT NULL,
    name VARCHAR COLLATE "NOCASE" NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (name)
);
CREATE TABLE ticket (
    id SERIAL NOT NULL,
    title VARCHAR NOT NULL,
    description TEXT DEFAULT '' NOT NULL,
    notes TEXT DEFAULT '' NOT NULL,
    requester VARCHAR DEFAULT '' NOT NULL,
    priority VARCHAR NOT NULL,
    priority_rank INTEGER DEFAULT '0' NOT NULL,
    status VARCHAR NOT NULL,
    hold_reason VARCHAR,
    due TIMESTAMP WITHOUT TIME ZONE,
    due_has_time BOOLEAN NOT NULL,
    created TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    updated TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    deleted_at TIMESTAMP WITHOUT TIME ZONE,
    deadline TIMESTAMP WITHOUT TIME ZONE,
    paused_seconds FLOAT NOT NULL,
    paused_since TIMESTAMP WITHOUT TIME ZONE,
    version INTEGER DEFAULT '1' NOT NULL,
    PRIMARY KEY (id)
);
CREATE INDEX ix_ticket_created ON ticket (created);
CREATE INDEX ix_ticket_deadline ON ticket (deadline);
CREATE INDEX ix_ticket_deleted_at ON ticket (deleted_at);
CREATE INDEX ix_ticket_due ON ticket (due);
CREATE INDEX ix_ticket_live_created ON ticket (deleted_at, created, id, status, priority, due, deadline);
CREATE INDEX ix_ticket_live_deadline ON ticket (deleted_at, deadline, id, status, priority, due);
CREATE INDEX ix_ticket_live_due ON ticket (deleted_at, due, id, status, priority, deadline);
CREATE INDEX ix_ticket_live_due_nulls_last ON ticket (deleted_at, (due IS NULL), due, id, status, priority, deadline);
CREATE INDEX ix_ticket_live_filters ON ticket (deleted_at, status, priority, due, deadline);
CREATE INDEX ix_ticket_live_id ON ticket (deleted_at, id, status, priority, due, deadline);
CREATE INDEX ix_ticket_live_priority ON ticket
    (deleted_at, priority_rank DESC, (deadline IS NULL), deadline, id, status, priority, due);
CREATE INDEX ix_ticket_live_title ON ticket (deleted_at, lower(title), id, status, priority, due, deadline);
CREATE INDEX ix_ticket_live_updated ON ticket (deleted_at, updated, id, status, priority, due, deadline);
CREATE INDEX ix_ticket_live_urgency ON ticket (deleted_at, (deadline IS NULL), deadline, id, status, priority, due);
CREATE INDEX ix_ticket_priority ON ticket (priority);
CREATE INDEX ix_ticket_priority_rank ON ticket (priority_rank);
CREATE INDEX ix_ticket_status ON ticket (status);
CREATE INDEX ix_ticket_updated ON ticket (updated);
CREATE TABLE ticket_tag (
    ticket_id INTEGER NOT NULL,
    tag_id INTEGER NOT NULL,
    PRIMARY KEY (ticket_id, tag_id),
    FOREIGN KEY(ticket_id) REFERENCES ticket (id) ON DELETE CASCADE,
    FOREIGN KEY(tag_id) REFERENCES tag (id) ON DELETE CASCADE
);
CREATE INDEX ix_ticket_tag_tag ON ticket_tag (tag_id, ticket_id);
CREATE TABLE ticket_update (
    id SERIAL NOT NULL,
    ticket_id INTEGER NOT NULL,
    at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    author VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    field VARCHAR,
    "old" TEXT,
    "new" TEXT,
    body TEXT DEFAULT '' NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(ticket_id) REFERENCES ticket (id) ON DELETE CASCADE
);
CREATE INDEX ix_ticket_update_at ON ticket_update (at);
CREATE INDEX ix_ticket_update_ticket_id ON ticket_update (ticket_id);
CREATE TABLE watcher (
    id SERIAL NOT NULL,
    ticket_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    value VARCHAR NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(ticket_id) REFERENCES ticket (id) ON DELETE CASCADE
);
CREATE INDEX ix_watcher_ticket_id ON watcher (ticket_id);
CREATE INDEX ix_watcher_value ON watcher (value);
CREATE TABLE attachment (
    id SERIAL NOT NULL,
    ticket_id INTEGER NOT NULL,
    update_id INTEGER,
    name VARCHAR NOT NULL,
    size INTEGER NOT NULL,
    content_type VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    created TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(ticket_id) REFERENCES ticket (id) ON DELETE CASCADE,
    FOREIGN KEY(update_id) REFERENCES ticket_update (id) ON DELETE CASCADE
);
CREATE INDEX ix_attachment_sha256 ON attachment (sha256);
CREATE INDEX ix_attachment_ticket_id ON attachment (ticket_id);
CREATE INDEX ix_attachment_update_id ON attachment (update_id);
CREATE TABLE link (
    id SERIAL NOT NULL,
    ticket_id INTEGER NOT NULL,
    update_id INTEGER,
    position INTEGER NOT NULL,
    url VARCHAR NOT NULL,
    label VARCHAR DEFAULT '' NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(ticket_id) REFERENCES ticket (id) ON DELETE CASCADE,
    FOREIGN KEY(update_id) REFERENCES ticket_update (id) ON DELETE CASCADE
);
CREATE INDEX ix_link_ticket_id ON link (ticket_id);
CREATE INDEX ix_link_update_id ON link (update_id);
CREATE TABLE saved_view (
    id SERIAL NOT NULL,
    name VARCHAR COLLATE "NOCASE" NOT NULL,
    "query" TEXT DEFAULT '' NOT NULL,
    sort VARCHAR DEFAULT '' NOT NULL,
    position INTEGER DEFAULT '0' NOT NULL,
    is_default BOOLEAN DEFAULT '0' NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (name)
);
CREATE FUNCTION tt_words(doc text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT string_to_array(btrim(regexp_replace(tt_fold(doc) COLLATE "und-x-icu", '[^[:alnum:]]+', ' ', 'g')), ' ')
$$;
CREATE TABLE ticket_fts (
    ticket_id INTEGER NOT NULL,
    title TSVECTOR NOT NULL,
    doc TSVECTOR NOT NULL,
    PRIMARY KEY (ticket_id)
);
CREATE INDEX ix_ticket_fts_doc ON ticket_fts USING gin (doc);
CREATE INDEX ix_ticket_fts_title ON ticket_fts USING gin (title);
CREATE TABLE blob (
    sha256 VARCHAR(64) NOT NULL,
    size BIGINT NOT NULL,
    PRIMARY KEY (sha256)
);
CREATE TABLE blob_chunk (
    sha256 VARCHAR(64) NOT NULL,
    seq INTEGER NOT NULL,
    data BYTEA NOT NULL,
    PRIMARY KEY (sha256, seq),
    FOREIGN KEY(sha256) REFERENCES blob (sha256) ON DELETE CASCADE
)
"""


def _fold_function(conn: Connection) -> None:
    """``tt_fold``: lower case, and accents removed when ``unaccent`` can be had (a trusted extension since
    PostgreSQL 13: a database owner may create it). Without it, searches still work but "creme" misses "crème".
    """
    has_unaccent = conn.execute(text("SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'")).first()
    body = "lower(doc)"
    if has_unaccent:
        savepoint = conn.begin_nested()
        try:
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS unaccent")
            savepoint.commit()
            body = "lower(unaccent('unaccent'::regdictionary, doc))"
        except Exception:  # no privilege: keep plain lower case
            savepoint.rollback()
    conn.exec_driver_sql(
        "CREATE FUNCTION tt_fold(doc text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS"
        f" $$ SELECT {body} $$"
    )


def _v3(conn: Connection) -> None:
    _fold_function(conn)
    _script(V3_BASELINE)(conn)


V4_AGE_REFERENCE = "ALTER TABLE ticket ADD COLUMN age_reference DATE"
V5_ACCESS_LINKS = """
CREATE TABLE access_link (
    id SERIAL NOT NULL,
    name VARCHAR NOT NULL,
    token_sha256 VARCHAR NOT NULL,
    created TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    last_used TIMESTAMP WITHOUT TIME ZONE,
    revoked_at TIMESTAMP WITHOUT TIME ZONE,
    PRIMARY KEY (id),
    UNIQUE (token_sha256)
);
ALTER TABLE ticket_update ADD COLUMN access_link_id INTEGER REFERENCES access_link (id)
"""
# Writing comfort (SPEC §19): ticket templates, text snippets, and the checklist progress of each ticket.
V7_WRITING = """
CREATE TABLE ticket_template (
    id SERIAL NOT NULL,
    name VARCHAR COLLATE "NOCASE" NOT NULL,
    title_pattern VARCHAR DEFAULT '' NOT NULL,
    description TEXT DEFAULT '' NOT NULL,
    priority VARCHAR DEFAULT '' NOT NULL,
    tags TEXT DEFAULT '[]' NOT NULL,
    watchers TEXT DEFAULT '[]' NOT NULL,
    due_in_days INTEGER,
    checklist TEXT DEFAULT '[]' NOT NULL,
    position INTEGER DEFAULT '0' NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (name)
);
CREATE TABLE snippet (
    id SERIAL NOT NULL,
    name VARCHAR NOT NULL,
    body TEXT DEFAULT '' NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (name)
);
ALTER TABLE ticket ADD COLUMN checklist_done INTEGER DEFAULT '0' NOT NULL;
ALTER TABLE ticket ADD COLUMN checklist_total INTEGER DEFAULT '0' NOT NULL
"""


def _v7_writing(conn: Connection) -> None:
    _script(V7_WRITING)(conn)
    # Texts written before this version may already hold "- [ ]" lines: count them once, as every write will.
    counts = tally((r[0], r[1]) for r in conn.execute(text(ALL_SQL)))
    if counts:
        conn.execute(
            text("UPDATE ticket SET checklist_done = :d, checklist_total = :n WHERE id = :i"),
            [{"i": tid, "d": p.done, "n": p.total} for tid, p in counts.items()],
        )


# Time (SPEC §18): the SQLite chain's migration 6, in PostgreSQL types.
V6_TIME = """
CREATE TABLE recurrence (
    id SERIAL NOT NULL,
    rule VARCHAR NOT NULL,
    mode VARCHAR NOT NULL,
    zone VARCHAR NOT NULL,
    anchor VARCHAR NOT NULL,
    all_day BOOLEAN DEFAULT '0' NOT NULL,
    template TEXT NOT NULL,
    last_index INTEGER DEFAULT '0' NOT NULL,
    last_wall VARCHAR NOT NULL,
    next_at TIMESTAMP WITHOUT TIME ZONE,
    stopped_at TIMESTAMP WITHOUT TIME ZONE,
    problem TEXT DEFAULT '' NOT NULL,
    created TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    PRIMARY KEY (id)
);
CREATE INDEX ix_recurrence_next_at ON recurrence (next_at);
CREATE TABLE occurrence (
    series_id INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    ticket_id INTEGER,
    due TIMESTAMP WITHOUT TIME ZONE,
    created TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    PRIMARY KEY (series_id, idx),
    FOREIGN KEY(series_id) REFERENCES recurrence (id) ON DELETE CASCADE,
    UNIQUE (ticket_id),
    FOREIGN KEY(ticket_id) REFERENCES ticket (id) ON DELETE SET NULL
);
CREATE TABLE reminder (
    id SERIAL NOT NULL,
    ticket_id INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    "key" VARCHAR NOT NULL,
    fire_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    notified_at TIMESTAMP WITHOUT TIME ZONE,
    read_at TIMESTAMP WITHOUT TIME ZONE,
    created TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (ticket_id, "key"),
    FOREIGN KEY(ticket_id) REFERENCES ticket (id) ON DELETE CASCADE
);
CREATE INDEX ix_reminder_fire_at ON reminder (fire_at);
CREATE INDEX ix_reminder_inbox ON reminder (read_at, fire_at);
CREATE INDEX ix_reminder_ticket_id ON reminder (ticket_id);
CREATE TABLE feed_token (
    id SERIAL NOT NULL,
    token VARCHAR NOT NULL,
    created TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    revoked_at TIMESTAMP WITHOUT TIME ZONE,
    PRIMARY KEY (id),
    UNIQUE (token)
);
CREATE TABLE clock_mark (
    name VARCHAR NOT NULL,
    at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    PRIMARY KEY (name)
)
"""

# Insights (SPEC §17): the same two indexes as SQLite's step 8.
V8_INSIGHTS_INDEXES = """
CREATE INDEX ix_ticket_live_insights ON ticket
    (deleted_at, status, paused_since, created, paused_seconds, priority, due, deadline);
CREATE INDEX ix_ticket_update_kind_at ON ticket_update (kind, at, ticket_id)
"""

MIGRATIONS: tuple[PgMigration, ...] = (
    PgMigration(3, "baseline (SQLite schema v3)", _v3),
    PgMigration(4, "age reference", _script(V4_AGE_REFERENCE)),
    PgMigration(5, "access links", _script(V5_ACCESS_LINKS)),
    PgMigration(6, "time: recurrence, reminders, feed token", _script(V6_TIME)),
    PgMigration(7, "templates, snippets, checklist progress", _v7_writing),
    PgMigration(8, "insights indexes", _script(V8_INSIGHTS_INDEXES)),
)
LATEST = MIGRATIONS[-1].version


def current_version(conn: Connection) -> int:
    """The schema version (0: an empty database)."""
    if conn.execute(text("SELECT to_regclass('tt_schema')")).scalar() is None:
        return 0
    return int(conn.execute(text("SELECT version FROM tt_schema")).scalar_one())


def migrate(conn: Connection) -> list[PgMigration]:
    """Apply every pending migration, each in its own transaction under the advisory lock; return those applied.

    ``conn`` must not be in a transaction. Refuses a database with tables that are not TicketTracker's.
    """
    applied = []
    for migration in MIGRATIONS:
        with conn.begin():
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})
            version = current_version(conn)
            if version > LATEST:
                raise RuntimeError(
                    f"the database is at schema version {version}, newer than this TicketTracker knows"
                    f" ({LATEST}); upgrade TicketTracker"
                )
            if migration.version <= version:
                continue
            if version == 0 and _foreign_tables(conn):
                raise RuntimeError("the database holds tables that are not TicketTracker's; use an empty one")
            migration.apply(conn)
            conn.execute(text("UPDATE tt_schema SET version = :v"), {"v": migration.version})
        applied.append(migration)
    return applied


def _foreign_tables(conn: Connection) -> list[str]:
    stmt = text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1")
    return list(conn.execute(stmt).scalars())
