"""40 broken configuration files, each refused with one clear line naming the file, the key and the problem.

The first 12 are ``tests/test_config.py``'s cases (reused, not copied); these add 28 more, then run a few through the
real command line to see exit code 2 and no traceback.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_config import BAD as BASIC
from tickettracker.config import load_config
from tickettracker.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]
MORE: list[tuple[str | bytes, str]] = [
    ("null", "the top level must be a JSON object"),
    ("42", "the top level must be a JSON object"),
    ('"text"', "the top level must be a JSON object"),
    (b"\xff\xfe{}", "not UTF-8 text"),
    ('\ufeff{"x": 1}', "broken JSON at line 1, column 1"),
    ('{"priorities": ["Low"], "a": 1', "broken JSON at line 1"),
    ('{"priorities": []}', "priorities: needs at least one entry"),
    ('{"priorities": ["High", "High"]}', "priorities: an entry is listed twice"),
    ('{"priorities": [1, 2]}', "priorities.0:"),
    ('{"hold_reasons": "busy"}', "hold_reasons:"),
    ('{"workflow": ["Open", "Open"]}', "workflow: an entry is listed twice"),
    ('{"status_roles": {"initial": "Nope"}}', "status_roles.initial: unknown status 'Nope'"),
    ('{"status_roles": {"closed": 5}}', "status_roles.closed:"),
    ('{"sla": {"due_stage_days": [7, "x"]}}', "sla.due_stage_days.1:"),
    ('{"sla": {"due_stage_days": [-1, 7]}}', "sla.due_stage_days: day thresholds must be positive"),
    ('{"sla": {"priority_stage_days": {"High": "fast"}}}', "sla.priority_stage_days.High:"),
    ('{"sla": []}', "sla:"),
    ('{"colors": {"ticket_title": "black"}}', "colors.ticket_title: 'black' is not a colour"),
    ('{"colors": {"gradient": {"overdue": "#12"}}}', "colors.gradient.overdue:"),
    ('{"colors": {"statuses": {"on_hold": "url(javascript:x)"}}}', "colors.statuses.on_hold:"),
    ('{"colors": {"tags": {"background": "expression(alert(1))"}}}', "colors.tags.background:"),
    ('{"colors": {"priorities": {"Mega": "#000000"}}}', "colors.priorities.Mega: unknown priority"),
    ('{"clipboard_summary": {"updates_limit": -5}}', "clipboard_summary.updates_limit:"),
    (
        '{"clipboard_summary": {"text_sections": ["nope"]}}',
        "clipboard_summary.text_sections: unknown section",
    ),
    ('{"uploads": {"max_bytes": 0}}', "uploads.max_bytes:"),
    ('{"database": {"uri": 42}}', "database.uri:"),
    ('{"behavior": {"auto_return_to_list": "sometimes"}}', "behavior.auto_return_to_list:"),
    ('{"default_submitted_by": ["a"]}', "default_submitted_by:"),
]
CASES = [*BASIC, *MORE]


def test_there_are_forty_distinct_cases() -> None:
    assert len(CASES) == 40 and len({c for c, _m in CASES}) == 40


@pytest.mark.parametrize(("content", "message"), MORE)
def test_each_broken_file_is_one_clear_line(tmp_path: Path, content: str | bytes, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(ConfigError) as err:
        load_config(path)
    line = str(err.value)
    assert "\n" not in line and line.startswith(f"{path}: ") and message in line


@pytest.mark.parametrize("index", [3, 4, 11, 19])
def test_the_command_line_says_it_in_one_line_with_exit_code_2(tmp_path: Path, index: int) -> None:
    content, message = MORE[index]
    path = tmp_path / "bad.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tickettracker",
            "check",
            "--config",
            str(path),
            "--data-dir",
            str(tmp_path / "d"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"tickettracker: error: {path}: ") and message in lines[0]
