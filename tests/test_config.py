"""Configuration: defaults, the repository's config.json, the README table, and one clear line per bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tickettracker.config import Config, defaults_dict, load_config
from tickettracker.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent


def _leaves(d: dict, prefix: str = "") -> set[str]:
    out: set[str] = set()
    for k, v in d.items():
        if isinstance(v, dict) and k not in ("priority_stage_days", "priorities"):
            out |= _leaves(v, f"{prefix}{k}.")
        else:
            out.add(prefix + k)
    return out


def test_repository_config_equals_built_in_defaults() -> None:
    assert json.loads((ROOT / "config.json").read_text()) == defaults_dict()


def test_readme_documents_every_key() -> None:
    readme = (ROOT / "README.md").read_text()
    documented = set(re.findall(r"^\| `([a-z0-9_.]+(?:\.<name>)?)` \|", readme, re.M))
    expected = _leaves(defaults_dict())
    expected = {("colors.priorities.<name>" if k == "colors.priorities" else k) for k in expected}
    expected = {("sla.priority_stage_days.<name>" if k == "sla.priority_stage_days" else k) for k in expected}
    assert documented == expected


def test_empty_object_is_valid(tmp_path: Path) -> None:
    (tmp_path / "c.json").write_text("{}")
    cfg, warnings = load_config(tmp_path / "c.json")
    assert cfg == Config() and warnings == []


def test_due_stages_sorted_and_palette_falls_back(tmp_path: Path) -> None:
    (tmp_path / "c.json").write_text(
        json.dumps(
            {"sla": {"due_stage_days": [7, 28, 14, 21]}, "colors": {"gradient": {"stage0": "#000000"}}}
        )
    )
    cfg, _ = load_config(tmp_path / "c.json")
    assert cfg.sla.due_stage_days == [28, 21, 14, 7]
    assert cfg.colors.gradient.stage0 == "#000000" and cfg.colors.gradient.overdue == "#dc143c"


def test_unknown_keys_are_warnings(tmp_path: Path) -> None:
    (tmp_path / "c.json").write_text(json.dumps({"colour": 1, "sla": {"extra": 2}}))
    _, warnings = load_config(tmp_path / "c.json")
    assert any("colour: unknown key" in w for w in warnings) and any("sla.extra" in w for w in warnings)


BAD = [
    ("{", "broken JSON at line 1"),
    ("[]", "top level must be a JSON object"),
    ('{"priorities": "High"}', "priorities:"),
    ('{"uploads": {"max_bytes": "lots"}}', "uploads.max_bytes:"),
    ('{"status_roles": {"hold": "Waiting"}}', "status_roles.hold: unknown status 'Waiting'"),
    ('{"colors": {"gradient": {"stage1": "red; background:url(x)"}}}', "colors.gradient.stage1:"),
    ('{"colors": {"priorities": {"High": "blue"}}}', "colors.priorities:"),
    ('{"sla": {"priority_stage_days": {"High": [10, 5]}}}', "does not ascend"),
    ('{"sla": {"priority_stage_days": {"Mega": [1, 2]}}}', "sla.priority_stage_days.Mega: unknown priority"),
    ('{"clipboard_summary": {"html_sections": ["header", "footer"]}}', "unknown section 'footer'"),
    ('{"database": {"uri": "postgresql://x"}}', "database.uri: 'postgresql://x' names no database"),
    ('{"workflow": []}', "workflow:"),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_bad_configuration_is_one_clear_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    line = str(err.value)
    assert "\n" not in line and line.startswith(str(path)) and message in line


def test_bad_configuration_stops_start_up_with_exit_code_2(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"sla": {"priority_stage_days": {"High": [10, 5]}}}')
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tickettracker",
            "--config",
            str(path),
            "--data-dir",
            str(tmp_path / "d"),
            "--no-browser",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"tickettracker: error: {path}: sla.priority_stage_days.High: [10, 5] does not ascend (lowest limit first)"
    ]


def test_lookup_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tickettracker.config import find_config_file

    data = tmp_path / "data"
    data.mkdir()
    assert find_config_file(None, data) == (None, "none")
    (data / "config.json").write_text("{}")
    assert find_config_file(None, data) == (data / "config.json", "data")
    monkeypatch.setenv("TICKETTRACKER_CONFIG", str(tmp_path / "env.json"))
    assert find_config_file(None, data) == (tmp_path / "env.json", "env")
    assert find_config_file(str(tmp_path / "cli.json"), data) == (tmp_path / "cli.json", "cli")


def test_secret_from_environment_is_never_saved(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TICKETTRACKER_SECRET_KEY", "s3cret")
    cfg = Config()
    assert cfg.secret() == "s3cret" and "s3cret" not in json.dumps(cfg.model_dump(mode="json"))


@pytest.mark.parametrize(
    ("uri", "says"),
    [
        ("postgresql+psycopg://tt:s3cret@127.0.0.1:9/tt", "cannot reach the server"),
        ("postgres://tt:s3cret@127.0.0.1:9", "names no database"),
        ("oracle://tt:s3cret@db/tt", "is not a supported database URI"),
    ],
)
def test_an_unusable_database_uri_stops_start_up_with_one_masked_line_and_exit_code_2(
    tmp_path: Path, uri: str, says: str
) -> None:
    path = tmp_path / "team.json"
    path.write_text(json.dumps({"database": {"uri": uri}}))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tickettracker",
            "--config",
            str(path),
            "--no-browser",
            "--data-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert says in result.stderr and "tt:***@" in result.stderr and "s3cret" not in result.stderr
