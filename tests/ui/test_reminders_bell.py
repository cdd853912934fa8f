"""The header's reminder list as a person opens it: an empty inbox says so and offers desktop notifications."""

from __future__ import annotations

from nicegui.testing import User


async def test_an_empty_inbox_says_there_is_nothing_and_offers_desktop_notifications(user: User) -> None:
    # the list is filled once at page build and then only when it changes: an empty inbox must still be filled
    await user.open("/")
    await user.should_see("Nothing to remind you of.")
    await user.should_see("Allow desktop notifications")
