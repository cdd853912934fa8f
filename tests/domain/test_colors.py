"""Readable rows (SPEC §7, issue 4 item 8): the title keeps a contrast of at least 4.5:1 on every urgency colour."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tickettracker.config import Config
from tickettracker.domain.colors import contrast, readable_text

CFG = Config()
PALETTE = {
    **{f"gradient.{k}": v for k, v in CFG.colors.gradient.model_dump().items()},
    **{f"statuses.{k}": v for k, v in CFG.colors.statuses.model_dump().items()},
}
hex_color = st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06x}")


@pytest.mark.parametrize(("key", "background"), sorted(PALETTE.items()))
def test_default_title_colour_is_readable_on_every_palette_colour(key: str, background: str) -> None:
    fg = readable_text(background, CFG.colors.ticket_title)
    assert contrast(background, fg) >= 4.5, key


@pytest.mark.parametrize(
    ("background", "preferred", "expected"),
    [
        ("#bfdbfe", "#111827", "#111827"),  # light blue: the configured title colour is kept
        ("#dc143c", "#111827", "#ffffff"),  # crimson: dark text is too faint (3.5:1), white is used
        ("#dc143c", "#ffffff", "#ffffff"),
        ("#000000", "#111827", "#ffffff"),
        ("#fff", "#777777", "#000000"),  # short hex; grey on white is 4.48:1, just below the bar
    ],
)
def test_readable_text_keeps_the_preferred_colour_only_when_it_is_readable(
    background: str, preferred: str, expected: str
) -> None:
    assert readable_text(background, preferred) == expected


def test_known_contrast_ratios() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#abcdef", "#abcdef") == pytest.approx(1.0)


@given(background=hex_color, preferred=hex_color)
def test_any_background_and_title_colour_give_at_least_4_5_to_1(background: str, preferred: str) -> None:
    assert contrast(background, readable_text(background, preferred)) >= 4.5
