"""The header's reminder list (SPEC §18): unread count, the reminders (open the ticket, mark read, snooze), and
pop-ups: an in-page toast plus a browser notification when the user allowed them and Settings → "Desktop
notifications" is on (in the native window the same notification becomes the desktop's: ui/native_window.py).

Each tab polls every few seconds; a pop-up is claimed by one tab only (the service hands each reminder out once),
and the browser notification carries a ``tag`` per reminder, so the browser shows it once even if asked twice.
"""

from __future__ import annotations

import contextlib
import json

from nicegui import ui
from nicegui.events import GenericEventArguments

from tickettracker.domain import timefmt
from tickettracker.errors import DatabaseUnavailable
from tickettracker.services.container import Services
from tickettracker.services.events import Change
from tickettracker.services.reminders import ReminderRec
from tickettracker.ui.components import outage

POLL_SECONDS = 5.0
OPEN_EVENT = "tt_reminder_open"
ASK_PERMISSION = """() => { if ('Notification' in window) Notification.requestPermission(); }"""


def install(ctx: Services) -> None:
    """Put the reminder button into the header (call inside the header's row)."""
    client = ui.context.client
    with ui.button(icon="notifications").props('flat round color=white aria-label="Reminders"') as button:
        badge = ui.badge("", color="negative").props("floating rounded").classes("tt-reminder-count")
        # a panel of links and buttons, not a menu of items: role=dialog (Quasar's role=menu needs menu items)
        with (
            ui.menu()
            .props("anchor='bottom right' self='top right' role=dialog aria-label=Reminders")
            .classes("tt-reminders") as menu
        ):
            box = ui.card().classes("p-3 gap-1 min-w-[22rem] max-w-[30rem]").props("flat")

    notice = outage.current()  # while the database is away the bell keeps its count and list
    # what the list shows now: the 5 s poll re-sends it only when it changed (issue 15); it starts as something no
    # list equals, so the first refresh always fills the box (an empty inbox included)
    shown: list[object] = [None]

    def refresh() -> None:
        count = ctx.reminders.unread_count()
        # both read before anything on the page changes: a failed read leaves the bell as it was
        items, now = ctx.reminders.inbox(), ctx.tickets.clock()
        badge.text = str(count)
        badge.set_visibility(count > 0)
        button.props(f'aria-label="Reminders, {count} unread"')
        seen = [(r, timefmt.until(r.fire_at, now)) for r in items]
        if seen != shown:
            shown[:] = seen
            _fill(ctx, box, menu, items, now)

    def on_change(change: Change) -> None:
        if change.kind in ("reminders", "store") and not client.is_deleted:
            with client:  # the bus calls back outside any page (a write in another tab, a NOTIFY)
                notice.guard("reminders", refresh)

    def poll() -> None:
        for r in ctx.reminders.claim_popups():
            _pop_up(r, desktop=ctx.tickets.cfg.time.desktop_notifications)
        refresh()

    def open_from_notification(e: GenericEventArguments) -> None:
        """A click on a browser or desktop notification: like the list's link, mark it read and open the ticket."""
        try:
            reminder_id, ticket_id = int(e.args["id"]), int(e.args["ticket"])
        except (TypeError, KeyError, ValueError):
            return
        # with the database away it stays unread; the ticket page shows the notice
        with contextlib.suppress(DatabaseUnavailable):
            ctx.reminders.mark_read([reminder_id])
        ui.navigate.to(f"/tickets/{ticket_id}")

    notice.guard("reminders", refresh)
    ui.on(OPEN_EVENT, open_from_notification)
    unsubscribe = ctx.bus.subscribe(on_change)
    client.on_delete(unsubscribe)
    ui.timer(POLL_SECONDS, lambda: notice.guard("reminders", poll))


def _fill(ctx: Services, box: ui.card, menu: ui.menu, items: list[ReminderRec], now: object) -> None:
    box.clear()
    with box:
        with ui.row().classes("w-full items-center justify-between"):
            ui.label("Reminders").classes("text-base font-bold")
            if items:
                ui.button("Mark all read", on_click=lambda: ctx.reminders.mark_read()).props(
                    "flat dense no-caps"
                )
        if not items:
            ui.label("Nothing to remind you of.").classes("text-sm opacity-80")
        for r in items:
            _item(ctx, r, now, menu)
        if ctx.tickets.cfg.time.desktop_notifications:
            ui.button("Allow desktop notifications", icon="notifications_active").props(
                "flat dense no-caps"
            ).on("click", js_handler=ASK_PERMISSION)


def _item(ctx: Services, r: ReminderRec, now: object, menu: ui.menu) -> None:
    def open_ticket() -> None:
        ctx.reminders.mark_read([r.id])
        menu.close()
        ui.navigate.to(f"/tickets/{r.ticket_id}")

    with ui.row().classes("w-full items-start no-wrap gap-2 tt-reminder"):
        ui.icon(_ICONS.get(r.kind, "alarm")).classes("mt-1")
        with ui.column().classes("gap-0 grow"):
            ui.link(f"#{r.ticket_id} {r.title}", f"/tickets/{r.ticket_id}").on("click", open_ticket).classes(
                "font-medium"
            )
            ui.label(f"{r.text} · {timefmt.until(r.fire_at, now)}").classes("text-xs opacity-80")  # type: ignore[arg-type]
        ui.button(icon="done", on_click=lambda: ctx.reminders.mark_read([r.id])).props(
            f'flat dense round aria-label="Mark read: #{r.ticket_id}"'
        ).tooltip("Mark read")
        with (
            ui.button(icon="snooze").props(f'flat dense round aria-label="Snooze: #{r.ticket_id}"'),
            ui.menu(),
        ):
            for choice in ("10 minutes", "1 hour", "tomorrow"):
                ui.menu_item(f"Snooze {choice}", on_click=lambda c=choice: ctx.reminders.snooze(r.id, c))


_ICONS = {"warning": "hourglass_bottom", "due": "event", "overdue": "alarm", "manual": "notifications"}


def _pop_up(r: ReminderRec, *, desktop: bool) -> None:
    title = f"#{r.ticket_id} {r.title}"
    ui.notify(f"Reminder — {title}: {r.text}", type="warning", position="bottom-right", timeout=15000,
              close_button="Close")  # fmt: skip
    if not desktop:  # Settings → "Desktop notifications" off
        return
    # json.dumps gives safe JavaScript string literals for the user's title. The native window (Qt) presents this
    # same notification on the desktop (ui/native_window.py).
    ui.run_javascript(
        "(() => { if (!('Notification' in window) || Notification.permission !== 'granted') return;"
        f" const n = new Notification({json.dumps(title)}, {{body: {json.dumps(r.text)}, tag: {json.dumps(f'tt-reminder-{r.id}')}}});"
        f" n.onclick = () => {{ window.focus(); emitEvent({json.dumps(OPEN_EVENT)}, {{id: {r.id}, ticket: {r.ticket_id}}}); }}; }})()"
    )
