"""SLA rule table: every stage boundary for due-dated and backlog tickets (defaults 28/21/14/7; High 3/7/10/15)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import renamed_statuses_config
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


# ----- the full rule table ------------------------------------------------------------------------------------
SEC = timedelta(seconds=1)
US = timedelta(microseconds=1)


@pytest.mark.parametrize(
    ("left", "key", "stage", "explanation"),
    [
        (timedelta(days=400), "stage0", 0, "Due in 400 days — stage 0 of 4"),
        (timedelta(days=28), "stage0", 0, "Due in 28 days — stage 0 of 4"),
        (timedelta(days=21) + US, "stage0", 0, "Due in 21 days — stage 0 of 4"),
        (timedelta(days=21), "stage1", 1, "Due in 21 days — stage 1 of 4"),  # exactly on: the nearer stage
        (timedelta(days=14) + US, "stage1", 1, "Due in 14 days — stage 1 of 4"),
        (timedelta(days=14), "stage2", 2, "Due in 14 days — stage 2 of 4"),
        (timedelta(days=10), "stage2", 2, "Due in 10 days — stage 2 of 4"),
        (timedelta(days=7) + US, "stage2", 2, "Due in 7 days — stage 2 of 4"),
        (timedelta(days=7), "stage3", 3, "Due in 7 days — stage 3 of 4"),
        (timedelta(hours=5), "stage3", 3, "Due in 5 hours — stage 3 of 4"),
        (US, "stage3", 3, "Due just now — stage 3 of 4"),
        (timedelta(0), "overdue", None, "Overdue by less than a minute"),  # exactly at the due moment
        (-timedelta(minutes=90), "overdue", None, "Overdue by 1 hour"),
        (-timedelta(days=3), "overdue", None, "Overdue by 3 days"),
        (-timedelta(days=365), "overdue", None, "Overdue by 365 days"),
    ],
)
def test_due_dated_rule_table(left: timedelta, key: str, stage: int | None, explanation: str) -> None:
    facts = sla.SlaFacts("In Progress", "Low", NOW - timedelta(days=500), NOW + left, NO_PAUSE)
    u = sla.evaluate(facts, CFG, NOW)
    assert (u.color_key, u.stage, u.explanation) == (key, stage, explanation)
    assert u.color == getattr(CFG.colors.gradient, key)
    assert sla.is_overdue(facts, CFG, NOW) == (key == "overdue")


@pytest.mark.parametrize(
    ("priority", "age", "key", "stage"),
    [
        ("High", timedelta(0), "stage0", 0),
        ("High", timedelta(days=3), "stage0", 0),  # exactly on the first limit: still stage 0
        ("High", timedelta(days=3) + US, "stage1", 1),
        ("High", timedelta(days=7), "stage1", 1),
        ("High", timedelta(days=7) + US, "stage2", 2),
        ("High", timedelta(days=10), "stage2", 2),
        ("High", timedelta(days=10) + US, "stage3", 3),
        ("High", timedelta(days=15), "stage3", 3),  # exactly on the last limit: not yet overdue
        ("High", timedelta(days=15) + US, "overdue", None),
        ("Urgent", timedelta(days=1), "stage0", 0),
        ("Urgent", timedelta(days=1, seconds=1), "stage1", 1),
        ("Urgent", timedelta(days=5, seconds=1), "overdue", None),
        ("Low", timedelta(days=59), "stage3", 3),
        ("Low", timedelta(days=61), "overdue", None),
        ("Medium", timedelta(days=13), "stage1", 1),
    ],
)
def test_backlog_rule_table(priority: str, age: timedelta, key: str, stage: int | None) -> None:
    facts = sla.SlaFacts("Open", priority, NOW - age, None, NO_PAUSE)
    u = sla.evaluate(facts, CFG, NOW)
    assert (u.color_key, u.stage) == (key, stage)
    assert sla.is_overdue(facts, CFG, NOW) == (key == "overdue")


@pytest.mark.parametrize(
    ("age", "explanation", "countdown"),
    [
        (timedelta(hours=2), "Aged 0 of 15 active days (High)", "15 days left"),
        (timedelta(days=12, hours=5), "Aged 12 of 15 active days (High)", "3 days left"),
        (timedelta(days=15) - timedelta(seconds=30), "Aged 14 of 15 active days (High)", "due now"),
        (timedelta(days=18), "Overdue by 3 days: aged 18 of 15 active days (High)", "3 days overdue"),
    ],
)
def test_backlog_explains_itself(age: timedelta, explanation: str, countdown: str) -> None:
    u = sla.evaluate(sla.SlaFacts("Open", "High", NOW - age, None, NO_PAUSE), CFG, NOW)
    assert (u.explanation, u.countdown) == (explanation, countdown)


@pytest.mark.parametrize(
    "zone", ["UTC", "Europe/Berlin", "America/Los_Angeles", "Asia/Kathmandu", "Pacific/Kiritimati"]
)
def test_time_zones_change_words_never_the_stage(zone: str) -> None:
    tz = ZoneInfo(zone)
    due = datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc)  # exactly 10 days after NOW
    local_due, local_now = due.astimezone(tz), NOW.astimezone(tz)
    facts = sla.SlaFacts("Open", "High", local_now - timedelta(days=1), local_due, NO_PAUSE)
    u = sla.evaluate(facts, CFG, local_now, tz)
    assert (u.color_key, u.explanation) == ("stage2", "Due in 10 days — stage 2 of 4")
    assert sla.deadline(facts, CFG) == due


def test_a_due_date_across_a_dst_change_is_counted_in_real_hours() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    now = datetime(2026, 10, 20, 0, 0, tzinfo=berlin)  # summer time (UTC+2)
    due = datetime(2026, 10, 27, 0, 0, tzinfo=berlin)  # winter time (UTC+1): 7 days and 1 hour later
    u = sla.evaluate(sla.SlaFacts("Open", "High", now, due, NO_PAUSE), CFG, now, berlin)
    assert u.color_key == "stage2"  # 7 days + 1 hour left is not yet "≤ 7 days"


def test_the_hold_date_is_written_in_the_given_time_zone() -> None:
    since = datetime(2026, 11, 2, 23, 30, tzinfo=timezone.utc)
    facts = sla.SlaFacts("On Hold", "High", since - timedelta(days=1), None, sla.Pause(0, since))
    assert sla.evaluate(facts, CFG, NOW, timezone.utc).explanation == "Paused: on hold since 2 Nov"
    assert (
        sla.evaluate(facts, CFG, NOW, ZoneInfo("Europe/Berlin")).explanation == "Paused: on hold since 3 Nov"
    )


# ----- pauses and reopen (read from the status history) -------------------------------------------------------
def history(*steps: tuple[float, str], initial: str = "Open") -> sla.Pause:
    """Status changes at day offsets after a creation 20 days before NOW."""
    created = NOW - timedelta(days=20)
    return sla.pause_credit(
        created, initial, [(created + timedelta(days=d), s) for d, s in steps], CFG.paused_statuses, NOW
    )


@pytest.mark.parametrize(
    ("steps", "initial", "age_days", "paused_since_day"),
    [
        ((), "Open", 20, None),
        (((2, "On Hold"), (12, "Open")), "Open", 10, None),  # 10 days on hold credited
        (((2, "On Hold"),), "Open", 2, 2),  # still on hold: aged 2, not ageing
        ((), "On Hold", 0, 0),  # created on hold
        (((5, "On Hold"), (6, "On Hold")), "Open", 5, 5),  # the same status again keeps the pause running
        (((5, "On Hold"), (8, "Resolved"), (9, "Open")), "Open", 16, None),  # hold then resolved: both paused
        (((10, "Closed"), (15, "Open")), "Open", 15, None),  # reopen resumes from the accumulated age
        (((4, "Closed"), (10, "Open"), (12, "Cancelled"), (18, "Open")), "Open", 8, None),
        (((1, "In Progress"), (3, "On Hold"), (4, "In Progress")), "Open", 19, None),
    ],
)
def test_pause_credit_from_the_history(
    steps: tuple[tuple[float, str], ...], initial: str, age_days: float, paused_since_day: float | None
) -> None:
    created = NOW - timedelta(days=20)
    pause = history(*steps, initial=initial)
    status = steps[-1][1] if steps else initial
    facts = sla.SlaFacts(status, "Low", created, None, pause)
    assert sla.active_age(facts, NOW) == timedelta(days=age_days)
    expected_since = None if paused_since_day is None else created + timedelta(days=paused_since_day)
    assert pause.paused_since == expected_since


def test_reopened_ticket_resumes_from_its_accumulated_age() -> None:
    # High: 3/7/10/15. Aged 9 days, closed for 30, reopened 2 days ago → aged 11 → stage 3, not overdue
    created = NOW - timedelta(days=41)
    pause = sla.pause_credit(
        created,
        "Open",
        [(created + timedelta(days=9), "Closed"), (created + timedelta(days=39), "Open")],
        CFG.paused_statuses,
        NOW,
    )
    facts = sla.SlaFacts("Open", "High", created, None, pause)
    u = sla.evaluate(facts, CFG, NOW)
    assert (u.color_key, u.explanation) == ("stage3", "Aged 11 of 15 active days (High)")
    assert sla.deadline(facts, CFG) == NOW + timedelta(days=4)


def test_a_hold_pauses_the_backlog_deadline_and_shifts_it_when_it_ends() -> None:
    created = NOW - timedelta(days=20)
    on_hold = sla.SlaFacts("On Hold", "High", created, None, history((8, "On Hold")))
    assert sla.deadline(on_hold, CFG) is None and not sla.is_overdue(on_hold, CFG, NOW + timedelta(days=99))
    back = sla.SlaFacts("Open", "High", created, None, history((8, "On Hold"), (18, "Open")))
    assert sla.deadline(back, CFG) == NOW - timedelta(days=20) + timedelta(days=15 + 10)


def test_due_dates_do_not_move_with_pauses() -> None:
    facts = sla.SlaFacts(
        "Open",
        "High",
        NOW - timedelta(days=20),
        NOW + timedelta(days=2),
        history((2, "On Hold"), (12, "Open")),
    )
    assert sla.deadline(facts, CFG) == NOW + timedelta(days=2)


# ----- fewer or more than four thresholds -------------------------------------------------------------------
def config(due: list[int] | None = None, limits: list[int] | None = None) -> Config:
    raw: dict[str, object] = {}
    if due is not None:
        raw["due_stage_days"] = due
    if limits is not None:
        raw["priority_stage_days"] = {"High": limits}
    return Config.model_validate({"sla": raw})


@pytest.mark.parametrize(
    ("thresholds", "days_left", "stage", "stages", "key"),
    [
        ([7], 30, 0, 2, "stage0"),  # one threshold: calm, then the last (red) stage a week ahead
        ([7], 7, 1, 2, "stage3"),
        ([7], 1, 1, 2, "stage3"),
        ([14, 7], 20, 0, 2, "stage0"),  # two: the largest is the far edge of the calm stage
        ([14, 7], 8, 0, 2, "stage0"),
        ([14, 7], 7, 1, 2, "stage3"),
        ([3, 10, 20], 10, 1, 3, "stage2"),  # any order in the file; three stages → colours 0, 2, 3
        ([3, 10, 20], 15, 0, 3, "stage0"),
        ([3, 10, 20], 3, 2, 3, "stage3"),
        ([35, 28, 21, 14, 7], 28, 1, 5, "stage1"),  # five stages → colours 0, 1, 2, 2, 3
        ([35, 28, 21, 14, 7], 21, 2, 5, "stage2"),
        ([35, 28, 21, 14, 7], 14, 3, 5, "stage2"),
        ([35, 28, 21, 14, 7], 7, 4, 5, "stage3"),
        ([60, 50, 40, 30, 20, 10], 45, 1, 6, "stage1"),  # six → 0, 1, 1, 2, 2, 3
        ([60, 50, 40, 30, 20, 10], 10, 5, 6, "stage3"),
    ],
)
def test_fewer_or_more_due_thresholds(
    thresholds: list[int], days_left: float, stage: int, stages: int, key: str
) -> None:
    cfg = config(due=thresholds)
    u = sla.evaluate(sla.SlaFacts("Open", "High", NOW, NOW + timedelta(days=days_left), NO_PAUSE), cfg, NOW)
    assert (u.stage, u.stages, u.color_key) == (stage, stages, key)
    assert u.explanation.endswith(f"— stage {stage} of {stages}")


@pytest.mark.parametrize(
    ("limits", "age", "stage", "key"),
    [
        ([5], 5, 0, "stage0"),  # one limit: one calm stage, then overdue
        ([5], 5.5, None, "overdue"),
        ([5, 10], 6, 1, "stage3"),  # two: the last stage is always red
        ([2, 4, 6, 8, 10, 12], 3, 1, "stage1"),
        ([2, 4, 6, 8, 10, 12], 11, 5, "stage3"),
        ([2, 4, 6, 8, 10, 12], 12.5, None, "overdue"),
    ],
)
def test_fewer_or_more_backlog_limits(limits: list[int], age: float, stage: int | None, key: str) -> None:
    u = sla.evaluate(
        sla.SlaFacts("Open", "High", NOW - timedelta(days=age), None, NO_PAUSE), config(limits=limits), NOW
    )
    assert (u.stage, u.color_key) == (stage, key)


@pytest.mark.parametrize(
    ("stages", "colours"),
    [(1, [0]), (2, [0, 3]), (3, [0, 2, 3]), (4, [0, 1, 2, 3]), (5, [0, 1, 2, 2, 3]), (6, [0, 1, 1, 2, 2, 3])],
)
def test_colour_spread_table_in_the_docstring(stages: int, colours: list[int]) -> None:
    assert [sla.color_index(s, stages) for s in range(stages)] == colours
    assert f"s={stages} → {', '.join(map(str, colours))}" in (sla.__doc__ or "")


# ----- configuration fallbacks ----------------------------------------------------------------------------------
def test_palette_keys_fall_back_one_by_one() -> None:
    cfg = Config.model_validate(
        {"colors": {"gradient": {"stage2": "#123456"}, "statuses": {"on_hold": "#abcdef"}}}
    )
    assert sla.evaluate(due_in(10), cfg, NOW).color == "#123456"
    assert sla.evaluate(due_in(20), cfg, NOW).color == Config().colors.gradient.stage1
    assert sla.evaluate(due_in(-1), cfg, NOW).color == "#dc143c"
    held = sla.SlaFacts("On Hold", "High", NOW, None, sla.Pause(0, NOW))
    assert sla.evaluate(held, cfg, NOW).color == "#abcdef"
    assert (
        sla.evaluate(sla.SlaFacts("Resolved", "High", NOW, None, sla.Pause(0, NOW)), cfg, NOW).color
        == "#c8f0c8"
    )


def test_a_priority_without_limits_uses_the_nearest_lower_one() -> None:
    cfg = Config.model_validate({"sla": {"priority_stage_days": {"Low": [10, 20], "High": [1, 2]}}})
    assert cfg.stage_days_for("Medium") == [10, 20]
    assert cfg.stage_days_for("Urgent") == [1, 2]
    u = sla.evaluate(sla.SlaFacts("Open", "Medium", NOW - timedelta(days=15), None, NO_PAUSE), cfg, NOW)
    assert u.explanation == "Aged 15 of 20 active days (Medium)"


def test_renamed_statuses_keep_their_roles() -> None:
    cfg = renamed_statuses_config()
    waiting = sla.SlaFacts(
        "Waiting", "High", NOW, NOW - timedelta(days=9), sla.Pause(0, NOW - timedelta(days=1))
    )
    u = sla.evaluate(waiting, cfg, NOW)
    assert (u.color_key, u.explanation, sla.deadline(waiting, cfg)) == (
        "on_hold",
        "Paused: waiting since 26 Nov",
        None,
    )
    assert (
        sla.evaluate(sla.SlaFacts("Doing", "High", NOW, NOW - timedelta(days=1), NO_PAUSE), cfg, NOW).kind
        == "overdue"
    )


def test_legend_names_every_colour_from_the_thresholds() -> None:
    meanings = {key: meaning for key, _color, meaning in sla.legend(CFG)}
    assert meanings["stage0"] == "Stage 0: due in more than 21 days; a young backlog ticket"
    assert meanings["stage1"] == "Stage 1: due within 21 days"
    assert meanings["stage3"] == "Stage 3: due within 7 days; backlog near its priority's last limit"
    three = {k: m for k, _c, m in sla.legend(config(due=[20, 10, 3]))}
    assert three["stage1"] == "Stage 1: not used by due dates"
    assert three["stage2"] == "Stage 2: due within 10 days"


# ----- properties -----------------------------------------------------------------------------------------------
RANK = {"stage0": 0, "stage1": 1, "stage2": 2, "stage3": 3, "overdue": 4}
thresholds_st = st.lists(st.integers(1, 120), min_size=1, max_size=7, unique=True)
limits_st = st.lists(st.integers(1, 120), min_size=1, max_size=7, unique=True).map(sorted)
hours_st = st.floats(min_value=-3000, max_value=3000, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(
    thresholds=thresholds_st, limits=limits_st, due_h=st.one_of(st.none(), hours_st), a=hours_st, b=hours_st
)
def test_colour_never_gets_less_urgent_as_time_passes(
    thresholds: list[int], limits: list[int], due_h: float | None, a: float, b: float
) -> None:
    cfg = Config.model_validate(
        {"sla": {"due_stage_days": thresholds, "priority_stage_days": {"High": limits}}}
    )
    created = NOW - timedelta(days=30)
    due = None if due_h is None else NOW + timedelta(hours=due_h)
    facts = sla.SlaFacts("In Progress", "High", created, due, sla.Pause(3600.0, None))
    early, late = sorted((NOW + timedelta(hours=a), NOW + timedelta(hours=b)))
    u1, u2 = sla.evaluate(facts, cfg, early), sla.evaluate(facts, cfg, late)
    assert RANK[u1.color_key] <= RANK[u2.color_key]
    assert (u2.kind == "overdue") == sla.is_overdue(facts, cfg, late)  # the SQL filter agrees with the colour


@settings(max_examples=300, deadline=None)
@given(
    steps=st.lists(
        st.tuples(st.floats(0, 100, allow_nan=False), st.sampled_from(Config().workflow)), max_size=8
    ),
    extra_hold=st.tuples(st.floats(0, 100, allow_nan=False), st.floats(0, 50, allow_nan=False)),
)
def test_a_pause_never_increases_age(steps: list[tuple[float, str]], extra_hold: tuple[float, float]) -> None:
    created = NOW - timedelta(days=100)
    changes = sorted((created + timedelta(days=d), s) for d, s in steps)
    plain = sla.pause_credit(created, "Open", changes, CFG.paused_statuses, NOW)
    status = changes[-1][1] if changes else "Open"
    age = sla.active_age(sla.SlaFacts(status, "High", created, None, plain), NOW)
    assert timedelta(0) <= age <= NOW - created
    # insert one more hold period into the history: the age can only shrink or stay
    start = created + timedelta(days=extra_hold[0])
    end = min(NOW, start + timedelta(days=extra_hold[1]))
    before = [c for c in changes if c[0] < start]
    resume = before[-1][1] if before else "Open"
    inside = [c for c in changes if start <= c[0] < end]
    after_hold = [(end, inside[-1][1] if inside else resume)] if end < NOW else []
    with_hold = before + [(start, "On Hold")] + after_hold + [c for c in changes if c[0] >= end]
    status2 = with_hold[-1][1] if with_hold else "Open"
    held = sla.pause_credit(created, "Open", with_hold, CFG.paused_statuses, NOW)
    assert sla.active_age(sla.SlaFacts(status2, "High", created, None, held), NOW) <= age + US


@pytest.mark.parametrize("bad", [[7, 0], [-1, 7], [7, 7], []])
def test_due_thresholds_that_would_hide_a_stage_are_refused_at_load(bad: list[int]) -> None:
    from tickettracker.config import parse_config
    from tickettracker.errors import ConfigError

    with pytest.raises(ConfigError, match=r"^config.json: sla\.due_stage_days: "):
        parse_config({"sla": {"due_stage_days": bad}}, "config.json")
