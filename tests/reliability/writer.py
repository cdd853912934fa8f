"""A writer process for the crash test: tickets, updates and attachments through the services, forever.

Prints one line per write AFTER its transaction committed (``T <ticket id>``, ``U <update id>``,
``A <attachment id> <sha256>``), so every printed line is an acknowledged write. The test SIGKILLs it at a random
moment. Attachment files follow the shared convention: content written to a temporary file, synced, renamed to
``uploads/<sha[:2]>/<sha>``, and only then the row is committed (a file may outlive a killed write; a row never
points to a missing file).
"""

from __future__ import annotations

import hashlib
import os
import random
import sys
from datetime import datetime, timezone

from sqlalchemy import insert

from tests.factories import make_ticket
from tickettracker.app import build_services
from tickettracker.store.models import Attachment


def main(data_dir: str, seed: int) -> None:
    ctx = build_services(data_dir)
    rnd = random.Random(seed)
    print("ready", flush=True)
    i = 0
    while True:
        i += 1
        tid = make_ticket(ctx.tickets, title=f"writer {seed} ticket {i}", tags=[f"s{seed}"])
        print(f"T {tid}", flush=True)
        uid = ctx.tickets.post_update(tid, f"update {i} " + "x" * rnd.randrange(0, 2000))
        print(f"U {uid}", flush=True)
        content = os.urandom(rnd.randrange(1, 64_000))
        sha = hashlib.sha256(content).hexdigest()
        final = ctx.paths.uploads / sha[:2] / sha
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = final.with_name(sha + ".partial")
        with open(tmp, "wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, final)
        with ctx.db.write() as s:
            att = s.execute(
                insert(Attachment).values(
                    ticket_id=tid,
                    update_id=uid,
                    name=f"file-{i}.bin",
                    size=len(content),
                    content_type="application/octet-stream",
                    sha256=sha,
                    created=datetime.now(timezone.utc),
                )
            )
            att_id = int(att.inserted_primary_key[0])  # type: ignore[index]
        print(f"A {att_id} {sha}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
