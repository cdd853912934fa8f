"""What a dashboard row carries beyond its columns: attachment links with type and size (quick-info card) and, for
the comfortable layout, a description excerpt and counts — for a page of rows in a fixed number of queries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event

from tickettracker.domain.records import FileRef, ListQuery
from tickettracker.domain.validation import TicketInput
from tickettracker.services.attachments import AttachmentService
from tickettracker.services.tickets import TicketService
from tickettracker.store.attachments import BlobStore


def test_rows_carry_files_and_on_request_an_excerpt_and_counts(
    service: TicketService, tmp_path: Path
) -> None:
    files = AttachmentService(service, BlobStore(tmp_path / "uploads"))
    long = "word " * 100
    tid = service.create(TicketInput(title="Printer", description=long))
    files.attach(tid, [files.stage_bytes("report.pdf", b"x" * 2048, "application/pdf")])
    service.post_update(tid, "Called the vendor")
    plain = service.page(ListQuery()).rows[0]
    assert plain.files == (FileRef(plain.files[0].id, "report.pdf", 2048, "application/pdf"),)
    assert (plain.excerpt, plain.update_count) == ("", 0)  # compact: not fetched
    row = service.page(ListQuery(details=True)).rows[0]
    assert row.excerpt == long[:240].rstrip() + "…" and len(row.excerpt) <= 241
    assert (row.update_count, row.attachment_count) == (3, 1)  # created, attachment, note


def test_a_page_of_details_costs_the_same_queries_for_2_or_40_rows(service: TicketService) -> None:
    def queries(n: int) -> int:
        for i in range(n):
            service.create(TicketInput(title=f"t{i}", description="d"))
        seen: list[Any] = []
        engine = service.db.engine
        listener = lambda *a: seen.append(a)  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            service.page(ListQuery(details=True, page_size=50))
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(seen)

    assert queries(2) == queries(38)  # no query per row


def test_the_query_language_page_carries_details_on_request(service: TicketService) -> None:
    from tickettracker.services.power import PowerService

    service.create(TicketInput(title="Printer", description="It jams on every duplex job."))
    power = PowerService(service)
    query = power.parse("printer")
    assert power.page(query).rows[0].excerpt == ""
    row = power.page(query, details=True).rows[0]
    assert (row.excerpt, row.update_count, row.attachment_count) == ("It jams on every duplex job.", 1, 0)
