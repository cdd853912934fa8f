"""One Insights chart as a card: the ECharts drawing, "Show as table" (the same numbers, accessible) and "Download CSV".

Colours come from the configuration (urgency gradient, status and priority colours); text, axes and grid lines
follow the tab's dark or light mode. Category names are user text (tags, statuses): the tooltip is drawn on the
canvas (``renderMode: richText``), so none of it ever becomes HTML.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from tickettracker.config import Config
from tickettracker.services.insights import Chart

INK = {True: "#e5e7eb", False: "#1f2937"}  # text: dark mode / light mode
EDGE = {True: "#9ca3af", False: "#4b5563"}  # axis lines and bar outlines (pale bars stay visible on white)
GRID = {True: "#374151", False: "#e5e7eb"}


def series_palette(cfg: Config) -> list[str]:
    """Series colours for charts without per-bar colours: calm blue, resolved green, then the warmer stages."""
    g = cfg.colors.gradient
    return [g.stage0, cfg.colors.statuses.resolved, g.stage2, g.stage1, g.stage3]


def number(value: float | None) -> str:
    """A chart value as a person reads it in the table: whole numbers bare, others with one decimal."""
    if value is None:
        return "—"
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.1f}"


def options(chart: Chart, cfg: Config, *, dark: bool) -> dict[str, Any]:
    """The ECharts options drawing ``chart``."""
    ink, edge, palette = INK[dark], EDGE[dark], series_palette(cfg)
    per_bar = bool(chart.colors) and len(chart.series) == 1 and not chart.line
    series = []
    for i, s in enumerate(chart.series):
        data: list[Any] = []
        for j, value in enumerate(s.values):
            item: dict[str, Any] = {"value": value}
            if per_bar and chart.colors[j]:
                item["itemStyle"] = {"color": chart.colors[j]}
            data.append(item)
        series.append(
            {
                "name": s.name,
                "type": "line" if chart.line else "bar",
                "data": data,
                "itemStyle": {
                    "color": s.color or palette[i % len(palette)],
                    "borderColor": edge,
                    "borderWidth": 1,
                },
                "lineStyle": {"color": s.color or palette[i % len(palette)], "width": 3},
                "label": {"show": not chart.line, "position": "top", "color": ink},
                "cursor": "pointer" if any(chart.queries) else "default",
            }
        )
    return {
        "backgroundColor": "transparent",
        "animation": False,
        "textStyle": {"color": ink},
        "tooltip": {"trigger": "axis", "renderMode": "richText"},
        "legend": {"show": len(series) > 1, "top": 0, "textStyle": {"color": ink}},
        "grid": {"left": 8, "right": 16, "top": 36, "bottom": 8, "containLabel": True},
        "xAxis": {
            "type": "category",
            "data": chart.categories,
            "axisLabel": {"color": ink, "interval": 0, "rotate": 30 if len(chart.categories) > 6 else 0},
            "axisLine": {"lineStyle": {"color": edge}},
        },
        "yAxis": {
            "type": "value",
            "name": chart.unit,
            "nameTextStyle": {"color": ink},
            "axisLabel": {"color": ink},
            "splitLine": {"lineStyle": {"color": GRID[dark]}},
            **({"minInterval": 1} if chart.unit == "tickets" else {}),
            **({"max": 100} if chart.unit == "%" else {}),
        },
        "series": series,
    }


class ChartCard:
    """A chart's card; :meth:`show` redraws it with new numbers, ``open_query`` follows a clicked bar."""

    def __init__(self, chart: Chart, cfg: Config, *, dark: bool, open_query: Callable[[str], None]) -> None:
        self.chart, self.cfg, self.dark, self.open_query = chart, cfg, dark, open_query
        with ui.card().classes("w-full tt-insight") as card:
            card.props["data-chart"] = chart.key
            self.title = (
                ui.label(chart.title).classes("text-lg font-bold").props('role="heading" aria-level="3"')
            )
            self.empty = ui.label("No tickets in this scope.").classes("text-sm opacity-80")
            self.echart = ui.echart(options(chart, cfg, dark=dark), on_point_click=self._clicked).classes(
                "w-full h-72"
            )
            self.echart.props["role"] = "img"
            self.echart.props["aria-label"] = f"{chart.title} (chart; the table below has the numbers)"
            self.hint = ui.label("Click a bar to list its tickets on the dashboard.").classes(
                "text-xs opacity-70"
            )
            with ui.row().classes("gap-2"):
                self.toggle = ui.button(
                    "Show as table", icon="table_chart", on_click=self._toggle_table
                ).props('flat dense aria-expanded="false"')
                ui.button("Download CSV", icon="download", on_click=self._download).props("flat dense")
            self.table = ui.table(columns=[], rows=[], row_key="category", pagination=0).classes("w-full")
            self.table.props("flat bordered dense hide-pagination")
            self.table.visible = False
        self.show(chart)

    def show(self, chart: Chart) -> None:
        """Draw ``chart`` (the same key, new numbers)."""
        self.chart = chart
        self.title.text = chart.title
        has_data = bool(chart.categories) and any(v for s in chart.series for v in s.values)
        self.empty.visible = not has_data
        self.echart.visible = has_data
        self.hint.visible = has_data and any(chart.queries)
        self.echart.options.clear()
        self.echart.options.update(options(chart, self.cfg, dark=self.dark))
        self.echart.update()
        self.table.columns = [
            {"name": "category", "label": "Category", "field": "category", "align": "left"},
            *(
                {"name": f"s{i}", "label": s.name, "field": f"s{i}", "align": "right"}
                for i, s in enumerate(chart.series)
            ),
        ]
        self.table.rows = [
            {"category": c, **{f"s{i}": number(s.values[j]) for i, s in enumerate(chart.series)}}
            for j, c in enumerate(chart.categories)
        ]
        self.table.props["aria-label"] = chart.title

    def set_dark(self, dark: bool) -> None:
        self.dark = dark
        self.show(self.chart)

    def _toggle_table(self) -> None:
        self.table.visible = not self.table.visible
        self.toggle.text = "Hide table" if self.table.visible else "Show as table"
        self.toggle.props(f'aria-expanded="{str(self.table.visible).lower()}"')

    def _download(self) -> None:
        ui.download.content(self.chart.to_csv().encode("utf-8"), f"insights-{self.chart.key}.csv", "text/csv")

    def _clicked(self, e: Any) -> None:
        index = getattr(e, "data_index", None)
        if isinstance(index, int) and 0 <= index < len(self.chart.queries):
            query = self.chart.queries[index]
            if query is not None:
                self.open_query(query)
