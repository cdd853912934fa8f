"""The ticket page `/tickets/<id>`: fields, urgency, workflow actions, the update log and the update box."""

from __future__ import annotations

import json
from typing import Any

from nicegui import Event, ui

from tickettracker.domain import log_text, timefmt, workflow
from tickettracker.domain.colors import readable_text
from tickettracker.domain.records import TicketRec, UpdateRec
from tickettracker.domain.summary import due_words
from tickettracker.errors import NotFound, TicketTrackerError
from tickettracker.services.container import Services
from tickettracker.services.events import Change
from tickettracker.services.writing import Where
from tickettracker.ui import identity
from tickettracker.ui.announce import notify
from tickettracker.ui.components import attachments, markdown, repeat
from tickettracker.ui.components.dialogs import apply_buttons, confirm, form_dialog
from tickettracker.ui.components.status_picker import StatusPicker
from tickettracker.ui.components.summary import copy_button
from tickettracker.ui.components.ticket_details import link_to, ticket_details
from tickettracker.ui.components.ticket_form import after_save, open_ticket_form
from tickettracker.ui.components.ticket_header import ticket_header
from tickettracker.ui.components.update_box import update_box
from tickettracker.ui.errors import message, report
from tickettracker.ui.live import live_changes
from tickettracker.ui.theme import frame


def create(services: Services) -> None:
    """Register the page's route for ``services``."""
    ctx = services
    changes = live_changes(services)

    @ui.page("/tickets/{ticket_id}")
    def ticket_page(ticket_id: str) -> None:
        if not ticket_id.isdigit():
            _missing(ctx, ticket_id)
            return
        try:
            ctx.tickets.get(int(ticket_id), with_updates=False)
        except NotFound:
            _missing(ctx, ticket_id)
            return
        _TicketView(ctx, changes, int(ticket_id))


def _missing(ctx: Services, ticket_id: str) -> None:
    with frame(ctx, "Not found"):
        ui.label(f"There is no ticket #{ticket_id}.").classes("text-lg")
        ui.link("Back to the list", "/")


