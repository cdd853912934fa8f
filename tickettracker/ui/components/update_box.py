"""The update box of the ticket page: text, author, links and files, posted as one log entry."""

from __future__ import annotations

from nicegui import ui

from tickettracker.errors import TicketTrackerError, ValidationFailed
from tickettracker.services.container import Services
from tickettracker.ui.components import attachments
from tickettracker.ui.components.fields import LinkEditor
from tickettracker.ui.errors import message


def update_box(ctx: Services, ticket_id: int, staged: attachments.Staged) -> None:
    """The box for posting an update (text, author, links, files) to the ticket."""
    with ui.card().classes("w-full gap-2"):
        box = ui.textarea("Update").props("outlined autogrow").classes("w-full")
        box.props["hint"] = "Ctrl+Enter posts"
        with ui.row().classes("w-full gap-2 items-start no-wrap"):
            author = ui.input("Author", value=ctx.cfg.default_submitted_by).props("outlined dense")
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
                    author=author.value,
                    links=links.value,
                )
            except ValidationFailed as e:
                box.error = e.problems.get("update")
                links.error = e.problems.get("links")
                _keep_unspent_files(staged, files)
                return
            except TicketTrackerError as e:
                ui.notify(message(e), type="negative")
                _keep_unspent_files(staged, files)
                return
            box.value = ""
            links.clear()
            with client:
                ui.notify("Update posted", type="positive")

        ui.button("Post update", icon="send", on_click=post).props("color=primary")
        box.on("keydown.ctrl.enter", post)


def _keep_unspent_files(staged: attachments.Staged, files: list[attachments.PendingFile]) -> None:
    """After a failed post, keep the staged files for another try, unless the service had to throw them away."""
    staged.add([f for f in files if f.available])
    if not all(f.available for f in files):
        ui.notify("Some files were not attached: attach them again", type="warning")
