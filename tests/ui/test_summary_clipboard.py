"""Copy summary: ticket text reaches the clipboard as data, never as code; a refusing browser gets the preview."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from nicegui.testing import User

from tests.factories import make_ticket
from tests.ui.helpers import click, side_door
from tickettracker.ui.components.summary import write_script

HOSTILE = [
    '"); alert(1); ("',
    "'); alert(1); ('",
    "</script><script>alert(1)</script>",
    "`${alert(1)}` \\ \\n \u2028 \u2029 %s %d",
    "line one\nline two\r\n\ttab \x00 nul",
    "Ünïcode ✓ 🎉 \ud7ff",
]

# Runs the generated script in Node with a fake clipboard that records what it was given.
_NODE = """
const captured = {};
globalThis.window = globalThis;
globalThis.ClipboardItem = class { constructor(items) { captured.items = items; } };
Object.defineProperty(globalThis, 'navigator', {value: {clipboard: {write: async () => {}}}, configurable: true});
const script = require('fs').readFileSync(0, 'utf8');
(async () => {
  const outcome = await eval(script);
  const html = await captured.items['text/html'].text();
  const text = await captured.items['text/plain'].text();
  process.stdout.write(JSON.stringify({outcome, html, text, alerted: globalThis.alerted === true}));
})();
"""


@pytest.mark.parametrize("payload", HOSTILE)
def test_the_clipboard_script_carries_ticket_text_as_data(payload: str) -> None:
    script = write_script(f"<b>{payload}</b>", payload)
    assert f"const html = {json.dumps(f'<b>{payload}</b>')}, text = {json.dumps(payload)};" in script
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the script is checked as text only")
    done = subprocess.run(
        [node, "-e", "globalThis.alert = () => { globalThis.alerted = true; };" + _NODE],
        input=script,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    result = json.loads(done.stdout)
    assert result == {"outcome": "ok", "html": f"<b>{payload}</b>", "text": payload, "alerted": False}


@pytest.mark.parametrize(
    ("answer", "seen", "not_seen"),
    [
        ("ok", "copied (rich text and plain text)", "The browser did not allow copying"),
        ("NotAllowedError", "The browser did not allow copying", "copied (rich text and plain text)"),
        ("unsupported", "The browser did not allow copying", "copied (rich text and plain text)"),
    ],
)
async def test_only_a_browser_that_wrote_the_clipboard_reports_success(
    user: User, isolated_data_dir: Path, answer: str, seen: str, not_seen: str
) -> None:
    with side_door(isolated_data_dir) as ctx:
        tid = make_ticket(ctx.tickets, 'Printer "on fire"')
    await user.open(f"/tickets/{tid}")
    user.javascript_rules[re.compile(r".*navigator\.clipboard\.write.*", re.S)] = lambda _m: answer
    click(user, "Copy summary")
    await user.should_see(seen)
    await user.should_not_see(not_seen)
