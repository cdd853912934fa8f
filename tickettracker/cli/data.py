"""The CLI side of the data commands: argument parsers and runners (registered in ``tickettracker.commands``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tickettracker.app import build_services
from tickettracker.cli.parser import Command
from tickettracker.errors import storage_faults
from tickettracker.fsutil import fsync_file, replace
from tickettracker.services.container import Services
from tickettracker.services.data import DataCommandError
from tickettracker.services.tickets import utcnow


def _context(args: argparse.Namespace) -> Services:
    ctx = build_services(args.data_dir, args.config)
    for warning in ctx.warnings:
        print(f"tickettracker: warning: {warning}", file=sys.stderr)
    return ctx


def _configure_export(p: argparse.ArgumentParser) -> None:
    """write every ticket as JSON (default), CSV, or a zip with the attachment files"""
    p.add_argument(
        "dest", nargs="?", default="-", metavar="DEST", help="output file ('-' or none: standard output)"
    )
    p.add_argument(
        "--format",
        choices=["json", "csv", "ics"],
        default="json",
        help="json (default), csv (one row per ticket) or ics (due tickets as an iCalendar file, like the feed)",
    )
    p.add_argument("--view", metavar="NAME", help="ics: only the tickets of this saved view")
    p.add_argument(
        "--base-url",
        default="http://localhost:8765/",
        metavar="URL",
        help="ics: the app's address, for the links back to each ticket (default http://localhost:8765/)",
    )
    p.add_argument(
        "--attachments",
        action="store_true",
        help="write a zip with tickets.json and files/<sha256> (needs DEST)",
    )


def run_export(args: argparse.Namespace) -> int:
    from tickettracker.services.data import exporting

    if args.view and args.format != "ics":
        raise DataCommandError("export --view works with --format ics")
    if args.attachments and (args.dest == "-" or args.format != "json"):
        raise DataCommandError("export --attachments writes a zip: give a DEST file name and no --format csv")
    ctx = _context(args)
    try:
        now = utcnow()
        if args.attachments:
            n = exporting.write_zip(ctx.db, ctx.paths.uploads, Path(args.dest).absolute(), now=now)
        elif args.dest == "-":
            n = _write(ctx, args.format, sys.stdout, now, args.base_url, args.view)
        else:
            dest = Path(args.dest).absolute()
            tmp = dest.with_name(dest.name + ".partial")
            try:
                with storage_faults(str(dest.parent)):
                    with open(tmp, "w", encoding="utf-8", newline="") as out:
                        n = _write(ctx, args.format, out, now, args.base_url, args.view)
                        out.flush()
                        fsync_file(out)
                    replace(tmp, dest)
            finally:
                tmp.unlink(missing_ok=True)
    finally:
        ctx.close()
    if args.dest != "-":
        print(f"export: {n} ticket(s) written to {args.dest}", file=sys.stderr)
    return 0


def _write(
    ctx: Services, fmt: str, out: object, now: object, base_url: str = "", view: str | None = None
) -> int:
    from tickettracker.services.data import exporting

    if fmt == "csv":
        return exporting.write_csv(ctx.db, out)  # type: ignore[arg-type]
    if fmt == "ics":
        body, n = ctx.calendar.export(base_url=base_url, view=view)
        out.write(body.decode("utf-8"))  # type: ignore[attr-defined]
        return n
    return exporting.write_json(ctx.db, out, now=now)  # type: ignore[arg-type]


def _configure_import(p: argparse.ArgumentParser) -> None:
    """import tickets from a JSON export or an export zip (all or nothing)"""
    p.add_argument(
        "file",
        metavar="FILE",
        help="a tickettracker/2 (or /1) JSON file, or a zip made by export --attachments",
    )


def run_import(args: argparse.Namespace) -> int:
    from tickettracker.services.data import importing

    path = Path(args.file)
    ctx = _context(args)
    try:
        source, zf = importing.open_source(path)
        try:
            result = importing.import_document(ctx.tickets, source, uploads=ctx.paths.uploads, now=utcnow())
        finally:
            if zf is not None:
                zf.close()
    finally:
        ctx.close()
    for old, new in sorted(result.renumbered.items()):
        print(f"import: ticket #{old} is now #{new} (its id was taken)", file=sys.stderr)
    print(f"import: {result.tickets} ticket(s) and {result.files_added} new file(s) imported from {path}")
    if result.views_added or result.views_kept:
        kept = (
            f" ({', '.join(result.views_kept)} kept as they were: the name is taken)"
            if result.views_kept
            else ""
        )
        print(f"import: {result.views_added} saved view(s) added{kept}")
    extras = result.extras
    if extras.templates or extras.snippets:
        print(f"import: {extras.templates} template(s) and {extras.snippets} snippet(s) imported")
    for name in extras.kept:
        print(f"import: {name} already exists here; kept as it is", file=sys.stderr)
    return 0


def _configure_backup(p: argparse.ArgumentParser) -> None:
    """write a consistent backup (database, attachment files, configuration, manifest) as a zip or folder"""
    p.add_argument(
        "dest",
        nargs="?",
        metavar="DEST",
        help="a .zip file or a new folder (default: <data folder>/backups/backup-<UTC time>.zip)",
    )


def run_backup(args: argparse.Namespace) -> int:
    from tickettracker.services.data.backup import backup
    from tickettracker.services.data.server_backup import backup_server

    ctx = _context(args)
    try:
        write = backup_server if ctx.db.is_postgres else backup
        result = write(ctx, Path(args.dest) if args.dest else None, now=utcnow())
    finally:
        ctx.close()
    for warning in result.warnings:
        print(f"tickettracker: warning: {warning}", file=sys.stderr)
    print(f"backup: {result.files} file(s), {result.bytes:,} bytes written to {result.path}")
    return 0


def _configure_restore(p: argparse.ArgumentParser) -> None:
    """put a backup back after verifying it; the replaced data is kept aside in backups/replaced-<time>"""
    p.add_argument("src", metavar="SRC", help="a backup zip or folder made by `backup`")


def run_restore(args: argparse.Namespace) -> int:
    from tickettracker.services.data.restore import restore
    from tickettracker.services.data.server_backup import restore_server

    ctx = _context(args)
    try:
        on_server = ctx.db.is_postgres
        result = (restore_server if on_server else restore)(ctx, Path(args.src), now=utcnow())
    finally:
        ctx.close()
    print(f"restore: {result.tickets} ticket(s) and {result.files} file(s) restored from {args.src}")
    if not on_server:
        print(f"restore: the replaced data is kept in {result.replaced}")
    return 0


def _configure_check(p: argparse.ArgumentParser) -> None:
    """verify the database (integrity, foreign keys) and every attachment file (SHA-256, orphans)"""
    p.add_argument(
        "--repair",
        "--remove-orphan-files",
        dest="repair",
        action="store_true",
        help="first delete files no attachment uses and unfinished uploads (rows are never deleted; "
        "run it while the app is stopped)",
    )


def run_check(args: argparse.Namespace) -> int:
    from tickettracker.services.data.check import check_data, remove_orphans

    ctx = _context(args)
    if ctx.db.is_postgres:
        return _check_server(ctx, repair=args.repair)
    try:
        if args.repair:
            for path in remove_orphans(ctx.paths.database, ctx.paths.uploads):
                print(f"removed uploads/{path.relative_to(ctx.paths.uploads).as_posix()}")
        problems = check_data(ctx.paths.database, ctx.paths.uploads)
        # The attachment store's own leftovers (uploads/.incoming/ of an upload cut short) are not blobs.
        sweep = ctx.attachments.sweep(remove=args.repair)
        problems += [p for p in sweep.problems if p.startswith("unfinished upload")]
        for removed in sweep.removed:
            print(f"removed uploads/{removed}")
    finally:
        ctx.close()
    for p in problems:
        print(p)
    print(f"check: {len(problems)} problem(s) in {ctx.paths.root}")
    return 1 if problems else 0


def _check_server(ctx: Services, *, repair: bool) -> int:
    from tickettracker.services.data.check import check_server
    from tickettracker.store.blob_table import DbBlobStore

    try:
        store = ctx.attachments.blobs
        assert isinstance(store, DbBlobStore)
        if repair:
            for removed in ctx.attachments.sweep(remove=True).removed:
                print(f"removed orphan blob {removed.rpartition('/')[2]}")
        problems = check_server(ctx.db, store)
        label = ctx.db.label
    finally:
        ctx.close()
    for p in problems:
        print(p)
    print(f"check: {len(problems)} problem(s) in {label}")
    return 1 if problems else 0


def _configure_copy(p: argparse.ArgumentParser) -> None:
    """copy every ticket, log entry, saved view and attachment into another, empty database"""
    p.add_argument(
        "--to",
        required=True,
        metavar="URI",
        help="the empty target: postgresql+psycopg://USER:PASSWORD@HOST/DB or sqlite:///PATH (files beside it)",
    )


def run_copy(args: argparse.Namespace) -> int:
    from tickettracker.dburi import mask
    from tickettracker.services.data.copy import copy_data

    ctx = _context(args)
    try:
        result = copy_data(ctx.db, ctx.attachments.blobs, args.to)
        source = ctx.db.label
    finally:
        ctx.close()
    n = result.counts
    print(
        f"copied {n['ticket']} tickets, {n['ticket_update']} log entries, {n['saved_view']} saved views and"
        f" {result.files} attachment files from {source} to {mask(args.to)} (verified)"
    )
    if mask(args.to) != args.to:
        print(f'to use it, set "database": {{"uri": "{mask(args.to)}"}} (with its password) in config.json')
    else:
        print(f'to use it, set "database": {{"uri": "{args.to}"}} in config.json')
    return 0


DATA_COMMANDS: dict[str, Command] = {
    "copy-data": (_configure_copy, run_copy),
    "export": (_configure_export, run_export),
    "import": (_configure_import, run_import),
    "backup": (_configure_backup, run_backup),
    "restore": (_configure_restore, run_restore),
    "check": (_configure_check, run_check),
}
