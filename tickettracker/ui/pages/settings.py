"""The Settings page `/settings`: the configuration editor, where the data lives, backups and demo mode (SPEC §11)."""

from __future__ import annotations

from nicegui import run, ui

from tickettracker import __version__
from tickettracker.domain.files import human_size
from tickettracker.domain.timefmt import local
from tickettracker.services import settings as settings_service
from tickettracker.services.calendar import feed_url
from tickettracker.services.container import Services
from tickettracker.services.events import Change
from tickettracker.ui.components import outage, writing_settings
from tickettracker.ui.components.access_links import access_links
from tickettracker.ui.components.settings_form import SettingsForm
from tickettracker.ui.errors import EXPECTED, report
from tickettracker.ui.live import live_changes
from tickettracker.ui.theme import frame


def create(services: Services) -> None:
    """Register the page's route for ``services``."""
    ctx = services
    changes = live_changes(services)

    @ui.page("/settings")
    @outage.page(services.ping)
    def settings_page() -> None:
        # This page redraws itself on a switch (keeping its notifications) instead of reloading.
        with frame(ctx, "Settings", reload_on_switch=False):
            ui.label("Settings").classes("text-2xl font-bold").props('role="heading" aria-level="1"')
            body = ui.column().classes("w-full gap-4")
            view = _Settings(ctx, body)
            view.render()
            writing_settings.section(ctx, changes)  # templates and snippets (they redraw themselves)

            def on_change(change: Change) -> None:
                if change.kind in ("config", "store"):
                    view.render()

            changes.subscribe(on_change)