class _TicketView:
    def __init__(self, ctx: Services, changes: Event[Change], ticket_id: int) -> None:
        self.ctx = ctx
        self.ticket_id = ticket_id
        self.newest_first = True
        self.staged = attachments.Staged(ctx)  # files waiting in the update box survive re-renders
        ui.context.client.on_delete(self.staged.discard_all)
        self._shown: TicketRec | None = None  # what render() last showed; the minute tick repaints from it
        with frame(ctx, f"#{ticket_id}"):
            self.body = ui.column().classes("w-full gap-4")
            # Built once and only hidden or shown, so a refresh (another tab, the minute timer) never wipes
            # an update being typed.
            self.box_host = ui.column().classes("w-full")
            self.log_host = ui.column().classes("w-full")
            # Dialogs live outside the re-rendered parts, so a refresh never closes an open form.
            self.dialog_host = ui.element("div")
        self.render()
        changes.subscribe(self._on_change)
        ui.timer(60, self.render_header_only, immediate=False)  # the first render happened above

    def _on_change(self, change: Change) -> None:
        if change.ticket_id in (None, self.ticket_id):
            self.render()

    @property
    def ticket(self) -> TicketRec:
        return self.ctx.tickets.get(self.ticket_id)

    def render_header_only(self) -> None:
        """The minute tick: repaint the urgency from the ticket already shown, with no query and no rebuild."""
        t = self._shown
        if t is None:
            return
        urgency = self.ctx.tickets.urgency(t)
        fg = readable_text(urgency.color, self.ctx.cfg.colors.ticket_title)
        self._header_card.style(replace=f"background-color: {urgency.color}; color: {fg}")
        self._sla_label.text = urgency.explanation
        self._due_label.text = self._due_text(t) or "—"

    def _due_text(self, t: TicketRec) -> str:
        return due_words(t, self.ctx.tickets.clock(), None)

    def render(self) -> None:
        try:
            t = self.ticket
        except NotFound:
            for host in (self.body, self.box_host, self.log_host):
                host.clear()
            self._shown = None
            with self.body:
                ui.label(f"Ticket #{self.ticket_id} was deleted for good.")
                ui.link("Back to the list", "/")
            return
        self.body.clear()
        self._shown = t
        with self.body:
            self._header_card, self._sla_label = ticket_header(self.ctx, t, on_restore=self._restore)
            self._actions(t)
            toggles = self._toggler if self._editable(t) else None
            repeat.panel(self.ctx, t, self.dialog_host, editable=self._editable(t))
            self._due_label = ticket_details(self.ctx.cfg, t, self._due_text(t), toggles)
            attachments.ticket_files(self.ctx, t.id, t.attachments, editable=self._editable(t))
        writable = self._editable(t)
        if writable and not self.box_host.default_slot.children:
            with self.box_host:
                update_box(self.ctx, self.ticket_id, self.staged, can_reset_age=t.due is None)
        self.box_host.visible = writable
        self.log_host.clear()
        with self.log_host:
            self._log(t)

    # ----- parts -----------------------------------------------------------------------------------------
    def _actions(self, t: TicketRec) -> None:
        cfg = self.ctx.cfg
        terminal = workflow.is_terminal(cfg, t.status)
        trashed = t.deleted_at is not None
        with ui.row().classes("gap-2"):
            if trashed:
                ui.button("Delete for good", icon="delete_forever", on_click=self._purge).props(
                    "color=negative flat"
                )
                return
            if terminal:
                ui.button("Reopen", icon="undo", on_click=self._reopen).props("color=primary")
            else:
                ui.button("Edit", icon="edit", on_click=self._edit).props("color=primary")
                ui.button("Change status", icon="swap_horiz", on_click=lambda: self._status_dialog(t))
            copy_button(self.ctx, self.ticket_id)
            ui.button("Delete", icon="delete", on_click=self._delete).props("flat color=negative")

    def _log(self, t: TicketRec) -> None:
        with ui.card().classes("w-full"):
            with ui.row().classes("w-full items-center justify-between"):
                ui.label(f"Update log ({len(t.updates)})").classes("text-lg font-bold")
                ui.switch("Newest first", value=self.newest_first, on_change=self._toggle_order)
            entries = list(reversed(t.updates)) if self.newest_first else list(t.updates)
            for u in entries:
                icon, sentence = log_text.headline(u)
                with ui.column().classes("tt-log-entry w-full gap-0"):
                    with ui.row().classes("items-center gap-2 text-sm opacity-80"):
                        ui.icon(icon)
                        ui.label(u.author).classes("font-semibold")
                        via = log_text.via_words(u)
                        if via:
                            ui.label(via)
                        ui.label(timefmt.local(u.at))
                    if u.kind in ("status", "reopened"):
                        self._status_entry(u)
                    elif sentence:
                        ui.label(sentence).classes("tt-pre")
                    if u.body and u.kind == "note":
                        toggle = self._toggler(u.id) if self._editable(t) else None
                        markdown.view(u.body, on_toggle=toggle).mark("md-update")
                    for link in u.links:
                        link_to(link.url, link.label)
                    if u.attachments:
                        attachments.file_list(self.ctx, u.attachments, editable=self._editable(t))

    def _status_entry(self, u: UpdateRec) -> None:
        """A status change in the log: each status by icon and label, then the hold reason."""
        with ui.row().classes("items-center gap-1 tt-status-change"):
            ui.label("Reopened:" if u.kind == "reopened" else "Status:")
            for i, raw in enumerate((u.old, u.new)):
                if i:
                    ui.label("→")
                name = json.loads(raw) if raw else None
                if isinstance(name, str):
                    ui.icon(workflow.look(self.ctx.cfg, name).icon).props('aria-hidden="true"')
                ui.label(log_text.value_words("status", raw)).classes("font-semibold")
            if u.body:
                ui.label(f"— {u.body}").classes("tt-pre")

    # ----- actions ---------------------------------------------------------------------------------------
    def _toggler(self, where: str | int) -> markdown.Toggle:
        """The handler of one text's checklist: a field name (description, notes) or a written update's id."""
        target = Where(update_id=where) if isinstance(where, int) else Where(where)

        def toggle(index: int, total: int, checked: bool) -> None:
            client = ui.context.client
            try:  # the change event re-renders the page (this element included) before it returns
                self.ctx.writing.toggle(self.ticket_id, target, index, expected_total=total, checked=checked)
            except TicketTrackerError as e:
                report(e, client=client)
                self.render()  # show the text as it is now

        return toggle

    def _editable(self, t: TicketRec) -> bool:
        return not workflow.is_terminal(self.ctx.cfg, t.status) and t.deleted_at is None

    def _toggle_order(self, e: Any) -> None:
        self.newest_first = bool(e.value)
        self.render()

    def _edit(self) -> None:
        with self.dialog_host:
            open_ticket_form(
                self.ctx, self.ticket, on_saved=lambda tid: after_save(self.ctx, tid, created=False)
            )

    def _status_dialog(self, t: TicketRec) -> None:
        cfg = self.ctx.cfg
        with self.dialog_host, form_dialog("Change status", card_classes="min-w-[20rem]") as dialog:
            picker = StatusPicker(cfg, list(cfg.workflow), status=t.status, hold_reason=t.hold_reason)

            def apply() -> None:
                client = ui.context.client  # the change re-renders the page around this dialog
                picker.clear_errors()
                try:
                    self.ctx.tickets.change_status(
                        self.ticket_id,
                        picker.status.value,
                        hold_reason=picker.hold_reason,
                        author=identity.author(),
                        expected_version=t.version,
                    )
                except TicketTrackerError as e:
                    picker.show_error(message(e))
                    return
                dialog.close()
                with client:
                    notify(f"Status: {picker.status.value}", type="positive")
                    after_save(self.ctx, self.ticket_id, created=False)

            apply_buttons(dialog, "Apply", apply)

    def _reopen(self) -> None:
        client = ui.context.client  # the change re-renders the page, deleting the button that was clicked
        try:
            self.ctx.tickets.reopen(self.ticket_id, author=identity.author())
        except TicketTrackerError as e:
            ui.notify(message(e), type="negative")
            return
        with client:
            notify(f"Reopened: the ticket is {self.ctx.cfg.status_roles.initial} again", type="positive")

    async def _delete(self) -> None:
        question = f"Move ticket #{self.ticket_id} to the trash? You can restore it from there."
        if await confirm(question, "Move to trash", host=self.dialog_host):
            self.ctx.tickets.delete(self.ticket_id, author=identity.author())
            ui.notify(
                f"Ticket #{self.ticket_id} moved to the trash. To undo, click Restore on this page.",
                type="warning",
            )

    def _restore(self) -> None:
        client = ui.context.client  # the change re-renders the page, deleting the button that was clicked
        self.ctx.tickets.restore(self.ticket_id, author=identity.author())
        with client:
            notify(f"Ticket #{self.ticket_id} restored", type="positive")

    async def _purge(self) -> None:
        question = f"Delete ticket #{self.ticket_id} for good, with its log and files? This cannot be undone."
        if await confirm(question, "Delete for good", host=self.dialog_host):
            self.ctx.attachments.purge(self.ticket_id)  # also removes files no other ticket uses
            ui.notify(f"Ticket #{self.ticket_id} deleted for good", type="warning")
            ui.navigate.to("/")
