"""Colour arithmetic for readable rows: WCAG relative luminance and contrast ratio."""

from __future__ import annotations

BLACK, WHITE = "#000000", "#ffffff"


def rgb(hex_color: str) -> tuple[int, int, int]:
    h = hex_color.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def luminance(hex_color: str) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb(hex_color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_text(background: str, preferred: str, minimum: float = 4.5) -> str:
    """``preferred`` if it reaches ``minimum`` contrast on ``background``, else black or white, whichever is better."""
    if contrast(background, preferred) >= minimum:
        return preferred
    return BLACK if contrast(background, BLACK) >= contrast(background, WHITE) else WHITE
