"""Attachment names, media types, sizes and download headers: hostile input in, harmless metadata out."""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tickettracker.domain.files import (
    MAX_NAME_BYTES,
    ascii_fallback,
    content_disposition,
    human_size,
    safe_content_type,
    safe_filename,
)

LONG = "a" * 300 + ".pdf"


@pytest.mark.parametrize(
    ("given_name", "stored"),
    [
        ("report.pdf", "report.pdf"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\win.ini", "win.ini"),
        ("/abs/path/x.txt", "x.txt"),
        ("..", "file"),
        ("../", "file"),
        ("", "file"),
        ("   ", "file"),
        ("CON", "_CON"),
        ("con.txt", "_con.txt"),
        ("Nul .tar.gz", "_Nul .tar.gz"),
        ("LPT9", "_LPT9"),
        ("COM1.log", "_COM1.log"),
        ("CONSOLE.txt", "CONSOLE.txt"),
        ("a\x00b.txt", "ab.txt"),
        ("line\nbreak\r.txt", "linebreak.txt"),
        ("tab\there.txt", "tabhere.txt"),
        ("invoice\u202etxt.exe", "invoicetxt.exe"),
        ("\u2066evil\u2069.png", "evil.png"),
        ("\ufeffbom.txt", "bom.txt"),
        ('what?<is>this:"|*.txt', "what__is_this____.txt"),
        ("trailing dots...", "trailing dots"),
        ("  spaced  out  .md", "spaced out .md"),
        (".bashrc", ".bashrc"),
        ("e\u0301te\u0301.txt", "été.txt"),
        ("日本語のファイル.txt", "日本語のファイル.txt"),
    ],
)
def test_hostile_names_become_harmless(given_name: str, stored: str) -> None:
    assert safe_filename(given_name) == stored


def test_nfd_and_nfc_spellings_are_stored_alike() -> None:
    nfd = unicodedata.normalize("NFD", "Café résumé.txt")
    nfc = unicodedata.normalize("NFC", "Café résumé.txt")
    assert nfd != nfc
    assert safe_filename(nfd) == safe_filename(nfc) == nfc


def test_long_names_are_capped_and_keep_their_extension() -> None:
    name = safe_filename(LONG)
    assert name.endswith(".pdf")
    assert len(name.encode()) == MAX_NAME_BYTES
    multibyte = safe_filename("é" * 300 + ".docx")
    assert multibyte.endswith(".docx") and len(multibyte.encode()) <= MAX_NAME_BYTES
    assert unicodedata.normalize("NFC", multibyte) == multibyte


@given(st.text())
def test_any_text_gives_a_safe_stable_name(raw: str) -> None:
    name = safe_filename(raw)
    assert name and name == name.strip() and not name.endswith(".")
    assert "/" not in name and "\\" not in name
    assert not any(unicodedata.category(c) == "Cc" for c in name)
    assert "\u202e" not in name
    assert len(name.encode()) <= MAX_NAME_BYTES
    assert name.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL"}
    assert safe_filename(name) == name


@pytest.mark.parametrize(
    ("declared", "shown"),
    [
        ("text/plain", "text/plain"),
        ("Text/HTML; charset=utf-8", "text/html"),
        ("image/svg+xml", "image/svg+xml"),
        ("", "application/octet-stream"),
        (None, "application/octet-stream"),
        ("text/html\r\nX-Evil: 1", "application/octet-stream"),
        ("nonsense", "application/octet-stream"),
        ("a/b/c", "application/octet-stream"),
    ],
)
def test_declared_media_types_are_shown_only_when_well_formed(declared: str | None, shown: str) -> None:
    assert safe_content_type(declared) == shown


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 B"),
        (512, "512 B"),
        (1536, "1.5 KB"),
        (10 * 1024, "10 KB"),
        (3 * 1024**2, "3.0 MB"),
        (5 * 1024**4, "5120 GB"),
    ],
)
def test_sizes_in_words(size: int, text: str) -> None:
    assert human_size(size) == text


@pytest.mark.parametrize(
    ("name", "fallback"),
    [
        ("report.pdf", "report.pdf"),
        ("été.txt", "ete.txt"),
        ("日本.txt", "__.txt"),
        ('a"b\\c%d.txt', "a_b_c_d.txt"),
    ],
)
def test_content_disposition_has_an_ascii_and_a_utf8_name(name: str, fallback: str) -> None:
    header = content_disposition(name)
    assert header.startswith("attachment; ")
    assert f'filename="{fallback}"' in header
    encoded = header.split("filename*=UTF-8''", 1)[1]
    assert all(c.isascii() and c not in ' ";\\' for c in encoded)
    assert unquote(encoded) == name
    assert ascii_fallback(name) == fallback


@pytest.mark.parametrize(
    ("head", "media"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"GIF89a\x01\x00\x01\x00", "image/gif"),
        (b"GIF87a", "image/gif"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", None),
        (b'<svg xmlns="http://www.w3.org/2000/svg">', None),
        (b"<?xml version='1.0'?><svg", None),
        (b"<html><img src=x onerror=alert(1)>", None),
        (b"", None),
    ],
)
def test_sniff_image(head: bytes, media: str | None) -> None:
    from tickettracker.domain.files import sniff_image

    assert sniff_image(head) == media


def test_inline_disposition() -> None:
    from tickettracker.domain.files import inline_disposition

    assert (
        inline_disposition("shot é.png")
        == "inline; filename=\"shot e.png\"; filename*=UTF-8''shot%20%C3%A9.png"
    )
