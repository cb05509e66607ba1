"""The headless commands run in-process on a fresh copy of the seeded embedded backend."""

from __future__ import annotations

import io
import json
import shutil
import sys
from dataclasses import dataclass

import pytest

from erej_tui.cli import main
from erej_tui.embedded import DB_NAME


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


@pytest.fixture
def data_dir(seeded_template, tmp_path):
    path = tmp_path / "data"
    path.mkdir()
    shutil.copyfile(seeded_template, path / DB_NAME)
    return path


@pytest.fixture
def erej(data_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("EREJ_DATA_DIR", str(data_dir))
    monkeypatch.setenv("EREJ_CLOCK", "2026-12-01T08:00")
    monkeypatch.setenv("EREJ_CONFIG_FILE", str(tmp_path / "absent.toml"))
    for name in ("EREJ_BACKEND", "EREJ_LANG", "EREJ_THEME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "200")

    def run(*argv: str, stdin: str = "") -> Result:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        capsys.readouterr()
        code = main(list(argv))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run
