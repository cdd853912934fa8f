"""The Insights arithmetic: urgency bands agree with the SLA engine; periods follow the user's calendar."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tickettracker.config import Config
from tickettracker.domain import insights, sla

UTC = timezone.utc
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
CONFIGS = [
    Config(),
    Config.model_validate({"sla": {"due_stage_days": [10], "priority_stage_days": {"Low": [3, 9]}}}),
    Config.model_validate({"sla": {"due_stage_days": [30, 20, 10, 5, 2, 1]}}),
]


def band_of(bands: list[insights.Band], facts: sla.SlaFacts, moment: datetime) -> str:
    for b in bands:
        if b.due != (facts.due is not None) or (b.priority is not None and b.priority != facts.priority):
            continue
        if (b.low is None or moment >= b.low) and (b.high is None or moment < b.high):
            return b.color_key
    raise AssertionError(f"no band holds {moment}")


@settings(max_examples=300, deadline=None)
@given(
    cfg=st.sampled_from(CONFIGS),
    priority=st.sampled_from(["Low", "Medium", "High", "Urgent"]),
    age=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=120)),
    due_in=st.one_of(st.none(), st.timedeltas(min_value=timedelta(days=-40), max_value=timedelta(days=40))),
    paused=st.floats(min_value=0, max_value=20 * 86400),
)
def test_bands_give_every_active_ticket_the_engines_colour(
    cfg: Config, priority: str, age: timedelta, due_in: timedelta | None, paused: float
) -> None:
    facts = sla.SlaFacts(
        "Open", priority, NOW - age, None if due_in is None else NOW + due_in, sla.Pause(paused, None)
    )
    moment = sla.deadline(facts, cfg)
    assert moment is not None
    # The store keeps microseconds; the engine's answer is the truth the band must reproduce.
    assert band_of(insights.urgency_bands(cfg, NOW), facts, moment) == sla.evaluate(facts, cfg, NOW).color_key


@pytest.mark.parametrize(
    ("boundary", "expected"),
    [(timedelta(0), "overdue"), (timedelta(microseconds=1), "stage3"), (timedelta(days=7), "stage3")],
)
def test_due_boundaries_are_exact(boundary: timedelta, expected: str) -> None:
    cfg = Config()
    facts = sla.SlaFacts("Open", "Low", NOW - timedelta(days=1), NOW + boundary, sla.Pause(0, None))
    assert sla.evaluate(facts, cfg, NOW).color_key == expected
    assert band_of(insights.urgency_bands(cfg, NOW), facts, NOW + boundary) == expected


@pytest.mark.parametrize(
    ("period", "tz", "expected"),
    [
        ("week", "UTC", ["2026-11-16", "2026-11-23", "2026-11-30"]),
        ("day", "UTC", ["2026-11-26", "2026-11-27", "2026-11-28"]),
        ("month", "UTC", ["2026-10-01", "2026-11-01", "2026-12-01"]),
        ("month", "Pacific/Auckland", ["2026-10-01", "2026-11-01", "2026-12-01"]),
    ],
)
def test_period_starts_are_local_midnights(period: insights.Period, tz: str, expected: list[str]) -> None:
    zone = ZoneInfo(tz)
    starts = insights.period_starts(period, 2, NOW, zone)
    assert [s.astimezone(zone).date().isoformat() for s in starts] == expected
    assert all(s.astimezone(zone).hour == 0 for s in starts)


def test_a_week_across_a_dst_change_is_an_hour_longer() -> None:
    zone = ZoneInfo("Europe/Berlin")  # clocks went back on Sunday 25 Oct 2026
    starts = insights.period_starts("week", 1, datetime(2026, 10, 21, 12, tzinfo=UTC), zone)
    assert starts[1] - starts[0] == timedelta(days=7, hours=1)


@pytest.mark.parametrize(
    ("values", "share", "expected"),
    [([], 0.5, None), ([4.0], 0.9, 4.0), ([1.0, 2.0, 3.0, 4.0], 0.5, 2.0), ([1.0, 2.0, 3.0, 4.0], 0.9, 4.0)],
)
def test_nearest_rank_percentile(values: list[float], share: float, expected: float | None) -> None:
    assert insights.percentile(values, share) == expected


def test_age_bucket_labels() -> None:
    assert insights.age_bucket_labels() == [
        "< 1 day",
        "1–3 days",
        "3–7 days",
        "7–14 days",
        "14–30 days",
        "30–90 days",
        "90+ days",
    ]
