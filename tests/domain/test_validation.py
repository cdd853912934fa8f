from __future__ import annotations

import pytest

from tests.factories import ticket_input
from tickettracker.config import Config
from tickettracker.domain.validation import LinkIn, check_link, validate
from tickettracker.errors import ValidationFailed

CFG = Config()


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.com/case/7", True),
        ("http://x.org", True),
        ("mailto:ana@example.com", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("data:text/html,<b>", False),
        ("file:///etc/passwd", False),
        ("ftp://x.org", False),
        ("https://", False),
        ("mailto:nobody", False),
        ("https://exa mple.com", False),
        ("", False),
        ("vbscript:x", False),
    ],
)
def test_only_http_https_mailto_links(url: str, ok: bool) -> None:
    assert (check_link(url) is None) is ok


def test_every_problem_is_reported_by_field() -> None:
    with pytest.raises(ValidationFailed) as err:
        validate(
            CFG,
            ticket_input(
                title="  ", priority="Nope", status="On Hold", links=[LinkIn("javascript:alert(1)")]
            ),
        )
    assert set(err.value.problems) == {"title", "priority", "hold_reason", "links"}
    assert "required" in err.value.problems["title"]


def test_cleaning_keeps_meaning() -> None:
    clean = validate(
        CFG,
        ticket_input(
            title="  Printer\x00  on   fire ",
            watchers=["bo", "BO", " ", "ana"],
            tags=["Office", "office", "  net  work "],
        ),
    )
    assert clean.title == "Printer on fire"
    assert clean.watchers == ["bo", "ana"]
    assert clean.tags == ["net work", "Office"]
    assert clean.priority == "Medium" and clean.status == "Open"
