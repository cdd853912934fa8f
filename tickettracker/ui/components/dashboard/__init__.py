"""The dashboard's parts: the shared state, the power layer (query text, cursor), bulk edits and saved views.

The parts share one :class:`~tickettracker.ui.components.dashboard.state.DashboardState` and report back through
callbacks they are given; none of them holds the part that built it.
"""
