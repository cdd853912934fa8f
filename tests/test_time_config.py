"""The `time` configuration section and how the user's zone and date order are found."""

from __future__ import annotations

import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tickettracker.config import Config, load_config
from tickettracker.errors import ConfigError
from tickettracker.localtime import date_order, locale_order, user_zone


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"zone": "Mars/Olympus"}, "time.zone: unknown time zone 'Mars/Olympus'"),
        ({"date_order": "DDMM"}, "time.date_order"),
        ({"quiet_hours": {"start": "22:00"}}, "time.quiet_hours: give both start and end"),
        (
            {"quiet_hours": {"start": "25:00", "end": "07:00"}},
            "time.quiet_hours.start: '25:00' is not a time",
        ),
    ],
)
def test_bad_time_settings_stop_start_up_with_the_key(
    tmp_path: Path, section: dict[str, object], message: str
) -> None:
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"time": section}))
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert message in str(caught.value)


def test_configured_zone_and_order_win() -> None:
    cfg = Config.model_validate({"time": {"zone": "Europe/Berlin", "date_order": "MDY"}})
    assert user_zone(cfg) == ZoneInfo("Europe/Berlin") and date_order(cfg) == "MDY"


@pytest.mark.parametrize(
    ("name", "order"),
    [("en_US.UTF-8", "MDY"), ("en_GB.UTF-8", "DMY"), ("de_DE@euro", "DMY"), ("sv_SE", "YMD"), ("ja_JP.UTF-8", "YMD"),
     ("C.UTF-8", "DMY"), ("", "DMY"), ("POSIX", "DMY")],
)  # fmt: skip
def test_the_locale_gives_the_default_date_order(name: str, order: str) -> None:
    assert locale_order(name) == order


def test_the_locale_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LC_ALL", "LC_TIME"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert date_order(Config()) == "MDY"
