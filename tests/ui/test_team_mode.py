"""Team mode in the UI: NiceGUI's simulated person on an app shared on the network (every request needs a token).

Settings hands out access links and revokes them one at a time; each browser is asked once for "Your name",
prefilled from its link, can change it from the header, and signs its updates with it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from tests.ui.helpers import click, labelled, side_door
from tickettracker.domain.validation import TicketInput
from tickettracker.ui.security import new_token

START = new_token("team-test-secret")


@pytest.fixture
def app_token() -> str | None:
    """The app under test is shared: every request needs this token or a person's link (see tests/ui/conftest)."""
    return START


def press(user: User, aria_label: str) -> None:
    found = [b for b in user.find(ui.button).elements if b.props.get("aria-label") == aria_label]
    assert found, f"no button named {aria_label!r}"
    UserInteraction(user, {found[-1]}, None).click()


def asked(user: User) -> bool:
    return any(e.props.get("label") == "Your name" for e in user.find(ui.input).elements)


async def give_name(user: User, name: str | None = None) -> None:
    await user.should_see("Your name")
    if name is not None:
        labelled(user, ui.input, "Your name").value = name
    click(user, "Save")


async def test_settings_hands_out_a_link_that_names_its_person(user: User, isolated_data_dir: Path) -> None:
    await user.open(f"/settings?token={START}")
    await give_name(user, "Owner")
    labelled(user, ui.input, "Person's name").value = "Ana"
    click(user, "Make link")
    await user.should_see("shown only now")
    link = labelled(user, ui.input, "Link for Ana").value
    assert link.startswith("http://") and "/?token=" in link
    await user.should_see("never used")
    with side_door(isolated_data_dir) as services:
        person = services.access.identify(link.rsplit("token=", 1)[1])
    assert person is not None and person.name == "Ana"


async def test_a_second_live_link_for_the_same_name_is_refused(user: User, isolated_data_dir: Path) -> None:
    with side_door(isolated_data_dir) as services:
        services.access.create("Ana")
    await user.open(f"/settings?token={START}")
    await give_name(user)
    labelled(user, ui.input, "Person's name").value = "ana"
    click(user, "Make link")
    await user.should_see("Ana already has a link: revoke it first to make a new one")


async def test_revoking_one_link_leaves_the_others_working(user: User, isolated_data_dir: Path) -> None:
    with side_door(isolated_data_dir) as services:
        _ana, ana = services.access.create("Ana")
        _bob, bob = services.access.create("Bob")
    await user.open(f"/settings?token={START}")
    await give_name(user)
    press(user, "Revoke Ana's link")
    await user.should_see("Revoke Ana's link? It stops working at once; every other link keeps working.")
    click(user, "Revoke")
    await user.should_see("Ana's link is revoked")
    await user.should_see("Revoked just now")
    with side_door(isolated_data_dir) as services:
        assert services.access.identify(ana) is None
        assert services.access.identify(bob) is not None


async def test_a_link_asks_for_the_name_once_prefilled_and_signs_updates(
    user: User, isolated_data_dir: Path
) -> None:
    with side_door(isolated_data_dir) as services:
        tid = services.tickets.create(TicketInput(title="Printer jam"))
        _bob, token = services.access.create("Bob")
    await user.open(f"/tickets/{tid}?token={token}")
    await user.should_see("Your name")
    assert labelled(user, ui.input, "Your name").value == "Bob"
    await give_name(user, "Bob Kim")
    assert labelled(user, ui.input, "Author").value == "Bob Kim"
    labelled(user, ui.textarea, "Update").value = "Toner replaced"
    click(user, "Post update")
    await user.should_see("via Bob's link")
    await user.open(f"/tickets/{tid}")  # the cookie now carries the link
    await user.should_see("Toner replaced")
    assert not asked(user)
    with side_door(isolated_data_dir) as services:
        note = services.tickets.get(tid).updates[-1]
    assert (note.kind, note.author, note.link_name) == ("note", "Bob Kim", "Bob")


async def test_the_name_is_changed_from_the_header_and_signs_what_follows(
    user: User, isolated_data_dir: Path
) -> None:
    with side_door(isolated_data_dir) as services:
        tid = services.tickets.create(TicketInput(title="Printer jam"))
        _bob, token = services.access.create("Bob")
    await user.open(f"/tickets/{tid}?token={token}")
    await give_name(user)
    press(user, "Your name: Bob")
    user.find("Change your name").click()
    await give_name(user, "Robert")
    await user.open(f"/tickets/{tid}")
    assert not asked(user)
    assert labelled(user, ui.input, "Author").value == "Robert"
    press(user, "Your name: Robert")


@pytest.mark.parametrize("app_token", [None])
async def test_alone_on_this_machine_nothing_is_asked(user: User) -> None:
    await user.open("/settings")
    await user.should_see("TicketTracker is not shared now")
    assert not asked(user)
    assert not [
        b for b in user.find(ui.button).elements if str(b.props.get("aria-label", "")).startswith("Your name")
    ]
