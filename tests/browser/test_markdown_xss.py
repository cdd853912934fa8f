"""Every XSS payload of the reliability suite, as raw HTML and inside Markdown, in every field that renders Markdown
(description, notes, written updates), in real headless Chromium: on the ticket page, in the dashboard's quick-info
card and in the copy-summary HTML (opened the way a mail program would show it).

Nothing may run (the ``page`` fixture fails on any dialog), no element or attribute outside the Markdown allow-list
may appear inside rendered Markdown, and every request the browser makes must go to the app itself.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import require_browser
from tests.reliability.payloads import PAYLOADS
from tests.support import RunningApp, running_app
from tickettracker.app import build_services
from tickettracker.domain import markdown, summary
from tickettracker.domain.validation import TicketInput

pytestmark = pytest.mark.browser


def as_markdown(p: str) -> str:
    """The payload inside every Markdown construct that carries text, a URL or an image source."""
    return "\n".join(
        [
            p,
            f"**{p}** _{p}_ `{p}`",
            f"[{p}](javascript:alert(1)) [link]({p}) <{p}>",
            f"![{p}](http://evil.example/x.png) ![x]({p}) ![x](/attachments/1/inline?{p})",
            f"- [ ] {p}",
            f"- [x] [{p}](https://example.com)",
            "",
            f"| {p} | b |",
            "|---|---|",
            f"| `{p}` | [{p}](data:text/html,{p}) |",
            "",
            f"> {p}",
            "",
            "```",
            p,
            "```",
        ]
    )


def _fill(data: Path) -> list[int]:
    ctx = build_services(str(data))
    try:
        ids = []
        for i, p in enumerate(PAYLOADS):
            tid = ctx.tickets.create(
                TicketInput(
                    title=f"Payload {i}", description=f"{p}\n\n{as_markdown(p)}", notes=as_markdown(p)
                )
            )
            ctx.tickets.post_update(tid, as_markdown(p))
            ctx.tickets.post_update(tid, p)
            ids.append(tid)
        return ids
    finally:
        ctx.close()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningApp, list[int]]]:
    require_browser()
    data = tmp_path_factory.mktemp("markdown-xss")
    ids = _fill(data)
    with running_app(data) as running:
        yield running, ids


REQUESTS: list[str] = []


@pytest.fixture
def watched(page: Any) -> Any:
    page.on("request", lambda r: REQUESTS.append(r.url))
    page.on("websocket", lambda ws: REQUESTS.append(ws.url))
    return page


# What the browser built inside rendered Markdown: every element with its attributes.
ELEMENTS = """(selector) => [...document.querySelectorAll(selector)].flatMap((root) =>
  [...root.querySelectorAll('*')].map((el) => [el.tagName.toLowerCase(),
    Object.fromEntries([...el.attributes].map((a) => [a.name, a.value]))]))"""


def allowed(tag: str, attrs: dict[str, str]) -> list[str]:
    """What is wrong with one element (empty: it is within the allow-list)."""
    wrong = [] if tag in markdown.ALLOWED_TAGS else [f"tag {tag}"]
    for name, value in attrs.items():
        if name == "class":
            ok = set(value.split()) <= markdown.ALLOWED_CLASSES.get(tag, frozenset())
        elif tag == "a" and name == "rel":
            ok = value == markdown.LINK_REL
        elif name in markdown.FORCED_VALUES.get(tag, {}):
            ok = value == markdown.FORCED_VALUES[tag][name]
        elif name in markdown.ALLOWED_VALUES.get(tag, {}):
            ok = value in markdown.ALLOWED_VALUES[tag][name]
        else:
            ok = name in markdown.ALLOWED_ATTRIBUTES.get(tag, frozenset())
        if name == "href":
            ok = ok and (value.split(":", 1)[0] in ("http", "https", "mailto") or value.startswith("/"))
            ok = ok and not value.startswith("//")
        if name == "src":
            ok = ok and value.startswith("/attachments/") and value.endswith("/inline")
        if not ok:
            wrong.append(f"{tag}[{name}={value!r}]")
    return wrong


SUMMARY_TAGS = {"div", "h2", "span", "p", "b", "br", "ul", "li", "a", "s"}


def summary_markup(tag: str, attrs: dict[str, str]) -> bool:
    """The summary's own frame: a few tags with a style (design tokens) or an http(s)/mailto link."""
    return tag in SUMMARY_TAGS and all(
        name == "style" or (name == "href" and value.split(":", 1)[0] in ("http", "https", "mailto"))
        for name, value in attrs.items()
    )


def check_rendered(page: Any, selector: str, where: str) -> int:
    page.wait_for_timeout(200)  # let any injected handler fire (a dialog fails the test at teardown)
    found = page.evaluate(ELEMENTS, selector)
    problems = [w for tag, attrs in found for w in allowed(tag, attrs)]
    assert problems == [], f"{where}: {problems[:5]}"
    return len(found)


