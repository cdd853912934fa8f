"""Attachments on the ticket page (SPEC §9): "Attach files" uploaders, file lists, delete, and the download route.

Uploads: ``ui.upload`` in batch mode (all files chosen or dropped together travel in one request, so one handler
receives them all and one log entry records them). The browser refuses files over ``uploads.max_bytes`` before
sending (``max-file-size``/``max-total-size``); the server refuses bigger request bodies with 413 while they stream
(``app.max_body_size``, set in ``ui/app.py``), and the handler checks the size again against the live setting.

Downloads: only ``/attachments/<id>``, looked up in the database; always ``application/octet-stream`` with
``Content-Disposition: attachment`` and a sandboxing CSP, so HTML and SVG files are saved, never rendered.
Inline images (Markdown ``![shot](/attachments/<id>/inline)``): only PNG, JPEG, GIF and WebP recognised by their
bytes, sent with that type, ``nosniff`` and the same sandboxing CSP; anything else (SVG included) is 404 there.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence

from fastapi import HTTPException
from fastapi.responses import FileResponse
from nicegui import app, events, run, ui
from nicegui.elements.upload_files import FileUpload

from tickettracker.services.attachments import PendingFile

__all__ = ["PendingFile", "Staged", "create", "file_list", "stage", "ticket_files", "update_files"]
from tickettracker.domain import timefmt
from tickettracker.domain.files import OCTET_STREAM, content_disposition, human_size, inline_disposition
from tickettracker.domain.records import AttachmentRec
from tickettracker.errors import NotFound, TicketTrackerError
from tickettracker.services.container import Services
from tickettracker.ui import identity
from tickettracker.ui.announce import notify
from tickettracker.ui.components.dialogs import confirm
from tickettracker.ui.errors import report

DOWNLOAD_CSP = "default-src 'none'; sandbox"


def create(services: Services) -> None:
    """Add the download route ``GET /attachments/{id}`` for ``services``."""
    ctx = services

    @app.get("/attachments/{attachment_id}", include_in_schema=False)
    def download(attachment_id: str) -> FileResponse:
        if not attachment_id.isdigit() or len(attachment_id) > 18:
            raise HTTPException(status_code=404, detail="No such attachment")
        try:
            rec, path = ctx.attachments.file_for(int(attachment_id))
        except NotFound:
            raise HTTPException(status_code=404, detail="No such attachment") from None
        return FileResponse(path, media_type=OCTET_STREAM, headers=download_headers(rec.name))

    @app.get("/attachments/{attachment_id}/inline", include_in_schema=False)
    def inline(attachment_id: str) -> FileResponse:
        if not attachment_id.isdigit() or len(attachment_id) > 18:
            raise HTTPException(status_code=404, detail="No such image")
        try:
            rec, path, media = ctx.attachments.inline_image(int(attachment_id))
        except NotFound:
            raise HTTPException(status_code=404, detail="No such image") from None
        return FileResponse(path, media_type=media, headers=inline_headers(rec.name))


def download_headers(name: str) -> dict[str, str]:
    return {
        "Content-Disposition": content_disposition(name),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": DOWNLOAD_CSP,
        "Cache-Control": "no-store",
    }


def inline_headers(name: str) -> dict[str, str]:
    # "no-cache" = revalidate (FileResponse answers 304 by ETag): a deleted attachment's image goes away at once.
    return {
        "Content-Disposition": inline_disposition(name),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": DOWNLOAD_CSP,
        "Cache-Control": "private, no-cache",
    }


class Staged:
    """Files uploaded into the update box, waiting for "Post update". Kept by the page view, so a re-render of the
    page (another tab changed the ticket) does not lose them; removed from disk when the tab goes away."""

    def __init__(self, ctx: Services) -> None:
        self.ctx = ctx
        self.files: list[PendingFile] = []
        self.show: Callable[[], object] = lambda: None  # redraws the newest rendering of the list

    def add(self, files: list[PendingFile]) -> None:
        self.files.extend(files)
        self.show()

    def take(self) -> list[PendingFile]:
        files, self.files = self.files, []
        self.show()
        return files

    def remove(self, f: PendingFile) -> None:
        if f in self.files:
            self.files.remove(f)
        f.discard()

    def discard_all(self) -> None:
        self.ctx.attachments.discard(self.take())


def uploader(
    ctx: Services, label: str, on_files: Callable[[list[PendingFile]], Awaitable[None] | None]
) -> ui.upload:
    """An "Attach files" drop zone/picker: several files at once, uploaded as soon as they are chosen."""
    limit = ctx.attachments.limit

    async def received(e: events.MultiUploadEventArguments) -> None:
        pending = await stage(ctx, e.files)
        if not upload.is_deleted:  # the page may have been re-rendered meanwhile
            upload.reset()
        if pending:
            result = on_files(pending)
            if result is not None:
                await result

    def rejected() -> None:
        ui.notify(f"Not sent: files can be at most {human_size(limit)} in total", type="warning")

    # Quasar's own picker button wraps its file input (nested controls, no name): app.css hides it; this one opens
    # the same input in the browser (a file chooser needs the click's user activation, so never over the socket).
    picker = ui.button("Choose files", icon="attach_file").props("flat dense no-caps color=primary")
    picker.props["aria-label"] = f"Choose files: {label}"  # the label is ours, never user text
    upload = ui.upload(
        label=label,
        multiple=True,
        auto_upload=True,
        max_file_size=limit,
        max_total_size=limit,
        on_multi_upload=received,
        on_rejected=rejected,
    ).classes("w-full tt-uploader")
    picker.on("click", js_handler=f"() => getElement({upload.id}).$refs.qRef.pickFiles()")
    upload.mark("attach-files" if label == "Attach files" else "attach-update-files")
    upload.props["flat"] = True
    upload.props["bordered"] = True
    upload.on(
        "failed", lambda: ui.notify("Upload failed: the server refused or lost the files", type="negative")
    )
    return upload


async def stage(ctx: Services, files: Sequence[FileUpload]) -> list[PendingFile]:
    """Copy the received files into the uploads folder (hashed, fsynced); on any problem keep none of them."""
    limit = ctx.attachments.limit
    total = sum(f.size() for f in files)
    if total > limit:
        ui.notify(
            f"Not attached: {human_size(total)} is over the limit of {human_size(limit)}", type="negative"
        )
        return []
    pending: list[PendingFile] = []
    try:
        for f in files:
            writer = ctx.attachments.writer()
            try:
                async for chunk in f.iterate():
                    await run.io_bound(writer.write, chunk)
                blob = await run.io_bound(writer.finish)
            except BaseException:
                writer.discard()
                raise
            if blob is None:  # NiceGUI returns None when the app is shutting down
                writer.discard()
                raise asyncio.CancelledError
            pending.append(PendingFile(f.name, f.content_type, blob))
    except TicketTrackerError as err:
        ctx.attachments.discard(pending)
        report(err, prefix="Not attached")
        return []
    except BaseException:
        ctx.attachments.discard(pending)
        raise
    return pending


def ticket_files(ctx: Services, ticket_id: int, files: Sequence[AttachmentRec], *, editable: bool) -> None:
    """The ticket's own attachments: list plus an "Attach files" uploader (when the ticket can be changed)."""

    def attach(pending: list[PendingFile]) -> None:
        client = (
            ui.context.client
        )  # the change event re-renders the page (deleting this element) before we return
        try:
            ctx.attachments.attach(ticket_id, pending, author=identity.author())
        except TicketTrackerError as e:
            report(e, prefix="Not attached", client=client)
            return
        with client:
            notify(f"Attached {len(pending)} file{'s' if len(pending) != 1 else ''}", type="positive")

    with ui.card().classes("w-full gap-2 tt-attachments"):
        ui.label(f"Attachments ({len(files)})").classes("text-lg font-bold")
        file_list(ctx, files, editable=editable)
        if editable:
            uploader(ctx, "Attach files", attach)


