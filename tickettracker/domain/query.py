"""The search-box query language: text → :class:`Query` (or a :class:`QueryError` with its position) → text.

Grammar (terms are separated by spaces; every term must hold, the values of one term are alternatives)::

    query   := term*
    term    := ["-"] (field ":" [op] values | word | '"' phrase '"')
    values  := value ("," value)*          # tag:a,b = a OR b; tag:a tag:b = a AND b
    op      := "<" | "<=" | ">" | ">="     # priority and dates only
    value   := bare | '"' text '"'

Free words are full-text searched. Status and priority names match the configured ones case-insensitively and are
kept in their configured spelling, so ``parse(q.to_text()) == q`` for every query the parser can produce.
Relative times (``7d``, ``12h``, ``2w``), day names (``today``) and dates in words (``due:<"next friday"``, read by
:mod:`tickettracker.domain.when`) are resolved later by :func:`time_range`, against a ``now`` passed in (this module
never reads the clock).

Longer than ~300 lines on purpose: grammar, parser and printer stay together so that the text round trip is
checked as one piece.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone

from tickettracker.config import Config
from tickettracker.domain import when
from tickettracker.domain.query_lex import BARE_OK, FIELD_RE, split_values, tokens
from tickettracker.domain.query_lex import QueryError as QueryError

FIELDS = (
    "status",
    "is",
    "priority",
    "tag",
    "requester",
    "watcher",
    "due",
    "created",
    "updated",
    "has",
    "sla",
    "sort",
)
IS_VALUES = ("active", "overdue", "paused")
HAS_VALUES = ("attachment", "due", "tag", "watcher", "link")
# The ticket's urgency colour now (the SLA engine's colour keys; "hold" is the key "on_hold").
SLA_VALUES = ("stage0", "stage1", "stage2", "stage3", "overdue", "hold", "resolved", "closed", "cancelled")
TIME_FIELDS = ("due", "created", "updated")
SORTS = ("urgency", "due", "priority", "updated", "created", "id", "title")
OPS = ("<=", ">=", "<", ">")
_ALIASES = {"tags": "tag", "watchers": "watcher", "prio": "priority", "state": "status", "sortby": "sort"}
_RELATIVE = re.compile(r"(\d{1,5})([hdw])")
_DAY_WORDS = {"today": 0, "tomorrow": 1, "yesterday": -1}
_UNIT = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}


@dataclass(frozen=True)
class Term:
    """One condition. ``field`` is "text" for free words; ``values`` are alternatives (OR)."""

    field: str
    values: tuple[str, ...]
    op: str = "="
    negated: bool = False

    def to_text(self) -> str:
        sign = "-" if self.negated else ""
        if self.field == "text":
            return sign + _quote(self.values[0], text=True)
        op = "" if self.op == "=" else self.op
        return f"{sign}{self.field}:{op}" + ",".join(_quote(v) for v in self.values)


@dataclass(frozen=True)
class Query:
    """Everything the search box can say: conditions (all must hold) and an optional sort."""

    terms: tuple[Term, ...] = ()
    sort: str | None = None
    descending: bool = False

    def to_text(self) -> str:
        parts = [t.to_text() for t in self.terms]
        if self.sort is not None:
            parts.append(f"sort:{'-' if self.descending else ''}{self.sort}")
        return " ".join(parts)

    def of(self, field: str) -> list[Term]:
        return [t for t in self.terms if t.field == field]

    @property
    def words(self) -> str:
        """The positive free words, for full-text search and highlighting."""
        return " ".join(t.values[0] for t in self.terms if t.field == "text" and not t.negated)

    def without(self, *fields: str) -> Query:
        return replace(self, terms=tuple(t for t in self.terms if t.field not in fields))

    def plus(self, *terms: Term) -> Query:
        return replace(self, terms=self.terms + terms)


def _quote(value: str, *, text: bool = False) -> str:
    plain = BARE_OK.fullmatch(value) is not None and value[0] not in "<>="
    if text and plain:
        # a bare word must not read back as a field term or a negation
        plain = not value.startswith("-") and FIELD_RE.match(value) is None
    return value if plain else f'"{value}"'


# ----- parsing ----------------------------------------------------------------------------------------
def _suggest(word: str, choices: tuple[str, ...] | list[str]) -> str | None:
    folded = {c.casefold(): c for c in choices}
    found = difflib.get_close_matches(word.casefold(), list(folded), n=1, cutoff=0.6)
    return folded[found[0]] if found else None


def _pick(value: str, choices: tuple[str, ...] | list[str], what: str, start: int, end: int) -> str:
    for choice in choices:
        if choice.casefold() == value.casefold():
            return choice
    hint = _suggest(value, choices)
    tail = f" — did you mean `{hint}`?" if hint else f" (one of: {', '.join(choices)})"
    raise QueryError(f"unknown {what} `{value}`{tail}", start, end)


def parse(text: str, cfg: Config, order: when.DateOrder | None = None) -> Query:
    """Parse the search box; raises :class:`QueryError` at the first problem.

    ``order`` is how numeric dates in words read (31/12 or 12/31); default: ``time.date_order``, else day first.
    """
    order = order or cfg.time.date_order or "DMY"
    terms: list[Term] = []
    sort: str | None = None
    descending = False
    for tok in tokens(text):
        negated = tok.raw.startswith("-") and len(tok.raw) > 1
        body, at = (tok.raw[1:], tok.start + 1) if negated else (tok.raw, tok.start)
        m = FIELD_RE.match(body)
        if m is None or body[m.end() :].startswith("//"):  # plain words (and URLs) are searched as text
            word = body[1:-1] if body.startswith('"') and body.endswith('"') and len(body) > 1 else body
            if '"' in word:
                raise QueryError("a quote can only start a value", at + word.index('"'))
            if word.strip():
                terms.append(Term("text", (word.strip(),), negated=negated))
            continue
        name = m.group(1).lower()
        if name not in FIELDS:
            hint = _ALIASES.get(name) or _suggest(name, FIELDS)
            tail = f" — did you mean `{hint}`?" if hint else f" (fields: {', '.join(FIELDS)})"
            raise QueryError(f"unknown field `{m.group(1)}`{tail}", at, at + len(m.group(1)))
        rest, rest_at = body[m.end() :], at + m.end()
        if name == "sort":
            if negated:
                raise QueryError("sort cannot be negated", tok.start, tok.start + 1)
            if sort is not None:
                raise QueryError("sort is given twice", tok.start, tok.start + len(tok.raw))
            descending = rest.startswith("-")
            key = rest[1:] if descending else rest
            if not key:
                raise QueryError("`sort:` needs a value", rest_at)
            sort = _pick(key, SORTS, "sort", rest_at, rest_at + len(rest))
            continue
        terms.append(_field_term(name, rest, rest_at, negated, cfg, order))
    return Query(tuple(terms), sort, descending)


def _field_term(name: str, rest: str, at: int, negated: bool, cfg: Config, order: when.DateOrder) -> Term:
    op = next((o for o in OPS if rest.startswith(o)), "=")
    if op != "=":
        if name != "priority" and name not in TIME_FIELDS:
            raise QueryError(f"`{name}` cannot be compared with {op}", at, at + len(op))
        rest, at = rest[len(op) :], at + len(op)
    if not rest:
        raise QueryError(f"`{name}:` needs a value", at)
    values = split_values(rest, at)
    if op != "=" and len(values) > 1:
        raise QueryError(f"a comparison takes one value, not {len(values)}", at, at + len(rest))
    if name == "status":
        out = tuple(_pick(v, cfg.workflow, "status", s, e) for v, s, e in values)
    elif name == "priority":
        out = tuple(_pick(v, cfg.priorities, "priority", s, e) for v, s, e in values)
    elif name == "is":
        out = tuple(_pick(v, IS_VALUES, "`is:` value", s, e) for v, s, e in values)
    elif name == "has":
        out = tuple(_pick(v, HAS_VALUES, "`has:` value", s, e) for v, s, e in values)
    elif name == "sla":
        out = tuple(_pick(v, SLA_VALUES, "`sla:` value", s, e) for v, s, e in values)
    elif name in TIME_FIELDS:
        if len(values) > 1:
            raise QueryError(f"`{name}:` takes one value or a range a..b", at, at + len(rest))
        value, s, e = values[0]
        out = (_time_value(value, op, s, e, order),)
    else:  # tag, requester, watcher: text as typed
        out = tuple(v for v, _s, _e in values)
    return Term(name, out, op, negated)


_CHECK_NOW = datetime(2000, 1, 3, 12, 0, tzinfo=timezone.utc)  # words are only checked here, resolved later


def _time_value(value: str, op: str, start: int, end: int, order: when.DateOrder) -> str:
    low = " ".join(value.lower().split())
    if _RELATIVE.fullmatch(low) or low in _DAY_WORDS:
        return low
    first, sep, last = low.partition("..")
    try:
        a = date.fromisoformat(first)
        b = date.fromisoformat(last) if sep else a
    except ValueError:
        try:
            when.parse(low, _CHECK_NOW, timezone.utc, order)
        except when.WhenError as e:
            hint = "" if e.message.startswith("Cannot read") else f" ({e.message.split(': ', 1)[-1]})"
            raise QueryError(
                f"cannot read the date `{value}`{hint}: use 7d, 12h, 2w, today, 2026-12-01, "
                '2026-12-01..2026-12-31 or words such as "next friday"',
                start,
                end,
            ) from None
        return low
    if sep and op != "=":
        raise QueryError("a date range cannot be compared; drop the < or >", start, end)
    if b < a:
        raise QueryError("the range ends before it starts", start, end)
    return f"{a.isoformat()}..{b.isoformat()}" if sep else a.isoformat()


# ----- resolving times --------------------------------------------------------------------------------
def time_range(
    term: Term, now: datetime, order: when.DateOrder = "DMY"
) -> tuple[datetime | None, datetime | None]:
    """The half-open interval [low, high) a time term selects, in ``now``'s time zone for whole days.

    Relative amounts measure distance from now: into the future for ``due`` (``due:<7d`` = due within 7 days,
    overdue included), into the past for ``created``/``updated`` (``created:>30d`` = older than 30 days).
    A bare amount means "within": ``due:7d`` = from now to 7 days ahead, ``updated:1d`` = in the last day.
    """
    value, op = term.values[0], term.op
    rel = _RELATIVE.fullmatch(value)
    if rel:
        span = int(rel.group(1)) * _UNIT[rel.group(2)]
        if term.field == "due":
            mark = now + span
            return {"<": (None, mark), "<=": (None, mark), ">": (mark, None), ">=": (mark, None)}.get(
                op, (now, mark)
            )
        mark = now - span
        return {"<": (mark, None), "<=": (mark, None), ">": (None, mark), ">=": (None, mark)}.get(
            op, (mark, now)
        )
    if not _is_day(value):  # words: a day ("next friday") or a moment ("tomorrow 5pm")
        found = when.parse(value, now, now.tzinfo or timezone.utc, order)
        if found.has_time:
            return {"<": (None, found.moment), "<=": (None, found.moment), ">": (found.moment, None),
                    ">=": (found.moment, None)}.get(op, (found.moment, found.moment + timedelta(minutes=1)))  # fmt: skip
        value = found.day.isoformat()
    first, _sep, last = value.partition("..")
    day_a, day_b = _day(first, now), _day(last or first, now)
    lo = datetime.combine(day_a, time(), now.tzinfo)
    hi = datetime.combine(day_b + timedelta(days=1), time(), now.tzinfo)
    return {"<": (None, lo), "<=": (None, hi), ">": (hi, None), ">=": (lo, None)}.get(op, (lo, hi))


def _is_day(value: str) -> bool:
    if value in _DAY_WORDS:
        return True
    try:
        for part in value.split(".."):
            date.fromisoformat(part)
    except ValueError:
        return False
    return True


def _day(value: str, now: datetime) -> date:
    if value in _DAY_WORDS:
        return now.date() + timedelta(days=_DAY_WORDS[value])
    return date.fromisoformat(value)


HELP = (
    (
        "printer fire",
        "tickets containing both words (title, description, notes, people, tags, links, updates)",
    ),
    ('-word  /  -"two words"', "tickets without these words"),
    (
        'status:open  status:"on hold"  status:open,resolved',
        "status (any of the listed; case does not matter)",
    ),
    (
        "is:active  is:overdue  is:paused",
        "not closed/cancelled; past the SLA deadline; on hold (SLA clock stopped)",
    ),
    ("priority:high  priority:>=high", "priority, or a range in the configured order"),
    ("tag:a tag:b  /  tag:a,b  /  -tag:x", "all of the tags / any of them / without the tag"),
    ("requester:ana  watcher:bo", "requester or a watcher contains the text"),
    (
        "due:<7d  due:today  due:2026-12-01..2026-12-31",
        "due within 7 days (overdue included), today, in a range",
    ),
    ('due:<"next friday"  due:"end of month"', "dates in words, as in the Due date field"),
    (
        "created:>30d  updated:<1d",
        "created more than 30 days ago; updated within the last day (units h, d, w)",
    ),
    (
        "has:attachment  has:due  -has:due",
        "has a file / a due date / no due date (also has:tag, watcher, link)",
    ),
    (
        "sla:stage2  sla:stage3,overdue  sla:hold",
        "the urgency colour now: stage0 (calm) … stage3, overdue, hold (also resolved, closed, cancelled)",
    ),
    (
        "sort:urgency  sort:due  sort:-updated",
        "order (urgency, due, priority, updated, created, id, title); - reverses",
    ),
)


@dataclass(frozen=True)
class ViewRec:
    """A saved view: a named query text and sort ("" = urgency, "-due" = due reversed)."""

    id: int
    name: str
    query: str
    sort: str
    position: int
    is_default: bool

    @property
    def text(self) -> str:
        """The search-box text that applies this view (its query plus its sort term)."""
        return " ".join(p for p in (self.query.strip(), f"sort:{self.sort}" if self.sort else "") if p)
