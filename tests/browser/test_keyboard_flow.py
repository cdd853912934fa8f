"""A whole ticket's life without the mouse (issue #20 item 4), in real Chromium: only ``page.keyboard`` is used;
and reduced motion honoured.

Create (the `n` shortcut), put on hold with a typed reason, post an update with a file chosen by keyboard, resolve,
reopen, close and reopen with the "Reopen" button; each result is checked where a person sees it. Every element the keyboard lands on must show where the focus
is: an outline or a shadow on the element, or on the box of the text field it belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import require_browser
from tests.support import RunningApp, running_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    require_browser()
    with running_app(tmp_path_factory.mktemp("keyboard-app"), timeout=120) as running:  # a loaded machine
        yield running


TAB_LIMIT = 150  # more stops than any page has: a control never reached fails instead of looping
OPTIONS_LIMIT = 12

# The focused element: its accessible name as a person hears it, and whether a focus indicator is drawn.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {name: '', ring: false, what: 'nothing'};
  const drawn = (e) => {
    const s = getComputedStyle(e);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  };
  const field = el.closest('.q-field');
  const fieldLabel = field && field.querySelector('.q-field__label');
  const block = el.querySelector && el.querySelector(':scope > .q-btn__content > .block');
  const name = (el.getAttribute('aria-label') || (fieldLabel && fieldLabel.textContent)
    || (block && block.textContent) || el.textContent || '').trim();
  const control = el.closest('.q-field__control');
  return {name, ring: drawn(el) || (!!control && drawn(control)),
          what: `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${name.slice(0, 40)}"`};
}"""


class Keyboard:
    """Moves through a page with Tab only and remembers every stop that showed no focus indicator."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.unmarked: list[str] = []

    def focused(self) -> dict[str, Any]:
        info: dict[str, Any] = self.page.evaluate(FOCUSED)
        if info["what"] != "nothing" and not info["ring"]:
            self.unmarked.append(f"{self.page.url}: {info['what']}")
        return info

    def tab_to(self, name: str | re.Pattern[str], *, back: bool = False) -> None:
        """Press Tab (Shift+Tab with ``back``) until the control named ``name`` has the focus."""
        passed = []
        for _ in range(TAB_LIMIT):
            self.page.keyboard.press("Shift+Tab" if back else "Tab")
            got = self.focused()["name"]
            if got == name if isinstance(name, str) else name.fullmatch(got):
                return
            passed.append(got)
        raise AssertionError(f"{name!r} is not reachable by Tab; passed {passed[-30:]}")

    def wait_focus_in_dialog(self) -> None:
        self.page.wait_for_function(
            "() => document.activeElement && document.activeElement.closest('.q-dialog')"
        )

    def pick(self, option: str) -> None:
        """In an open select's list: move with the arrow keys to ``option`` (the list wraps), then Enter."""
        menu = self.page.locator(".q-menu")
        menu.wait_for()
        highlighted = menu.locator(".q-item.q-manual-focusable--focused")
        for _ in range(2 * OPTIONS_LIMIT):
            self.page.keyboard.press("ArrowDown")
            if highlighted.count() and option in highlighted.inner_text().splitlines():
                self.page.keyboard.press("Enter")
                menu.wait_for(state="detached")
                return
        raise AssertionError(f"option {option!r} never highlighted")

    def change_status(self, status: str, reason: str | None = None) -> None:
        from playwright.sync_api import expect

        self.page.keyboard.press("s")  # the ticket page's "Change status"
        dialog = self.page.get_by_role("dialog", name="Change status")
        expect(dialog).to_be_visible()
        self.wait_focus_in_dialog()
        self.tab_to("Status")
        self.page.keyboard.press("Enter")  # open the options
        self.pick(status)
        if reason is not None:
            self.tab_to("Hold reason")
            self.page.keyboard.type(reason)  # typed, never picked from the list
        self.tab_to("Apply")
        self.page.keyboard.press("Enter")
        expect(dialog).to_have_count(0)


def test_a_ticket_from_creation_to_reopening_without_the_mouse(
    app: RunningApp, page: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    keys = Keyboard(page)
    page.set_default_timeout(20_000)  # a loaded machine
    page.goto(app.url + "/")
    page.wait_for_function("() => window.did_handshake === true")
    expect(page.get_by_text("No tickets yet.")).to_be_visible()

    # create: the "n" shortcut, type the title, Tab to Save
    page.keyboard.press("n")
    title = page.get_by_role("dialog").get_by_label("Title", exact=True)
    expect(title).to_be_focused()
    keys.focused()
    page.keyboard.type("Scanner shows paper jam")
    keys.tab_to("Save")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/tickets/1$"))
    expect(page.get_by_role("heading", name="Scanner shows paper jam")).to_be_visible()
    page.wait_for_function("() => window.did_handshake === true")
    status = page.locator(".tt-status")
    expect(status).to_have_text("Open")

    # on hold, with a reason typed in
    keys.change_status("On Hold", "Waiting for the roller kit")
    expect(status).to_have_text("On Hold")
    expect(page.locator(".tt-status-change").first).to_contain_text("Waiting for the roller kit")

    # an update with a file chosen by keyboard: the uploader's "Choose files" button and Enter
    keys.tab_to("Update")
    page.keyboard.type("Ordered the roller kit; the error log is attached.")
    keys.tab_to("Choose files: Attach files to this update")
    log_file = tmp_path / "scanner-error.log"
    log_file.write_text("E-203 paper jam at roller 2\n")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Enter")
    chooser.value.set_files(str(log_file))
    expect(page.locator(".tt-staged-file")).to_contain_text("scanner-error.log")
    keys.tab_to("Post update")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Update posted")).to_have_count(1)
    entry = page.locator(".tt-log-entry").first  # newest first
    expect(entry).to_contain_text("Ordered the roller kit; the error log is attached.")
    expect(entry.get_by_role("link", name="scanner-error.log")).to_be_visible()

    # resolve, then reopen (Resolved is not final: back to Open through "Change status")
    keys.change_status("Resolved")
    expect(status).to_have_text("Resolved")
    keys.change_status("Open")
    expect(status).to_have_text("Open")
    expect(page.locator(".tt-status-change").first).to_have_text(re.compile(r"Status:.*Resolved.*→.*Open"))
    # a closed ticket is reopened with its "Reopen" button
    keys.change_status("Closed")
    expect(status).to_have_text("Closed")
    keys.tab_to("Reopen")
    page.keyboard.press("Enter")
    expect(status).to_have_text("Open")
    expect(page.locator(".tt-status-change").first).to_contain_text("Reopened:")

    assert keys.unmarked == [], "focused without a visible focus indicator:\n" + "\n".join(keys.unmarked)


# The transition of the page's buttons (Quasar animates their focus and hover tint).
BUTTON_TRANSITION = (
    "() => getComputedStyle(document.querySelector('.q-btn .q-focus-helper')).transitionDuration"
)


@pytest.mark.parametrize("motion", ["reduce", "no-preference"])
def test_reduced_motion_stops_transitions(app: RunningApp, browser: Any, motion: str) -> None:
    """With the system's "reduce motion" set, nothing fades or slides; without it, Quasar's transitions stay."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, reduced_motion=motion)
    try:
        page = context.new_page()
        page.goto(app.url + "/")
        page.wait_for_function("() => window.did_handshake === true")
        durations = {d.strip() for d in page.evaluate(BUTTON_TRANSITION).split(",")}
        if motion == "reduce":
            assert durations == {"0s"}
        else:
            assert durations != {"0s"}
    finally:
        context.close()
