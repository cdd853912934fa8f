"""Attachments on the ticket page through NiceGUI's simulated user: attach, list, post with an update, delete,
download (headers and bytes), and the messages shown when a file is too large."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

import pytest
from nicegui import ui
from nicegui.testing import User

from tickettracker.app import build_services
from tickettracker.domain.validation import TicketInput

SmallFile = ui.upload.SmallFileUpload
# Uploads are handled in background tasks that copy, hash and fsync: give them time on a busy machine (should_see
# polls every 0.1 s, so a fast run is not slowed down).
PATIENT = 300


def make_ticket(title: str = "Printer on fire") -> int:
    ctx = build_services()
    try:
        return ctx.tickets.create(TicketInput(title=title))
    finally:
        ctx.close()


def uploader(user: User, label: str) -> ui.upload:
    return next(e for e in user.find(ui.upload).elements if e.props.get("label") == label)


def stored_files(data: Path) -> list[Path]:
    """Attachment files in their content-addressed place (staged uploads in .incoming/ not included)."""
    return sorted(p for p in (data / "uploads").rglob("*") if p.is_file() and p.parent.name != ".incoming")


def attachment_ids() -> list[tuple[int, str]]:
    ctx = build_services()
    try:
        t = ctx.tickets.get(1)
        return [(a.id, a.name) for a in (*t.attachments, *(a for u in t.updates for a in u.attachments))]
    finally:
        ctx.close()


async def test_attach_two_files_to_the_ticket_and_see_them_listed(
    user: User, isolated_data_dir: Path
) -> None:
    make_ticket()
    await user.open("/tickets/1")
    await user.should_see("No files.")
    await uploader(user, "Attach files").handle_uploads(
        [
            SmallFile("notes.txt", "text/plain", b"hello"),
            SmallFile("photo.png", "image/png", b"\x89PNG" * 400),
        ]
    )
    await user.should_see("Attached notes.txt (5 B), photo.png (1.6 KB)", retries=PATIENT)
    await user.should_see("Attachments (2)")
    await user.should_see("image/png")
    await user.should_see("1.6 KB")
    link = next(e for e in user.find(ui.link).elements if e.text == "notes.txt")
    assert link.props["href"].startswith("/attachments/")
    assert len(stored_files(isolated_data_dir)) == 2


async def test_files_posted_with_an_update_belong_to_it_and_the_log_says_so(
    user: User, isolated_data_dir: Path
) -> None:
    make_ticket()
    await user.open("/tickets/1")
    await uploader(user, "Attach files to this update").handle_uploads(
        [SmallFile("trace.log", "text/plain", b"boom"), SmallFile("shot.png", "image/png", b"\x89PNG")]
    )
    await user.should_see("trace.log", retries=PATIENT)
    assert stored_files(isolated_data_dir) == []  # waiting in the incoming folder, not stored yet
    user.find("Post update").click()
    await user.should_see("Update posted", retries=PATIENT)
    await user.should_see("Posted files only")
    await user.should_see("Attachments (0)")  # they belong to the update, not to the ticket
    assert [name for _id, name in attachment_ids()] == ["trace.log", "shot.png"]
    assert len(stored_files(isolated_data_dir)) == 2
    assert list((isolated_data_dir / "uploads" / ".incoming").iterdir()) == []


async def test_a_staged_file_can_be_removed_before_posting(user: User, isolated_data_dir: Path) -> None:
    make_ticket()
    await user.open("/tickets/1")
    await uploader(user, "Attach files to this update").handle_uploads(
        [SmallFile("oops.txt", "text/plain", b"x")]
    )
    await user.should_see("oops.txt", retries=PATIENT)
    assert len(list((isolated_data_dir / "uploads" / ".incoming").iterdir())) == 1
    user.find(marker="remove-staged-file").click()
    await user.should_not_see("oops.txt", retries=PATIENT)
    assert list((isolated_data_dir / "uploads" / ".incoming").iterdir()) == []


async def test_files_waiting_in_a_closed_tab_are_removed(user: User, isolated_data_dir: Path) -> None:
    make_ticket()
    client = await user.open("/tickets/1")
    await uploader(user, "Attach files to this update").handle_uploads(
        [SmallFile("left.txt", "text/plain", b"x")]
    )
    await user.should_see("left.txt", retries=PATIENT)
    incoming = isolated_data_dir / "uploads" / ".incoming"
    assert len(list(incoming.iterdir())) == 1
    client.delete()  # what NiceGUI does when a tab is gone for longer than the reconnect timeout
    assert list(incoming.iterdir()) == []


async def test_deleting_an_attachment_asks_first_and_is_logged(user: User, isolated_data_dir: Path) -> None:
    make_ticket()
    await user.open("/tickets/1")
    await uploader(user, "Attach files").handle_uploads([SmallFile("old.txt", "text/plain", b"old")])
    await user.should_see("Attachments (1)", retries=PATIENT)
    user.find(marker="delete-attachment").click()
    await user.should_see(
        "Delete the attachment old.txt? This is recorded in the update log.", retries=PATIENT
    )
    user.find("Cancel").click()
    await user.should_not_see("Delete the attachment old.txt?", retries=PATIENT)
    assert len(stored_files(isolated_data_dir)) == 1
    user.find(marker="delete-attachment").click()
    await user.should_see("Delete the attachment old.txt?", retries=PATIENT)
    user.find(marker="confirm-delete").click()
    await user.should_see("Deleted attachment old.txt", retries=PATIENT)
    await user.should_see("Attachments (0)")
    assert stored_files(isolated_data_dir) == []


HOSTILE = [
    ("../../etc/passwd", "passwd"),
    ("CON", "_CON"),
    ("a\x00b.txt", "ab.txt"),
    ("invoice\u202etxt.exe", "invoicetxt.exe"),
    ("n" * 300 + ".txt", "n" * 251 + ".txt"),
    ("Cafe\u0301.txt", "Café.txt"),
    ("Caf\u00e9.txt", "Café.txt"),
    ('quote"semi;colon.txt', "quote_semi;colon.txt"),
    ("page.html", "page.html"),
    ("logo.svg", "logo.svg"),
]


async def test_hostile_names_download_safely_with_their_bytes(user: User) -> None:
    make_ticket()
    await user.open("/tickets/1")
    payloads = [f"payload {i}".encode() for i in range(len(HOSTILE))]
    await uploader(user, "Attach files").handle_uploads(
        [SmallFile(sent, "text/html", data) for (sent, _stored), data in zip(HOSTILE, payloads, strict=True)]
    )
    await user.should_see(f"Attachments ({len(HOSTILE)})", retries=PATIENT)
    ids = attachment_ids()
    assert [name for _id, name in ids] == [stored for _sent, stored in HOSTILE]
    for (aid, name), data in zip(ids, payloads, strict=True):
        response = await user.http_client.get(f"/attachments/{aid}")
        assert response.status_code == 200
        assert response.content == data
        assert response.headers["content-type"] == "application/octet-stream"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["content-security-policy"] == "default-src 'none'; sandbox"
        disposition = response.headers["content-disposition"]
        assert disposition.startswith("attachment; filename=")
        assert unquote(disposition.split("filename*=UTF-8''", 1)[1]) == name
        assert "\n" not in disposition and "\r" not in disposition


@pytest.mark.parametrize(
    "path", ["/attachments/999", "/attachments/abc", "/attachments/..%2f..%2fetc%2fpasswd", "/attachments/-1"]
)
async def test_only_existing_attachment_ids_download(user: User, path: str) -> None:
    make_ticket()
    await user.open("/tickets/1")
    response = await user.http_client.get(path)
    assert response.status_code == 404
    assert b"root:" not in response.content


@pytest.fixture
def ten_byte_limit(isolated_data_dir: Path) -> None:
    """A configuration with a 10-byte upload limit, written before the app starts (request it before `user`)."""
    isolated_data_dir.mkdir(parents=True, exist_ok=True)
    (isolated_data_dir / "config.json").write_text(json.dumps({"uploads": {"max_bytes": 10}}))


async def test_too_large_files_are_refused_with_a_message_and_leave_nothing(
    ten_byte_limit: None, user: User, isolated_data_dir: Path
) -> None:
    make_ticket()
    await user.open("/tickets/1")
    upload = uploader(user, "Attach files")
    assert (
        upload.props["max-file-size"] == 10 and upload.props["max-total-size"] == 10
    )  # the browser checks first
    user.find(marker="attach-files").trigger("rejected")
    await user.should_see("Not sent: files can be at most 10 B in total", retries=PATIENT)
    await upload.handle_uploads([SmallFile("big.bin", "application/octet-stream", b"x" * 11)])
    await user.should_see("Not attached: 11 B is over the limit of 10 B", retries=PATIENT)
    await user.should_see("Attachments (0)")
    assert list((isolated_data_dir / "uploads").rglob("*.*")) == []
    assert stored_files(isolated_data_dir) == []
