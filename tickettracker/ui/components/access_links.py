"""Settings → Access links: one named link per colleague for a tracker shared on the network (SPEC §16).

A link is shown once, when it is made (only its SHA-256 is stored). Revoking one stops it at once, closes the pages
open with it, and leaves every other link working.
"""

from __future__ import annotations

from collections.abc import Callable

from nicegui import Client, context, ui

from tickettracker import netaddrs
from tickettracker.domain.records import AccessLinkRec
from tickettracker.domain.timefmt import until
from tickettracker.errors import ValidationFailed
from tickettracker.services.container import Services
from tickettracker.ui.announce import notify
from tickettracker.ui.components.dialogs import confirm
from tickettracker.ui.errors import EXPECTED, report
from tickettracker.ui.identity import visitor
from tickettracker.ui.security import PERSON_KEY, is_loopback, split_host


def access_links(services: Services) -> None:
    """The Access links card: make a link for a person, list every link with its last use, revoke one."""
    with ui.card().classes("w-full gap-3").mark("access-links"):
        ui.label("Access links").classes("text-lg font-semibold")
        ui.label(
            "Give each colleague a link of their own. A link is shown only once, when it is made: copy it and "
            "send it. Revoking a link stops that one alone; the others keep working."
        ).classes("text-sm opacity-80")
        if visitor() is None:
            with ui.row().classes("items-center gap-2 text-sm"):
                ui.icon("info")
                ui.label(
                    "TicketTracker is not shared now: links work once it is started with "
                    "`python -m tickettracker --host 0.0.0.0`."
                )
        with ui.row().classes("items-start gap-2"):
            with ui.column().classes("gap-0"):
                name = ui.input("Person's name").props("outlined dense").classes("w-64")
                problem = ui.label("").classes("text-negative text-sm").props('role="alert"')
            make = ui.button("Make link", icon="add_link").props("unelevated")
        fresh = ui.column().classes("w-full gap-1")

        @ui.refreshable
        def listing() -> None:
            _list(services, services.access.links(), on_revoked=listing.refresh)

        def on_make() -> None:
            problem.text = ""
            try:
                rec, token = services.access.create(name.value or "")
            except ValidationFailed as e:
                problem.text = e.problems.get("name", str(e))
                return
            name.value = ""
            _show_new(fresh, rec, share_urls(token))
            listing.refresh()

        make.on_click(on_make)
        name.on("keydown.enter", on_make)
        listing()


def share_urls(token: str) -> list[str]:
    """The link to hand out, one per address colleagues can use: this page's own address, or (when it was opened
    on this machine itself) each of the machine's network addresses."""
    request = context.client.request
    host_header = request.headers.get("host", "")
    port = request.url.port
    if is_loopback(split_host(host_header)):
        addresses = netaddrs.reach(netaddrs.WILDCARD_V4).addresses
        if addresses:
            return [f"http://{a}{f':{port}' if port else ''}/?token={token}" for a in addresses]
    return [f"{request.url.scheme}://{host_header}/?token={token}"]


def _show_new(box: ui.column, rec: AccessLinkRec, urls: list[str]) -> None:
    box.clear()
    with box:
        ui.label(f"Link for {rec.name} (shown only now: copy it and send it to {rec.name})").classes(
            "font-medium"
        )
        for url in urls:
            with ui.row().classes("w-full items-center gap-2"):
                shown = ui.input(f"Link for {rec.name}", value=url).props("outlined dense readonly")
                shown.classes("grow font-mono").mark("new-link")
                copy = ui.button("Copy", icon="content_copy", on_click=lambda u=url: _copy(u)).props("flat")
                copy.props["aria-label"] = f"Copy the link for {rec.name}"


def _copy(url: str) -> None:
    ui.clipboard.write(url)
    notify("Link copied")


def _list(services: Services, links: list[AccessLinkRec], *, on_revoked: Callable[[], object]) -> None:
    if not links:
        ui.label("No access links yet.").classes("text-sm opacity-80")
        return
    now = services.tickets.clock()
    with ui.column().classes("w-full gap-1").mark("link-list"):
        for link in links:
            with ui.row().classes("w-full items-center gap-3").mark(f"link:{link.name}"):
                ui.label(link.name).classes("font-medium min-w-32")
                used = f"last used {until(link.last_used, now)}" if link.last_used else "never used"
                ui.label(used).classes("text-sm opacity-80 grow")
                if link.revoked_at is not None:
                    ui.icon("block").props('aria-hidden="true"')
                    ui.label(f"Revoked {until(link.revoked_at, now)}").classes("text-sm")
                    continue
                revoke = ui.button(
                    "Revoke", icon="link_off", on_click=lambda r=link: _revoke(services, r, on_revoked)
                )
                revoke.props("flat color=negative")
                revoke.props["aria-label"] = f"Revoke {link.name}'s link"


async def _revoke(services: Services, link: AccessLinkRec, on_revoked: Callable[[], object]) -> None:
    question = f"Revoke {link.name}'s link? It stops working at once; every other link keeps working."
    if not await confirm(question, "Revoke"):
        return
    try:
        services.access.revoke(link.id)
    except EXPECTED as e:
        report(e, prefix="Not revoked")
        return
    _close_pages_of(link.id)
    notify(f"{link.name}'s link is revoked", type="positive")
    on_revoked()


def _close_pages_of(link_id: int) -> None:
    """Reload every page opened with the revoked link: the reload is refused (401), so nothing stays open."""
    for client in list(Client.instances.values()):
        try:
            person = client.request.scope.get("state", {}).get(PERSON_KEY)
        except RuntimeError:  # a client without a request (NiceGUI's auto-index page)
            continue
        if getattr(person, "link_id", None) == link_id and client.has_socket_connection:
            client.run_javascript("window.location.reload()")
