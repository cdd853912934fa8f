"""Clipboard summary (SPEC §10): section order, omission, limits, links and escaping of every user field."""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tickettracker.config import SECTION_NAMES, Config
from tickettracker.domain import markdown, summary
from tickettracker.domain.records import LinkRec, TicketRec, UpdateRec

UTC = timezone.utc
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
PAYLOAD = "<img src=x onerror=alert(1)>\"'&<script>alert(2)</script>"


def ticket(**overrides: Any) -> TicketRec:
    base = TicketRec(
        id=12,
        title="Printer on fire",
        description="It smokes.",
        notes="Vendor knows.",
        requester="ana@example.com",
        watchers=("bo@example.com",),
        priority="High",
        status="Open",
        hold_reason=None,
        due=NOW + timedelta(days=9, hours=1),
        due_has_time=True,
        tags=("office", "printer"),
        links=(LinkRec(1, "https://example.com/case/7", "vendor case"),),
        created=NOW - timedelta(days=3),
        updated=NOW - timedelta(days=1),
        deleted_at=None,
        paused_seconds=0.0,
        paused_since=None,
        version=3,
        updates=tuple(
            UpdateRec(
                i, NOW - timedelta(days=3) + timedelta(hours=i), "Ana", "note", None, None, None, f"note {i}"
            )
            for i in range(1, 4)
        ),
    )
    return dataclasses.replace(base, **overrides)


def cfg(**clip: Any) -> Config:
    return Config.model_validate({"clipboard_summary": clip})


def text_of(t: TicketRec, config: Config | None = None, tz: Any = UTC) -> str:
    return summary.build(t, config or Config(), NOW, tz).text


def html_of(t: TicketRec, config: Config | None = None, tz: Any = UTC) -> str:
    return summary.build(t, config or Config(), NOW, tz).html


FIRST_LINE = {
    "header": "#12 · Printer on fire",
    "timestamps": "Created: ",
    "meta": "Status: Open",
    "people": "Requester: ana@example.com",
    "description": "Description:",
    "links": "Links:",
    "notes": "Notes:",
    "tags": "Tags: office, printer",
    "updates": "Updates:",
}
HTML_MARK = {
    "header": "Printer on fire</h2>",
    "timestamps": "<b>Created:</b>",
    "meta": "<b>Status:</b>",
    "people": "<b>Requester:</b>",
    "description": "<b>Description</b>",
    "links": "<b>Links</b>",
    "notes": "<b>Notes</b>",
    "tags": "<b>Tags:</b>",
    "updates": "<b>Updates</b>",
}


def test_every_configurable_section_has_a_renderer() -> None:
    assert set(summary.SECTIONS) == set(SECTION_NAMES)


@pytest.mark.parametrize(
    ("html_sections", "text_sections", "expected_text"),
    [
        (list(SECTION_NAMES), [], list(SECTION_NAMES)),
        (["updates", "header", "tags"], [], ["updates", "header", "tags"]),
        (["header", "meta"], ["meta", "notes", "header"], ["meta", "notes", "header"]),
        (["notes"], ["links", "people"], ["links", "people"]),
    ],
)
def test_sections_follow_the_configured_order(
    html_sections: list[str], text_sections: list[str], expected_text: list[str]
) -> None:
    config = cfg(html_sections=html_sections, text_sections=text_sections)
    out = summary.build(ticket(), config, NOW, UTC)
    blocks = out.text.rstrip("\n").split("\n\n")
    assert [b.splitlines()[0] for b in blocks] == [
        FIRST_LINE[n] if n != "timestamps" else blocks[i].splitlines()[0] for i, n in enumerate(expected_text)
    ]
    assert all(b.startswith(FIRST_LINE[n]) for b, n in zip(blocks, expected_text, strict=True))
    positions = [out.html.index(HTML_MARK[n]) for n in html_sections]
    assert positions == sorted(positions)
    for name in set(SECTION_NAMES) - set(html_sections):
        assert HTML_MARK[name] not in out.html


