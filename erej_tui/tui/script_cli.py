"""The `erej script run` command: run scenario files, report, exit 0 or 1."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from rich.console import Console
from rich.text import Text

from ..config import EMBEDDED, EMBEDDED_KINDS
from ..i18n import t
from .scripting import ScenarioError, run_scenario, write_junit


def run_scripts(args: argparse.Namespace) -> int:
    lang = getattr(args, "lang", None) or "pl"
    out = Console(highlight=False, markup=False)
    err = Console(stderr=True, highlight=False, markup=False)
    screenshots = Path(args.screenshots) if args.screenshots else None
    backend = getattr(args, "backend", None) or EMBEDDED
    if backend not in EMBEDDED_KINDS:
        err.print(Text.assemble(("erej:", "bold red"), " ", t("script_backend_kind", lang)))
        return 2
    results = []
    for name in args.files:
        try:
            result = asyncio.run(run_scenario(Path(name), screenshots, backend))
        except ScenarioError as exc:
            err.print(Text.assemble(("erej:", "bold red"), " ", str(exc)))
            return 2
        results.append(result)
        if result.ok:
            out.print(
                t(
                    "script_ok",
                    lang,
                    name=result.name,
                    steps=len(result.steps),
                    seconds=result.seconds,
                )
            )
        else:
            failure = result.failure
            assert failure is not None
            out.print(
                t(
                    "script_failed",
                    lang,
                    name=result.name,
                    number=failure.number,
                    step=failure.description,
                    message=failure.message,
                    shot=result.screenshot or "-",
                )
            )
    if args.junit:
        write_junit(results, Path(args.junit))
    passed = sum(r.ok for r in results)
    out.print(t("script_summary", lang, ok=passed, total=len(results)))
    return 0 if passed == len(results) else 1
