"""Versioned schema migrations, applied in order at start-up (SQLite ``PRAGMA user_version`` holds the version).

Each migration is frozen SQL: never edit one that has shipped; add the next. Before migrating a database that already
has data, the caller takes a backup with SQLite's backup API (see :func:`tickettracker.store.backup.snapshot`).
A test checks that the migrated schema equals the one the models declare.

Longer than ~300 lines on purpose: each schema step's SQL is frozen verbatim (it is history), so the file
grows with every step.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from tickettracker.store.checklists import ALL_SQL, tally


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[sqlite3.Connection], None]


def _script(sql: str) -> Callable[[sqlite3.Connection], None]:
    def run(conn: sqlite3.Connection) -> None:
        for statement in sql.split(";\n"):
            if statement.strip():
                conn.execute(statement)

    return run


V1_INITIAL = """
CREATE TABLE tag (
    id INTEGER NOT NULL,
    name VARCHAR COLLATE "NOCASE" NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (name)
);
CREATE TABLE ticket (
    id INTEGER NOT NULL,
    title VARCHAR NOT NULL,
    description TEXT DEFAULT '' NOT NULL,
    notes TEXT DEFAULT '' NOT NULL,
    requester VARCHAR DEFAULT '' NOT NULL,
    priority VARCHAR NOT NULL,
    priority_rank INTEGER DEFAULT '0' NOT NULL,
    status VARCHAR NOT NULL,
    hold_reason VARCHAR,
    due DATETIME,
    due_has_time BOOLEAN NOT NULL,
    created DATETIME NOT NULL,
    updated DATETIME NOT NULL,
    deleted_at DATETIME,
    deadline DATETIME,
    paused_seconds FLOAT NOT NULL,
    paused_since DATETIME,
    version INTEGER DEFAULT '1' NOT NULL,
    PRIMARY KEY (id)
);
CREATE INDEX ix_ticket_created ON ticket (created);
CREATE INDEX ix_ticket_deadline ON ticket (deadline);
CREATE INDEX ix_ticket_deleted_at ON ticket (deleted_at);
CREATE INDEX ix_ticket_due ON ticket (due);
CREATE INDEX ix_ticket_live_deadline ON ticket (deleted_at, deadline);
CREATE INDEX ix_ticket_live_updated ON ticket (deleted_at, updated);
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
    id INTEGER NOT NULL,
    ticket_id INTEGER NOT NULL,
    at DATETIME NOT NULL,
    author VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    field VARCHAR,
    old TEXT,
    new TEXT,
    body TEXT DEFAULT '' NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(ticket_id) REFERENCES ticket (id) ON DELETE CASCADE
);
CREATE INDEX ix_ticket_update_at ON ticket_update (at);
CREATE INDEX ix_ticket_update_ticket_id ON ticket_update (ticket_id);
CREATE TABLE watcher (
    id INTEGER NOT NULL,
    ticket_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    value VARCHAR NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(ticket_id) REFERENCES ticket (id) ON DELETE CASCADE
);
CREATE INDEX ix_watcher_ticket_id ON watcher (ticket_id);
CREATE INDEX ix_watcher_value ON watcher (value);
CREATE TABLE attachment (
    id INTEGER NOT NULL,
    ticket_id INTEGER NOT NULL,
    update_id INTEGER,
    name VARCHAR NOT NULL,
    size INTEGER NOT NULL,
    content_type VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    created DATETIME NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(ticket_id) REFERENCES ticket (id) ON DELETE CASCADE,
    FOREIGN KEY(update_id) REFERENCES ticket_update (id) ON DELETE CASCADE
);
CREATE INDEX ix_attachment_sha256 ON attachment (sha256);
CREATE INDEX ix_attachment_ticket_id ON attachment (ticket_id);
CREATE INDEX ix_attachment_update_id ON attachment (update_id);
CREATE TABLE link (
    id INTEGER NOT NULL,
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
CREATE VIRTUAL TABLE IF NOT EXISTS ticket_fts USING fts5(title, description, notes, requester, watchers, tags, links, updates, tokenize = 'unicode61 remove_diacritics 2')
"""

# Dashboard at scale. One index per sort order, each ending in id (the tie-break) and then the filter columns, so
# a page is found by walking index entries alone: in sort order, testing filters on the entry, never reading the
# wide table row. "No date last" is an indexed expression (the ORDER BY repeats it). ix_ticket_live_filters seeks
# statuses for counts. The two v1 "live" indexes are replaced by wider ones of the same name. The full-text index
# is rebuilt with prefix indexes for 1 and 2 characters: the first keystrokes of a search ("p", "pr") then read
# one list instead of merging the lists of every word that starts so (6x faster to count at 100,000 tickets).
V2_DASHBOARD_INDEXES = """
DROP INDEX ix_ticket_live_updated;
DROP INDEX ix_ticket_live_deadline;
CREATE INDEX ix_ticket_live_updated ON ticket (deleted_at, updated, id, status, priority, due, deadline);
CREATE INDEX ix_ticket_live_deadline ON ticket (deleted_at, deadline, id, status, priority, due);
CREATE INDEX ix_ticket_live_urgency ON ticket (deleted_at, deadline IS NULL, deadline, id, status, priority, due);
CREATE INDEX ix_ticket_live_due ON ticket (deleted_at, due, id, status, priority, deadline);
CREATE INDEX ix_ticket_live_due_nulls_last ON ticket (deleted_at, due IS NULL, due, id, status, priority, deadline);
CREATE INDEX ix_ticket_live_priority ON ticket
    (deleted_at, priority_rank DESC, deadline IS NULL, deadline, id, status, priority, due);
CREATE INDEX ix_ticket_live_created ON ticket (deleted_at, created, id, status, priority, due, deadline);
CREATE INDEX ix_ticket_live_title ON ticket (deleted_at, lower(title), id, status, priority, due, deadline);
CREATE INDEX ix_ticket_live_id ON ticket (deleted_at, id, status, priority, due, deadline);
CREATE INDEX ix_ticket_live_filters ON ticket (deleted_at, status, priority, due, deadline);
DROP TABLE ticket_fts;
CREATE VIRTUAL TABLE ticket_fts USING fts5(title, description, notes, requester, watchers, tags, links, updates, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2');
INSERT INTO ticket_fts(rowid, title, description, notes, requester, watchers, tags, links, updates)
    SELECT t.id, t.title, t.description, t.notes, t.requester,
      (SELECT group_concat(value, ' ') FROM watcher WHERE ticket_id = t.id),
      (SELECT group_concat(g.name, ' ') FROM ticket_tag tt JOIN tag g ON g.id = tt.tag_id WHERE tt.ticket_id = t.id),
      (SELECT group_concat(url || ' ' || label, ' ') FROM link WHERE ticket_id = t.id),
      (SELECT group_concat(body, ' ') FROM ticket_update WHERE ticket_id = t.id AND kind IN ('note', 'status'))
    FROM ticket t
"""

# Saved views of the power-user layer (query text + sort, ordered, one default).
V3_SAVED_VIEWS = """
CREATE TABLE saved_view (
    id INTEGER NOT NULL,
    name VARCHAR COLLATE "NOCASE" NOT NULL,
    "query" TEXT DEFAULT '' NOT NULL,
    sort VARCHAR DEFAULT '' NOT NULL,
    position INTEGER DEFAULT '0' NOT NULL,
    is_default BOOLEAN DEFAULT '0' NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (name)
)
"""

# "Reset age", as the original TicketTracker's age_reference_date: the day a backlog ticket's age counts from.
V4_AGE_REFERENCE = """
ALTER TABLE ticket ADD COLUMN age_reference DATE
"""


# Team mode: one access link per colleague (only the token's SHA-256), and the link each log entry came through.
V5_ACCESS_LINKS = """
CREATE TABLE access_link (
    id INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    token_sha256 VARCHAR NOT NULL,
    created DATETIME NOT NULL,
    last_used DATETIME,
    revoked_at DATETIME,
    PRIMARY KEY (id),
    UNIQUE (token_sha256)
);
ALTER TABLE ticket_update ADD COLUMN access_link_id INTEGER REFERENCES access_link (id)
"""

# Time (SPEC §18): repeating tickets (a series and its occurrences, unique per series and index so no occurrence is
# ever created twice), reminders (unique per ticket and key so none is made twice), the calendar feed token, and the
# marks periodic jobs keep so a restart continues where they stopped.
V6_TIME = """
CREATE TABLE recurrence (
    id INTEGER NOT NULL,
    rule VARCHAR NOT NULL,
    mode VARCHAR NOT NULL,
    zone VARCHAR NOT NULL,
    anchor VARCHAR NOT NULL,
    all_day BOOLEAN DEFAULT '0' NOT NULL,
    template TEXT NOT NULL,
    last_index INTEGER DEFAULT '0' NOT NULL,
    last_wall VARCHAR NOT NULL,
    next_at DATETIME,
    stopped_at DATETIME,
    problem TEXT DEFAULT '' NOT NULL,
    created DATETIME NOT NULL,
    PRIMARY KEY (id)
);
CREATE INDEX ix_recurrence_next_at ON recurrence (next_at);
CREATE TABLE occurrence (
    series_id INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    ticket_id INTEGER,
    due DATETIME,
    created DATETIME NOT NULL,
    PRIMARY KEY (series_id, idx),
    FOREIGN KEY(series_id) REFERENCES recurrence (id) ON DELETE CASCADE,
    UNIQUE (ticket_id),
    FOREIGN KEY(ticket_id) REFERENCES ticket (id) ON DELETE SET NULL
);
CREATE TABLE reminder (
    id INTEGER NOT NULL,
    ticket_id INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    "key" VARCHAR NOT NULL,
    fire_at DATETIME NOT NULL,
    notified_at DATETIME,
    read_at DATETIME,
    created DATETIME NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (ticket_id, "key"),
    FOREIGN KEY(ticket_id) REFERENCES ticket (id) ON DELETE CASCADE
);
CREATE INDEX ix_reminder_fire_at ON reminder (fire_at);
CREATE INDEX ix_reminder_inbox ON reminder (read_at, fire_at);
CREATE INDEX ix_reminder_ticket_id ON reminder (ticket_id);
CREATE TABLE feed_token (
    id INTEGER NOT NULL,
    token VARCHAR NOT NULL,
    created DATETIME NOT NULL,
    revoked_at DATETIME,
    PRIMARY KEY (id),
    UNIQUE (token)
);
CREATE TABLE clock_mark (
    name VARCHAR NOT NULL,
    at DATETIME NOT NULL,
    PRIMARY KEY (name)
)
"""


# Writing comfort (SPEC §19): ticket templates, text snippets, and the checklist progress of each ticket.
V7_WRITING = """
CREATE TABLE ticket_template (
    id INTEGER NOT NULL,
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
    id INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    body TEXT DEFAULT '' NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (name)
);
ALTER TABLE ticket ADD COLUMN checklist_done INTEGER DEFAULT '0' NOT NULL;
ALTER TABLE ticket ADD COLUMN checklist_total INTEGER DEFAULT '0' NOT NULL
"""


def _v7_writing(conn: sqlite3.Connection) -> None:
    _script(V7_WRITING)(conn)
    # Texts written before this version may already hold "- [ ]" lines: count them once, as every write will.
    counts = tally(conn.execute(ALL_SQL).fetchall())
    conn.executemany(
        "UPDATE ticket SET checklist_done = ?, checklist_total = ? WHERE id = ?",
        [(p.done, p.total, tid) for tid, p in counts.items()],
    )


# Insights (SPEC §17): a covering index for the charts over live tickets (status, age, urgency, finished tickets)
# and one for the log entries of some kinds in a time range (flow), so the page's data needs no full scan.
V8_INSIGHTS_INDEXES = """
CREATE INDEX ix_ticket_live_insights ON ticket
    (deleted_at, status, paused_since, created, paused_seconds, priority, due, deadline);
CREATE INDEX ix_ticket_update_kind_at ON ticket_update (kind, at, ticket_id)
"""


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _script(V1_INITIAL)),
    Migration(2, "dashboard indexes", _script(V2_DASHBOARD_INDEXES)),
    Migration(3, "saved views", _script(V3_SAVED_VIEWS)),
    Migration(4, "age reference", _script(V4_AGE_REFERENCE)),
    Migration(5, "access links", _script(V5_ACCESS_LINKS)),
    Migration(6, "time: recurrence, reminders, feed token", _script(V6_TIME)),
    Migration(7, "templates, snippets, checklist progress", _v7_writing),
    Migration(8, "insights indexes", _script(V8_INSIGHTS_INDEXES)),
)
LATEST = MIGRATIONS[-1].version


def current_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def pending(conn: sqlite3.Connection) -> list[Migration]:
    version = current_version(conn)
    return [m for m in MIGRATIONS if m.version > version]


def migrate(conn: sqlite3.Connection) -> list[Migration]:
    """Apply every pending migration, each in its own transaction; return the ones applied."""
    version = current_version(conn)
    if version > LATEST:
        raise RuntimeError(
            f"the database is at schema version {version}, newer than this TicketTracker knows ({LATEST}); "
            "upgrade TicketTracker"
        )
    applied = []
    for migration in pending(conn):
        conn.execute("BEGIN IMMEDIATE")
        try:
            migration.apply(conn)
            conn.execute(f"PRAGMA user_version = {int(migration.version)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(migration)
    return applied
