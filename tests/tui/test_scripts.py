"""`erej script run`: every example scenario, one that fails on purpose, and bad files."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from erej_tui.cli import main

EXAMPLES = Path(__file__).parents[2] / "examples"


EXAMPLE_FILES = sorted(EXAMPLES.glob("*.toml"))


def run_examples(
    files: list[Path], tmp_path: Path, capsys, backend: str = "embedded"
) -> ET.Element:
    junit = tmp_path / "report.xml"
    code = main(
        [
            "script",
            "run",
            "--backend",
            backend,
            *map(str, files),
            "--junit",
            str(junit),
            "--screenshots",
            str(tmp_path / "shots"),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    suite = ET.parse(junit).getroot()
    assert suite.get("tests") == str(len(files)) and suite.get("failures") == "0"
    assert len(suite.findall("testcase")) == len(files)
    return suite


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda path: path.stem)
def test_every_example_scenario_passes(example, tmp_path, capsys):
    """One example a test, so that the suite's workers share them."""
    run_examples([example], tmp_path, capsys)


# Over FHIR: every scenario but the desk's, which is the contract's alone.
DESK = EXAMPLES / "desk_cancels_a_visit.toml"
OVER_FHIR = [example for example in EXAMPLE_FILES if example != DESK]


@pytest.mark.parametrize("example", OVER_FHIR, ids=lambda path: path.stem)
def test_the_example_scenarios_pass_over_fhir(example, tmp_path, capsys):
    """The same scenarios with the app speaking FHIR to the mock's FHIR face."""
    run_examples([example], tmp_path, capsys, "fhir+embedded")


def test_a_desk_step_over_fhir_fails_in_plain_words(tmp_path, capsys):
    shots = tmp_path / "shots"
    code = main(
        ["script", "run", "--backend", "fhir+embedded", str(DESK), "--screenshots", str(shots)]
    )
    out = " ".join(capsys.readouterr().out.split())  # as one line, however wrapped
    assert code == 1 and "nie obsługuje rejestracji w placówce" in out
    assert "Traceback" not in out


def test_scenarios_run_only_on_an_embedded_backend(capsys):
    code = main(["script", "run", "--backend", "http://127.0.0.1:9", "x.toml"])
    assert code == 2 and "fhir+embedded" in capsys.readouterr().err


def test_several_scenarios_in_one_run_report_each(tmp_path, capsys):
    assert len(EXAMPLE_FILES) >= 6
    chosen = [EXAMPLES / "book_mammography.toml", EXAMPLES / "ineligible_patient.toml"]
    run_examples(chosen, tmp_path, capsys)
    assert (tmp_path / "shots" / "out" / "book_mammography.svg").read_text().startswith("<svg")


def test_a_failing_scenario_exits_1_with_the_step_and_a_screenshot(tmp_path, capsys):
    failing = EXAMPLES / "failing" / "expects_a_missing_text.toml"
    junit = tmp_path / "report.xml"
    code = main(
        ["script", "run", str(failing), "--junit", str(junit), "--screenshots", str(tmp_path)]
    )
    out = " ".join(capsys.readouterr().out.split())
    assert code == 1
    assert "krok 4" in out and "Tego tekstu nie ma na ekranie" in out
    shot = tmp_path / "expects_a_missing_text-failure.svg"
    svg = shot.read_text()
    assert svg.startswith("<svg") and "Plan&#160;leczenia" in svg  # the screen at the failure
    failure = ET.parse(junit).getroot().find("testcase/failure")
    assert failure is not None and "step 4" in failure.get("message")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('name = "x"\n[[step]]\npress = ["1"]\nexpect = "a"\n', "exactly one"),
        ('name = "x"\n[[step]]\nwiggle = 1\n', "wiggle"),
        ('name = "x"\n', "step"),
        ("name = \n", "Invalid"),
    ],
)
def test_a_bad_scenario_file_is_a_usage_error(tmp_path, capsys, content, message):
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    assert main(["script", "run", str(path)]) == 2
    assert message in capsys.readouterr().err
