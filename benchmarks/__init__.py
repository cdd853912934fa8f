from __future__ import annotations

from pathlib import Path


def use_database(data_dir: Path, uri: str | None) -> None:
    """Point the data folder at ``uri`` (``--uri``, e.g. a PostgreSQL database) by writing its config.json."""
    import json

    if uri:
        data_dir.mkdir(parents=True, exist_ok=True)
        (data_dir / "config.json").write_text(json.dumps({"database": {"uri": uri}}))
