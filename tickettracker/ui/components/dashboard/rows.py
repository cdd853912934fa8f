"""The dashboard's table: its columns, the Vue template of one row, and what the browser gets for each row."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from nicegui import ui

from tickettracker.config import Config
from tickettracker.domain import markdown, search, sla, timefmt, workflow
from tickettracker.domain.colors import readable_text
from tickettracker.domain.files import human_size
from tickettracker.domain.records import RowRec
from tickettracker.services.container import Services

COLUMNS = [
    {
        "name": "sel",
        "label": "Select",
        "field": "selected",
        "align": "left",
    },  # power-user layer: bulk selection
    {"name": "id", "label": "#", "field": "id", "align": "left"},
    {"name": "title", "label": "Title", "field": "title", "align": "left"},
    {"name": "status", "label": "Status", "field": "status", "align": "left"},
    {"name": "priority", "label": "Priority", "field": "priority", "align": "left"},
    {"name": "due", "label": "Due / SLA", "field": "due_text", "align": "left"},
    {
        "name": "requester",
        "label": "Requester",
        "field": "requester",
        "align": "left",
        "classes": "tt-hide-narrow",
        "headerClasses": "tt-hide-narrow",
    },
    {"name": "tags", "label": "Tags", "field": "tags_text", "align": "left"},
    {
        "name": "updated",
        "label": "Updated",
        "field": "updated_text",
        "align": "left",
        "classes": "tt-hide-narrow",
        "headerClasses": "tt-hide-narrow",
    },
]
for _column in COLUMNS:  # the phone layout (app.css) places each cell of a card by this class
    _column["classes"] = f"{_column.get('classes', '')} tt-col-{_column['name']}".strip()

# Vue template for one row. Every value is interpolated with {{ }} (escaped text) or bound to a colour that the
# configuration validated as #hex; no user text reaches HTML, props or styles unchecked (SPEC §12). The one v-html
# is the description's Markdown, rendered and cleaned by the allow-list on the server (domain/markdown.py).
ROW_TEMPLATE = r"""
<q-tr :props="props" class="tt-row" :class="{'tt-cursor': props.row.cursor, 'tt-selected': props.row.selected}"
  :style="{backgroundColor: props.row.bg, color: props.row.fg}">
  <q-td key="sel" :props="props" auto-width><q-checkbox dense :model-value="!!props.row.selected"
    :aria-label="'Select ticket #' + props.row.id"
    @update:model-value="(v, evt) => $parent.$emit('select_row', {id: props.row.id, shift: !!(evt && evt.shiftKey)})" /></q-td>
  <q-td key="id" :props="props" class="tt-idcell">#{{ props.row.id }}<q-btn flat dense round size="sm"
    icon="content_copy" class="q-ml-xs" :aria-label="'Copy summary of #' + props.row.id"
    @click.stop="() => $parent.$emit('copy_summary', props.row.id)"><q-tooltip>Copy summary</q-tooltip></q-btn></q-td>
  <q-td key="title" :props="props" class="tt-titlecell">
    <a :href="'/tickets/' + props.row.id" class="tt-title" :class="{'tt-struck': props.row.cancelled}"
       :style="{color: props.row.fg}" :aria-label="props.row.title + ', ' + props.row.sla_text"><template
       v-for="(part, i) in props.row.title_parts" :key="i"><mark v-if="part[1]" class="tt-hl">{{ part[0] }}</mark><span
       v-else>{{ part[0] }}</span></template></a>
    <q-icon v-if="props.row.repeats" name="repeat" size="xs" class="q-ml-xs tt-repeats" role="img"
      :aria-label="'Repeats: ' + props.row.repeats"><q-tooltip>{{ 'Repeats: ' + props.row.repeats }}</q-tooltip></q-icon>
    <span v-if="props.row.checklist" class="tt-progress" role="img"
      :aria-label="'Checklist: ' + props.row.checklist.replace('/', ' of ') + ' done'"><q-icon name="checklist"
      size="xs" aria-hidden="true" /> <span class="tt-progress-text">{{ props.row.checklist }}</span></span>
    <q-btn v-if="props.row.trashed" dense flat no-caps size="sm" icon="restore_from_trash" label="Restore"
      class="q-ml-sm" :aria-label="'Restore ' + props.row.title"
      @click="() => $parent.$emit('restore', props.row.id)" />
    <div class="tt-quick" role="tooltip">
      <div><b>{{ props.row.sla_text }}</b></div>
      <div v-if="props.row.requester">Requester: {{ props.row.requester }}</div>
      <div v-if="props.row.watchers.length">Watchers: {{ props.row.watchers.join(', ') }}</div>
      <div v-if="props.row.hold_reason">Hold reason: {{ props.row.hold_reason }}</div>
      <div v-if="props.row.links.length">Links:
        <span v-for="(l, i) in props.row.links" :key="i"><a :href="l.url" target="_blank"
          rel="noopener noreferrer">{{ l.label || l.url }}</a><span v-if="i + 1 < props.row.links.length">, </span></span>
      </div>
      <div v-if="props.row.files.length">Attachments:
        <span v-for="(f, i) in props.row.files" :key="f.id"><a :href="'/attachments/' + f.id"
          :aria-label="'Download ' + f.name">{{ f.name }}</a> ({{ f.meta }})<span
          v-if="i + 1 < props.row.files.length">, </span></span>
      </div>
      <div v-if="props.row.checklist">Checklist: {{ props.row.checklist }} done</div>
      <div v-if="props.row.excerpt_html" class="tt-markdown" v-html="props.row.excerpt_html"></div>
      <div v-else-if="props.row.excerpt" class="tt-excerpt">{{ props.row.excerpt }}</div>
    </div>
    <div v-if="props.row.comfortable" class="tt-comfortable text-sm">
      <div v-if="props.row.excerpt_html" class="tt-markdown" v-html="props.row.excerpt_html"></div>
      <div v-else-if="props.row.excerpt" class="tt-excerpt">{{ props.row.excerpt }}</div>
      <div class="tt-people">
        <span v-if="props.row.requester">Requester: {{ props.row.requester }}</span>
        <span v-if="props.row.watchers.length"> · Watchers: {{ props.row.watchers.join(', ') }}</span>
        <span v-if="props.row.links.length"> · Links:
          <span v-for="(l, i) in props.row.links" :key="i"><a :href="l.url" target="_blank"
            rel="noopener noreferrer">{{ l.label || l.url }}</a><span
            v-if="i + 1 < props.row.links.length">, </span></span></span>
      </div>
      <div class="tt-counts">{{ props.row.counts }}</div>
    </div>
  </q-td>
  <q-td key="status" :props="props"><q-icon :name="props.row.status_icon" size="xs" class="q-mr-xs"
    aria-hidden="true" />{{ props.row.status }}</q-td>
  <q-td key="priority" :props="props"><span class="tt-prio"
    :style="{backgroundColor: props.row.prio_bg, color: props.row.prio_fg}">{{ props.row.priority }}</span></q-td>
  <q-td key="due" :props="props"><span :title="props.row.sla_text">{{ props.row.due_text }}</span></q-td>
  <q-td key="requester" :props="props" class="tt-hide-narrow">{{ props.row.requester }}</q-td>
  <q-td key="tags" :props="props">
    <q-chip v-for="t in props.row.tags" :key="t" dense clickable size="sm"
      :style="{backgroundColor: props.row.tag_bg, color: props.row.tag_fg}"
      :aria-label="'Filter by tag ' + t" @click="() => $parent.$emit('tag_click', t)">{{ t }}</q-chip>
  </q-td>
  <q-td key="updated" :props="props" class="tt-hide-narrow"><span :title="props.row.updated_exact">{{
    props.row.updated_text }}</span></q-td>
