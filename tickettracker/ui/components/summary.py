"""The "Copy summary" action (SPEC §10): rich HTML and plain text on the clipboard in one action, or a preview to copy by hand.

NiceGUI's ``ui.clipboard.write`` is text only, so the browser is asked through ``navigator.clipboard.write`` with a
``ClipboardItem`` holding both MIME types. The two strings travel as JSON literals (``json.dumps``), never pasted
into the script as raw text, so nothing a user typed can become code.
"""

from __future__ import annotations

import json

from nicegui import ui

from tickettracker.domain import summary
from tickettracker.errors import NotFound
from tickettracker.services.container import Services
from tickettracker.ui.announce import notify
from tickettracker.ui.components.dialogs import form_dialog

# Resolves to "ok" or to the browser's reason for refusing (no ClipboardItem, permission denied, no focus...).
_WRITE_JS = """
(async () => {
  const html = %s, text = %s;
  try {
    if (!window.ClipboardItem || !navigator.clipboard || !navigator.clipboard.write) return 'unsupported';
    await navigator.clipboard.write([new ClipboardItem({
      'text/html': new Blob([html], {type: 'text/html'}),
      'text/plain': new Blob([text], {type: 'text/plain'}),
    })]);
    return 'ok';
  } catch (e) {
    return String((e && e.name) || e);
  }
})()
"""


def write_script(html: str, text: str) -> str:
    """The JavaScript that puts ``html`` and ``text`` on the clipboard (both passed as JSON string literals)."""
    return _WRITE_JS % (json.dumps(html), json.dumps(text))


async def copy_summary(ctx: Services, ticket_id: int) -> None:
    """Build the ticket's summary and put it on the clipboard; show the preview dialog if the browser refuses."""
    try:
        ticket = ctx.tickets.get(ticket_id)
    except NotFound:
        ui.notify(f"Ticket #{ticket_id} no longer exists", type="warning")
        return
    result = summary.build(ticket, ctx.cfg, ctx.tickets.clock())
    try:
        outcome = await ui.run_javascript(write_script(result.html, result.text), timeout=5)
    except TimeoutError:
        outcome = "timeout"
    if outcome == "ok":
        notify(f"Summary of #{ticket_id} copied (rich text and plain text)", type="positive")
    else:
        show_preview(ticket_id, result.text)


def show_preview(ticket_id: int, text: str) -> None:
    """The summary as selected text, for when the browser does not allow writing to the clipboard."""
    with form_dialog(f"Summary of #{ticket_id}", card_classes="w-[44rem] max-w-full") as dialog:
        ui.label(
            "The browser did not allow copying. The text below is selected: press Ctrl+C (⌘C on a Mac)."
        ).classes("text-sm")
        area = ui.textarea("Summary text", value=text).props("outlined readonly autogrow").classes("w-full")
        area.props["input-class"] = "font-mono text-sm"
        with ui.row().classes("w-full justify-end gap-2"):
            ui.button("Copy text only", icon="content_copy", on_click=lambda: ui.clipboard.write(text)).props(
                "flat"
            )
            ui.button("Close", on_click=dialog.close).props("color=primary")

        def select_all() -> None:
            area.run_method("focus")
            area.run_method("select")

        dialog.on("show", select_all)


def copy_button(ctx: Services, ticket_id: int) -> ui.button:
    """The "Copy summary" button of the ticket page."""

    async def click() -> None:
        await copy_summary(ctx, ticket_id)

    return ui.button("Copy summary", icon="content_copy", on_click=click)
