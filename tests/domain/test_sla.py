"""SLA rule table: every stage boundary for due-dated and backlog tickets (defaults 28/21/14/7; High 3/7/10/15)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tickettracker.config import Config
from tickettracker.domain import sla

CFG = Config()
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)
NO_PAUSE = sla.Pause(0.0, None)


def due_in(days: float, status: str = "Open") -> sla.SlaFacts:
    return sla.SlaFacts(status, "Medium", NOW - timedelta(days=1), NOW + timedelta(days=days), NO_PAUSE)


def aged(days: float, priority: str = "High", pause: sla.Pause = NO_PAUSE) -> sla.SlaFacts:
    return sla.SlaFacts("Open", priority, NOW - timedelta(days=days), None, pause)


@pytest.mark.parametrize(
    ("days", "key", "stage"),
    [
        (40, "stage0", 0),
        (28, "stage0", 0),
        (21.01, "stage0", 0),
        (21, "stage1", 1),
        (14.5, "stage1", 1),
        (14, "stage2", 2),
        (9, "stage2", 2),
        (7, "stage3", 3),
        (0.5, "stage3", 3),
        (0, "overdue", None),
        (-3, "overdue", None),
    ],
)
def test_due_dated_stages(days: float, key: str, stage: int | None) -> None:
    u = sla.evaluate(due_in(days), CFG, NOW)
    assert (u.color_key, u.stage) == (key, stage)


def test_due_explanations() -> None:
    assert sla.evaluate(due_in(9), CFG, NOW).explanation == "Due in 9 days — stage 2 of 4"
    assert sla.evaluate(due_in(-3), CFG, NOW).explanation == "Overdue by 3 days"
    assert sla.evaluate(due_in(-3), CFG, NOW).countdown == "3 days overdue"


@pytest.mark.parametrize(
    ("days", "key"),
    [
        (0, "stage0"),
        (3, "stage0"),
        (3.01, "stage1"),
        (7, "stage1"),
        (10, "stage2"),
        (15, "stage3"),
        (15.01, "overdue"),
    ],
)
def test_backlog_stages(days: float, key: str) -> None:
    assert sla.evaluate(aged(days), CFG, NOW).color_key == key


def test_backlog_explanation() -> None:
    assert sla.evaluate(aged(12.2), CFG, NOW).explanation == "Aged 12 of 15 active days (High)"


def test_hold_time_does_not_age() -> None:
    # 12 days old, 10 of them on hold → aged 2 days: still stage 0 for High (≤ 3)
    created = NOW - timedelta(days=12)
    pause = sla.pause_credit(
        created,
        "Open",
        [(created + timedelta(days=1), "On Hold"), (created + timedelta(days=11), "Open")],
        CFG.paused_statuses,
        NOW,
    )
    facts = sla.SlaFacts("Open", "High", created, None, pause)
    assert round(sla.active_age_seconds(facts, NOW) / 86400, 6) == 2
    assert sla.evaluate(facts, CFG, NOW).color_key == "stage0"


@pytest.mark.parametrize(
    ("status", "key"),
    [
        ("On Hold", "on_hold"),
        ("Resolved", "resolved"),
        ("Closed", "closed"),
        ("Cancelled", "cancelled"),
    ],
)
def test_status_overrides_are_never_overdue(status: str, key: str) -> None:
    facts = sla.SlaFacts(
        status,
        "High",
        NOW - timedelta(days=400),
        NOW - timedelta(days=100),
        sla.Pause(0, NOW - timedelta(days=2)),
    )
    u = sla.evaluate(facts, CFG, NOW)
    assert u.color_key == key and u.countdown == "" and sla.deadline(facts, CFG) is None
