"""The composition root: load the configuration → open the store (migrate) → build one :class:`Services`.

The command line calls :func:`build_services`; the UI and every command receive the object it returns.
"""

from __future__ import annotations

from tickettracker.config import find_config_file, load_config
from tickettracker.paths import data_paths, resolve_data_dir
from tickettracker.services import demo
from tickettracker.services.container import Services
from tickettracker.services.events import ChangeBus
from tickettracker.services.tickets import TicketService
from tickettracker.store import open_database


def build_services(data_dir: str | None = None, config: str | None = None) -> Services:
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
    db = open_database(paths.store, paths.backups if paths == real else None)
    tickets = TicketService(db, cfg, bus=ChangeBus())
    return Services(config_path, source, paths, tickets, warnings, real)
