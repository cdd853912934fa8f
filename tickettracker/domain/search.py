"""Turn what a person types into the search box into a safe full-text match (SQLite FTS5 or PostgreSQL).

Every word becomes a quoted prefix term, so `%`, `_`, quotes and FTS operators (AND, OR, NOT, NEAR, `*`, `^`,
column filters) are matched as text and never interpreted.
"""

from __future__ import annotations

import re
import unicodedata

# unicode61 splits on anything that is not a letter, number or mark; do the same so highlighting agrees.
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words(text: str) -> list[str]:
    """The search words of ``text`` (what unicode61 would index)."""
    return _WORD.findall(unicodedata.normalize("NFC", text))


def fts_match(text: str, *, prefix_last_only: bool = False) -> str | None:
    """An FTS5 MATCH expression requiring every word (as a prefix), or None when there is nothing to search."""
    found = words(text)
    if not found:
        return None
    terms = []
    for i, w in enumerate(found):
        quoted = '"' + w.replace('"', '""') + '"'
        is_prefix = not prefix_last_only or i == len(found) - 1
        terms.append(quoted + "*" if is_prefix else quoted)
    return " AND ".join(terms)


def ts_query(text: str) -> str | None:
    """The PostgreSQL ``tsquery`` text requiring every word as a prefix (``'word':* & …``), or None when there is
    nothing to search. Words hold only letters, digits and marks; quotes are doubled all the same. The database
    folds case and accents (``tt_fold``) the same way it folded the indexed text.
    """
    found = words(text)
    if not found:
        return None
    return " & ".join("'" + w.replace("\\", "\\\\").replace("'", "''") + "':*" for w in found)


def fold(text: str) -> str:
    """Case- and accent-insensitive form, the way the index compares (for highlighting in Python)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def highlight(text: str, query: str) -> list[tuple[str, bool]]:
    """Split ``text`` into (segment, is_match) parts for the words of ``query`` (prefix matches)."""
    needles = [fold(w) for w in words(query)]
    if not needles or not text:
        return [(text, False)]
    parts: list[tuple[str, bool]] = []
    pos = 0
    for m in _WORD.finditer(text):
        word = m.group(0)
        folded = fold(word)
        if any(folded.startswith(n) for n in needles):
            if m.start() > pos:
                parts.append((text[pos : m.start()], False))
            # Highlight the matched prefix only; fold keeps length for most scripts, else mark the whole word.
            n = max((len(x) for x in needles if folded.startswith(x)), default=len(word))
            cut = n if len(folded) == len(word) else len(word)
            parts.append((word[:cut], True))
            if cut < len(word):
                parts.append((word[cut:], False))
            pos = m.end()
    if pos < len(text):
        parts.append((text[pos:], False))
    return parts
