"""``import-original``: bring the original TicketTracker's database, files and history across (SPEC §20).

Steps: find the data the way the original did (:mod:`.original_source`), read its database read-only
(:mod:`.original_read`), turn it into a ``tickettracker/1`` document (:mod:`.original_convert`), and hand that to
the ordinary import, which checks every ticket against the configuration and writes all of it in one transaction or
nothing. Statuses and priorities this configuration does not know stop the import before anything is written, with
the list and the way out (``--map OLD=NEW`` or ``--with-config``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from tickettracker import configfile
from tickettracker.config import Config, parse_config
from tickettracker.domain.interchange import Document
from tickettracker.services.container import Services
from tickettracker.services.data import DataCommandError
from tickettracker.services.data.importing import Source, import_parsed
from tickettracker.services.data.original_config import convert_config
from tickettracker.services.data.original_convert import Converted, FileIndex, convert
from tickettracker.services.data.original_read import OriginalData, read
from tickettracker.services.data.original_source import locate
from tickettracker.services.tickets import TicketService


@dataclass
class Options:
    uploads: Path | None = None
    with_config: bool = False
    dry_run: bool = False
    maps: dict[str, str] = field(default_factory=dict)


@dataclass
class Report:
    """What was (or, with --dry-run, would be) imported, and everything left out with the reason."""

    source: str
    notes: list[str] = field(default_factory=list)
    tickets: int = 0
    updates: int = 0
    attachments: int = 0
    files: int = 0
    bytes: int = 0
    skipped: list[str] = field(default_factory=list)
    renumbered: dict[int, int] = field(default_factory=dict)
    config_written: Path | None = None
    dry_run: bool = False

    def lines(self) -> list[str]:
        verb = "would import" if self.dry_run else "imported"
        out = [f"import-original: reading {self.source}"]
        out += [f"import-original: note: {n}" for n in self.notes]
        out.append(
            f"import-original: {verb} {self.tickets} ticket(s), {self.updates} log entries, "
            f"{self.attachments} attachment(s) in {self.files} file(s), {self.bytes:,} bytes"
        )
        out += [
            f"import-original: ticket #{a} is now #{b} (its id was taken)"
            for a, b in sorted(self.renumbered.items())
        ]
        out += [f"import-original: skipped: {s}" for s in self.skipped]
        if self.config_written:
            out.append(f"import-original: configuration written to {self.config_written}")
        if self.dry_run:
            out.append("import-original: dry run: nothing was written")
        return out


def parse_maps(pairs: list[str]) -> dict[str, str]:
    """``--map OLD=NEW`` options as a dict (one bad pair is one clear message)."""
    maps: dict[str, str] = {}
    for pair in pairs:
        old, sep, new = pair.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise DataCommandError(f"--map {pair!r}: write it as OLD=NEW, for example --map Critical=Urgent")
        maps[old.strip()] = new.strip()
    return maps


def _unknown(data: OriginalData, cfg: Config, maps: dict[str, str]) -> list[str]:
    problems = []
    for what, names, known in (("status", "status", cfg.workflow), ("priority", "priority", cfg.priorities)):
        found = Counter(maps.get(t[names], t[names]) for t in data.tickets)
        for name, count in sorted(found.items()):
            if name not in known:
                ids = [f"#{t['id']}" for t in data.tickets if maps.get(t[names], t[names]) == name][:5]
                problems.append(
                    f"unknown {what} {name!r} in {count} ticket(s) ({', '.join(ids)}{', …' if count > 5 else ''}); "
                    f"this configuration has: {', '.join(known)}"
                )
    return problems


def _config_for(
    services: Services, options: Options, raw: dict[str, object]
) -> tuple[Config, dict[str, object] | None, list[str]]:
    if not options.with_config:
        return services.cfg, None, []
    data, notes = convert_config(raw)
    return parse_config(data, "the original's config.json, converted"), data, notes


def import_original(services: Services, path: Path, options: Options, *, now: datetime) -> Report:
    """Import everything (or, with ``dry_run``, check everything); raises DataCommandError with nothing written."""
    paths = locate(path, options.uploads)
    report = Report(str(paths.database or path), list(paths.notes), dry_run=options.dry_run)
    if paths.database is None:
        return report
    data = read(paths.database)
    if data.problems:
        raise DataCommandError(f"{paths.database}: nothing imported:\n  " + "\n  ".join(data.problems[:20]))
    if data.missing_columns:
        report.notes.append(
            f"an early version's database (no {', '.join(data.missing_columns)}): read all the same"
        )
    if data.tag_colours:
        report.notes.append(f"{data.tag_colours} tag colour(s) not carried: tags share one colour here")
    cfg, cfg_data, cfg_notes = _config_for(services, options, paths.raw_config)
    report.notes += cfg_notes
    unknown = _unknown(data, cfg, options.maps)
    if unknown:
        way_out = "map each to a known one with --map OLD=NEW" + (
            "" if options.with_config else ", or take the original's lists with --with-config"
        )
        raise DataCommandError(
            f"{paths.database}: nothing imported:\n  " + "\n  ".join(unknown) + f"\n  ({way_out})"
        )
    files_expected = sum(len(rows) for rows in data.attachments.values())
    if files_expected and paths.uploads is None:
        where = options.uploads or (path / "uploads" if path.is_dir() else path.parent / "uploads")
        raise DataCommandError(
            f"{paths.database}: the database has {files_expected} attachment(s) but there is no uploads folder at "
            f"{where}; give the original's uploads folder with --uploads DIR"
        )
    converted = convert(data, FileIndex(paths.uploads), cfg, options.maps)
    _count(report, converted)
    doc = Document.model_validate(converted.document)
    files = converted.file_paths
    source = Source(str(paths.database), b"", set(files), lambda sha: open(files[sha], "rb"))  # noqa: SIM115
    service = (
        TicketService(services.db, cfg, bus=services.bus, clock=services.tickets.clock)
        if cfg_data
        else services.tickets
    )
    target = services.writable_config_path
    if cfg_data is not None and not options.dry_run:
        _check_writable(target)
    result = import_parsed(
        service, doc, source, uploads=services.paths.uploads, now=now, dry_run=options.dry_run
    )
    report.renumbered = result.renumbered
    if cfg_data is not None and not options.dry_run:
        _write_config(target, cfg_data)
        report.config_written = target
    return report


def _count(report: Report, converted: Converted) -> None:
    tickets = converted.document["tickets"]
    report.tickets = len(tickets)
    report.updates = sum(
        len(t["updates"]) + (0 if any(u["kind"] == "created" for u in t["updates"]) else 1) for t in tickets
    )
    report.attachments = sum(len(t["attachments"]) for t in tickets)
    report.files, report.bytes = converted.files, converted.bytes
    report.skipped = list(converted.skipped)
    if converted.links_as_text:
        report.notes.append(
            f"{converted.links_as_text} link line(s) that are not URLs kept in the ticket's notes"
        )
    if converted.log_only_statuses:
        names = ", ".join(sorted(converted.log_only_statuses))
        report.notes.append(f"statuses only in the history, kept there as written: {names}")


def _check_writable(target: Path) -> None:
    if target.exists() and not target.is_file():
        raise DataCommandError(f"{target}: cannot write the configuration there (not a file)")


def _write_config(target: Path, data: dict[str, object]) -> None:
    raw = configfile.read_raw(target)
    if raw:
        backup = target.with_name(target.name + ".before-import-original")
        configfile.write_atomically(backup, raw)
    configfile.write_atomically(target, configfile.candidate(raw, _flatten(data)))


def _flatten(data: dict[str, object]) -> dict[str, object]:
    out: dict[str, object] = {}
    for path in configfile.EDITABLE:
        node: object = data
        for part in path.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if node is not None:
            out[path] = node
    return out
