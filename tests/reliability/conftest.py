"""The reliability suite reuses the browser fixtures (``browser``; ``page`` fails on any JS dialog)."""

from tests.browser.conftest import browser, page

__all__ = ["browser", "page"]
