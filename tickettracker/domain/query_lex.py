"""The query language's lexing: the text split into tokens and comma-separated values, each with its position."""

from __future__ import annotations

import re
from dataclasses import dataclass

FIELD_RE = re.compile(r"([A-Za-z]+):")
BARE_OK = re.compile(r'[^\s",]+')


class QueryError(ValueError):
    """A problem in the typed query, with the character span [start, end) it is about."""

    def __init__(self, message: str, start: int, end: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.start = start
        self.end = max(start + 1, end if end is not None else start + 1)


# ----- tokens -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Token:
    raw: str
    start: int


def tokens(text: str) -> list[Token]:
    out: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        start, quote_at = i, -1
        while i < n and (quote_at >= 0 or not text[i].isspace()):
            if text[i] == '"':
                quote_at = i if quote_at < 0 else -1
            i += 1
        if quote_at >= 0:
            raise QueryError('missing closing quote `"`', quote_at, n)
        out.append(Token(text[start:i], start))
    return out


def split_values(raw: str, offset: int) -> list[tuple[str, int, int]]:
    """Comma-separated values (quotes protect commas); each with its span in the whole text."""
    values: list[tuple[str, int, int]] = []
    i, n = 0, len(raw)
    while True:
        start = i
        if i < n and raw[i] == '"':
            close = raw.index('"', i + 1)
            value, i = raw[i + 1 : close], close + 1
            if i < n and raw[i] != ",":
                raise QueryError("put a comma between values", offset + i)
        else:
            while i < n and raw[i] != ",":
                if raw[i] == '"':
                    raise QueryError("a quote can only start a value", offset + i)
                i += 1
            value = raw[start:i]
        if not value.strip():
            raise QueryError("empty value", offset + start, offset + max(i, start + 1))
        values.append((value.strip(), offset + start, offset + i))
        if i >= n:
            return values
        i += 1  # the comma
