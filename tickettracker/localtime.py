"""The user's time zone and date order, from the configuration or, when it leaves them empty, from this computer.

Kept out of ``domain/`` because it reads the machine (the system zone and locale); the domain gets the results.
"""

from __future__ import annotations

import locale
import os
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tickettracker.config import Config
from tickettracker.domain.when import DateOrder


def user_zone(cfg: Config) -> ZoneInfo:
    """``time.zone``, or this computer's IANA zone (UTC when it cannot be told)."""
    return ZoneInfo(cfg.time.zone) if cfg.time.zone else _system_zone()


@lru_cache(maxsize=1)
def _system_zone() -> ZoneInfo:
    try:
        import tzlocal

        return ZoneInfo(tzlocal.get_localzone_name() or "UTC")
    except (ImportError, ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def date_order(cfg: Config) -> DateOrder:
    """``time.date_order``, or the order usual in the system locale's country (day first when unknown)."""
    return cfg.time.date_order or locale_order(_locale_name())


# Countries whose short dates are month first or year first (CLDR); everywhere else writes the day first.
_MONTH_FIRST = {"US", "PH", "FM", "MH", "PW", "BZ", "AS", "GU", "MP", "PR", "UM", "VI", "CA"}
_YEAR_FIRST = {"CN", "JP", "KR", "KP", "TW", "HU", "LT", "MN", "SE", "IR", "ZA"}


def _locale_name() -> str:
    for var in ("LC_ALL", "LC_TIME", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return value
    return locale.getlocale(locale.LC_TIME)[0] or ""


def locale_order(name: str) -> DateOrder:
    """ "en_US.UTF-8" → MDY, "sv_SE" → YMD, "de_DE" / "C" / "" → DMY."""
    country = name.split(".")[0].split("@")[0].partition("_")[2].upper()
    if country in _MONTH_FIRST:
        return "MDY"
    if country in _YEAR_FIRST:
        return "YMD"
    return "DMY"
