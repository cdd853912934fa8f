"""Same colours as before: for every imported ticket, at every moment the original TicketTracker's own
``_compute_ticket_color`` was recorded (tests/data/original/colours-*.json, MIT; see the README there), the urgency
shown here is the same palette entry under the same (converted) configuration.

The one deliberate difference: time spent on hold is credited here and was not there, so a ticket with hold time in
its history may be LESS urgent here, never more; every other ticket must match exactly.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tickettracker.app import build_services
from tickettracker.services.data.original import Options, import_original

ORIGINAL = Path(__file__).resolve().parent.parent / "data" / "original"
RANK = {"stage0": 0, "stage1": 1, "stage2": 2, "stage3": 3, "overdue": 4}
STATUS_KEYS = {"on_hold", "resolved", "closed", "cancelled"}


def _ours(kind_key: str) -> str:
    return f"status:{kind_key}" if kind_key in STATUS_KEYS else kind_key


@pytest.mark.parametrize(
    ("folder", "recorded"), [("plain", "colours-plain.json"), ("demo", "colours-demo-real.json")]
)
def test_urgency_matches_the_originals_colour_at_every_recorded_moment(
    tmp_path: Path, folder: str, recorded: str
) -> None:
    rows: list[dict[str, Any]] = json.loads((ORIGINAL / recorded).read_text())
    ctx = build_services(str(tmp_path / "data"))
    try:
        import_original(
            ctx, ORIGINAL / folder, Options(with_config=True), now=datetime.fromisoformat(rows[0]["moment"])
        )
        # the import wrote the original's configuration; the running services take it as the Settings page would
        rebuilt = build_services(str(tmp_path / "data"))
        cfg = rebuilt.cfg
        tickets = {t: rebuilt.tickets.get(t) for t in {r["ticket_id"] for r in rows}}
        rebuilt.close()
        ctx.tickets.apply_config(cfg)
        held = {
            tid
            for tid, t in tickets.items()
            if any(u.kind == "status" and u.old == '"On Hold"' for u in t.updates)
        }
        exact = less = 0
        for r in rows:
            ticket = tickets[r["ticket_id"]]
            u = ctx.tickets.urgency(ticket, datetime.fromisoformat(r["moment"]))
            ours, theirs = _ours(u.color_key), r["meaning"]
            if ours == theirs:
                exact += 1
                assert u.color.lower() == r["colour"].lower(), r  # the same hex, from the converted palette
                continue
            # only hold credit may differ, and only towards calm
            assert r["ticket_id"] in held and ours in RANK and theirs in RANK, (r, ours)
            assert RANK[ours] < RANK[theirs], (r, ours)
            less += 1
        assert exact + less == len(rows) and exact > 0
    finally:
        ctx.close()


def test_the_recordings_cover_every_stage_and_override() -> None:
    seen = {
        r["meaning"]
        for name in ("colours-plain.json", "colours-demo-real.json")
        for r in json.loads((ORIGINAL / name).read_text())
    }
    assert {"stage0", "stage1", "stage2", "stage3", "overdue"} <= seen
    assert {"status:on_hold", "status:resolved", "status:closed", "status:cancelled"} <= seen