@pytest.mark.parametrize(
    ("changes", "gone"),
    [
        ({"description": ""}, "description"),
        ({"description": "  \n\n  "}, "description"),
        ({"notes": ""}, "notes"),
        ({"links": ()}, "links"),
        ({"tags": ()}, "tags"),
        ({"requester": "", "watchers": ()}, "people"),
        ({"updates": ()}, "updates"),
    ],
)
def test_a_section_without_content_is_left_out(changes: dict[str, Any], gone: str) -> None:
    out = summary.build(ticket(**changes), Config(), NOW, UTC)
    assert FIRST_LINE[gone] not in out.text
    assert HTML_MARK[gone] not in out.html
    others = [n for n in SECTION_NAMES if n != gone]
    assert len(out.text.rstrip("\n").split("\n\n")) == len(others)


def test_people_shows_only_what_is_there() -> None:
    text = text_of(ticket(requester="", watchers=("bo@example.com", "cy@example.com")))
    assert "Watchers: bo@example.com, cy@example.com" in text and "Requester" not in text


def test_removing_timestamps_removes_created_and_updated_lines() -> None:
    sections = [n for n in SECTION_NAMES if n != "timestamps"]
    text = text_of(ticket(), cfg(html_sections=sections))
    assert "Created:" not in text and "Updated:" not in text
    assert "Created: 2026-11-24 09:00 UTC" in text_of(ticket())


@pytest.mark.parametrize(
    ("limit", "expected"),
    [
        (0, None),
        (1, ["note 3"]),
        (2, ["note 3", "note 2"]),
        (3, ["note 3", "note 2", "note 1"]),
        (50, ["note 3", "note 2", "note 1"]),
    ],
)
def test_updates_limit_keeps_the_most_recent(limit: int, expected: list[str] | None) -> None:
    text = text_of(ticket(), cfg(updates_limit=limit))
    if expected is None:
        assert "Updates" not in text
        return
    block = next(b for b in text.split("\n\n") if b.startswith("Updates"))
    assert re.findall(r"note \d", block) == expected
    title = block.splitlines()[0]
    assert title == ("Updates:" if limit >= 3 else f"Updates ({limit} most recent of 3):")


def test_update_lines_carry_author_time_and_status_change() -> None:
    updates = (
        UpdateRec(1, NOW - timedelta(days=2), "System", "created", None, None, "{}", ""),
        UpdateRec(
            2, NOW - timedelta(days=1), "Bo", "status", "status", '"Open"', '"On Hold"', "Awaiting parts"
        ),
        UpdateRec(3, NOW - timedelta(hours=1), "Ana", "field", "priority", '"Low"', '"High"', ""),
    )
    text = text_of(ticket(updates=updates), tz=ZoneInfo("Europe/Berlin"))
    assert (
        "Updates:\n"
        "- 2026-11-27 09:00 CET · Ana: Priority: Low → High\n"
        "- 2026-11-26 10:00 CET · Bo: Status: Open → On Hold — Awaiting parts\n"
        "- 2026-11-25 10:00 CET · System: Created the ticket"
    ) in text


def test_meta_says_status_with_hold_reason_priority_due_and_sla_in_words() -> None:
    t = ticket(status="On Hold", hold_reason="Awaiting parts", paused_since=NOW - timedelta(days=2))
    block = next(b for b in text_of(t).split("\n\n") if b.startswith("Status"))
    assert block == (
        "Status: On Hold — Awaiting parts\n"
        "Priority: High\n"
        "Due: 2026-12-06 10:00 UTC (in 9 days)\n"
        "SLA: Paused: on hold since 25 Nov"
    )
    backlog = text_of(ticket(due=None, created=NOW - timedelta(days=12, hours=3)))
    assert "SLA: Aged 12 of 15 active days (High)" in backlog and "Due:" not in backlog
    date_only = text_of(ticket(due=datetime(2026, 12, 1, 8, 0, tzinfo=UTC), due_has_time=False))
    assert "Due: 2026-12-01 (in 4 days)" in date_only


def test_text_is_tidy() -> None:
    t = ticket(description="first   \n\n\n\nsecond\t\n\n", notes="\n\nnote\n", title="Printer on fire")
    text = text_of(t)
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert "\n\n\n" not in text
    assert all(line == line.rstrip() for line in text.splitlines())
    assert "Description:\n  first\n\n  second\n\nLinks:" in text
    assert "Notes:\n  note\n\nTags:" in text


