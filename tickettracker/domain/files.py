"""Attachment metadata rules (SPEC §9): safe display names, media types, sizes in words, download headers.

The original file name is metadata only (files are stored under their SHA-256), but it is shown in the UI and sent
back as the download name, so it must be harmless on every operating system and in every browser.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

MAX_NAME_BYTES = 255  # the usual file-system limit for one name, in UTF-8 bytes
MAX_EXTENSION = 16  # longer "extensions" are treated as part of the name
FALLBACK_NAME = "file"
OCTET_STREAM = "application/octet-stream"

# Bidirectional controls (U+202E "RIGHT-TO-LEFT OVERRIDE" turns "evil\u202etxt.exe" into "evilexe.txt" on screen),
# the byte-order mark and the Unicode line/paragraph separators.
_INVISIBLE = {
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
    "\u200e",
    "\u200f",
    "\u061c",
    "\ufeff",
    "\u2028",
    "\u2029",
}
_WINDOWS_FORBIDDEN = re.compile(r'[<>:"|?*]')
_WINDOWS_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    "CONIN$",
    "CONOUT$",
    *(f"COM{i}" for i in "123456789¹²³"),
    *(f"LPT{i}" for i in "123456789¹²³"),
}
_MEDIA_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$")


def _drop_invisible(text: str) -> str:
    return "".join(
        c for c in text if c not in _INVISIBLE and unicodedata.category(c) not in ("Cc", "Cs", "Co", "Cn")
    )


def _cap(stem: str, ext: str) -> str:
    """Shorten the stem (never the extension) until the whole name fits in MAX_NAME_BYTES."""
    budget = MAX_NAME_BYTES - len(ext.encode())
    encoded = stem.encode()
    if len(encoded) <= budget:
        return stem + ext
    return encoded[:budget].decode("utf-8", errors="ignore").rstrip(" .") + ext


def safe_filename(name: str) -> str:
    """A display/download name made safe from whatever a client sent.

    NFC-normalised; only the last path part kept (``/`` and ``\\``); control characters, bidirectional overrides and
    unassigned code points removed; characters Windows forbids replaced by ``_``; no leading/trailing spaces or
    trailing dots; at most 255 UTF-8 bytes, keeping the extension; Windows device names (``CON``, ``nul.txt``)
    prefixed with ``_``; an empty result becomes ``file``. Applying it twice changes nothing.
    """
    text = _drop_invisible(unicodedata.normalize("NFC", name))
    text = re.split(r"[/\\]", text)[-1]
    text = _WINDOWS_FORBIDDEN.sub("_", text)
    text = " ".join(text.split())  # tabs and runs of spaces become one space
    text = text.strip(" ").rstrip(".")
    if not text.strip("."):
        return FALLBACK_NAME
    stem, dot, ext = text.rpartition(".")
    if not dot or not stem or len(ext) > MAX_EXTENSION:
        stem, ext = text, ""
    else:
        ext = "." + ext
    text = _cap(stem, ext)
    if not text.strip("."):
        return FALLBACK_NAME
    if text.split(".")[0].rstrip(" ").upper() in _WINDOWS_RESERVED:
        text = _cap("_" + text, "")
    return text


def safe_content_type(value: str | None) -> str:
    """The media type a client declared, if it is well-formed (``type/subtype``, lower-cased), else octet-stream.

    Display only: downloads are always sent as ``application/octet-stream``.
    """
    media = (value or "").split(";", 1)[0].strip().lower()
    return media if _MEDIA_TYPE.match(media) else OCTET_STREAM


def human_size(size: int) -> str:
    """Bytes in words: "512 B", "1.5 KB", "12 MB" (powers of 1024, one decimal below 10)."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            if unit == "B":
                return f"{int(value)} B"
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def ascii_fallback(name: str) -> str:
    """An ASCII-only version of ``name`` for old clients (accents dropped, anything else becomes ``_``)."""
    decomposed = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in decomposed if not unicodedata.combining(c))
    text = "".join(c if 0x20 <= ord(c) < 0x7F and c not in '"\\%' else "_" for c in text)
    return text.strip() or FALLBACK_NAME


def content_disposition(name: str) -> str:
    """``Content-Disposition: attachment`` with the name in both forms of RFC 6266 (ASCII and UTF-8)."""
    return f"attachment; filename=\"{ascii_fallback(name)}\"; filename*=UTF-8''{quote(name, safe='')}"


# Images a browser may show inline: raster formats only, recognised by their first bytes (the name and the type
# the client declared are not trusted). SVG is never inline: it is a document that can carry scripts.
INLINE_IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")
SNIFF_BYTES = 12


def sniff_image(head: bytes) -> str | None:
    """The media type of a PNG, JPEG, GIF or WebP file from its first bytes, else None."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if len(head) >= 12 and head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def inline_disposition(name: str) -> str:
    """``Content-Disposition: inline`` with the name in both forms (what "Save image as" suggests)."""
    return f"inline; filename=\"{ascii_fallback(name)}\"; filename*=UTF-8''{quote(name, safe='')}"
