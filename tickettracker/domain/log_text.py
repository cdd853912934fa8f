"""An update-log entry in words, once: the ticket page's log and the clipboard summary both read it from here."""

from __future__ import annotations

from datetime import datetime, tzinfo

from tickettracker.domain import fields, timefmt
from tickettracker.domain.records import UpdateRec

MAX_VALUE = 80  # a logged value longer than this is cut with "…"

ICONS = {
    "created": "fiber_new",
    "status": "swap_horiz",
    "reopened": "swap_horiz",
    "field": "edit",
    "deleted": "delete",
    "restored": "restore_from_trash",
    "attachment": "attach_file",
    "checklist": "checklist",
    "repeat": "repeat",
}
# Log entries about repeating (SPEC §18) that are not a field change: "Occurrence 2 of …", "Next occurrence: #13".
REPEAT_KIND = "repeat"


def value_words(field: str | None, raw: str | None, tz: tzinfo | None = None) -> str:
    """A logged (JSON-encoded) value in words: "—" when absent, "(empty)" when blank, long text cut short."""
    if raw is None:
        return "—"
    value = fields.decode(raw)
    if field == "repeat" and value is None:
        return "does not repeat"
    if value is None or value == "" or value == []:
        return "(empty)"
    if field == "due" and isinstance(value, str):
        return timefmt.local(datetime.fromisoformat(value), tz)
    if field == "links" and isinstance(value, list):
        return ", ".join(
            str(pair[1] or pair[0]) for pair in value if isinstance(pair, list) and len(pair) == 2
        )
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    text = " ".join(str(value).split())
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 3] + "…"


def change_words(u: UpdateRec, tz: tzinfo | None = None) -> str | None:
    """The sentence of an entry that records a change ("Priority: Low → High"); None for notes and files."""
    if u.kind == "created":
        return "Created the ticket"
    if u.kind in ("status", "reopened"):
        verb = "Reopened" if u.kind == "reopened" else "Status"
        reason = f" — {u.body}" if u.body else ""
        return f"{verb}: {value_words('status', u.old, tz)} → {value_words('status', u.new, tz)}{reason}"
    if u.kind == "field":
        name = "Repeats" if u.field == "repeat" else fields.label(u.field) if u.field else "field"
        return f"{name}: {value_words(u.field, u.old, tz)} → {value_words(u.field, u.new, tz)}"
    if u.kind == "deleted":
        return "Moved the ticket to the trash"
    if u.kind == "restored":
        return "Restored the ticket from the trash"
    if u.kind == "checklist":  # an item ticked: the body says which ("checked: Order toner")
        return u.body or "Changed a checklist"
    return None


def headline(u: UpdateRec, tz: tzinfo | None = None) -> tuple[str, str]:
    """(icon, sentence) for the ticket page's log; the sentence is empty for a note, whose text is shown as is."""
    sentence = change_words(u, tz)
    if sentence is not None:
        return ICONS[u.kind], sentence
    if u.kind in ("attachment", REPEAT_KIND):
        return ICONS[u.kind], u.body
    if u.kind == "note" and not u.body and (u.attachments or u.links):
        return "attach_file", "Posted files only" if u.attachments else "Posted links"
    return "chat", ""


def in_words(u: UpdateRec, tz: tzinfo | None = None) -> str:
    """The whole entry as text (the summary): its change, else its note, else what it attached or posted."""
    sentence = change_words(u, tz)
    if sentence is not None:
        return sentence
    names = ", ".join(a.name for a in u.attachments)
    body = u.body or (f"Attached {names}" if names else "")
    return body or ("Posted links" if u.links else u.kind)


def via_words(u: UpdateRec) -> str | None:
    """Whose access link made the entry ("via Ana's link"), on a tracker shared on the network; else None."""
    return f"via {u.link_name}'s link" if u.link_name else None
