"""Demo mode (SPEC §11): a curated dataset in a folder of its own, so the real data is never at risk.

Layout inside the data folder::

    state/demo.json              {"enabled": true, "dataset": "set-…", "loaded_at": "…"}  (atomic rename)
    demo/set-<stamp>-<rand>/     tickettracker.db + uploads/   (one complete dataset)
    demo/set-….partial/          a dataset being built (ignored; swept later)
    demo-dataset.zip             the user's own demo dataset ("Save demo data", as the original's "persist"):
                                 an export zip loaded by Enable/Refresh instead of the curated one (delete it to
                                 go back); never written into the installed package

Every operation is ordered so that a kill at any moment leaves a consistent mode: a dataset is built under a
``.partial`` name, renamed when complete, and only then does the state file point at it (one atomic rename);
old datasets are deleted after the state no longer names them. Demo operations never open the real database.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from tickettracker.config import Config
from tickettracker.errors import StoreError
from tickettracker.fsutil import fsync_dir
from tickettracker.paths import DataPaths
from tickettracker.services.demo_loader import load_dataset

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; demo operations are then not guarded against each other
    fcntl = None  # type: ignore[assignment]

DB_NAME = "tickettracker.db"


@dataclass(frozen=True)
class DemoState:
    enabled: bool
    dataset: str | None = None  # folder name under <data>/demo/
    loaded_at: datetime | None = None  # UTC

    def to_json(self) -> dict[str, object]:
        return {
            "enabled": self.enabled,
            "dataset": self.dataset,
            "loaded_at": self.loaded_at.isoformat() if self.loaded_at else None,
        }


def state_file(root: Path) -> Path:
    return root / "state" / "demo.json"


def demo_folder(root: Path) -> Path:
    return root / "demo"


def read_state(root: Path) -> DemoState:
    """The recorded mode; a missing file means demo mode is off."""
    path = state_file(root)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return DemoState(False)
    except (OSError, ValueError) as e:
        raise StoreError(
            f"{path}: unreadable demo state ({e}); delete it to return to your own data"
        ) from None
    loaded = raw.get("loaded_at")
    return DemoState(
        bool(raw.get("enabled")),
        raw.get("dataset") or None,
        datetime.fromisoformat(loaded) if loaded else None,
    )


def write_state(root: Path, state: DemoState) -> None:
    """Record the mode with one atomic rename (temp file + fsync + replace + directory fsync)."""
    path = state_file(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(state.to_json(), fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


def active_paths(real: DataPaths) -> DataPaths | None:
    """Where the app's data lives in demo mode (None when demo mode is off or its dataset is missing)."""
    state = read_state(real.root)
    if not state.enabled or not state.dataset:
        return None
    folder = demo_folder(real.root) / state.dataset
    if not (folder / DB_NAME).is_file():
        return None
    return DataPaths(real.root, folder / DB_NAME, folder / "uploads")


@contextmanager
def operation_lock(root: Path) -> Iterator[None]:
    """One demo operation at a time per data folder, across processes (the app and the CLI).

    An advisory ``flock`` on ``state/demo.lock``: the kernel releases it when its holder dies, even by SIGKILL.
    """
    path = root / "state" / "demo.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as fh:
        if fcntl is not None:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def enable(root: Path, cfg: Config, *, now: datetime | None = None, sweep_old: bool = True) -> DemoState:
    """Load a fresh demo dataset and switch to it (also what "Refresh demo data" does)."""
    with operation_lock(root):
        return _enable(root, cfg, now, sweep_old)


def _enable(root: Path, cfg: Config, now: datetime | None, sweep_old: bool) -> DemoState:
    when = now or datetime.now(timezone.utc)
    base = demo_folder(root)
    base.mkdir(parents=True, exist_ok=True)
    name = f"set-{when.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(3)}"
    work = base / f"{name}.partial"
    work.mkdir()
    if user_dataset(root).is_file():
        _load_saved(root, work, cfg, when)
    else:
        load_dataset(work / DB_NAME, work / "uploads", cfg, when)
    _fsync_tree(work)
    os.replace(work, base / name)
    fsync_dir(base)
    state = DemoState(True, name, when)
    write_state(root, state)
    if sweep_old:
        _sweep(root)
    return state


def user_dataset(root: Path) -> Path:
    """Where "Save demo data" keeps the user's own demo dataset (in the data folder)."""
    return root / "demo-dataset.zip"


def persist(root: Path, *, now: datetime) -> Path:
    """Save the demo data as it is now as the user's own demo dataset; refused when demo mode is off."""
    from tickettracker.services.data.exporting import write_zip
    from tickettracker.store import open_database

    with operation_lock(root):
        state = read_state(root)
        folder = demo_folder(root) / (state.dataset or "")
        if not state.enabled or not (folder / DB_NAME).is_file():
            raise StoreError("Demo mode is off: there is no demo data to save (enable demo mode first)")
        db = open_database(folder / DB_NAME)
        try:
            write_zip(db, folder / "uploads", user_dataset(root), now=now)
        finally:
            db.dispose()
    return user_dataset(root)


def _load_saved(root: Path, work: Path, cfg: Config, now: datetime) -> None:
    from tickettracker.services.data.importing import import_document, open_source
    from tickettracker.services.tickets import TicketService
    from tickettracker.store import open_database

    db = open_database(work / DB_NAME)
    source, zf = open_source(user_dataset(root))
    try:
        import_document(TicketService(db, cfg, clock=lambda: now), source, uploads=work / "uploads", now=now)
    finally:
        if zf is not None:
            zf.close()
        db.dispose()


def disable(root: Path, *, sweep_old: bool = True) -> DemoState:
    """Return to the real data; the demo datasets are deleted afterwards."""
    with operation_lock(root):
        state = DemoState(False)
        write_state(root, state)
        if sweep_old:
            _sweep(root)
        return state


def sweep(root: Path) -> list[str]:
    """Delete every demo dataset the state does not name (half-built ones included); returns their names."""
    with operation_lock(root):
        return _sweep(root)


def _sweep(root: Path) -> list[str]:
    # State files half-written by a killed command (the real state file is only ever replaced whole).
    for stale in state_file(root).parent.glob(f".{state_file(root).name}.*.tmp"):
        stale.unlink(missing_ok=True)
    base = demo_folder(root)
    if not base.is_dir():
        return []
    keep = read_state(root)
    removed = []
    for entry in base.iterdir():
        if keep.enabled and entry.name == keep.dataset:
            continue
        # Rename first, so a kill during the delete never leaves a folder that looks complete.
        doomed = entry if entry.name.endswith(".partial") else entry.with_name(entry.name + ".partial")
        if doomed != entry:
            os.replace(entry, doomed)
        shutil.rmtree(doomed)
        removed.append(entry.name)
    return removed


def _fsync_tree(folder: Path) -> None:
    for path in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.is_file():
            with open(path, "rb") as fh:
                os.fsync(fh.fileno())
        else:
            fsync_dir(path)
    fsync_dir(folder)
