"""The Settings page's "Time and reminders" card (SPEC §18): time zone, how numeric dates read, quiet hours, and
the desktop-notifications switch."""

from __future__ import annotations

from typing import Any

from nicegui import ui

ORDERS = {
    "": "From the system locale",
    "DMY": "Day first (31/12)",
    "MDY": "Month first (12/31)",
    "YMD": "Year first (2026-12-31)",
}


def time_card(form: Any) -> None:
    """Inputs bound to the settings draft's ``zone``, ``date_order``, ``quiet_start``, ``quiet_end`` and
    ``desktop_notifications``."""
    with ui.card().classes("w-full"):
        ui.label("Time and reminders").classes("text-lg font-semibold")
        with ui.row().classes("items-start gap-4"):
            with ui.column().classes("gap-0"):
                ui.input("Time zone", placeholder="this computer's").bind_value(form, "zone").props(
                    'outlined dense hint="An IANA name such as Europe/Berlin; empty: this computer\'s"'
                ).classes("w-72")
                form.errors.add("time.zone")
            ui.select(ORDERS, label="Dates typed as numbers").bind_value(form, "date_order").props(
                "outlined dense"
            ).classes("w-64")
            with ui.column().classes("gap-0"):
                with ui.row().classes("gap-2"):
                    ui.input("Quiet hours start", placeholder="22:00").bind_value(form, "quiet_start").props(
                        "outlined dense"
                    ).classes("w-40")
                    ui.input("Quiet hours end", placeholder="07:00").bind_value(form, "quiet_end").props(
                        "outlined dense"
                    ).classes("w-40")
                ui.label("Reminders wait in the list and pop up when quiet hours end.").classes(
                    "text-sm opacity-80"
                )
                form.errors.add("time.quiet_hours")
        ui.switch("Desktop notifications").bind_value(form, "desktop_notifications")
        ui.label(
            "Reminders also pop up outside the app: in a browser once you allow it (the bell's \"Allow desktop "
            "notifications\"), in the native window as the desktop's notifications. Off: the list and the in-page "
            "message only."
        ).classes("text-sm opacity-80")
