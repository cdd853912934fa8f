"""Pasted and dropped files become attachments with a Markdown reference; only real raster images show inline."""

from __future__ import annotations

from pathlib import Path

import pytest

from tickettracker.domain import markdown
from tickettracker.domain.validation import TicketInput
from tickettracker.errors import NotFound, ValidationFailed
from tickettracker.services.attachments import AttachmentService
from tickettracker.services.tickets import TicketService
from tickettracker.store.attachments import BlobStore

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
GIF = b"GIF89a" + b"\x00" * 20
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'


@pytest.fixture
def files(service: TicketService, tmp_path: Path) -> AttachmentService:
    return AttachmentService(service, BlobStore(tmp_path / "uploads"))


def test_a_pasted_png_is_attached_and_shown_inline(service: TicketService, files: AttachmentService) -> None:
    tid = service.create(TicketInput(title="Screen broken"))
    ref = files.paste(tid, files.stage_bytes("image.png", PNG, "image/png"), author="Ana")
    [a] = service.get(tid).attachments
    assert ref == f"![image.png](/attachments/{a.id}/inline)"
    assert service.get(tid).updates[-1].body == "Attached image.png (48 B)"
    rec, path, media = files.inline_image(a.id)
    assert (rec.name, media, path.read_bytes()) == ("image.png", "image/png", PNG)
    assert f'<img src="/attachments/{a.id}/inline" alt="image.png">' in markdown.render(ref)


@pytest.mark.parametrize(
    ("name", "data", "declared"),
    [
        ("drawing.svg", SVG, "image/svg+xml"),
        ("fake.png", b"<html><script>alert(1)</script>", "image/png"),
        ("notes.txt", b"hello", "text/plain"),
    ],
)
def test_other_files_become_download_links_and_never_inline(
    service: TicketService, files: AttachmentService, name: str, data: bytes, declared: str
) -> None:
    tid = service.create(TicketInput(title="Files"))
    ref = files.paste(tid, files.stage_bytes(name, data, declared))
    [a] = service.get(tid).attachments
    assert ref == f"[{name}](/attachments/{a.id})"
    with pytest.raises(NotFound, match="not an image that can be shown inline"):
        files.inline_image(a.id)


def test_the_type_comes_from_the_bytes_not_the_name(service: TicketService, files: AttachmentService) -> None:
    tid = service.create(TicketInput(title="Named wrong"))
    ref = files.paste(tid, files.stage_bytes("looks-like.txt", GIF, "text/plain"))
    [a] = service.get(tid).attachments
    assert ref.startswith("![looks-like.txt]") and files.inline_image(a.id)[2] == "image/gif"


def test_a_paste_over_the_upload_limit_is_refused(service: TicketService, files: AttachmentService) -> None:
    service.cfg.uploads.max_bytes = 10
    with pytest.raises(ValidationFailed, match="larger than the upload limit"):
        files.stage_bytes("big.png", PNG, "image/png")
    tid = service.create(TicketInput(title="Nothing attached"))
    assert service.get(tid).attachments == ()


def test_no_inline_view_of_a_missing_attachment(files: AttachmentService) -> None:
    with pytest.raises(NotFound):
        files.inline_image(999)
