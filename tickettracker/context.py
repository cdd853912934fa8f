"""Everything one running TicketTracker needs, built once by the CLI and passed down (no module-level state)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tickettracker.attachment_service import AttachmentService
from tickettracker.config import Config, find_config_file, load_config
from tickettracker.paths import DataPaths, data_paths, resolve_data_dir
from tickettracker.services import ChangeBus, TicketService
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
    paths = data_paths(root, cfg.database.uri, cfg.uploads.directory)
    paths.uploads.mkdir(parents=True, exist_ok=True)
    db = open_database(paths.database, paths.backups)
    bus = ChangeBus()
    return AppContext(cfg, config_path, source, paths, db, TicketService(db, cfg, bus=bus), bus, warnings)
