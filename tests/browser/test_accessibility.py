"""axe-core audits in real Chromium on the demo data: no serious or critical violation on any page or dialog, in dark
and light mode at desktop width, and on the main pages at phone width.

Fast on purpose: one browser page per (mode, width), shared by every audit of the module; each audit navigates afresh
and opens its dialog, so nothing left open by one audit is seen by the next.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import goto
from tests.conftest import require_browser
from tests.support import RunningApp, running_app
from tickettracker.app import build_services
from tickettracker.config import Config
from tickettracker.domain.templates import Template
from tickettracker.domain.validation import TicketInput
from tickettracker.services import demo

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
SHOWN_NODES = 3
HOLD_REASON = "Awaiting parts"
# Tickets in each status role, made on top of the demo data: (role, status name, hold reason)
ROLES = [
    ("open", "Open", None),
    ("in-progress", "In Progress", None),
    ("on-hold", "On Hold", HOLD_REASON),
    ("resolved", "Resolved", None),
    ("closed", "Closed", None),
    ("cancelled", "Cancelled", None),
]
Action = Callable[[Any, dict[str, int]], None]
_PEOPLE = itertools.count(1)


# ----- what a person does before each audit ----------------------------------------------------------------------
def _dialog(page: Any) -> Any:
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    return dialog


def _new_ticket(page: Any, _ids: dict[str, int]) -> None:
    page.get_by_role("button", name="New ticket").click()
    _dialog(page).get_by_label("Title", exact=True).wait_for()


def _edit_ticket(page: Any, _ids: dict[str, int]) -> None:
    page.get_by_role("button", name="Edit", exact=True).click()
    _dialog(page).get_by_label("Title", exact=True).wait_for()


def _change_status(page: Any, _ids: dict[str, int]) -> None:
    page.get_by_role("button", name="Change status").click()
    dialog = _dialog(page)
    dialog.get_by_label("Status", exact=True).click()
    page.get_by_role("option", name="On Hold", exact=True).click()
    dialog.get_by_label("Hold reason", exact=True).wait_for()
    page.wait_for_selector(".q-menu", state="detached")  # the options list has closed


def _remind_me(page: Any, _ids: dict[str, int]) -> None:
    page.get_by_role("button", name="Remind me").click()
    _dialog(page).get_by_role("button", name="Set reminder").wait_for()


def _bulk_priority(page: Any, _ids: dict[str, int]) -> None:
    page.get_by_role("checkbox", name=re.compile(r"^Select ticket #")).first.click()
    page.get_by_role("button", name="Change priority").click()
    _dialog(page).get_by_label("Priority").wait_for()


def _palette(page: Any, _ids: dict[str, int]) -> None:
    page.keyboard.press("Control+k")
    page.get_by_role("textbox", name="Command palette").fill("printer")  # typed keys could beat its autofocus
    page.get_by_role("dialog").get_by_text("Printer jams on double-sided jobs").first.wait_for()


def _cheat_sheet(page: Any, _ids: dict[str, int]) -> None:
    page.keyboard.press("?")
    _dialog(page).get_by_text("Search syntax").wait_for()


def _views_sidebar(page: Any) -> None:
    """Below 1024 px the saved views fold away behind the "Views" button (on a phone, among the filters behind the
    "Filters" button): open them as a person would."""
    filters = page.get_by_role("button", name=re.compile(r"^Filters"))
    views = page.get_by_role("button", name="Views", exact=True)
    if filters.is_visible():
        filters.click()
        views.wait_for()
    if views.is_visible():
        views.click()
    page.get_by_role("button", name="Bookmark this search as a view").wait_for()


def _save_view(page: Any, _ids: dict[str, int]) -> None:
    _views_sidebar(page)
    page.get_by_role("button", name="Bookmark this search as a view").click()
    _dialog(page).get_by_label("View name").wait_for()


def _view_menu(page: Any, item: str) -> None:
    _views_sidebar(page)
    page.get_by_role("button", name="Manage view A11y view").click()
    page.get_by_role("menuitem", name=item, exact=True).click()


def _rename_view(page: Any, _ids: dict[str, int]) -> None:
    _view_menu(page, "Rename")
    _dialog(page).get_by_label("View name").wait_for()


def _delete_view(page: Any, _ids: dict[str, int]) -> None:
    _view_menu(page, "Delete")
    _dialog(page).get_by_role("button", name="Delete view").wait_for()


def _reminders(page: Any, _ids: dict[str, int]) -> None:
    page.get_by_role("button", name=re.compile(r"^Reminders")).click()
    page.locator(".tt-reminders").get_by_text("Allow desktop notifications").wait_for()


def _template_menu(page: Any, _ids: dict[str, int]) -> None:
    page.get_by_role("button", name="From template").click()
    page.get_by_role("menuitem", name="A11y template").wait_for()


def _from_template(page: Any, ids: dict[str, int]) -> None:
    _template_menu(page, ids)
    page.get_by_role("menuitem", name="A11y template").click()
    _dialog(page).get_by_label("Title", exact=True).wait_for()


def _new_access_link(page: Any, _ids: dict[str, int]) -> None:
    name = f"Robin {next(_PEOPLE)}"  # a name can have one link: each audit makes its own
    page.get_by_label("Person's name").fill(name)
    page.get_by_role("button", name="Make link").click()
    page.get_by_role("button", name=f"Copy the link for {name}").wait_for()


def _revoke_access_link(page: Any, _ids: dict[str, int]) -> None:
    page.get_by_role("button", name="Revoke Sam's link").click()
    _dialog(page).wait_for()


def _insights_table(page: Any, _ids: dict[str, int]) -> None:
    shows = page.get_by_role("button", name="Show as table")
    shows.first.wait_for()
    for _ in range(shows.count()):
        shows.first.click()  # its label turns into "Hide table"
    page.locator(".q-table").first.wait_for()


# (name, path (may name a role ticket as {role}), what a person does there before the audit)
DESKTOP: list[tuple[str, str, Action | None]] = [
    ("dashboard", "/", None),
    ("dashboard comfortable", "/?density=comfortable", None),  # secondary texts on every row colour
    ("trash", "/?trash=1", None),
    *((f"ticket {role}", f"/tickets/{{{role}}}", None) for role, _s, _r in ROLES),
    ("ticket in the trash", "/tickets/{trashed}", None),
    ("settings", "/settings", None),
    ("insights", "/insights", None),
    ("insights tables", "/insights", _insights_table),
    ("new ticket dialog", "/", _new_ticket),
    ("edit ticket dialog", "/tickets/{open}", _edit_ticket),
    ("change status dialog", "/tickets/{open}", _change_status),
    ("remind me dialog", "/tickets/{open}", _remind_me),
    ("bulk edit dialog", "/", _bulk_priority),
    ("command palette", "/", _palette),
    ("keyboard cheat sheet", "/", _cheat_sheet),
    ("save view dialog", "/", _save_view),
    ("rename view dialog", "/", _rename_view),
    ("delete view dialog", "/", _delete_view),
    ("reminders list", "/", _reminders),
    ("templates menu", "/", _template_menu),
    ("new ticket from template", "/", _from_template),
    ("access link made", "/settings", _new_access_link),
    ("revoke access link dialog", "/settings", _revoke_access_link),
]
TARGETS = {name: (path, action) for name, path, action in DESKTOP}
SCREENS = [("dark", 1400), ("light", 1400), ("dark", 390), ("light", 390)]  # desktop and phone, both modes
# every page and dialog on every screen (a phone opens the same dialogs; some are reached another way there)
CASES = [(name, mode, width) for mode, width in SCREENS for name, _p, _a in DESKTOP]


def _seed(root: Path) -> dict[str, int]:
    """A ticket in each status role, one in the trash, a saved view, a template, a reminder and an access link."""
    ctx = build_services(str(root))
    try:
        ids: dict[str, int] = {}
        for role, status, reason in ROLES:
            tid = ctx.tickets.create(TicketInput(title=f"A11y {role} ticket", description="- [ ] a step"))
            if status != "Open":
                ctx.tickets.change_status(tid, status, hold_reason=reason)
            ids[role] = tid
        ids["trashed"] = ctx.tickets.create(TicketInput(title="A11y ticket in the trash"))
        ctx.tickets.delete(ids["trashed"])
        ctx.power.save_view("A11y view", "status:Open")
        ctx.writing.save_template(Template(name="A11y template", title_pattern="Checked: ", priority="High"))
        ctx.reminders.remind_me(ids["open"], "in 1 hour")
        ctx.access.create("Sam")
        return ids
    finally:
        ctx.close()


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningApp, dict[str, int]]]:
    require_browser()
    root = tmp_path_factory.mktemp("a11y-demo")
    demo.enable(root, Config())  # the same demo data `python -m tickettracker demo enable` loads
    ids = _seed(root)
    with running_app(root, timeout=120) as running:  # a generous start on a loaded machine
        yield running, ids


@pytest.fixture(scope="module")
def axe() -> Any:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture(scope="module")
def screens(browser: Any) -> Iterator[Callable[[str, int], Any]]:
    """One page per (mode, width), made on first use and shared by the module's audits."""
    contexts: dict[tuple[str, int], Any] = {}
    pages: dict[tuple[str, int], Any] = {}

    def get(mode: str, width: int) -> Any:
        key = (mode, width)
        if key not in pages:
            # Reduced motion (honoured by app.css): axe measures the settled colours, not a fade in progress.
            contexts[key] = browser.new_context(
                viewport={"width": width, "height": 900}, reduced_motion="reduce"
            )
            pages[key] = contexts[key].new_page()
            pages[key].set_default_timeout(20_000)  # a busy 2-core machine
        return pages[key]

    yield get
    for context in contexts.values():
        context.close()


