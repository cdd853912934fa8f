"""The ticket templates and text snippets of a ``tickettracker/2`` document: checked with the rest of the document
(a bad one imports nothing), written in the import's transaction. A template or snippet whose name already exists
here is kept as it is here (the person's current wording wins) and reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from tickettracker.config import Config
from tickettracker.domain import snippets, templates
from tickettracker.domain.interchange import Document
from tickettracker.domain.snippets import Snippet
from tickettracker.domain.templates import Template
from tickettracker.errors import ValidationFailed
from tickettracker.store import writing as store


@dataclass
class Extras:
    templates: list[Template] = field(default_factory=list)
    snippets: list[Snippet] = field(default_factory=list)


@dataclass
class Written:
    templates: int = 0
    snippets: int = 0
    kept: list[str] = field(
        default_factory=list
    )  # "template 'X'" / "snippet ;x" already here, left as they are


def check(cfg: Config, doc: Document) -> tuple[Extras, list[str]]:
    """The document's templates and snippets, cleaned, and one problem line per bad field."""
    out, problems = Extras(), []
    for i, t in enumerate(doc.templates):
        raw = Template(
            name=t.name,
            title_pattern=t.title_pattern,
            description=t.description,
            priority=t.priority,
            tags=tuple(t.tags),
            watchers=tuple(t.watchers),
            due_in_days=t.due_in_days,
            checklist=tuple(t.checklist),
        )
        try:
            out.templates.append(templates.check(cfg, raw))
        except ValidationFailed as e:
            problems += [f"template {t.name!r} (entry {i + 1}): {k}: {v}" for k, v in e.problems.items()]
    for i, sn in enumerate(doc.snippets):
        try:
            out.snippets.append(snippets.check(Snippet(sn.name, sn.body)))
        except ValidationFailed as e:
            problems += [f"snippet {sn.name!r} (entry {i + 1}): {k}: {v}" for k, v in e.problems.items()]
    for kind, names in (
        ("template", [t.name.casefold() for t in out.templates]),
        ("snippet", [s.name for s in out.snippets]),
    ):
        twice = sorted({n for n in names if names.count(n) > 1})
        problems += [f"{kind} {n!r}: the name appears more than once" for n in twice]
    return out, problems


def write(s: Session, extras: Extras) -> Written:
    """Insert what is new (call inside the import's write transaction)."""
    done = Written()
    for t in extras.templates:
        if store.template_named(s, name=t.name) is None:
            store.insert_template(s, template=t)
            done.templates += 1
        else:
            done.kept.append(f"template {t.name!r}")
    for sn in extras.snippets:
        if store.snippet_named(s, name=sn.name) is None:
            store.insert_snippet(s, snippet=sn)
            done.snippets += 1
        else:
            done.kept.append(f"snippet ;{sn.name}")
    return done
