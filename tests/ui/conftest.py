"""The app under NiceGUI's simulated `user`: pages registered for services on the test's own data folder.

This replaces NiceGUI's own `user` fixture (which runs a `main_file`): the app is built here, the way
`tickettracker` builds it, with the simulated client's host name (`test`) allowed by the network boundary.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from nicegui import core, ui
from nicegui.functions.download import download
from nicegui.functions.navigate import Navigate
from nicegui.functions.notify import notify
from nicegui.testing import User
from nicegui.testing.general import nicegui_reset_globals

from tickettracker.app import build_services
from tickettracker.cli.parser import DEFAULT_PORT
from tickettracker.services.container import Services
from tickettracker.ui import app as ui_app
from tickettracker.ui.security import LOOPBACK_NAMES

SIMULATED_HOST = "test"  # the host name NiceGUI's simulated client sends


@pytest.fixture
def app_token() -> str | None:
    """The start-up token; a test module that overrides this gets an app shared on the network (team mode)."""
    return None


@pytest.fixture
async def user(
    caplog: pytest.LogCaptureFixture, isolated_data_dir: Path, app_token: str | None
) -> AsyncIterator[User]:
    """A simulated person on the app, started on this test's data folder and configuration.

    The services are built when this fixture starts, so fixtures requested before `user` (a config file, an
    environment variable) shape the app, as they would a real start.
    """
    services: Services = build_services(str(isolated_data_dir))
    with nicegui_reset_globals():
        os.environ["NICEGUI_USER_SIMULATION"] = "true"
        try:
            ui_app.create(
                services, hosts=[*LOOPBACK_NAMES, SIMULATED_HOST], port=DEFAULT_PORT, token=app_token
            )
            ui_app.run(host="127.0.0.1", port=DEFAULT_PORT, open_browser=False, native=False)
            async with core.app.router.lifespan_context(core.app):
                transport = httpx.ASGITransport(core.app)
                async with httpx.AsyncClient(
                    transport=transport, base_url=f"http://{SIMULATED_HOST}"
                ) as client:
                    yield User(client)
        finally:
            os.environ.pop("NICEGUI_USER_SIMULATION", None)
            ui.navigate = Navigate()
            ui.notify = notify
            ui.download = download
            services.close()
    errors = [r for r in caplog.get_records("call") if r.levelname == "ERROR"]
    if errors:
        pytest.fail("There were unexpected ERROR logs.", pytrace=False)
