// The dashboard's ticket table (issue 15): QTable with the row template built in, so a page turn, a sort or a search
// sends only rows and pagination (the template is this file, loaded once and cached; the columns stay in the
// browser), and the URL change rides in the same update (the `history` prop) instead of a second message.
//
// Every value is interpolated with {{ }} (escaped text) or bound to a colour the configuration validated as #hex; no
// user text reaches HTML, props or styles unchecked (SPEC §12). The one v-html is the description's Markdown, rendered
// and cleaned by the allow-list on the server (domain/markdown.py).
//
// Each row is its own small component, so hovering one row re-renders that row only. Its quick-info card is rendered
// on demand (hover, focus inside the row, or the row's info button), never as 50 hidden copies.

const ROW = `
<q-tr :props="props" class="tt-row" :class="{'tt-cursor': row.cursor, 'tt-selected': row.selected}"
  :style="{backgroundColor: row.bg, color: row.fg}" @mouseenter="hover = true" @mouseleave="hover = false"
  @focusin="focus = true" @focusout="focusOut">
  <q-td key="sel" :props="props" auto-width><input type="checkbox" class="tt-check" :checked="!!row.selected"
    :aria-label="'Select ticket #' + row.id"
    @click.prevent="(evt) => emit('select_row', {id: row.id, shift: !!evt.shiftKey})" /></q-td>
  <q-td key="id" :props="props" class="tt-idcell">#{{ row.id }}<button type="button" class="tt-iconbtn"
    title="Copy summary" :aria-label="'Copy summary of #' + row.id" @click.stop="emit('copy_summary', row.id)"><i
    class="q-icon notranslate material-icons" aria-hidden="true">content_copy</i></button><button type="button"
    class="tt-iconbtn tt-info" title="Quick info" :aria-label="'Quick info for #' + row.id"
    :aria-expanded="quick ? 'true' : 'false'" @click.stop="togglePinned"><i class="q-icon notranslate material-icons"
    aria-hidden="true">info</i></button></q-td>
  <q-td key="title" :props="props" class="tt-titlecell">
    <a :href="'/tickets/' + row.id" class="tt-title" :class="{'tt-struck': row.cancelled}"
       :style="{color: row.fg}" :aria-label="row.title + ', ' + row.sla_text"><template
       v-for="(part, i) in row.title_parts" :key="i"><mark v-if="part[1]" class="tt-hl">{{ part[0] }}</mark><span
       v-else>{{ part[0] }}</span></template></a>
    <q-icon v-if="row.repeats" name="repeat" size="xs" class="q-ml-xs tt-repeats" role="img"
      :aria-label="'Repeats: ' + row.repeats" :title="'Repeats: ' + row.repeats" />
    <span v-if="row.checklist" class="tt-progress" role="img"
      :aria-label="'Checklist: ' + row.checklist.replace('/', ' of ') + ' done'"><q-icon name="checklist"
      size="xs" aria-hidden="true" /> <span class="tt-progress-text">{{ row.checklist }}</span></span>
    <q-btn v-if="row.trashed" dense flat no-caps size="sm" icon="restore_from_trash" label="Restore"
      class="q-ml-sm" :aria-label="'Restore ' + row.title" @click="emit('restore', row.id)" />
    <div v-if="quick" class="tt-quick" role="tooltip">
      <div><b>{{ row.sla_text }}</b></div>
      <div v-if="row.requester">Requester: {{ row.requester }}</div>
      <div v-if="row.watchers.length">Watchers: {{ row.watchers.join(', ') }}</div>
      <div v-if="row.hold_reason">Hold reason: {{ row.hold_reason }}</div>
      <div v-if="row.links.length">Links:
        <span v-for="(l, i) in row.links" :key="i"><a :href="l.url" target="_blank"
          rel="noopener noreferrer">{{ l.label || l.url }}</a><span v-if="i + 1 < row.links.length">, </span></span>
      </div>
      <div v-if="row.files.length">Attachments:
        <span v-for="(f, i) in row.files" :key="f.id"><a :href="'/attachments/' + f.id"
          :aria-label="'Download ' + f.name">{{ f.name }}</a> ({{ f.meta }})<span
          v-if="i + 1 < row.files.length">, </span></span>
      </div>
      <div v-if="row.checklist">Checklist: {{ row.checklist }} done</div>
      <div v-if="row.excerpt_html" class="tt-markdown" v-html="row.excerpt_html"></div>
      <div v-else-if="row.excerpt" class="tt-excerpt">{{ row.excerpt }}</div>
    </div>
    <div v-if="row.comfortable" class="tt-comfortable text-sm">
      <div v-if="row.excerpt_html" class="tt-markdown" v-html="row.excerpt_html"></div>
      <div v-else-if="row.excerpt" class="tt-excerpt">{{ row.excerpt }}</div>
      <div class="tt-people">
        <span v-if="row.requester">Requester: {{ row.requester }}</span>
        <span v-if="row.watchers.length"> · Watchers: {{ row.watchers.join(', ') }}</span>
        <span v-if="row.links.length"> · Links:
          <span v-for="(l, i) in row.links" :key="i"><a :href="l.url" target="_blank"
            rel="noopener noreferrer">{{ l.label || l.url }}</a><span
            v-if="i + 1 < row.links.length">, </span></span></span>
      </div>
      <div class="tt-counts">{{ row.counts }}</div>
    </div>
  </q-td>
  <q-td key="status" :props="props"><q-icon :name="row.status_icon" size="xs" class="q-mr-xs"
    aria-hidden="true" />{{ row.status }}</q-td>
  <q-td key="priority" :props="props"><span class="tt-prio"
    :style="{backgroundColor: row.prio_bg, color: row.prio_fg}">{{ row.priority }}</span></q-td>
  <q-td key="due" :props="props"><span :title="row.sla_text">{{ row.due_text }}</span></q-td>
  <q-td key="requester" :props="props" class="tt-hide-narrow">{{ row.requester }}</q-td>
  <q-td key="tags" :props="props"><button v-for="t in row.tags" :key="t" type="button"
      class="q-chip row inline no-wrap items-center q-chip--dense q-chip--clickable cursor-pointer tt-chip"
      :style="{backgroundColor: row.tag_bg, color: row.tag_fg}"
      :aria-label="'Filter by tag ' + t" @click="emit('tag_click', t)">{{ t }}</button></q-td>
  <q-td key="updated" :props="props" class="tt-hide-narrow"><span :title="row.updated_exact">{{
    row.updated_text }}</span></q-td>
</q-tr>
`;

