"""The page frame (header, navigation, banners) and design tokens shared by every page."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from nicegui import ui

from tickettracker.services.container import Services
from tickettracker.services.events import Change
from tickettracker.ui import identity
from tickettracker.ui.announce import live_region
from tickettracker.ui.components import keyboard, outage, reminders
from tickettracker.ui.components.ticket_form import new_ticket

APP_NAME = "TicketTracker"
PRIMARY = "#1976d2"  # 4.6:1 under white text; NiceGUI's default #5898d4 is 3.1:1

# Changes after which a page is rebuilt from scratch: the configuration (lists, colours) or the data set (demo switch).
RELOAD_ON = ("config", "store")


def follow_switches(ctx: Services, banner: ui.element, *, reload: bool) -> None:
    """Follow a change of the configuration or of the data in use, so no page keeps stale lists or rows.

    Pages refresh their own data on every change; a reload also rebuilds what was built from the configuration
    (filter options, legends). A page that re-renders itself (``reload=False``) only gets its banner redrawn.
    """
    client = ui.context.client

    def on_change(change: Change) -> None:
        if change.kind not in RELOAD_ON or client.is_deleted:
            return
        if reload:
            client.run_javascript("window.location.reload()")
        else:
            demo_banner(ctx, banner)

    unsubscribe = ctx.bus.subscribe(on_change)
    client.on_delete(unsubscribe)


def demo_banner(ctx: Services, box: ui.element) -> None:
    """The "Demo mode" banner while demo mode is on (nothing otherwise)."""
    box.clear()
    if not ctx.demo_active:
        return
    with box, ui.row().classes("tt-banner w-full items-center justify-center gap-2 py-1") as row:
        row.props["role"] = "status"
        ui.icon("science")
        ui.label("Demo mode: you are looking at demo data; your own tickets are safe.")
        ui.link("Settings", "/settings").classes("text-white underline")


def template_menu(ctx: Services) -> None:
    """ "New ticket ▸ From template": a menu of the ticket templates (read again each time it opens)."""
    button = (
        ui.button("From template", icon="post_add")
        .props("flat color=white no-caps")
        .classes("tt-icon-narrow")
    )
    with button:
        menu = ui.menu().classes("tt-template-menu")

    def fill() -> None:
        found = ctx.writing.templates()  # read first: while the database is away the menu keeps its items
        menu.clear()
        with menu:
            for t in found:
                ui.menu_item(t.name, on_click=lambda t=t: new_ticket(ctx, t.id))
            if not found:
                ui.menu_item(
                    "No templates yet: add one in Settings", on_click=lambda: ui.navigate.to("/settings")
                )

    notice = outage.current()
    notice.guard("templates", fill)
    menu.on("before-show", lambda: notice.guard("templates", fill))


@contextmanager
def frame(ctx: Services, title: str, *, reload_on_switch: bool = True) -> Iterator[ui.dark_mode]:
    """Header with the app name, "New ticket", "Insights", "Settings" and a dark-mode switch; the page content goes
    inside. Yields the tab's dark mode, for content drawn in colours of its own (charts)."""
    ui.page_title(f"{title} · {APP_NAME}")
    dark = ui.dark_mode(True)
    ui.colors(primary=PRIMARY)  # white text on it meets WCAG AA (app.css: the dark-mode text shades)
    ui.add_head_html('<link rel="stylesheet" href="/tt-static/app.css">')
    keyboard.install(ctx, dark)  # shortcuts, cheat sheet and command palette on every page
    with ui.header().classes("items-center justify-between gap-2 px-4 py-2 tt-header"):
        # first, so the header's own reads (reminders, templates) find it; moved under the demo banner at the end
        notice = outage.install()
        with ui.row().classes("items-center gap-3"):
            ui.link(APP_NAME, "/").classes("text-xl font-bold text-white no-underline").props(
                'aria-label="TicketTracker dashboard"'
            )
        with ui.row().classes("items-center gap-1 tt-header-actions"):
            # on a phone the label is visually hidden (app.css) and stays the button's accessible name
            ui.button("New ticket", icon="add", on_click=lambda: new_ticket(ctx)).props(
                "color=primary unelevated"
            ).classes("tt-icon-narrow")
            template_menu(ctx)
            ui.button(icon="insights", on_click=lambda: ui.navigate.to("/insights")).props(
                'flat round color=white aria-label="Insights"'
            ).tooltip("Insights: charts of the work (g i)")
            reminders.install(ctx)
            ui.button(icon="settings", on_click=lambda: ui.navigate.to("/settings")).props(
                'flat round color=white aria-label="Settings"'
            ).tooltip("Settings")
            ui.button(icon="contrast", on_click=dark.toggle).props(
                'flat round color=white aria-label="Toggle dark mode"'
            ).tooltip("Toggle dark or light mode")
            identity.name_menu(ctx.cfg.default_submitted_by)
        with ui.column().classes("w-full gap-0") as banners:  # one row of the header for both banners
            banner = ui.element("div").classes("w-full")
            demo_banner(ctx, banner)
        notice.region.move(banners)
    follow_switches(ctx, banner, reload=reload_on_switch)
    live_region()  # what screen readers are told after an action ("Saved", "Copied", "12 tickets")
    with ui.column().classes("w-full max-w-screen-xl mx-auto p-4 gap-4"):
        yield dark
    identity.ask_once(ctx.cfg.default_submitted_by)
