"""Who is at this browser, when the app is shared on the network (SPEC §16).

The boundary leaves the person of the request's token in the request (``ui/security.py``): the start-up link, or a
colleague's access link. Each browser is asked once for "Your name" (prefilled from its link); the answer lives in
NiceGUI's per-browser user storage (its session cookie) and signs every change made from that browser. On this
machine alone nothing is asked: changes carry the configured default author, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from nicegui import app, context, ui
from nicegui import storage as ng_storage
from nicegui.persistence import PersistentDict

from tickettracker.domain.records import Person
from tickettracker.ui.security import PERSON_KEY

YOU = "you"  # user-storage key: {"name": the name given, "link": the access link it was given under}
LISTENERS = "tt-name-listeners"  # client-storage key: what on this page shows the name
NAME_MAX = 100


def visitor() -> Person | None:
    """The person whose token opened this page; None when the app is not shared (no token asked)."""
    person = context.client.request.scope.get("state", {}).get(PERSON_KEY)
    return person if isinstance(person, Person) else None


@contextmanager
def _browser_storage() -> Iterator[PersistentDict]:
    """This page's browser storage. NiceGUI finds it through the request of whatever event runs now, which, when
    another tab's change re-renders this page, is that other tab's; so bind it to this page's own request."""
    bound = ng_storage.request_contextvar.set(context.client.request)
    try:
        yield app.storage.user
    finally:
        ng_storage.request_contextvar.reset(bound)


def your_name() -> str | None:
    """The name this browser gave under its current link; None when it has not given one yet."""
    person = visitor()
    if person is None:
        return None
    with _browser_storage() as stored:
        saved = stored.get(YOU)
    if not isinstance(saved, dict) or saved.get("link") != person.link_id:
        return None
    name = saved.get("name")
    return name if isinstance(name, str) and name else None


def author() -> Person | None:
    """What the pages pass as ``author=``: this browser's name and its link; None means the configured default."""
    person = visitor()
    if person is None:
        return None
    return Person(your_name() or person.name, person.link_id)


def signed(name: str | None) -> str | Person | None:
    """An author typed into a form (the update box's "Author"), tied to this browser's link when shared."""
    person = visitor()
    return name if person is None else Person(name or "", person.link_id)


def on_name(show: Callable[[str], object], element: ui.element) -> None:
    """Call ``show`` with the new name when this page's person gives or changes it (while ``element`` lives)."""
    context.client.storage.setdefault(LISTENERS, []).append((show, element))


def _announce(name: str) -> None:
    for show, element in context.client.storage.get(LISTENERS, []):
        if not element.is_deleted:
            show(name)


def ask_once(default: str) -> None:
    """On a shared app, ask a browser that has not given its name yet (prefilled from its link or ``default``)."""
    person = visitor()
    if person is not None and your_name() is None:
        name_dialog(person.name or default, first_time=True).open()


def name_dialog(prefill: str, *, first_time: bool = False) -> ui.dialog:
    """The "Your name" dialog; saving keeps the name for this browser and link."""
    with ui.dialog().props("persistent" if first_time else "") as dialog, ui.card().classes("min-w-80"):
        ui.label("Your name").classes("text-lg font-semibold")
        ui.label("Updates you post and changes you make are signed with it.").classes("text-sm opacity-80")
        field = ui.input("Your name", value=prefill).props("outlined dense autofocus").classes("w-full")
        problem = ui.label("").classes("text-sm text-negative")

        def save() -> None:
            name = " ".join((field.value or "").split())
            if not name:
                problem.text = "Write your name first"
                return
            if len(name) > NAME_MAX:
                problem.text = f"Keep it under {NAME_MAX} characters"
                return
            person = visitor()
            with _browser_storage() as stored:
                stored[YOU] = {"name": name, "link": person.link_id if person else None}
            dialog.close()
            _announce(name)

        field.on("keydown.enter", save)
        dialog.props["aria-label"] = "Your name"
        with ui.row().classes("w-full justify-end"):
            if not first_time:
                ui.button("Cancel", on_click=dialog.close).props("flat")
            ui.button("Save", on_click=save)
    return dialog


def name_menu(default: str) -> None:
    """The header's name button (shared app only): shows this browser's name and changes it."""
    person = visitor()
    if person is None:
        return

    @ui.refreshable
    def button() -> None:
        name = your_name() or person.name or default
        with ui.button(name, icon="person").props("flat no-caps color=white") as shown:
            shown.props["aria-label"] = f"Your name: {name}"  # a prop value, never parsed as markup
            with ui.menu():
                ui.menu_item("Change your name", on_click=lambda: name_dialog(your_name() or name).open())
        on_name(lambda _name: button.refresh(), shown)

    button()