def blocking_violations(results: dict[str, Any]) -> list[str]:
    """One line per serious or critical violation: rule id, impact, node count and the first nodes' selectors."""
    lines = []
    for v in results["violations"]:
        if v["impact"] not in BLOCKING:
            continue
        targets = [" ".join(map(str, n["target"])) for n in v["nodes"][:SHOWN_NODES]]
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {' | '.join(targets)}")
    return lines


@pytest.mark.parametrize(
    ("name", "mode", "width"), CASES, ids=[f"{n.replace(' ', '-')}-{m}-{w}" for n, m, w in CASES]
)
def test_no_serious_or_critical_violations(
    demo_app: tuple[RunningApp, dict[str, int]],
    screens: Callable[[str, int], Any],
    axe: Any,
    name: str,
    mode: str,
    width: int,
) -> None:
    app, ids = demo_app
    path, action = TARGETS[name]
    page = screens(mode, width)
    goto(page, app.url + path.format(**ids))  # a fresh page: nothing the previous audit opened is left
    if mode == "light":
        page.get_by_role("button", name="Toggle dark mode").click()
        page.wait_for_selector("body.body--light")
    if action is not None:
        action(page, ids)
    found = blocking_violations(axe.run(page).response)
    assert found == [], f"{name} ({mode}, {width} px):\n" + "\n".join(found)