</q-tr>
"""


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def row_dict(ctx: Services, r: RowRec, text: str, now: datetime, *, details: bool = False) -> dict[str, Any]:
    """What the browser gets for one row: display values only (``details``: the comfortable layout's too)."""
    cfg = ctx.cfg
    priority_bg = cfg.priority_color(r.priority)  # validated #hex: painted as the original did
    urgency = ctx.tickets.urgency(r, now)
    look = workflow.look(cfg, r.status)
    return {
        "id": r.id,
        "title": r.title,
        "title_parts": [[part, hl] for part, hl in search.highlight(r.title, text)],
        "cancelled": workflow.is_cancelled(cfg, r.status),
        "status": look.label,
        "status_icon": look.icon,
        "priority": r.priority,
        "hold_reason": r.hold_reason or "",
        "due_text": urgency.countdown or urgency.explanation,
        "sla_text": urgency.explanation,
        "requester": r.requester,
        "watchers": list(r.watchers),
        "links": [{"url": lk.url, "label": lk.label} for lk in r.links],
        "files": [
            {"id": f.id, "name": f.name, "meta": f"{f.content_type} · {human_size(f.size)}"} for f in r.files
        ],
        "comfortable": details,
        "checklist": r.checklist,
        # Markdown only when there is some (the parser costs ~1 ms a text; plain text shows the same as text)
        "excerpt": r.excerpt if markdown.is_plain(r.excerpt) else "",
        "excerpt_html": "" if markdown.is_plain(r.excerpt) else markdown.render(r.excerpt),
        "counts": f"{_n(r.update_count, 'update')} · {_n(r.attachment_count, 'attachment')}",
        "prio_bg": priority_bg,
        "prio_fg": readable_text(priority_bg, cfg.colors.ticket_title),
        "tags": list(r.tags),
        "updated_text": timefmt.ago(r.updated, now),
        "updated_exact": timefmt.local(r.updated),
        "bg": urgency.color,
        "fg": readable_text(urgency.color, cfg.colors.ticket_title),
        "tag_bg": cfg.colors.tags.background,
        "tag_fg": cfg.colors.tags.text,
    }


def ticket_table(pagination: dict[str, Any]) -> ui.table:
    """The (empty) ticket table, paged on the server, each row drawn by ROW_TEMPLATE."""
    table = (
        ui.table(columns=COLUMNS, rows=[], row_key="id", pagination=pagination)
        .classes("w-full")
        .props('flat bordered wrap-cells :rows-per-page-options="[25, 50, 100, 200]"')
    )
    table.add_slot("body", ROW_TEMPLATE)
    # QTable emits update:pagination once after mount when anyone listens, and NiceGUI's own listener stores it as a
    # prop, which re-sends the whole table (rows, columns, template) right after the socket connects: every row was
    # drawn twice and replaced after load. The pages turn through "request" (server mode), so NiceGUI's listener goes;
    # a listener that stays in the browser keeps QTable reading the pagination the server sets (it ignores the prop
    # when nobody listens).
    for key, listener in list(table._event_listeners.items()):  # private: NiceGUI has no public "off"
        if listener.type == "update:pagination":
            del table._event_listeners[key]
    table.on("update:pagination", js_handler="() => {}")
    return table


def legend(cfg: Config) -> None:
    """What each row colour means, folded away under the table."""
    with ui.expansion("Colour legend", icon="palette").classes("w-full"), ui.row().classes("gap-4"):
        for _key, color, meaning in sla.legend(cfg):
            with ui.row().classes("items-center gap-1 no-wrap"):
                ui.element("span").classes("tt-swatch").style(f"background-color: {color}")
                ui.label(meaning).classes("text-sm")
