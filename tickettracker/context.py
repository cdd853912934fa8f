"""Everything one running TicketTracker needs, built once by the CLI and passed down (no module-level state)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tickettracker import demo
from tickettracker.attachment_service import AttachmentService
from tickettracker.config import Config, find_config_file, load_config
from tickettracker.paths import DataPaths, data_paths, resolve_data_dir
from tickettracker.services import Change, ChangeBus, TicketService
from tickettracker.store import Database, open_database
from tickettracker.store.attachments import BlobStore


@dataclass
class AppContext:
    cfg: Config
    config_path: Path | None  # the file the configuration came from (None: built-in defaults)
    config_source: str  # cli | env | data | none
    paths: DataPaths
    db: Database
    tickets: TicketService
    bus: ChangeBus
    warnings: list[str] = field(default_factory=list)
    # The user's own data folder paths; ``paths`` differs from it only while demo mode is on.
    real_paths: DataPaths | None = None

    @property
    def own_paths(self) -> DataPaths:
        return self.real_paths or self.paths

    @property
    def demo_active(self) -> bool:
        return self.paths != self.own_paths

    def use_store(self, paths: DataPaths) -> None:
        """Switch the running app to the data at ``paths`` (demo or real) and tell every open tab."""
        new_db = open_database(paths.database, None if paths != self.own_paths else paths.backups)
        old, self.db, self.paths = self.db, new_db, paths
        self.tickets.db = new_db
        old.dispose()
        self.bus.emit(Change("store"))

    @property
    def writable_config_path(self) -> Path:
        """Where the Settings page saves: the file in use, or the data folder's config.json."""
        return self.config_path or self.paths.user_config

    @property
    def attachments(self) -> AttachmentService:
        """Attachment use cases over the current ticket service and uploads folder (built on demand: cheap)."""
        return AttachmentService(self.tickets, BlobStore(self.paths.uploads))

    def close(self) -> None:
        self.db.dispose()


def build_context(data_dir: str | None = None, config: str | None = None) -> AppContext:
    """Load the configuration, open (and migrate) the store, and build the services. Raises TicketTrackerError."""
    root = resolve_data_dir(data_dir)
    root.mkdir(parents=True, exist_ok=True)
    config_path, source = find_config_file(config, root)
    cfg, warnings = load_config(config_path)
    real = data_paths(root, cfg.database.uri, cfg.uploads.directory)
    # In demo mode the real database is not even opened: the app works on the demo dataset's own folder.
    paths = demo.active_paths(real) or real
    if demo.read_state(root).enabled and paths == real:
        warnings.append(
            "demo mode is on but its dataset is missing: showing your own data (run `demo refresh`)"
        )
    paths.uploads.mkdir(parents=True, exist_ok=True)
    db = open_database(paths.database, paths.backups if paths == real else None)
    bus = ChangeBus()
    tickets = TicketService(db, cfg, bus=bus)
    return AppContext(cfg, config_path, source, paths, db, tickets, bus, warnings, real)
