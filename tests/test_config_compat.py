"""Any list of priorities and statuses loads: dependent defaults fall away or are filled in, with one warning.

Includes the original TicketTracker's shipped config.json and its first version's config.json, byte for byte
(tests/data/original/, MIT, see the README there).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from tickettracker.config import Config, load_config
from tickettracker.errors import ConfigError

ORIGINAL = Path(__file__).parent / "data" / "original"
SHIPPED = (ORIGINAL / "plain" / "config.json").read_bytes()  # the original's config.json at its HEAD
EARLY = (ORIGINAL / "early" / "config.json").read_bytes()  # its first commit's, with sla.priority_open_days

Check = Callable[[Config], bool]
# (name, file bytes, what must hold, substrings the warnings must contain — and nothing else)
CASES: list[tuple[str, bytes, Check, list[str]]] = [
    (
        "original shipped config.json",
        SHIPPED,
        lambda c: (
            c.priorities == ["Low", "Medium", "High", "Critical"]
            and c.sla.priority_stage_days["Critical"] == [2, 3, 5, 7]
            and c.colors.priorities["Critical"] == "#ef4444"
            and c.status_roles.hold == "On Hold"
        ),
        ["sla.default_due_days: unknown key", "clipboard_summary.debug_status: unknown key"],
    ),
    (
        "original first version's config.json (legacy priority_open_days)",
        EARLY,
        lambda c: (
            c.sla.priority_stage_days["Urgent"] == [1, 2, 3, 4]
            and c.sla.priority_stage_days["Low"] == [14, 21, 28, 35]
        ),
        [
            "sla.priority_stage_days.Urgent = [1, 2, 3, 4] (converted from sla.priority_open_days.Urgent)",
            "sla.priority_stage_days.Low = [14, 21, 28, 35] (the original's own list; it ignored",
            "sla.due_soon_hours: unknown key",
            "sla.overdue_grace_minutes: unknown key",
            "colors.gradient.safe: unknown key",
            "colors.gradient.warning: unknown key",
        ],
    ),
    (
        "only the priorities changed (the issue's first example)",
        b'{"priorities": ["Low","Medium","High","Critical"]}',
        lambda c: (
            c.sla.priority_stage_days["Critical"] == [2, 3, 5, 7]
            and c.sla.priority_stage_days["High"] == [3, 7, 10, 15]
        ),
        ["sla.priority_stage_days.Critical = [2, 3, 5, 7], colors.priorities.Critical = #ef4444"],
    ),
    (
        "priorities plus stage days for Critical only (the issue's second example)",
        b'{"priorities": ["Low","Medium","High","Critical"], "sla": {"priority_stage_days": {"Critical": [1, 2]}}}',
        lambda c: (
            c.sla.priority_stage_days["Critical"] == [1, 2]
            and c.sla.priority_stage_days["Low"] == [14, 30, 45, 60]
        ),
        ["sla.priority_stage_days.Low = [14, 30, 45, 60]", "colors.priorities.Critical = #ef4444"],
    ),
    (
        "priorities nobody has defaults for",
        b'{"priorities": ["P3", "P2", "P1"]}',
        lambda c: (
            all(c.sla.priority_stage_days[p] == [7, 14, 21, 28] for p in ("P1", "P2", "P3"))
            and c.colors.priorities == {}
            and c.priority_color("P1") == "#64748b"
        ),
        ["sla.priority_stage_days.P3 = [7, 14, 21, 28]"],
    ),
    (
        "a colour for one new priority, none for the other",
        b'{"priorities": ["Minor", "Blocker"], "colors": {"priorities": {"Blocker": "#ff0000"}}}',
        lambda c: c.colors.priorities == {"Blocker": "#ff0000"},
        ["sla.priority_stage_days.Minor = [7, 14, 21, 28]"],
    ),
    (
        "the defaults' own names: nothing to say",
        b'{"priorities": ["Low", "Medium", "High", "Urgent"]}',
        lambda c: c == Config(),
        [],
    ),
    (
        "legacy priority_open_days with the default priorities",
        b'{"sla": {"priority_open_days": {"Urgent": 8}}}',
        lambda c: c.sla.priority_stage_days["Urgent"] == [2, 4, 6, 8],
        ["sla.priority_stage_days.Urgent = [2, 4, 6, 8] (converted from sla.priority_open_days.Urgent)"],
    ),
    (
        "legacy priority_open_days for new priorities",
        b'{"priorities": ["P1", "P2"], "sla": {"priority_open_days": {"P1": 2, "P2": 10}}}',
        lambda c: c.sla.priority_stage_days == {"P1": [1, 2, 4, 6], "P2": [3, 5, 8, 10]},
        ["P1 = [1, 2, 4, 6] (converted from", "P2 = [3, 5, 8, 10] (converted from"],
    ),
    (
        "the original's own test workflow New, Active, Done",
        b'{"workflow": ["New", "Active", "Done"]}',
        lambda c: (
            (c.status_roles.initial, c.status_roles.hold, c.status_roles.resolved) == ("New", None, "Done")
            and c.terminal_statuses == ()
            and c.paused_statuses == ("Done",)
        ),
        [
            "status_roles.initial = New",
            "status_roles.hold = none (no status fits)",
            "status_roles.resolved = Done",
        ],
    ),
    (
        "renamed statuses found by their names",
        b'{"workflow": ["Open", "Waiting", "Done", "Closed", "Rejected"]}',
        lambda c: (
            c.status_roles.model_dump()
            == {
                "initial": "Open",
                "hold": "Waiting",
                "resolved": "Done",
                "closed": "Closed",
                "cancelled": "Rejected",
            }
        ),
        ["status_roles.hold = Waiting, status_roles.resolved = Done, status_roles.cancelled = Rejected"],
    ),
    (
        "a kanban workflow",
        b'{"workflow": ["To do", "Doing", "Blocked", "Done", "Won\'t do"]}',
        lambda c: (
            (c.status_roles.initial, c.status_roles.hold, c.status_roles.cancelled)
            == ("To do", "Blocked", "Won't do")
        ),
        ["status_roles.initial = To do", "status_roles.closed = none (no status fits)"],
    ),
    (
        "a role the file sets itself is kept",
        b'{"workflow": ["New", "Doing", "Parked", "Done"], "status_roles": {"hold": "Parked"}}',
        lambda c: c.status_roles.hold == "Parked" and c.status_roles.resolved == "Done",
        ["status_roles.initial = New", "status_roles.resolved = Done"],
    ),
    (
        "an explicit null role",
        b'{"status_roles": {"hold": null}}',
        lambda c: c.status_roles.hold is None and "On Hold" not in c.paused_statuses,
        [],
    ),
    (
        "both lists replaced at once",
        b'{"priorities": ["Low", "High"], "workflow": ["Open", "Closed"]}',
        lambda c: set(c.sla.priority_stage_days) == {"Low", "High"} and c.status_roles.closed == "Closed",
        ["status_roles.hold = none (no status fits)"],
    ),
    ("an empty file", b"{}", lambda c: c == Config(), []),
]


@pytest.mark.parametrize(("name", "text", "check", "expected"), CASES, ids=[c[0] for c in CASES])
def test_any_priorities_and_statuses_load(
    tmp_path: Path, name: str, text: bytes, check: Check, expected: list[str]
) -> None:
    path = tmp_path / "config.json"
    path.write_bytes(text)
    cfg, warnings = load_config(path)
    assert check(cfg), name
    # defaults never name a priority or status the file lacks; every priority has its limits
    assert set(cfg.sla.priority_stage_days) == set(cfg.priorities)
    assert set(cfg.colors.priorities) <= set(cfg.priorities)
    assert {s for s in cfg.status_roles.model_dump().values() if s is not None} <= set(cfg.workflow)
    for part in expected:
        assert any(part in w for w in warnings), (part, warnings)
    assert all(w.startswith(str(path)) for w in warnings)
    if not expected:
        assert warnings == []


STILL_ERRORS = [
    (
        '{"database": {"uri": "sqlite:///:memory:"}}',
        "database.uri: an in-memory database would lose every ticket",
    ),
    (
        '{"priorities": ["Critical"], "sla": {"priority_stage_days": {"Mega": [1, 2]}}}',
        "sla.priority_stage_days.Mega: unknown priority",
    ),
    (
        '{"workflow": ["New", "Done"], "status_roles": {"hold": "Waiting"}}',
        "status_roles.hold: unknown status 'Waiting'",
    ),
    (
        '{"priorities": ["A"], "colors": {"priorities": {"B": "#000000"}}}',
        "colors.priorities.B: unknown priority",
    ),
]


@pytest.mark.parametrize(("text", "message"), STILL_ERRORS)
def test_what_the_file_itself_gets_wrong_is_still_an_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "config.json"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_the_files_are_the_originals_byte_for_byte() -> None:
    # guards the fixture: the table above must read the original's files, not tidied copies
    # (SHA-256 of `git show 1f4ff09:config.json` and `git show 893cebf:config.json` in rinc3w1nd/TicketTracker)
    assert (
        hashlib.sha256(SHIPPED).hexdigest()
        == "6f7251ee3b0b4097b32eb91eb7c313e0b09d0def897236af835275c20b2056fd"
    )
    assert (
        hashlib.sha256(EARLY).hexdigest()
        == "3f6a3052f50f479e25d7c1cc2e3a21cc9d7993f9fd389b08725d20a43dcc1f4a"
    )
