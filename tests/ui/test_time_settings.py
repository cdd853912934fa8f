"""Settings: quiet hours and the calendar feed token, through NiceGUI's simulated user."""

from __future__ import annotations

from pathlib import Path

from nicegui import ui
from nicegui.testing import User

from tests.ui.helpers import click, labelled, side_door


async def test_quiet_hours_are_saved_and_a_half_pair_is_refused(user: User, isolated_data_dir: Path) -> None:
    await user.open("/settings")
    labelled(user, ui.input, "Quiet hours start").value = "22:00"
    click(user, "Save settings")
    await user.should_see("give both start and end (or neither)")
    labelled(user, ui.input, "Quiet hours end").value = "07:00"
    click(user, "Save settings")
    await user.should_see("Settings saved and applied")
    with side_door(isolated_data_dir) as ctx:
        assert (ctx.cfg.time.quiet_hours.start, ctx.cfg.time.quiet_hours.end) == ("22:00", "07:00")


async def test_the_feed_address_carries_its_token_and_regenerating_revokes_it(
    user: User, isolated_data_dir: Path
) -> None:
    with side_door(isolated_data_dir) as ctx:
        ctx.calendar.token()
    await user.open("/settings")
    address = labelled(user, ui.input, "Feed address")
    old = address.value.split("token=")[1]
    click(user, "Regenerate feed token")
    await user.should_see("New feed address: the old one no longer works")
    new = address.value.split("token=")[1]
    assert new != old and address.value.endswith(f"/calendar.ics?token={new}")
    with side_door(isolated_data_dir) as ctx:
        assert (
            ctx.calendar.feed(old, base_url="x/") is None
            and ctx.calendar.feed(new, base_url="x/") is not None
        )


async def test_desktop_notifications_can_be_turned_off(user: User, isolated_data_dir: Path) -> None:
    with side_door(isolated_data_dir) as ctx:
        assert ctx.cfg.time.desktop_notifications is True
    await user.open("/settings")
    (switch,) = user.find(kind=ui.switch, content="Desktop notifications").elements
    switch.value = False
    click(user, "Save settings")
    await user.should_see("Settings saved and applied")
    with side_door(isolated_data_dir) as ctx:
        assert ctx.cfg.time.desktop_notifications is False
