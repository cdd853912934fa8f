"""The ticket page's paged update log: keyset pages in both orders, the search, and catching up with a change."""

from __future__ import annotations

from typing import Any

from tests.factories import make_ticket
from tickettracker.domain.records import UpdateRec
from tickettracker.domain.validation import LinkIn
from tickettracker.services.tickets import TicketService


def _ticket_with_notes(service: TicketService, clock: Any, n: int) -> int:
    """A ticket with ``n`` notes; every third shares its time with the one before (ties broken by id)."""
    tid = make_ticket(service, title="Long-running chore")
    for i in range(n):
        if i % 3:
            clock.advance(minutes=1)
        links = [LinkIn(f"https://example.com/case/{i}", "vendor case")] if i % 10 == 0 else None
        body = f"Needle in the haystack {i}" if i in (3, 77, 111) else f"Checked the queue, run {i}"
        service.post_update(tid, body, author="Ana" if i % 2 else "Bo", links=links)
    return tid


def _all_pages(service: TicketService, tid: int, **kwargs: Any) -> tuple[list[UpdateRec], list[bool]]:
    entries: list[UpdateRec] = []
    more: list[bool] = []
    after = None
    while True:
        page = service.log_page(tid, after=after, size=50, **kwargs)
        entries += page.entries
        more.append(page.more)
        if not page.more:
            return entries, more
        after = (page.entries[-1].at, page.entries[-1].id)


def test_pages_newest_first_reach_every_entry_once_in_order(service: TicketService, clock: Any) -> None:
    tid = _ticket_with_notes(service, clock, 120)
    whole = service.get(tid).updates  # the unpaged log, oldest first (links included)
    first = service.log_page(tid, size=50)
    assert (len(first.entries), first.more, first.total, first.matching) == (50, True, 121, 121)
    entries, more = _all_pages(service, tid)
    assert more == [True, True, False]
    assert entries == list(reversed(whole))  # same records, newest first, none repeated or skipped
    assert any(u.links for u in entries)


def test_pages_oldest_first(service: TicketService, clock: Any) -> None:
    tid = _ticket_with_notes(service, clock, 120)
    entries, more = _all_pages(service, tid, newest_first=False)
    assert more == [True, True, False]
    assert entries == list(service.get(tid).updates)
    assert entries[0].kind == "created"


def test_search_finds_old_entries_any_case_with_paging(service: TicketService, clock: Any) -> None:
    tid = _ticket_with_notes(service, clock, 120)
    page = service.log_page(tid, search="NEEDLE", size=2)
    assert [u.body for u in page.entries] == ["Needle in the haystack 111", "Needle in the haystack 77"]
    assert (page.more, page.total, page.matching) == (True, 121, 3)
    last = page.entries[-1]
    rest = service.log_page(tid, search="needle", size=2, after=(last.at, last.id))
    assert [u.body for u in rest.entries] == ["Needle in the haystack 3"]
    assert not rest.more
    # the author is searched too; "%" and "_" are plain characters, not wildcards
    assert service.log_page(tid, search="bo").matching == 60
    assert service.log_page(tid, search="%").matching == 0
    assert service.log_page(tid, search="run_1").matching == 0


def test_entries_since_a_key_catch_up_with_new_ones(service: TicketService, clock: Any) -> None:
    tid = _ticket_with_notes(service, clock, 5)
    shown = service.log_page(tid, size=3).entries  # newest three
    oldest_shown = (shown[-1].at, shown[-1].id)
    service.post_update(tid, "Arrived while the page was open")
    caught = service.log_entries(tid, since=oldest_shown)
    assert [u.id for u in caught] == [*(u.id for u in reversed(shown)), caught[-1].id]
    assert caught[-1].body == "Arrived while the page was open"
    upto = service.log_entries(tid, since=oldest_shown, upto=(shown[0].at, shown[0].id))
    assert [u.id for u in upto] == [u.id for u in reversed(shown)]
    assert service.log_count(tid) == 7
    assert service.log_count(tid, search="arrived") == 1
