"""The phone layout's "Filters" button: below 600 px (app.css) the dashboard's filter controls fold away behind it.

The controls stay one set of elements for every width: on a wide screen the button is hidden and the parts are laid
out as before; on a phone the parts are hidden until the button opens them. The button says how many filters are
active ("Filters (2)"), so a folded filter is never forgotten.
"""

from __future__ import annotations

from nicegui import ui

from tickettracker.domain.query_controls import Controls

OPEN = "tt-filters-open"


def active_filters(c: Controls) -> int:
    """How many filters narrow the list (sort order and density are not filters)."""
    return sum((bool(c.statuses), bool(c.priorities), bool(c.tags), c.overdue_only, c.has_due is not None))


class FiltersToggle:
    """Build inside the search row; register the filter parts with :meth:`part`."""

    def __init__(self) -> None:
        self.parts: list[ui.element] = []
        self.open = False
        self.button = (
            ui.button("Filters", icon="tune", on_click=self.toggle)
            .props('outline no-caps aria-expanded="false"')
            .classes("tt-filters-toggle")
        )

    def part(self, element: ui.element) -> ui.element:
        """A part of the filters: folded away on a phone while the button is closed."""
        element.classes("tt-filter-part")
        self.parts.append(element)
        self.button.props(f'aria-controls="{" ".join(p.html_id for p in self.parts)}"')
        return element

    def toggle(self) -> None:
        self.open = not self.open
        for p in self.parts:
            p.classes(add=OPEN) if self.open else p.classes(remove=OPEN)
        self.button.props(f'aria-expanded="{str(self.open).lower()}"')
        self.button.props(f"icon={'expand_less' if self.open else 'tune'}")

    def show_count(self, controls: Controls) -> None:
        n = active_filters(controls)
        self.button.text = f"Filters ({n})" if n else "Filters"
