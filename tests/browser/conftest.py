"""Real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright against the real app process."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import require_browser
from tests.support import CHROMIUM_ARGS, RunningApp, running_app


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    require_browser()
    # a loaded 2-core machine can take longer than the default to start the app
    with running_app(tmp_path_factory.mktemp("browser-app"), timeout=120) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh context per test; any JS dialog (alert) fails the test: user text must never run as script."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    dialogs: list[str] = []

    def on_dialog(d: Any) -> None:
        dialogs.append(d.message)
        d.dismiss()

    pg.on("dialog", on_dialog)
    pg.set_default_timeout(10_000)
    yield pg
    context.close()
    assert dialogs == [], f"a script ran: {dialogs}"