def update_files(ctx: Services, staged: Staged) -> None:
    """Uploader and list of the files that will go with the next update."""
    uploader(ctx, "Attach files to this update", staged.add)
    box = ui.column().classes("gap-0")

    def drop(f: PendingFile) -> None:
        staged.remove(f)
        show()

    def show() -> None:
        if box.is_deleted:  # an older rendering of the page
            return
        box.clear()
        with box:
            for f in staged.files:
                with ui.row().classes("items-center gap-2 tt-staged-file"):
                    ui.icon("attach_file")
                    ui.label(f.display_name)
                    ui.label(human_size(f.blob.size)).classes("opacity-70")
                    remove = ui.button(icon="close", on_click=lambda f=f: drop(f))
                    remove.props("flat round dense").mark("remove-staged-file")
                    remove.props["aria-label"] = f"Remove {f.display_name}"

    show()
    staged.show = show


def file_list(ctx: Services, files: Sequence[AttachmentRec], *, editable: bool) -> None:
    """Name (a download link), size, type and date of each file, with a Delete button when allowed."""
    if not files:
        ui.label("No files.").classes("opacity-70")
    for a in files:
        with ui.row().classes("items-center gap-3 tt-attachment"):
            ui.icon("description")
            link = ui.link(a.name, f"/attachments/{a.id}").classes("break-all")
            link.props["download"] = a.name  # set as data, never parsed
            ui.label(human_size(a.size)).classes("opacity-80")
            ui.label(a.content_type).classes("opacity-80")
            ui.label(timefmt.local(a.created)).classes("opacity-80")
            if editable:
                button = ui.button(icon="delete", on_click=lambda a=a: _confirm_delete(ctx, a))
                button.props("flat round dense color=negative").mark("delete-attachment")
                button.props["aria-label"] = f"Delete {a.name}"


async def _confirm_delete(ctx: Services, a: AttachmentRec) -> None:
    client = ui.context.client
    question = f"Delete the attachment {a.name}? This is recorded in the update log."
    if not await confirm(question, "Delete", mark="confirm-delete"):
        return
    try:
        done = ctx.attachments.delete(a.id, author=identity.author())  # re-renders the page before it returns
    except TicketTrackerError as e:
        report(e, client=client)
    else:
        with client:
            ui.notify(done.message, type="warning")
