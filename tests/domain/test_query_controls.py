"""One query model (domain/query_controls.py): URL filters become query terms; the store's ListQuery is lifted from it."""

from __future__ import annotations

import pytest

from tickettracker.config import Config
from tickettracker.domain.query import parse
from tickettracker.domain.query_controls import ACTIVE, controls_of, list_query, with_filters
from tickettracker.domain.records import ListQuery

CFG = Config()


@pytest.mark.parametrize(
    ("typed", "url_filters", "text"),
    [
        ("", ListQuery(statuses=["Open"]), "status:Open"),
        ("", ListQuery(statuses=["Open", ACTIVE]), "status:Open is:active"),
        ("printer", ListQuery(priorities=["Low"], tags=["printer"]), "printer priority:Low tag:printer"),
        ("", ListQuery(tags=["a", "b"], match_all_tags=True), "tag:a tag:b"),
        ("", ListQuery(tags=["a", "b"]), "tag:a,b"),
        ("", ListQuery(overdue_only=True), "is:overdue"),
        ("", ListQuery(has_due=True), "has:due"),
        ("", ListQuery(has_due=False), "-has:due"),  # ?due=no: was dropped when the URL was folded
        ("", ListQuery(sort="priority", descending=True), "sort:-priority"),
        ("status:Closed", ListQuery(statuses=["Open"]), "status:Open"),  # the URL's control wins
        ("status:Closed", ListQuery(), "status:Closed"),
        ("-status:Open word", ListQuery(priorities=["High"]), "-status:Open word priority:High"),
    ],
)
def test_url_filters_become_terms_of_the_query(typed: str, url_filters: ListQuery, text: str) -> None:
    assert with_filters(parse(typed, CFG), url_filters).to_text() == text


@pytest.mark.parametrize(
    "typed",
    ["status:Open priority:High tag:a tag:b is:overdue -has:due", "is:active tag:x,y sort:due"],
)
def test_the_controls_read_back_what_the_filters_wrote(typed: str) -> None:
    q = parse(typed, CFG)
    c = controls_of(q)
    lq = ListQuery(
        statuses=c.statuses,
        priorities=c.priorities,
        tags=c.tags,
        match_all_tags=bool(c.match_all_tags),
        overdue_only=c.overdue_only,
        has_due=c.has_due,
        sort=c.sort,
        descending=c.descending,
    )
    assert with_filters(parse("", CFG), lq) == q


@pytest.mark.parametrize(
    ("typed", "lifted", "carried"),
    [
        ("printer", {"text": "printer"}, {-1}),
        ("status:Open,Closed", {"statuses": ["Open", "Closed"]}, {0}),
        ("is:active", {"statuses": list(CFG.active_statuses)}, {0}),
        ("status:Open is:active", {}, set()),  # two status terms: both stay conditions
        ("priority:High", {"priorities": ["High"]}, {0}),
        ("priority:>=High", {}, set()),
        ("tag:a tag:b", {"tags": ["a", "b"], "match_all_tags": True}, {0, 1}),
        ("tag:a,b", {"tags": ["a", "b"], "match_all_tags": False}, {0}),
        ("-tag:a", {}, set()),
        ("is:overdue", {"overdue_only": True}, {0}),
        ("-has:due", {"has_due": False}, {0}),
        ("sort:-due", {"sort": "due", "descending": True}, set()),
    ],
)
def test_the_store_reads_a_list_query_lifted_from_the_query(
    typed: str, lifted: dict[str, object], carried: set[int]
) -> None:
    lq, used = list_query(parse(typed, CFG), CFG, page=3, page_size=25, trash=True)
    assert lq == ListQuery(page=3, page_size=25, trash=True, **lifted)  # type: ignore[arg-type]
    assert used == carried