class _Settings:
    def __init__(self, ctx: Services, body: ui.column) -> None:
        self.ctx = ctx
        self.body = body

    def render(self) -> None:
        self.body.clear()
        with self.body:
            self._facts()
            self._demo()
            self._backups()
            self._feed()
            access_links(self.ctx)
            SettingsForm(self.ctx, on_saved=lambda: None)

    def _facts(self) -> None:
        ctx = self.ctx
        with ui.card().classes("w-full"), ui.grid(columns="auto 1fr").classes("gap-x-6 gap-y-2"):
            own = ctx.own_paths
            facts = [
                ("Version", f"TicketTracker {__version__}"),
                ("Data folder", str(own.root)),
                ("Database", settings_service.database_summary(ctx)),
                (
                    "Uploads",
                    f"{ctx.paths.uploads} ({human_size(settings_service.folder_size(ctx.paths.uploads))})",
                ),
                (
                    "Configuration file",
                    str(ctx.config_path)
                    if ctx.config_path
                    else f"built-in defaults (saving creates {ctx.writable_config_path})",
                ),
            ]
            for label, value in facts:
                ui.label(label).classes("font-semibold opacity-80")
                ui.label(value).classes("break-all").mark(f"fact:{label}")

    def _demo(self) -> None:
        state = settings_service.demo_state(self.ctx)
        with ui.card().classes("w-full"):
            ui.label("Demo mode").classes("text-lg font-semibold")
            if state.enabled and self.ctx.demo_active:
                loaded = local(state.loaded_at) if state.loaded_at else "an unknown time"
                text = f"Demo mode is on: demo data loaded {loaded}. Your own data is untouched."
            elif state.enabled:
                text = "Demo mode is on, but its data is missing: refresh it, or disable demo mode."
            else:
                text = "Demo mode is off: you are working on your own data."
            ui.label(text).mark("demo-status")
            ui.label(
                "Demo mode switches the app to a separate demo dataset (its own database and files); "
                "your own database and uploads are never opened while it is on."
            ).classes("text-sm opacity-80")
            with ui.row().classes("gap-2"):
                enable = ui.button("Enable demo mode", icon="science", on_click=self._enable).props(
                    "unelevated"
                )
                refresh = ui.button("Refresh demo data", icon="refresh", on_click=self._enable).props("flat")
                disable = ui.button("Disable demo mode", icon="logout", on_click=self._disable).props("flat")
                keep = ui.button("Save demo data", icon="save", on_click=self._save_demo).props("flat")
                keep.tooltip(
                    "Keep the demo data as it is now as your own demo dataset (Refresh then loads it)"
                )
                keep.set_enabled(state.enabled)
                enable.set_enabled(not state.enabled)
                refresh.set_enabled(state.enabled)
                disable.set_enabled(state.enabled)

    async def _enable(self) -> None:
        client = ui.context.client  # the switch redraws this page: notify through the client
        try:
            # Building the dataset takes a moment: do it off the event loop so every tab stays responsive;
            # the switch itself (and the change event) happens back on the loop.
            await run.io_bound(settings_service.load_demo_data, self.ctx)
            settings_service.switch_to_recorded(self.ctx)
        except EXPECTED as e:
            report(e, prefix="Demo mode", client=client)
            return
        with client:
            ui.notify("Demo dataset ready", type="positive")

    def _save_demo(self) -> None:
        client = ui.context.client
        try:
            saved = settings_service.save_demo_data(self.ctx)
        except EXPECTED as e:
            report(e, prefix="Demo mode", client=client)
            return
        with client:
            ui.notify(f"Demo data saved as your own demo dataset ({saved})", type="positive")

    def _disable(self) -> None:
        client = ui.context.client
        try:
            settings_service.disable_demo(self.ctx)
        except EXPECTED as e:
            report(e, prefix="Demo mode", client=client)
            return
        with client:
            ui.notify("Back on your own data", type="positive")

    def _feed(self) -> None:
        """The calendar feed's address with its token (SPEC §18): copy, regenerate (the old one stops), revoke."""
        request = getattr(ui.context.client, "request", None)
        base = str(request.base_url) if request is not None else "http://localhost:8765/"
        with ui.card().classes("w-full"):
            ui.label("Calendar feed").classes("text-lg font-semibold")
            ui.label(
                "Subscribe to this address in Google Calendar, Apple Calendar or Thunderbird to see tickets with a "
                "due date. Its token opens the feed and nothing else; regenerate it if the address leaked."
            ).classes("text-sm opacity-80")
            current = (
                self.ctx.calendar.current_token()
            )  # rendering never writes: the token is made on request
            address = (
                ui.input("Feed address", value=feed_url(base, current) if current else "")
                .props(
                    'outlined dense readonly placeholder="No feed address yet: press Regenerate feed token"'
                )
                .classes("w-full tt-feed-url")
            )

            def regenerate() -> None:
                address.value = feed_url(base, self.ctx.calendar.regenerate())
                ui.notify("New feed address: the old one no longer works", type="positive")

            with ui.row().classes("gap-2"):
                ui.button(
                    "Copy address", icon="content_copy", on_click=lambda: ui.clipboard.write(address.value)
                ).props("flat no-caps")
                ui.button("Regenerate feed token", icon="autorenew", on_click=regenerate).props(
                    "flat no-caps"
                )

    def _backups(self) -> None:
        with ui.card().classes("w-full"):
            ui.label("Backups").classes("text-lg font-semibold")
            ui.label(
                f"A consistent copy of your own database, uploads and configuration in {self.ctx.own_paths.backups}."
            ).classes("text-sm opacity-80")
            listing = ui.column().classes("gap-1")

            def show() -> None:
                listing.clear()
                with listing:
                    found = settings_service.list_backups(self.ctx)
                    if not found:
                        ui.label("No backups yet.")
                    for b in found:
                        ui.label(f"{b.name} · {local(b.created)} · {human_size(b.size)}").mark("backup-entry")

            async def back_up() -> None:
                try:
                    info = await run.io_bound(settings_service.back_up_now, self.ctx)
                except EXPECTED as e:
                    report(e, prefix="Backup failed")
                    return
                ui.notify(f"Backup written: {info.name if info else 'done'}", type="positive")
                show()

            ui.button("Back up now", icon="backup", on_click=back_up).props("unelevated")
            show()
