"""Ticket templates: checked field by field, turned into a new ticket's starting values."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from tickettracker.config import Config
from tickettracker.domain import templates
from tickettracker.domain.templates import Template, check, draft, fill_title
from tickettracker.errors import ValidationFailed

CFG = Config()
BERLIN = ZoneInfo("Europe/Berlin")


def test_check_cleans() -> None:
    t = check(
        CFG,
        Template(
            name="  New   starter ",
            title_pattern="Onboarding\t{date} ",
            description="Welcome\n\n",
            tags=("hr", "HR", " it "),
            watchers=("ana@example.com", ""),
            checklist=("Laptop", "  ", "Badge\n"),
        ),
    )
    assert t == Template(
        name="New starter",
        title_pattern="Onboarding {date}",
        description="Welcome",
        tags=("hr", "it"),
        watchers=("ana@example.com",),
        checklist=("Laptop", "Badge"),
    )


@pytest.mark.parametrize(
    ("template", "field", "message"),
    [
        (Template(name=" "), "name", "Give the template a name"),
        (Template(name="x" * 81), "name", "At most 80 characters"),
        (Template(name="t", priority="Urgentest"), "priority", "Unknown priority 'Urgentest'"),
        (Template(name="t", due_in_days=-1), "due_in_days", "Between 0 and 3650 days"),
        (Template(name="t", title_pattern="x" * 201), "title_pattern", "At most 200 characters"),
        (Template(name="t", checklist=("x",) * 101), "checklist", "At most 100 items"),
        (Template(name="t", checklist=("x" * 201,)), "checklist", "Each item is at most 200"),
    ],
)
def test_check_refuses(template: Template, field: str, message: str) -> None:
    with pytest.raises(ValidationFailed) as e:
        check(CFG, template)
    assert e.value.problems[field].startswith(message)


def test_title_placeholders() -> None:
    assert fill_title("Backup check {month} ({date}, {year}) {other}", date(2026, 12, 2)) == (
        "Backup check 2026-12 (2026-12-02, 2026) {other}"
    )


def test_draft_from_a_full_template() -> None:
    t = Template(
        name="Starter",
        title_pattern="Onboarding {date}",
        description="Set up the new colleague.",
        priority="High",
        tags=("hr",),
        watchers=("bo@example.com",),
        due_in_days=3,
        checklist=("Laptop", "Badge"),
    )
    # 23:30 UTC on 1 Dec is already 2 Dec in Berlin: local dates count.
    d = draft(CFG, t, datetime(2026, 12, 1, 23, 30, tzinfo=timezone.utc), BERLIN)
    assert d.title == "Onboarding 2026-12-02"
    assert d.description == "Set up the new colleague.\n\n- [ ] Laptop\n- [ ] Badge"
    assert (d.priority, d.tags, d.watchers, d.status) == ("High", ["hr"], ["bo@example.com"], "Open")
    assert d.due == datetime(2026, 12, 5, 23, 59, 59, tzinfo=BERLIN).astimezone(timezone.utc)
    assert d.due_has_time is False


def test_draft_from_an_empty_template_uses_the_defaults() -> None:
    d = draft(CFG, Template(name="Blank"), datetime(2026, 12, 2, tzinfo=timezone.utc), BERLIN)
    assert (d.title, d.description, d.due) == ("", "", None)
    assert d.priority == CFG.priorities[(len(CFG.priorities) - 1) // 2]


def test_checklist_only_template() -> None:
    d = draft(CFG, Template(name="c", checklist=("One",)), datetime(2026, 12, 2, tzinfo=timezone.utc))
    assert d.description == "- [ ] One"
    assert templates.MAX_ITEMS == 100
