"""The update box of the ticket page: text, author, links and files, posted as one log entry."""

from __future__ import annotations

from nicegui import ui

from tickettracker.errors import TicketTrackerError, ValidationFailed
from tickettracker.services.container import Services
from tickettracker.services.reage import reset_age
from tickettracker.ui import identity
from tickettracker.ui.announce import notify
from tickettracker.ui.components import attachments, markdown
from tickettracker.ui.components.fields import LinkEditor
from tickettracker.ui.errors import message


def update_box(
    ctx: Services, ticket_id: int, staged: attachments.Staged, *, can_reset_age: bool = False
) -> None:
    """The box for posting an update (text, author, links, files) to the ticket; "Reset age" beside "Post update"
    for a ticket without a due date (its SLA age then counts from today, as the original's re-age)."""
    with ui.card().classes("w-full gap-2"):
        writer = markdown.MarkdownInput(
            ctx,
            "Update",
            ticket_id=ticket_id,
            with_snippets=True,
            hint="Markdown; paste or drop images; ;name inserts a snippet; Ctrl+Enter posts",
        )
        box = writer.textarea
        with ui.row().classes("w-full gap-2 items-start no-wrap"):
            you = identity.author()
            author = ui.input("Author", value=you.name if you else ctx.cfg.default_submitted_by)
            author.props("outlined dense")
            identity.on_name(author.set_value, author)
        links = LinkEditor([], title="Links for this update", empty_row=False)
        attachments.update_files(ctx, staged)

        def post() -> None:
            box.error = links.error = None
            if not links.validate():
                return
            client = ui.context.client
            files = staged.take()  # before posting: the change event re-renders the file list at once
            try:
                ctx.attachments.post_update(
                    ticket_id,
                    box.value or "",
                    files=files,
                    author=identity.signed(author.value),
                    links=links.value,
                )
            except ValidationFailed as e:
                box.error = e.problems.get("update")
                links.error = e.problems.get("links")
                _keep_unspent_files(staged, files)
                return
            except TicketTrackerError as e:
                ui.notify(
                    message(e, kept=True), type="negative", multi_line=True, timeout=0, close_button="OK"
                )
                _keep_unspent_files(staged, files)
                return
            writer.value = ""
            writer.mode.value = "write"
            links.clear()
            with client:
                notify("Update posted", type="positive")
                if ctx.cfg.behavior.auto_return_to_list and not files:
                    ui.navigate.to("/")  # as the original: files posted keep you on the ticket to see them

        def reset() -> None:
            client = ui.context.client
            try:
                day = reset_age(ctx.tickets, ticket_id, author=identity.signed(author.value))
            except TicketTrackerError as e:
                ui.notify(message(e), type="negative")
                return
            with client:
                notify(f"Age reset: it counts from {day:%d %b %Y}", type="positive")

        with ui.row().classes("gap-2"):
            ui.button("Post update", icon="send", on_click=post).props("color=primary")
            if can_reset_age:
                ui.button("Reset age", icon="restart_alt", on_click=reset).props("outline").tooltip(
                    "The SLA age of this ticket (it has no due date) counts again from today"
                )
        box.on("keydown.ctrl.enter", post)


def _keep_unspent_files(staged: attachments.Staged, files: list[attachments.PendingFile]) -> None:
    """After a failed post, keep the staged files for another try, unless the service had to throw them away."""
    staged.add([f for f in files if f.available])
    if not all(f.available for f in files):
        ui.notify("Some files were not attached: attach them again", type="warning")
