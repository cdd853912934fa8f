"""Clipboard summary of one ticket (SPEC §10): rich HTML for e-mail and chat, tidy plain text for terminals.

:func:`build` is a pure function of (ticket record, configuration, now, time zone) so export or e-mail can reuse
it. Sections are rendered in the configured order (``clipboard_summary.html_sections`` / ``text_sections``; an
empty ``text_sections`` reuses the HTML list) and a section without content is left out.

Safety: every piece of user text goes through :func:`html.escape`; links become clickable only when
:func:`validation.check_link` accepts them (http, https, mailto) and are otherwise shown as plain text; the only
values put into ``style`` attributes are fixed design tokens and configuration colours that pass ``is_color``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from html import escape
from typing import NamedTuple

from tickettracker.config import Config, is_color
from tickettracker.domain import fields, log_text, sla, timefmt, workflow
from tickettracker.domain.colors import readable_text
from tickettracker.domain.records import TicketRec
from tickettracker.domain.validation import check_link

TEXT_COLOR = "#111827"  # the HTML version must read well on a white e-mail body
MUTED = "#4b5563"


class Summary(NamedTuple):
    html: str
    text: str


class _Part(NamedTuple):
    """One section in both forms; empty ``text`` means "no content: leave the section out"."""

    html: str
    text: str


class _Ctx(NamedTuple):
    t: TicketRec
    cfg: Config
    now: datetime
    tz: tzinfo | None
    urgency: sla.Urgency
    styled: bool


def build(ticket: TicketRec, cfg: Config, now: datetime, tz: tzinfo | None = None) -> Summary:
    """The (html, text) summary of ``ticket`` at ``now``; times are written in ``tz`` (default: local)."""
    facts = sla.facts_of(ticket)
    settings = cfg.clipboard_summary
    c = _Ctx(ticket, cfg, now, tz, sla.evaluate(facts, cfg, now, tz), settings.inline_styles)
    html_parts = [p.html for p in _render(c, settings.html_sections) if p.text]
    text_parts = [p.text for p in _render(c, settings.text_sections or settings.html_sections) if p.text]
    accent = c.urgency.color if is_color(c.urgency.color) else MUTED
    outer = (
        f' style="font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.45;color:{TEXT_COLOR};'
        f'background:#ffffff;border-left:6px solid {accent};padding:8px 14px"'
        if c.styled
        else ""
    )
    html_doc = f"<div{outer}>" + "".join(html_parts) + "</div>"
    # no trailing spaces on any line, whatever a section or a stored URL holds
    text = "\n".join(line.rstrip() for line in "\n\n".join(text_parts).splitlines())
    return Summary(html_doc, text + "\n" if text else "")


def _render(c: _Ctx, names: list[str]) -> list[_Part]:
    return [SECTIONS[name](c) for name in names if name in SECTIONS]


# ----- small builders ------------------------------------------------------------------------------------------
def _style(c: _Ctx, css: str) -> str:
    return f' style="{css}"' if c.styled else ""


def _tidy(text: str) -> list[str]:
    """User text as lines: no trailing spaces, no runs of blank lines, no blank edges."""
    lines = [line.rstrip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return out


def _html_lines(text: str) -> str:
    return "<br>".join(escape(line) for line in _tidy(text))


def _block(c: _Ctx, label: str, body: str) -> _Part:
    """A titled block of free text (description, notes)."""
    lines = _tidy(body)
    if not lines:
        return _Part("", "")
    text = f"{label}:\n" + "\n".join(f"  {line}" if line else "" for line in lines)
    html = (
        f"<p{_style(c, 'margin:10px 0 2px')}><b>{escape(label)}</b></p>"
        f"<p{_style(c, 'margin:0 0 8px')}>{_html_lines(body)}</p>"
    )
    return _Part(html, text)


def _fields(c: _Ctx, rows: list[tuple[str, str]]) -> _Part:
    """Label: value lines; rows with an empty value are skipped."""
    rows = [(label, value) for label, value in rows if value]
    if not rows:
        return _Part("", "")
    text = "\n".join(f"{label}: {' '.join(_tidy(value))}" for label, value in rows)
    html = (
        f"<p{_style(c, 'margin:6px 0')}>"
        + "<br>".join(f"<b>{escape(label)}:</b> {escape(' '.join(_tidy(value)))}" for label, value in rows)
        + "</p>"
    )
    return _Part(html, text)


def _anchor(c: _Ctx, url: str, label: str) -> tuple[str, str]:
    """(html, text) for one link: clickable only for http, https and mailto."""
    shown = label or url
    text = f"{label}: {url}" if label and label != url else url
    if check_link(url) is not None:
        return escape(f"{shown} ({url})" if label else url), text
    style = _style(c, "color:#1d4ed8")
    return f'<a href="{escape(url, quote=True)}"{style}>{escape(shown)}</a>', text


# ----- sections ------------------------------------------------------------------------------------------------
def _header(c: _Ctx) -> _Part:
    t = c.t
    trashed = " (in the trash)" if t.deleted_at is not None else ""
    title = escape(t.title)
    if workflow.is_cancelled(c.cfg, t.status):
        title = f"<s>{title}</s>"
    html = (
        f"<h2{_style(c, 'margin:0 0 6px;font-size:18px;color:' + TEXT_COLOR)}>"
        f"<span{_style(c, 'color:' + MUTED)}>#{t.id}</span> {title}{escape(trashed)}</h2>"
    )
    return _Part(html, f"#{t.id} · {t.title}{trashed}")


def _timestamps(c: _Ctx) -> _Part:
    return _fields(
        c,
        [
            ("Created", timefmt.local(c.t.created, c.tz)),
            ("Updated", f"{timefmt.local(c.t.updated, c.tz)} ({timefmt.ago(c.t.updated, c.now)})"),
        ],
    )


def due_words(t: TicketRec, now: datetime, tz: tzinfo | None) -> str:
    """The due date as a person writes it: exact local time only when one was set, plus "in 3 days"."""
    if t.due is None:
        return ""
    when = timefmt.local(t.due, tz) if t.due_has_time else t.due.astimezone(tz).date().isoformat()
    return f"{when} ({timefmt.until(t.due, now)})"


def _meta(c: _Ctx) -> _Part:
    t, u = c.t, c.urgency
    status = f"{t.status} — {t.hold_reason}" if t.hold_reason else t.status
    part = _fields(
        c,
        [
            (fields.label("status"), status),
            (fields.label("priority"), t.priority),
            ("Due", due_words(t, c.now, c.tz)),
        ],
    )
    badge_fg = readable_text(u.color, TEXT_COLOR) if is_color(u.color) else TEXT_COLOR
    badge = (
        f"<span{_style(c, f'background:{u.color};color:{badge_fg};padding:1px 6px;border-radius:4px')}>"
        f"{escape(u.explanation)}</span>"
        if is_color(u.color)
        else escape(u.explanation)
    )
    html = part.html.removesuffix("</p>") + f"<br><b>SLA:</b> {badge}</p>"
    return _Part(html, f"{part.text}\nSLA: {u.explanation}")


def _people(c: _Ctx) -> _Part:
    return _fields(
        c, [(fields.label("requester"), c.t.requester), (fields.label("watchers"), ", ".join(c.t.watchers))]
    )


def _description(c: _Ctx) -> _Part:
    return _block(c, fields.label("description"), c.t.description)


def _notes(c: _Ctx) -> _Part:
    return _block(c, fields.label("notes"), c.t.notes)


def _links(c: _Ctx) -> _Part:
    if not c.t.links:
        return _Part("", "")
    pairs = [_anchor(c, link.url, link.label) for link in c.t.links]
    html = (
        f"<p{_style(c, 'margin:10px 0 2px')}><b>{escape(fields.label('links'))}</b></p><ul{_style(c, 'margin:0 0 8px;padding-left:20px')}>"
        + "".join(f"<li>{h}</li>" for h, _ in pairs)
        + "</ul>"
    )
    return _Part(html, f"{fields.label('links')}:\n" + "\n".join(f"- {txt}" for _, txt in pairs))


def _tags(c: _Ctx) -> _Part:
    return _fields(c, [(fields.label("tags"), ", ".join(c.t.tags))])


def _updates(c: _Ctx) -> _Part:
    limit = c.cfg.clipboard_summary.updates_limit
    recent = sorted(c.t.updates, key=lambda u: (u.at, u.id), reverse=True)[:limit]
    if not recent:
        return _Part("", "")
    total = len(c.t.updates)
    title = f"Updates ({len(recent)} most recent of {total})" if total > len(recent) else "Updates"
    text_items, html_items = [], []
    for u in recent:
        when = timefmt.local(u.at, c.tz)
        lines = _tidy(log_text.in_words(u, c.tz)) or [""]
        links = [_anchor(c, link.url, link.label) for link in u.links]
        text_items.append(
            f"- {when} · {u.author}: {lines[0]}".rstrip()
            + "".join(f"\n    {line}" if line else "\n" for line in lines[1:])
            + "".join(f"\n    {txt}" for _, txt in links)
        )
        html_items.append(
            f"<li{_style(c, 'margin-bottom:4px')}><span{_style(c, 'color:' + MUTED)}>{escape(when)} · "
            f"{escape(u.author)}</span><br>{'<br>'.join(escape(line) for line in lines)}"
            + "".join(f"<br>{h}" for h, _ in links)
            + "</li>"
        )
    html = (
        f"<p{_style(c, 'margin:10px 0 2px')}><b>{escape(title)}</b></p>"
        f"<ul{_style(c, 'margin:0 0 8px;padding-left:20px')}>" + "".join(html_items) + "</ul>"
    )
    return _Part(html, f"{title}:\n" + "\n".join(text_items))


SECTIONS: dict[str, Callable[[_Ctx], _Part]] = {
    "header": _header,
    "timestamps": _timestamps,
    "meta": _meta,
    "people": _people,
    "description": _description,
    "links": _links,
    "notes": _notes,
    "tags": _tags,
    "updates": _updates,
}
