"""The layers stay honest: the headless path never loads Textual, and only the embedded
backend module imports mock_server."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import erej_tui

PACKAGE = Path(erej_tui.__file__).parent


def test_the_api_and_a_headless_command_do_not_import_textual(seeded_template, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "embedded.sqlite3").write_bytes(seeded_template.read_bytes())
    script = (
        "import sys, json\n"
        "import erej_tui.api, erej_tui.api.client, erej_tui.embedded\n"
        "from erej_tui.cli import main\n"
        "code = main(['localities', 'krak', '--json'])\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'textual')\n"
        "print(json.dumps({'code': code, 'textual': loaded}), file=sys.stderr)\n"
    )
    env = {
        **os.environ,
        "EREJ_DATA_DIR": str(data),
        "EREJ_CLOCK": "2026-12-01T08:00",
        "EREJ_CONFIG_FILE": str(tmp_path / "none.toml"),
    }
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report == {"code": 0, "textual": []}
    assert json.loads(done.stdout)[0]["name"] == "Kraków"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_only_the_embedded_module_imports_mock_server():
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if any(m.split(".")[0] == "mock_server" for m in imported_modules(path))
    ]
    assert offenders == ["embedded.py"]


def test_textual_stays_in_the_tui_package():
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "tui" not in path.relative_to(PACKAGE).parts[:1]
        and any(m.split(".")[0] == "textual" for m in imported_modules(path))
    ]
    assert offenders == []
