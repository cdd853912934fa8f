"""One object holding everything a running TicketTracker needs, built once by the composition root (``app.py``)
and handed to the UI and the commands (no module-level state).

The configuration and the database handle are held once, by the ticket service; every other service and this
object read them from there, so a Settings save or a demo switch can never leave two copies out of step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tickettracker.config import Config
from tickettracker.paths import DataPaths
from tickettracker.services.access import AccessService
from tickettracker.services.attachments import AttachmentService
from tickettracker.services.calendar import CalendarService
from tickettracker.services.events import Change, ChangeBridge, ChangeBus
from tickettracker.services.insights import InsightsService
from tickettracker.services.power import PowerService
from tickettracker.services.recurrence import RecurrenceService
from tickettracker.services.reminders import ReminderService
from tickettracker.services.tickets import TicketService
from tickettracker.services.writing import WritingService
from tickettracker.store import Database, open_database
from tickettracker.store.blob_table import blob_store


@dataclass
class Services:
    config_path: Path | None  # the file the configuration came from (None: built-in defaults)
    config_source: str  # cli | env | data | none
    paths: DataPaths
    tickets: TicketService
    warnings: list[str] = field(default_factory=list)
    # The user's own data folder paths; ``paths`` differs from it only while demo mode is on.
    real_paths: DataPaths | None = None
    power: PowerService = field(init=False)
    access: AccessService = field(init=False)
    insights: InsightsService = field(init=False)
    writing: WritingService = field(init=False)
    recurrence: RecurrenceService = field(init=False)
    reminders: ReminderService = field(init=False)
    calendar: CalendarService = field(init=False)
    # Changes to and from other instances on the same PostgreSQL database (idle on SQLite until started).
    bridge: ChangeBridge = field(init=False)

    def __post_init__(self) -> None:
        self.power = PowerService(self.tickets)
        self.access = AccessService(self.tickets)
        self.insights = InsightsService(self.tickets)
        self.writing = WritingService(self.tickets)
        self.recurrence = RecurrenceService(self.tickets)
        self.reminders = ReminderService(self.tickets)
        self.calendar = CalendarService(self.power, self.recurrence)
        self.bridge = ChangeBridge(self.bus, lambda: self.db, self.own_paths.database_uri)

    def ping(self) -> None:
        """Raise DatabaseUnavailable while the database in use cannot be reached (a page waiting to open asks)."""
        self.db.ping()

    def time_tick(self) -> None:
        """The periodic time work (start-up and every minute): due occurrences, then reminders."""
        self.recurrence.tick()
        self.reminders.sweep()

    @property
    def cfg(self) -> Config:
        return self.tickets.cfg

    @property
    def db(self) -> Database:
        return self.tickets.db

    @property
    def bus(self) -> ChangeBus:
        return self.tickets.bus

    @property
    def own_paths(self) -> DataPaths:
        return self.real_paths or self.paths

    @property
    def demo_active(self) -> bool:
        return self.paths != self.own_paths

    def use_store(self, paths: DataPaths) -> None:
        """Switch the running app to the data at ``paths`` (demo or real) and tell every open tab."""
        new_db = open_database(paths.store, None if paths != self.own_paths else paths.backups)
        old, self.paths = self.db, paths
        self.tickets.db = new_db
        self.access.forget()  # the links of the data now shown (a demo dataset has none)
        old.dispose()
        self.bus.emit(Change("store"))

    @property
    def writable_config_path(self) -> Path:
        """Where the Settings page saves: the file in use, or the data folder's config.json."""
        return self.config_path or self.paths.user_config

    @property
    def attachments(self) -> AttachmentService:
        """Attachment use cases over the current ticket service and uploads folder (built on demand: cheap)."""
        return AttachmentService(self.tickets, blob_store(self.paths.uploads, self.db))

    def close(self) -> None:
        self.bridge.stop()
        self.db.dispose()