const TicketRow = {
  props: { props: Object },
  inject: ["ttTable"],
  data() {
    return { hover: false, focus: false, pinned: false };
  },
  computed: {
    row() {
      return this.props.row;
    },
    quick() {
      return this.hover || this.focus || this.pinned;
    },
  },
  methods: {
    emit(name, arg) {
      this.ttTable.$emit(name, arg);
    },
    focusOut(evt) {
      if (!this.$el.contains(evt.relatedTarget)) this.focus = false;
    },
    togglePinned() {
      // closing by the button closes the card even while the pointer or focus is still on the row
      this.pinned = !this.pinned;
      if (!this.pinned) this.hover = this.focus = false;
    },
  },
  template: ROW,
};

export default {
  template: `
    <q-table ref="qRef" :columns="shownColumns">
      <template v-slot:body="props"><ticket-row :props="props" /></template>
      <template v-for="(_, slot) in $slots" v-slot:[slot]="slotProps">
        <slot :name="slot" v-bind="slotProps || {}" />
      </template>
    </q-table>
  `,
  components: { TicketRow },
  // rows and pagination reach QTable as attributes: declaring `pagination` here would make Vue drop the
  // update:pagination listener (a v-model of this component), and QTable would stop following the server's pages
  props: {
    columns: Array,
    history: Object,
  },
  provide() {
    return { ttTable: this };
  },
  data() {
    // the columns come with the first HTML only; later updates leave them out (preserved in the browser)
    return { keptColumns: this.columns };
  },
  computed: {
    shownColumns() {
      return this.columns || this.keptColumns;
    },
  },
  watch: {
    // a new history entry number from the server: put the view in the URL (push or replace) with these rows
    "history.n"() {
      const h = this.history;
      if (!h || !h.url) return;
      if (h.replace) window.history.replaceState({}, "", h.url);
      else window.history.pushState({}, "", h.url);
    },
  },
};
