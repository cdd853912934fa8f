"""The ticket page `/tickets/<id>`: fields, urgency, workflow actions, the update log and the update box."""

from __future__ import annotations

import json
from typing import Any

from nicegui import Event, ui

from tickettracker.domain import fields, log_text, timefmt, workflow
from tickettracker.domain.colors import readable_text
from tickettracker.domain.records import TicketRec, UpdateRec
from tickettracker.domain.summary import due_words
from tickettracker.errors import NotFound, TicketTrackerError, ValidationFailed
from tickettracker.services.container import Services
from tickettracker.services.events import Change
from tickettracker.ui.components import attachments, repeat
from tickettracker.ui.components.fields import LinkEditor, keep_typed_text, status_select
from tickettracker.ui.components.summary import copy_button
from tickettracker.ui.components.ticket_form import open_ticket_form
from tickettracker.ui.theme import after_save, frame


def register(ctx: Services, changes: Event[Change]) -> None:
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
            self._header(t)
            self._actions(t)
            repeat.panel(self.ctx, t, self.dialog_host, editable=self._editable(t))
            self._details(t)
            attachments.ticket_files(self.ctx, t.id, t.attachments, editable=self._editable(t))
        writable = self._editable(t)
        if writable and not self.box_host.default_slot.children:
            with self.box_host:
                self._update_box()
        self.box_host.visible = writable
        self.log_host.clear()
        with self.log_host:
            self._log(t)

    # ----- parts -----------------------------------------------------------------------------------------
    def _header(self, t: TicketRec) -> None:
        cfg = self.ctx.cfg
        urgency = self.ctx.tickets.urgency(t)
        look = workflow.look(cfg, t.status)
        fg = readable_text(urgency.color, cfg.colors.ticket_title)
        if t.deleted_at is not None:
            # the undo for Delete: impossible to miss, one click away
            with ui.row().classes(
                "w-full items-center gap-3 p-3 rounded bg-red-900 text-white tt-trash-banner"
            ):
                ui.icon("delete")
                ui.label(f"This ticket is in the trash since {timefmt.local(t.deleted_at)}.")
                ui.button("Restore", icon="restore_from_trash", on_click=self._restore).props(
                    "color=white text-color=black unelevated"
                )
                ui.link("Open the trash", "/?trash=1").classes("text-white")
        self._header_card = (
            ui.card().classes("w-full").style(f"background-color: {urgency.color}; color: {fg}")
        )
        with self._header_card:
            with ui.row().classes("items-baseline gap-3 w-full"):
                ui.label(f"#{t.id}").classes("text-lg opacity-80")
                title = ui.label(t.title).classes("text-2xl font-bold tt-ticket-title")
                title.props('role="heading" aria-level="1"')
                if workflow.is_cancelled(cfg, t.status):
                    title.classes("tt-struck")
            with ui.row().classes("items-center gap-4"):
                with ui.row().classes("items-center gap-1") as status_row:
                    status_row.props["aria-label"] = f"Status: {look.label}"  # set as data, never parsed
                    ui.icon(look.icon)
                    ui.label(look.label).classes("font-semibold tt-status")
                if t.hold_reason:
                    ui.label(f"({t.hold_reason})")
                ui.label(f"Priority: {t.priority}")
                with ui.row().classes("items-center gap-1"):
                    ui.icon("schedule")
                    self._sla_label = ui.label(urgency.explanation).classes("tt-sla")

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

    def _details(self, t: TicketRec) -> None:
        with ui.card().classes("w-full"), ui.grid(columns="auto 1fr").classes("gap-x-6 gap-y-2 w-full"):

            def row(label: str, value: str) -> ui.label:
                ui.label(label).classes("font-semibold opacity-80")
                return ui.label(value or "—").classes("tt-pre")

            row(fields.label("requester"), t.requester)
            row(fields.label("watchers"), ", ".join(t.watchers))
            self._due_label = row(fields.label("due"), self._due_text(t))
            row("Created", timefmt.local(t.created))
            row("Updated", timefmt.local(t.updated))
            ui.label(fields.label("tags")).classes("font-semibold opacity-80")
            with ui.row().classes("gap-1"):
                for tag in t.tags:
                    ui.chip(tag).props("dense").style(
                        f"background-color: {self.ctx.cfg.colors.tags.background}; color: {self.ctx.cfg.colors.tags.text}"
                    )
                if not t.tags:
                    ui.label("—")
            ui.label(fields.label("links")).classes("font-semibold opacity-80")
            with ui.column().classes("gap-0"):
                for link in t.links:
                    _link(link.url, link.label)
                if not t.links:
                    ui.label("—")
            ui.label(fields.label("description")).classes("font-semibold opacity-80")
            ui.label(t.description or "—").classes("tt-pre")
            ui.label("Notes (private)").classes("font-semibold opacity-80")
            ui.label(t.notes or "—").classes("tt-pre")

    def _update_box(self) -> None:
        with ui.card().classes("w-full gap-2"):
            box = ui.textarea("Update").props("outlined autogrow").classes("w-full")
            box.props["hint"] = "Ctrl+Enter posts"
            with ui.row().classes("w-full gap-2 items-start no-wrap"):
                author = ui.input("Author", value=self.ctx.cfg.default_submitted_by).props("outlined dense")
            links = LinkEditor([], title="Links for this update", empty_row=False)
            attachments.update_files(self.ctx, self.staged)

            def post() -> None:
                box.error = links.error = None
                if not links.validate():
                    return
                client = ui.context.client
                files = (
                    self.staged.take()
                )  # before posting: the change event re-renders the file list at once
                try:
                    self.ctx.attachments.post_update(
                        self.ticket_id,
                        box.value or "",
                        files=files,
                        author=author.value,
                        links=links.value,
                    )
                except ValidationFailed as e:
                    box.error = e.problems.get("update")
                    links.error = e.problems.get("links")
                    self._keep_unspent_files(files)
                    return
                except TicketTrackerError as e:
                    ui.notify(str(e), type="negative")
                    self._keep_unspent_files(files)
                    return
                box.value = ""
                links.clear()
                with client:
                    ui.notify("Update posted", type="positive")

            ui.button("Post update", icon="send", on_click=post).props("color=primary")
            box.on("keydown.ctrl.enter", post)

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
                        ui.label(timefmt.local(u.at))
                    if u.kind in ("status", "reopened"):
                        self._status_entry(u)
                    elif sentence:
                        ui.label(sentence).classes("tt-pre")
                    if u.body and u.kind == "note":
                        ui.label(u.body).classes("tt-pre")
                    for link in u.links:
                        _link(link.url, link.label)
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
    def _editable(self, t: TicketRec) -> bool:
        return not workflow.is_terminal(self.ctx.cfg, t.status) and t.deleted_at is None

    def _keep_unspent_files(self, files: list[attachments.PendingFile]) -> None:
        """After a failed post, keep the staged files for another try, unless the service had to throw them away."""
        self.staged.add([f for f in files if f.available])
        if not all(f.available for f in files):
            ui.notify("Some files were not attached: attach them again", type="warning")

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
        with self.dialog_host, ui.dialog() as dialog, ui.card().classes("min-w-[20rem]"):
            ui.label("Change status").classes("text-lg font-bold")
            status = status_select(cfg, list(cfg.workflow), t.status).classes("w-full")
            reasons = list(dict.fromkeys([*cfg.hold_reasons, *([t.hold_reason] if t.hold_reason else [])]))
            hold = ui.select(
                reasons,
                label="Hold reason",
                value=t.hold_reason,
                with_input=True,
                new_value_mode="add-unique",
            ).classes("w-full")
            hold.props["hint"] = "Pick one or type your own"
            hold_value = keep_typed_text(hold)
            hold.bind_visibility_from(status, "value", backward=lambda v: v == cfg.status_roles.hold)

            def apply() -> None:
                status.error = hold.error = None
                on_hold = status.value == cfg.status_roles.hold
                try:
                    self.ctx.tickets.change_status(
                        self.ticket_id,
                        status.value,
                        hold_reason=hold_value() if on_hold else None,
                        expected_version=t.version,
                    )
                except TicketTrackerError as e:
                    if on_hold:
                        hold.error = str(e)
                    else:
                        status.error = str(e)
                    return
                dialog.close()
                ui.notify(f"Status: {status.value}", type="positive")
                after_save(self.ctx, self.ticket_id, created=False)

            with ui.row().classes("w-full justify-end"):
                ui.button("Cancel", on_click=dialog.close).props("flat")
                ui.button("Apply", on_click=apply).props("color=primary")
        dialog.on("hide", dialog.delete)
        dialog.open()

    def _reopen(self) -> None:
        try:
            self.ctx.tickets.reopen(self.ticket_id)
        except TicketTrackerError as e:
            ui.notify(str(e), type="negative")
            return
        ui.notify(f"Reopened: the ticket is {self.ctx.cfg.status_roles.initial} again", type="positive")

    async def _delete(self) -> None:
        with self.dialog_host, ui.dialog() as dialog, ui.card():
            ui.label(f"Move ticket #{self.ticket_id} to the trash? You can restore it from there.")
            with ui.row().classes("w-full justify-end"):
                ui.button("Cancel", on_click=lambda: dialog.submit(False)).props("flat")
                ui.button("Move to trash", on_click=lambda: dialog.submit(True)).props("color=negative")
        if await dialog:
            self.ctx.tickets.delete(self.ticket_id)
            ui.notify(
                f"Ticket #{self.ticket_id} moved to the trash. To undo, click Restore on this page.",
                type="warning",
            )
        dialog.delete()

    def _restore(self) -> None:
        self.ctx.tickets.restore(self.ticket_id)
        ui.notify(f"Ticket #{self.ticket_id} restored", type="positive")

    async def _purge(self) -> None:
        with self.dialog_host, ui.dialog() as dialog, ui.card():
            ui.label(
                f"Delete ticket #{self.ticket_id} for good, with its log and files? This cannot be undone."
            )
            with ui.row().classes("w-full justify-end"):
                ui.button("Cancel", on_click=lambda: dialog.submit(False)).props("flat")
                ui.button("Delete for good", on_click=lambda: dialog.submit(True)).props("color=negative")
        if await dialog:
            self.ctx.attachments.purge(self.ticket_id)  # also removes files no other ticket uses
            ui.notify(f"Ticket #{self.ticket_id} deleted for good", type="warning")
            ui.navigate.to("/")
        dialog.delete()


def _link(url: str, label: str) -> None:
    """A validated link (http/https/mailto), opened in a new tab without giving the page access to ours."""
    ui.link(label or url, url, new_tab=True).props('rel="noopener noreferrer"').classes("break-all")
