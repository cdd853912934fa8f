"""Rendered Markdown (SPEC §19) and the text box that writes it: Write/Preview, pasted files, ``;snippets``.

Rendering is :func:`tickettracker.domain.markdown.render` (raw HTML off, nh3 allow-list) on the server; the element
gets the sanitiser as its ``sanitize`` callable too, so whatever is ever set as its content passes the allow-list.
The browser side is ``static/writing.js``: it reports which checkbox was clicked, refuses a pasted or dropped file
over the upload limit before sending a byte, and finds the ``;name`` being typed.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from nicegui import events, ui

from tickettracker.domain import markdown, snippets
from tickettracker.domain.files import human_size
from tickettracker.errors import TicketTrackerError
from tickettracker.services.container import Services
from tickettracker.ui.components import attachments

Toggle = Callable[[int, int, bool], None]  # (index, total seen, wanted state)
_SCRIPT = '<script src="/tt-static/writing.js" defer></script>'


def install() -> None:
    """Load the browser helpers on this page (once per page)."""
    client = ui.context.client
    if not getattr(client, "tt_writing", False):
        ui.add_head_html(_SCRIPT)
        client.tt_writing = True  # type: ignore[attr-defined]


def view(source: str, *, on_toggle: Toggle | None = None, empty: str = "—") -> ui.html:
    """The Markdown ``source`` rendered; with ``on_toggle`` its checklist boxes can be clicked."""
    install()
    html = markdown.render(source, checkboxes=on_toggle is not None) or f"<p>{empty}</p>"
    element = ui.html(html, sanitize=markdown.sanitize).classes("tt-markdown")
    if on_toggle is not None:
        element.on(
            "change",
            lambda e: on_toggle(int(e.args["index"]), int(e.args["total"]), bool(e.args["checked"])),
            js_handler="(e) => { const r = ttWriting.checkbox(e); if (r && r.index >= 0) emit(r); }",
        )
    return element


class MarkdownInput:
    """A Markdown text box with a Write / Preview switch.

    ``ticket_id``: files pasted or dropped into the box are attached to that ticket and referenced in the text
    (images shown inline). ``with_snippets``: typing ``;name`` offers the snippets (Tab or a click inserts one).
    """

    def __init__(
        self,
        services: Services,
        label: str,
        value: str = "",
        *,
        ticket_id: int | None = None,
        with_snippets: bool = False,
        hint: str = "",
    ) -> None:
        install()
        self.services = services
        self.ticket_id = ticket_id
        with ui.column().classes("w-full gap-1 tt-markdown-input") as self.container:
            with ui.row().classes("w-full items-center justify-end gap-2"):
                self.mode = ui.toggle({"write": "Write", "preview": "Preview"}, value="write").props(
                    "dense no-caps size=sm"
                )
                self.mode.props["aria-label"] = f"{label}: write or preview"
            self.textarea = ui.textarea(label, value=value).props("outlined autogrow").classes("w-full")
            if hint:
                self.textarea.props["hint"] = hint
            self.preview = ui.html("", sanitize=markdown.sanitize).classes("tt-markdown tt-preview w-full")
            self.preview.props["aria-label"] = f"{label} preview"
            self.preview.visible = False
            self.suggestions = ui.row().classes("gap-1 items-center tt-snippet-suggestions")
            self.suggestions.visible = False
        self.mode.on_value_change(self._switch)
        self._paste_support()
        if with_snippets:
            self._snippet_support()

    @property
    def value(self) -> str:
        return str(self.textarea.value or "")

    @value.setter
    def value(self, text: str) -> None:
        self.textarea.value = text
        if self.mode.value == "preview":
            self._show_preview()

    def _switch(self) -> None:
        writing = self.mode.value == "write"
        self.textarea.visible = writing
        self.preview.visible = not writing
        if not writing:
            self._show_preview()

    def _show_preview(self) -> None:
        self.preview.content = markdown.render(self.value) or "<p>Nothing to preview yet.</p>"

    # ----- pasted and dropped files ------------------------------------------------------------------------
    def _paste_support(self) -> None:
        limit = self.services.attachments.limit
        if self.ticket_id is None:
            js = "(e) => { if ((e.clipboardData || e.dataTransfer || {}).files?.length) { e.preventDefault(); emit({new_ticket: true}); } }"
        else:
            # Hidden: the text box is the drop zone. The browser refuses a file over the limit before sending
            # (writing.js, and the uploader's own max-file-size); the server checks again while it stages.
            self.uploader = ui.upload(
                multiple=True,
                auto_upload=True,
                max_file_size=limit,
                max_total_size=limit,
                on_multi_upload=self._received,
            ).classes("hidden")
            self.uploader.props["aria-hidden"] = "true"
            js = f"(e) => {{ const r = ttWriting.files(e, {self.uploader.id}, {int(limit)}); if (r && r.refused) emit(r); }}"
        for kind in ("paste", "drop"):
            self.textarea.on(kind, self._refused, js_handler=js)
        # a drop needs the drag to be accepted first
        self.textarea.on(
            "dragover",
            js_handler="(e) => { if ([...(e.dataTransfer?.types || [])].includes('Files')) e.preventDefault(); }",
        )

    def _refused(self, e: events.GenericEventArguments) -> None:
        if e.args.get("new_ticket"):
            ui.notify("Save the ticket first; then paste or drop images into it", type="warning")
            return
        limit = human_size(self.services.attachments.limit)
        names = ", ".join(f"{f['name']} ({human_size(int(f['size']))})" for f in e.args.get("refused", []))
        ui.notify(f"Not uploaded: {names} is over the limit of {limit}", type="negative")

    async def _received(self, e: events.MultiUploadEventArguments) -> None:
        assert self.ticket_id is not None
        pending = await attachments.stage(self.services, e.files)
        if not self.uploader.is_deleted:
            self.uploader.reset()
        refs = []
        try:
            for f in pending:
                refs.append(self.services.attachments.paste(self.ticket_id, f))
        except TicketTrackerError as err:
            self.services.attachments.discard(pending)
            ui.notify(f"Not attached: {err}", type="negative")
        if refs:
            self.textarea.run_method("focus")
            ui.run_javascript(f"ttWriting.insert({self.textarea.id}, {json.dumps(chr(10).join(refs))})")

    # ----- snippets ----------------------------------------------------------------------------------------
    def _snippet_support(self) -> None:
        box = self.textarea.id
        self.textarea.on(
            "keyup",
            self._typed,
            js_handler=f"(e) => {{ if (!['Tab', 'Shift'].includes(e.key)) emit({{q: ttWriting.trigger({box})}}); }}",
            throttle=0.05,
        )
        self.textarea.on(
            "keydown",
            self._accept_first,
            js_handler=(
                f"(e) => {{ if (e.key === 'Tab' && !e.shiftKey && ttWriting.trigger({box}) !== null"
                f" && document.querySelector('#c{self.suggestions.id} button')) {{ e.preventDefault(); emit(); }} }}"
            ),
        )

    def _typed(self, e: events.GenericEventArguments) -> None:
        typed = e.args.get("q") if isinstance(e.args, dict) else None
        self.suggestions.clear()
        names = (
            []
            if typed is None
            else snippets.complete(str(typed), [s.name for s in self.services.writing.snippets()])
        )
        self._offered = names
        self.suggestions.visible = bool(names)
        with self.suggestions:
            if names:
                ui.label("Snippets (Tab inserts the first):").classes("text-sm opacity-80")
            for name in names:
                ui.button(f";{name}", on_click=lambda n=name: self._insert(n)).props(
                    "dense flat no-caps size=sm"
                )

    def _accept_first(self) -> None:
        if getattr(self, "_offered", None):
            self._insert(self._offered[0])

    def _insert(self, name: str) -> None:
        try:
            text = self.services.writing.expand_snippet(name, self.ticket_id)
        except TicketTrackerError as err:
            ui.notify(str(err), type="negative")
            return
        ui.run_javascript(f"ttWriting.replaceTrigger({self.textarea.id}, {json.dumps(text)})")
        self._offered = []
        self.suggestions.clear()
        self.suggestions.visible = False