TEXT_FIELDS = ["title", "description", "notes", "requester", "hold_reason"]


@pytest.mark.parametrize(
    "field", [*TEXT_FIELDS, "watchers", "tags", "link label", "update body", "update author"]
)
def test_user_text_is_escaped_in_html_and_literal_in_text(field: str) -> None:
    changes: dict[str, Any] = {}
    if field in TEXT_FIELDS:
        changes[field] = PAYLOAD
        if field == "hold_reason":
            changes.update(status="On Hold", paused_since=NOW - timedelta(days=1))
    elif field in ("watchers", "tags"):
        changes[field] = (PAYLOAD,)
    elif field == "link label":
        changes["links"] = (LinkRec(1, "https://example.com/x", PAYLOAD),)
    else:
        author, body = (PAYLOAD, "hi") if field == "update author" else ("Ana", PAYLOAD)
        changes["updates"] = (UpdateRec(1, NOW, author, "note", None, None, None, body),)
    out = summary.build(ticket(**changes), Config(), NOW, UTC)
    assert "<img" not in out.html and "<script" not in out.html
    if field in MARKDOWN_FIELDS:  # Markdown with raw HTML off: the tags arrive as text
        assert "&lt;img src=x onerror=alert(1)&gt;\"'&amp;&lt;script&gt;alert(2)&lt;/script&gt;" in out.html
    else:
        assert "&lt;img src=x onerror=alert(1)&gt;&quot;&#x27;&amp;&lt;script&gt;" in out.html
    assert PAYLOAD in out.text
    assert_only_safe_markup(out.html)


MARKDOWN_FIELDS = ("description", "notes", "update body")


def test_written_text_is_markdown_in_html_and_source_in_text() -> None:
    source = "**Steps**\n- [x] Order toner\n- [ ] Call [vendor](https://example.com/v)\n\n![shot](/attachments/3/inline)"
    t = ticket(
        description=source,
        updates=(
            UpdateRec(1, NOW, "Ana", "note", None, None, None, "Done *now*: see [log](/attachments/4)"),
        ),
    )
    out = summary.build(t, Config(), NOW, UTC)
    assert "<strong>Steps</strong>" in out.html and "<em>now</em>" in out.html
    assert 'checked="checked" disabled="disabled" type="checkbox"> Order toner' in out.html
    assert '<a href="https://example.com/v" target="_blank" rel="noopener noreferrer">vendor</a>' in out.html
    # outside the app its own images and links mean nothing: words instead
    assert "[image: shot]" in out.html and "<img" not in out.html and "/attachments/" not in out.html
    assert "see log" in out.html
    assert "  **Steps**\n  - [x] Order toner\n  - [ ] Call [vendor](https://example.com/v)" in out.text
    assert "Ana: Done *now*: see [log](/attachments/4)" in out.text
    assert_only_safe_markup(out.html)


