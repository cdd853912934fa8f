"""The status select with its hold-reason select (shown only for the hold status): the ticket form, the ticket
page's "Change status" and the dashboard's bulk "Change status" all use this one component.
"""

from __future__ import annotations

from nicegui import ui

from tickettracker.config import Config
from tickettracker.ui.components.fields import keep_typed_text, status_select


class StatusPicker:
    """ "Status" (by icon and name) and "Hold reason" (pick one or type your own; visible for the hold status)."""

    def __init__(
        self,
        cfg: Config,
        statuses: list[str],
        *,
        status: str | None,
        hold_reason: str | None = None,
        classes: str = "w-full",
        props: str = "",
    ) -> None:
        self.cfg = cfg
        self.status = status_select(cfg, statuses, status).props(props).classes(classes)
        reasons = list(dict.fromkeys([*cfg.hold_reasons, *([hold_reason] if hold_reason else [])]))
        self.hold = (
            ui.select(
                reasons, label="Hold reason", value=hold_reason, with_input=True, new_value_mode="add-unique"
            )
            .props(props)
            .classes(classes)
        )
        self.hold.props["hint"] = "Pick one or type your own"
        self._hold_value = keep_typed_text(self.hold)
        self.hold.bind_visibility_from(self.status, "value", backward=lambda v: v == cfg.status_roles.hold)

    @property
    def on_hold(self) -> bool:
        return bool(self.status.value == self.cfg.status_roles.hold)

    @property
    def hold_reason(self) -> str | None:
        """The hold reason (typed text included) when the hold status is chosen, else None."""
        return self._hold_value() if self.on_hold else None

    def clear_errors(self) -> None:
        self.status.error = self.hold.error = None

    def show_error(self, text: str) -> None:
        """Show a refused change beside the field it concerns."""
        if self.on_hold:
            self.hold.error = text
        else:
            self.status.error = text
