"""The saved-views sidebar of the dashboard: each view with its live count; save, rename, reorder, delete, default."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import Event, ui

from tickettracker.domain.query import ViewRec
from tickettracker.errors import TicketTrackerError, ValidationFailed
from tickettracker.services.container import Services
from tickettracker.services.events import Change
from tickettracker.ui.announce import notify
from tickettracker.ui.components import outage
from tickettracker.ui.components.dashboard.state import DashboardState
from tickettracker.ui.components.dialogs import apply_buttons, confirm, form_dialog
from tickettracker.ui.components.palette import Action
from tickettracker.ui.errors import message


class SavedViewsSidebar:
    """The sidebar; ``apply_text`` puts a view's text into the search box, ``select_all`` selects every match."""

    def __init__(
        self,
        services: Services,
        state: DashboardState,
        changes: Event[Change],
        *,
        apply_text: Callable[[str], None],
        select_all: Callable[[], None],
    ) -> None:
        self.state = state
        self.service = services.power
        self.apply_text = apply_text
        self.select_all = select_all
        # a drawer belongs to the page itself, wherever the dashboard happens to build us
        # value=None would ask the browser for the drawer's state on connect (a JS round trip that can time out);
        # show-if-above opens it on wide screens by itself and tells the server (update:model-value)
        with ui.context.client.content, ui.left_drawer(value=False, bordered=True) as drawer:
            drawer.props('show-if-above width=240 aria-label="Saved views"')
            self.drawer = drawer
            with ui.row().classes("w-full items-center justify-between"):
                ui.label("Views").classes("text-lg font-bold")
                ui.button(icon="bookmark_add", on_click=self.save_dialog).props(
                    'flat round dense aria-label="Bookmark this search as a view"'
                ).tooltip("Keep the current search and sort as a named view")
            self.list = ui.column().classes("w-full gap-0").props('role="list"')  # the items are listitems
        self._pending = False
        self.notice = outage.current()
        self._shown: tuple[Any, ...] | None = None  # what the list shows now
        self.render()
        changes.subscribe(lambda _c: self._soon())

    def _soon(self) -> None:
        """Recount at most about once a second: a burst of changes (an import, other tabs) costs one recount."""
        if not self._pending:
            self._pending = True
            ui.timer(0.5, self._render_pending, once=True)

    def _render_pending(self) -> None:
        self._pending = False
        self.render()

    def render(self) -> None:
        """The list of views with their counts; while the database is away, the list shown stays."""
        self.notice.guard("views", self._render)

    def _render(self) -> None:
        current = self.state.q.text.strip()
        # read before clearing: a failed read keeps the list
        everything = self.service.count(self.service.parse(""))
        views = self.service.views_with_counts()
        shown = (current, everything, views)
        if shown == self._shown:  # a change that moved no count and no view: nothing to send
            return
        self._shown = shown
        self.list.clear()
        with self.list:
            self._entry("All tickets", "", everything, current == "")
            for view, count in views:
                self._view_entry(view, count, current == view.text)

    def _entry(self, name: str, text: str, count: int | None, active: bool) -> ui.item:
        with ui.item(on_click=lambda: self.apply_text(text)).props("clickable dense") as item:
            item.props["active"] = active
            item.props["aria-label"] = f"{name}, {count if count is not None else 'query needs fixing'}"
            with ui.item_section():
                ui.label(name).classes("tt-view-name")
            with ui.item_section().props("side"):
                ui.badge("!" if count is None else f"{count:,}").props("outline")
        return item

    def _view_entry(self, view: ViewRec, count: int | None, active: bool) -> None:
        with ui.row().classes("w-full items-center no-wrap gap-0").props('role="listitem"'):
            item = self._entry(view.name, view.text, count, active).classes("grow")
            item.props["role"] = "button"  # the row is the list item; the entry applies the view
            if view.is_default:
                with item:
                    ui.icon("star", size="xs").props('aria-label="Default view"').classes("q-ml-xs")
            with ui.button(icon="more_vert").props("flat round dense size=sm") as menu_button:
                menu_button.props["aria-label"] = f"Manage view {view.name}"  # data, never parsed
                with ui.menu():
                    ui.menu_item("Rename", on_click=lambda v=view: self.rename_dialog(v))
                    ui.menu_item(
                        "Move up", on_click=lambda v=view: self._do(self.service.move_view, v.id, -1)
                    )
                    ui.menu_item(
                        "Move down", on_click=lambda v=view: self._do(self.service.move_view, v.id, 1)
                    )
                    if view.is_default:
                        ui.menu_item(
                            "Stop opening at start",
                            on_click=lambda: self._do(self.service.set_default_view, None),
                        )
                    else:
                        ui.menu_item(
                            "Open at start (default)",
                            on_click=lambda v=view: self._do(self.service.set_default_view, v.id),
                        )
                    ui.menu_item("Update to the current search", on_click=lambda v=view: self._overwrite(v))
                    ui.menu_item("Delete", on_click=lambda v=view: self.delete_dialog(v))

    def _do(self, fn: Any, *args: Any) -> None:
        try:
            fn(*args)
        except TicketTrackerError as e:
            ui.notify(message(e), type="warning")

    def _overwrite(self, view: ViewRec) -> None:
        text = self.state.q.text
        try:
            self.service.delete_view(view.id)
            new_id = self.service.save_view(view.name, text)
            ids = [v.id for v in self.service.views()]
            ids.remove(new_id)
            ids.insert(min(view.position - 1, len(ids)), new_id)
            self.service.reorder_views(ids)
            if view.is_default:
                self.service.set_default_view(new_id)
        except TicketTrackerError as e:
            ui.notify(message(e), type="warning")
            return
        notify(f"View “{view.name}” updated", type="positive")

    def save_dialog(self) -> None:
        text = self.state.q.text
        self._name_dialog("Name the view", "", lambda name: self.service.save_view(name, text), "Saved view")

    def rename_dialog(self, view: ViewRec) -> None:
        self._name_dialog(
            "Rename view", view.name, lambda name: self.service.rename_view(view.id, name), "Renamed"
        )

    def _name_dialog(self, title: str, start: str, action: Any, done: str) -> None:
        with form_dialog(title) as dialog:
            name = ui.input("View name", value=start).props("autofocus outlined").classes("w-full")
            if not start:
                ui.label(f"Search: {self.state.q.text or '(everything)'}").classes(
                    "text-sm opacity-80 tt-pre"
                )

            def save() -> None:
                client = ui.context.client  # saving redraws the part of the page that built this dialog
                try:
                    action(name.value or "")
                except ValidationFailed as e:
                    name.error = next(iter(e.problems.values()))
                    return
                dialog.close()
                with client:
                    notify(f"{done}: {' '.join((name.value or '').split())}", type="positive")

            name.on("keydown.enter", save)
            apply_buttons(dialog, "Save", save)

    async def delete_dialog(self, view: ViewRec) -> None:
        if await confirm(f"Delete the view “{view.name}”? Its tickets are not touched.", "Delete view"):
            self._do(self.service.delete_view, view.id)

    def palette_actions(self) -> list[Action]:
        out = [Action("Bookmark this search as a view…", "bookmark_add", self.save_dialog)]
        out += [
            Action(f"Apply view: {v.name}", "bookmark", _applier(self.apply_text, v.text))
            for v in self.service.views()
        ]
        out.append(Action("Select all matching tickets", "select_all", self.select_all))
        return out


def _applier(apply_text: Callable[[str], None], text: str) -> Callable[[], None]:
    return lambda: apply_text(text)
