"""``python -m tickettracker demo enable|refresh|disable|status|persist`` (SPEC §2, §11).

Works on the data folder only: the real database is never opened, so the command is safe while the app runs
(the app notices the switch within a few seconds).
"""

from __future__ import annotations

import argparse
from datetime import datetime, timezone
from pathlib import Path

from tickettracker.config import find_config_file, load_config
from tickettracker.domain.timefmt import local
from tickettracker.paths import resolve_data_dir
from tickettracker.services import demo


def configure(p: argparse.ArgumentParser) -> None:
    """switch demo mode (a separate demo dataset; your own data is never touched)"""
    p.add_argument(
        "action",
        choices=["enable", "refresh", "disable", "status", "persist"],
        help="what to do (persist: keep the demo data as it is now as your own demo dataset)",
    )


def run(args: argparse.Namespace) -> int:
    root = resolve_data_dir(args.data_dir)
    state = demo.read_state(root)
    if args.action in ("enable", "refresh"):
        if args.action == "refresh" and not state.enabled:
            print("Demo mode is off: nothing to refresh (use `demo enable`).")
            return 1
        path, _source = find_config_file(args.config, root)
        cfg, _warnings = load_config(path)
        state = demo.enable(root, cfg)
    elif args.action == "disable":
        state = demo.disable(root)
    elif args.action == "persist":
        if not state.enabled:
            print("Demo mode is off: there is no demo data to save (use `demo enable`).")
            return 1
        saved = demo.persist(root, now=datetime.now(timezone.utc))
        print(
            f"Demo data saved as your own demo dataset: {saved} (Enable and Refresh load it; delete it to go back)"
        )
    else:
        demo.sweep(root)  # half-built datasets left by an interrupted command
    return report(root, state)


def report(root: Path, state: demo.DemoState) -> int:
    """Print the mode; exit code 1 when the state names a dataset that is not there."""
    if not state.enabled:
        print(f"Demo mode: off (your own data in {root} is in use)")
        return 0
    loaded = local(state.loaded_at) if state.loaded_at else "unknown time"
    folder = demo.demo_folder(root) / (state.dataset or "")
    if not (folder / demo.DB_NAME).is_file():
        print(f"Demo mode: on, but its dataset is missing ({folder}); run `demo refresh` or `demo disable`")
        return 1
    print(f"Demo mode: on (demo data loaded {loaded}; your own data is untouched)")
    return 0
