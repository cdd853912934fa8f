"""The search-box query language: a table of inputs and what they mean, errors with positions, round-trips."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tickettracker.config import Config
from tickettracker.domain.query import (
    HAS_VALUES,
    IS_VALUES,
    SLA_VALUES,
    SORTS,
    Query,
    QueryError,
    Term,
    parse,
    time_range,
)

CFG = Config()


def T(field: str, *values: str, op: str = "=", neg: bool = False) -> Term:
    return Term(field, values, op, neg)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", Query()),
        ("printer fire", Query((T("text", "printer"), T("text", "fire")))),
        ('"on fire" -toner', Query((T("text", "on fire"), T("text", "toner", neg=True)))),
        ("status:open", Query((T("status", "Open"),))),
        ('status:"on hold"', Query((T("status", "On Hold"),))),
        ('STATUS:Open,"in progress"', Query((T("status", "Open", "In Progress"),))),
        ("-status:closed", Query((T("status", "Closed", neg=True),))),
        ("is:active is:overdue", Query((T("is", "active"), T("is", "overdue")))),
        ("is:paused", Query((T("is", "paused"),))),
        ("priority:high", Query((T("priority", "High"),))),
        ("priority:>=high", Query((T("priority", "High", op=">="),))),
        ("priority:<Urgent", Query((T("priority", "Urgent", op="<"),))),
        ("tag:a tag:b", Query((T("tag", "a"), T("tag", "b")))),
        ("tag:a,b", Query((T("tag", "a", "b"),))),
        ('tag:"two words",x', Query((T("tag", "two words", "x"),))),
        ("-tag:x", Query((T("tag", "x", neg=True),))),
        ("requester:ana watcher:bo", Query((T("requester", "ana"), T("watcher", "bo")))),
        ("due:<7d", Query((T("due", "7d", op="<"),))),
        ("due:today", Query((T("due", "today"),))),
        ("due:2026-12-01..2026-12-31", Query((T("due", "2026-12-01..2026-12-31"),))),
        ("created:>30d updated:<1D", Query((T("created", "30d", op=">"), T("updated", "1d", op="<")))),
        ("has:attachment has:due", Query((T("has", "attachment"), T("has", "due")))),
        ("-has:due", Query((T("has", "due", neg=True),))),
        ("sla:Stage2,overdue -sla:hold", Query((T("sla", "stage2", "overdue"), T("sla", "hold", neg=True)))),
        ("sort:urgency", Query(sort="urgency")),
        ("printer sort:-updated", Query((T("text", "printer"),), sort="updated", descending=True)),
        ("https://example.com/x", Query((T("text", "https://example.com/x"),))),
        ('"re:meeting"', Query((T("text", "re:meeting"),))),
        ("10:30", Query((T("text", "10:30"),))),
    ],
)
def test_parse_table(typed: str, expected: Query) -> None:
    assert parse(typed, CFG) == expected


@pytest.mark.parametrize(
    ("typed", "message", "start", "end"),
    [
        ("stauts:open", "unknown field `stauts` — did you mean `status`?", 0, 6),
        ("printer tags:x", "unknown field `tags` — did you mean `tag`?", 8, 12),
        ("foo:bar", "unknown field `foo` (fields: status, is, priority,", 0, 3),
        ("status:opne", "unknown status `opne` — did you mean `Open`?", 7, 11),
        ("status:open,wat", "unknown status `wat`", 12, 15),
        ("priority:hihg", "unknown priority `hihg` — did you mean `High`?", 9, 13),
        ("is:overdeu", "unknown `is:` value `overdeu` — did you mean `overdue`?", 3, 10),
        ("has:files", "unknown `has:` value `files`", 4, 9),
        ("sla:stage7", "unknown `sla:` value `stage7`", 4, 10),
        ("sla:<stage2", "`sla` cannot be compared with <", 4, 5),
        ("status:", "`status:` needs a value", 7, 8),
        ("tag:a,,b", "empty value", 6, 7),
        ('title "unclosed', "missing closing quote", 6, 15),
        ("status:>open", "`status` cannot be compared with >", 7, 8),
        ("priority:>=high,low", "a comparison takes one value, not 2", 11, 19),
        ("due:soon", "cannot read the date `soon`", 4, 8),
        ("due:2026-12-31..2026-12-01", "the range ends before it starts", 4, 26),
        ("due:<2026-12-01..2026-12-31", "a date range cannot be compared", 5, 27),
        ("sort:urgnecy", "unknown sort `urgnecy` — did you mean `urgency`?", 5, 12),
        ("sort:due sort:id", "sort is given twice", 9, 16),
        ("-sort:due", "sort cannot be negated", 0, 1),
    ],
)
def test_errors_say_where(typed: str, message: str, start: int, end: int) -> None:
    with pytest.raises(QueryError) as info:
        parse(typed, CFG)
    assert info.value.message.startswith(message)
    assert (info.value.start, info.value.end) == (start, end)


def test_statuses_follow_the_configuration() -> None:
    cfg = Config.model_validate(
        {
            "workflow": ["New", "Waiting", "Done", "Shut", "Dropped"],
            "status_roles": {
                "initial": "New",
                "hold": "Waiting",
                "resolved": "Done",
                "closed": "Shut",
                "cancelled": "Dropped",
            },
        }
    )
    assert parse("status:waiting", cfg) == Query((T("status", "Waiting"),))
    with pytest.raises(QueryError, match="unknown status `open`"):
        parse("status:open", cfg)


NOW = datetime(2026, 11, 27, 15, 30, tzinfo=timezone.utc)
DAY0 = datetime(2026, 11, 27, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("typed", "low", "high"),
    [
        ("due:<7d", None, NOW + timedelta(days=7)),
        ("due:>7d", NOW + timedelta(days=7), None),
        ("due:7d", NOW, NOW + timedelta(days=7)),
        ("created:>30d", None, NOW - timedelta(days=30)),
        ("updated:<1d", NOW - timedelta(days=1), None),
        ("updated:12h", NOW - timedelta(hours=12), NOW),
        ("created:<2w", NOW - timedelta(weeks=2), None),
        ("due:today", DAY0, DAY0 + timedelta(days=1)),
        ("due:tomorrow", DAY0 + timedelta(days=1), DAY0 + timedelta(days=2)),
        ("due:<today", None, DAY0),
        ("due:>=today", DAY0, None),
        ("due:>today", DAY0 + timedelta(days=1), None),
        (
            "due:2026-12-01..2026-12-31",
            datetime(2026, 12, 1, tzinfo=timezone.utc),
            datetime(2027, 1, 1, tzinfo=timezone.utc),
        ),
        ("due:<=2026-12-01", None, datetime(2026, 12, 2, tzinfo=timezone.utc)),
    ],
)
def test_time_ranges_resolve_against_now(typed: str, low: datetime | None, high: datetime | None) -> None:
    (term,) = parse(typed, CFG).terms
    assert time_range(term, NOW) == (low, high)


def test_whole_days_use_the_time_zone_of_now() -> None:
    local = datetime(2026, 11, 27, 5, 30, tzinfo=timezone.utc).astimezone(timezone(timedelta(hours=-10)))
    (term,) = parse("due:today", CFG).terms
    low, _high = time_range(term, local)
    assert low is not None and low.isoformat() == "2026-11-26T00:00:00-10:00"


# ----- round trip: object → text → the same object --------------------------------------------------
_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"), blacklist_characters='"'),
    min_size=1,
    max_size=12,
).filter(lambda s: s.strip() == s and bool(s))
_phrase = st.lists(_text, min_size=1, max_size=3).map(" ".join)
_rel = st.builds(lambda n, u: f"{n}{u}", st.integers(0, 999), st.sampled_from("hdw"))
_day = st.dates(min_value=datetime(2000, 1, 1).date(), max_value=datetime(2099, 1, 1).date())
_when = st.one_of(_rel, st.sampled_from(["today", "tomorrow", "yesterday"]), _day.map(str))
_range = st.tuples(_day, _day).map(lambda ab: f"{min(ab)}..{max(ab)}")
_ops = st.sampled_from(["=", "<", "<=", ">", ">="])


def _values(choices: st.SearchStrategy[str]) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(choices, min_size=1, max_size=3).map(tuple)


_terms = st.one_of(
    st.builds(lambda v, n: T("text", v, neg=n), _phrase, st.booleans()),
    st.builds(lambda v, n: Term("status", v, "=", n), _values(st.sampled_from(CFG.workflow)), st.booleans()),
    st.builds(lambda v, n: Term("is", v, "=", n), _values(st.sampled_from(IS_VALUES)), st.booleans()),
    st.builds(lambda v, n: Term("has", v, "=", n), _values(st.sampled_from(HAS_VALUES)), st.booleans()),
    st.builds(lambda v, n: Term("sla", v, "=", n), _values(st.sampled_from(SLA_VALUES)), st.booleans()),
    st.builds(
        lambda v, n: Term("priority", v, "=", n), _values(st.sampled_from(CFG.priorities)), st.booleans()
    ),
    st.builds(lambda v, o: Term("priority", (v,), o), st.sampled_from(CFG.priorities), _ops),
    st.builds(
        lambda f, v, n: Term(f, v, "=", n),
        st.sampled_from(["tag", "requester", "watcher"]),
        _values(_phrase),
        st.booleans(),
    ),
    st.builds(lambda f, v, o: Term(f, (v,), o), st.sampled_from(["due", "created", "updated"]), _when, _ops),
    st.builds(lambda f, v: Term(f, (v,)), st.sampled_from(["due", "created", "updated"]), _range),
)
_queries = st.builds(
    lambda terms, sort, desc: Query(tuple(terms), sort, desc and sort is not None),
    st.lists(_terms, max_size=6),
    st.one_of(st.none(), st.sampled_from(SORTS)),
    st.booleans(),
)


@given(_queries)
def test_round_trip(q: Query) -> None:
    assert parse(q.to_text(), CFG) == q


@given(st.text(max_size=40))
def test_any_text_parses_or_fails_with_a_position_inside_it(typed: str) -> None:
    try:
        parse(typed, CFG)
    except QueryError as e:
        assert 0 <= e.start <= len(typed)
        assert e.start < e.end


@pytest.mark.parametrize("value", ["<x", ">=y", "=z", "<", "a<b"])
@pytest.mark.parametrize("field", ["tag", "requester", "watcher", "text"])
def test_values_starting_with_an_operator_are_quoted_and_read_back(field: str, value: str) -> None:
    q = Query((T(field, value),))
    written = q.to_text()
    if value[0] in "<>=":
        assert '"' + value + '"' in written  # unquoted, `tag:<x` would mean "tag less than x"
    assert parse(written, CFG) == q


def test_quoted_operator_value_is_a_plain_value() -> None:
    assert parse('tag:"<x"', CFG) == Query((T("tag", "<x"),))