@pytest.mark.parametrize(
    ("url", "clickable"),
    [
        ("https://example.com/case/7", True),
        ("http://example.com/?a=1&b=2", True),
        ("mailto:ana@example.com", True),
        ("javascript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("file:///etc/passwd", False),
        ('https://example.com/"onmouseover="alert(1)', True),  # the quotes stay inside the href value
    ],
)
def test_links_are_clickable_only_for_http_https_mailto(url: str, clickable: bool) -> None:
    out = summary.build(ticket(links=(LinkRec(1, url, "the link"),)), Config(), NOW, UTC)
    hrefs = [dict(attrs).get("href") for tag, attrs in parse(out.html) if tag == "a"]
    assert hrefs == ([url] if clickable else [])
    assert f"- the link: {url}" in out.text
    assert_only_safe_markup(out.html)


def test_inline_styles_off_leaves_plain_semantic_html() -> None:
    out = summary.build(ticket(), cfg(inline_styles=False), NOW, UTC)
    assert "style=" not in out.html
    assert '<a href="https://example.com/case/7">vendor case</a>' in out.html


@pytest.mark.parametrize(
    ("changes", "accent"),
    [
        ({"due": NOW + timedelta(days=30)}, "#bfdbfe"),
        ({"due": NOW + timedelta(days=10)}, "#fdba74"),
        ({"due": NOW - timedelta(days=3)}, "#dc143c"),
        ({"status": "Resolved", "paused_since": NOW}, "#c8f0c8"),
    ],
)
def test_the_urgency_colour_is_the_accent(changes: dict[str, Any], accent: str) -> None:
    out = summary.build(ticket(**changes), Config(), NOW, UTC)
    assert f"border-left:6px solid {accent}" in out.html
    assert f"background:{accent};" in out.html


def test_cancelled_title_is_struck_and_trash_is_said() -> None:
    out = summary.build(ticket(status="Cancelled", deleted_at=NOW), Config(), NOW, UTC)
    assert "<s>Printer on fire</s>" in out.html
    assert out.text.startswith("#12 · Printer on fire (in the trash)\n")


def test_example_summary_reads_well() -> None:
    """The whole text of a typical ticket, as a person would paste it into a terminal."""
    t = ticket(
        updates=(
            UpdateRec(1, NOW - timedelta(days=3), "System", "created", None, None, "{}", ""),
            UpdateRec(
                2, NOW - timedelta(days=1), "Ana", "note", None, None, None, "Called the vendor.\nNo answer."
            ),
        )
    )
    assert text_of(t) == (
        "#12 · Printer on fire\n"
        "\n"
        "Created: 2026-11-24 09:00 UTC\n"
        "Updated: 2026-11-26 09:00 UTC (1 day ago)\n"
        "\n"
        "Status: Open\n"
        "Priority: High\n"
        "Due: 2026-12-06 10:00 UTC (in 9 days)\n"
        "SLA: Due in 9 days — stage 2 of 4\n"
        "\n"
        "Requester: ana@example.com\n"
        "Watchers: bo@example.com\n"
        "\n"
        "Description:\n"
        "  It smokes.\n"
        "\n"
        "Links:\n"
        "- vendor case: https://example.com/case/7\n"
        "\n"
        "Notes:\n"
        "  Vendor knows.\n"
        "\n"
        "Tags: office, printer\n"
        "\n"
        "Updates:\n"
        "- 2026-11-26 09:00 UTC · Ana: Called the vendor.\n"
        "    No answer.\n"
        "- 2026-11-24 09:00 UTC · System: Created the ticket\n"
    )


# ----- the HTML is only ever our own markup ------------------------------------------------------------------
SAFE_TAGS = {"div", "h2", "span", "p", "b", "br", "ul", "li", "a", "s"}


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def parse(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    p = _Collect()
    p.feed(html)
    p.close()
    return p.found


def assert_only_safe_markup(html: str) -> None:
    """Our own markup (SAFE_TAGS, style/href) or the Markdown allow-list; links only http, https, mailto."""
    for tag, attrs in parse(html):
        assert tag in SAFE_TAGS | markdown.ALLOWED_TAGS, tag
        for name, value in attrs:
            assert name in ("style", "href") or tag in markdown.ALLOWED_TAGS, name
            assert not name.startswith("on")
            if name in ("href", "src"):
                assert (value or "").startswith(("http://", "https://", "mailto:")), value


# stored text has no control characters (validation.clean_text drops them); anything else may come
TEXT = st.characters(blacklist_categories=("Cc", "Cs"))


@settings(max_examples=150, deadline=None)
@given(
    title=st.text(TEXT, min_size=1, max_size=40),
    body=st.text(TEXT, max_size=80),
    tag=st.text(TEXT, min_size=1, max_size=20),
    label=st.text(TEXT, max_size=20),
)
def test_any_user_text_yields_only_our_markup(title: str, body: str, tag: str, label: str) -> None:
    t = ticket(
        title=title,
        description=body,
        notes=body,
        requester=body,
        tags=(tag,),
        links=(LinkRec(1, "https://example.com/" + label, label),),
        updates=(UpdateRec(1, NOW, label or "Ana", "note", None, None, None, body),),
    )
    out = summary.build(t, Config(), NOW, UTC)
    assert_only_safe_markup(out.html)
    assert all(line == line.rstrip() for line in out.text.splitlines())