def test_ticket_pages_render_every_payload_inside_the_allow_list(
    hostile: tuple[RunningApp, list[int]], watched: Any
) -> None:
    from playwright.sync_api import expect

    app, ids = hostile
    for i, tid in enumerate(ids):
        watched.goto(f"{app.url}/tickets/{tid}")
        expect(watched.get_by_role("heading", name=f"Payload {i}")).to_be_visible()
        # description, notes and two written updates, each rendered
        expect(watched.locator(".tt-markdown:not(.tt-preview)")).to_have_count(4)
        seen = check_rendered(watched, ".tt-markdown", f"ticket {tid}")
        assert seen > 20  # the Markdown did render (lists, tables, links, code): the check saw real elements
    # clickable checklists are still inside the allow-list
    assert watched.locator(".tt-markdown input.task-list-item-checkbox").count() >= 6


def test_quick_info_cards_render_payloads_inside_the_allow_list(
    hostile: tuple[RunningApp, list[int]], watched: Any
) -> None:
    from playwright.sync_api import expect

    app, _ids = hostile
    watched.goto(app.url + "/?size=50&sort=id")
    expect(watched.locator("tr.tt-row")).to_have_count(50)
    rows = watched.locator("tr.tt-row")
    seen = 0
    for i in range(50):  # each card exists only while shown (drawn on demand): checked while it is
        watched.mouse.move(0, 0)
        expect(watched.locator(".tt-quick")).to_have_count(0)
        rows.nth(i).locator(".tt-title").hover()
        expect(rows.nth(i).locator(".tt-quick .tt-markdown")).to_be_visible()
        expect(watched.locator(".tt-quick .tt-markdown")).to_have_count(1)
        seen += check_rendered(watched, ".tt-quick .tt-markdown", f"quick-info card {i}")
    assert seen > 50  # every card's Markdown did render: the check saw real elements


def test_copy_summary_html_runs_nothing_and_loads_nothing_in_a_mail_view(
    hostile: tuple[RunningApp, list[int]], watched: Any
) -> None:
    """The summary HTML of every ticket opened as a mail program would (no app around it, scripts allowed)."""
    app, ids = hostile
    ctx = build_services(str(app.data_dir))
    try:
        now = datetime.now(timezone.utc)
        docs = [summary.build(ctx.tickets.get(tid), ctx.cfg, now).html for tid in ids]
    finally:
        ctx.close()
    mail_requests: list[str] = []
    watched.on("request", lambda r: mail_requests.append(r.url))
    watched.set_content("<!doctype html><html><body><div id='mail'></div></body></html>")
    for tid, html in zip(ids, docs, strict=True):
        watched.evaluate("(h) => { document.getElementById('mail').innerHTML = h; }", html)
        problems = []
        for tag, attrs in watched.evaluate(ELEMENTS, "#mail"):
            problems += [] if summary_markup(tag, attrs) else allowed(tag, attrs)
        assert problems == [], f"summary of #{tid}: {problems[:5]}"
        assert watched.locator("#mail img, #mail script, #mail iframe, #mail svg").count() == 0
    watched.wait_for_timeout(300)
    assert [u for u in mail_requests if not u.startswith(("data:", "about:"))] == []


def test_the_copy_button_puts_the_same_markdown_html_on_the_clipboard(
    hostile: tuple[RunningApp, list[int]], watched: Any
) -> None:
    from playwright.sync_api import expect

    app, ids = hostile
    watched.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app.url)
    watched.goto(f"{app.url}/tickets/{ids[1]}")
    watched.get_by_role("button", name="Copy summary").click()
    expect(watched.locator(".q-notification").get_by_text(f"Summary of #{ids[1]} copied")).to_be_visible()
    got = watched.evaluate(
        """async () => { const out = {};
        for (const item of await navigator.clipboard.read())
          for (const type of item.types) out[type] = await (await item.getType(type)).text();
        return out; }"""
    )
    assert "- [ ] " + PAYLOADS[1] in got["text/plain"]  # the Markdown source, as typed
    assert "<strong>" in got["text/html"] and "<img" not in got["text/html"]
    watched.evaluate(
        "(h) => { document.body.insertAdjacentHTML('beforeend', `<div id=clip>${h}</div>`); }",
        got["text/html"],
    )
    problems = [
        w
        for tag, attrs in watched.evaluate(ELEMENTS, "#clip")
        if not summary_markup(tag, attrs)
        for w in allowed(tag, attrs)
    ]
    assert problems == []


def test_nothing_left_the_host(hostile: tuple[RunningApp, list[int]], watched: Any) -> None:
    app, ids = hostile
    watched.goto(f"{app.url}/tickets/{ids[0]}")
    watched.wait_for_selector(".tt-markdown")
    assert len(REQUESTS) > 50, "almost no requests were recorded: nothing was checked"
    own = {("http", f"127.0.0.1:{app.port}"), ("ws", f"127.0.0.1:{app.port}")}
    foreign = sorted(
        {
            u
            for u in REQUESTS
            if (urlsplit(u).scheme, urlsplit(u).netloc) not in own
            and urlsplit(u).scheme not in ("data", "blob", "about")
        }
    )
    assert foreign == [], json.dumps(foreign[:5])
