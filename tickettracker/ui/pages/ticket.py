"""The ticket page `/tickets/<id>`: fields, urgency, workflow actions, the update log and the update box."""

from __future__ import annotations

from nicegui import Event, ui

from tickettracker.domain import workflow
from tickettracker.domain.colors import readable_text
from tickettracker.domain.records import TicketRec
from tickettracker.domain.summary import due_words
from tickettracker.errors import NotFound, TicketTrackerError
from tickettracker.services.container import Services
from tickettracker.services.events import Change
from tickettracker.services.writing import Where
from tickettracker.ui import identity
from tickettracker.ui.announce import notify
from tickettracker.ui.components import attachments, markdown, outage, repeat
from tickettracker.ui.components.dialogs import apply_buttons, confirm, form_dialog
from tickettracker.ui.components.status_picker import StatusPicker
from tickettracker.ui.components.summary import copy_button
from tickettracker.ui.components.ticket_details import ticket_details
from tickettracker.ui.components.ticket_form import after_save, open_ticket_form
from tickettracker.ui.components.ticket_header import ticket_header
from tickettracker.ui.components.update_box import update_box
from tickettracker.ui.components.update_log import UpdateLog
from tickettracker.ui.errors import message, report
from tickettracker.ui.live import live_changes
from tickettracker.ui.theme import frame


def create(services: Services) -> None:
    """Register the page's route for ``services``."""
    ctx = services
    changes = live_changes(services)

    @ui.page("/tickets/{ticket_id}")
    @outage.page(services.ping)
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
        self.staged = attachments.Staged(ctx)  # files waiting in the update box survive re-renders
        ui.context.client.on_delete(self.staged.discard_all)
        self._shown: TicketRec | None = None  # what render() last showed; the minute tick repaints from it
        with frame(ctx, f"#{ticket_id}"):
            self.notice = outage.current()
            self.body = ui.column().classes("w-full gap-4")
            # Built once and only hidden or shown, so a refresh (another tab, the minute timer) never wipes
            # an update being typed.
            self.box_host = ui.column().classes("w-full")
            # Built once too: a change adds the new entries instead of redrawing the log (update_log.py).
            self.log = UpdateLog(ctx, ticket_id, self._toggler)
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
        return self.ctx.tickets.get(self.ticket_id, with_updates=False)  # the log pages itself

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
        """Show the ticket as stored; while the database is away, keep what is shown and say so (it retries)."""
        self.notice.guard("ticket", self._render)

    def _render(self) -> None:
        try:
            t = self.ticket  # read before anything is cleared: a failed read leaves the page as it was
        except NotFound:
            for host in (self.body, self.box_host):
                host.clear()
            self.log.card.visible = False
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
        self.log.show(editable=writable)

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
