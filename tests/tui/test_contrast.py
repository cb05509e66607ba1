"""Readable colours: every text on every screen meets WCAG 2.1 AA in both themes.

Each screen is drawn headless at 80x24 and read back segment by segment, with the colours
Textual computed from the theme (the text's own colour over the background it is drawn
on, the cursor row and notices included). Text needs 4.5:1 (3:1 when bold, the titles),
frames and scroll bars 3:1 (WCAG 1.4.11, non-text contrast).
"""

from __future__ import annotations

import pytest

from erej_tui.tui.screens.confirm import ConfirmScreen
from erej_tui.tui.screens.details import DetailsScreen
from erej_tui.tui.screens.done import DoneScreen
from erej_tui.tui.screens.help import HelpScreen
from erej_tui.tui.screens.question import QuestionScreen
from erej_tui.tui.screens.search import SearchScreen
from erej_tui.tui.screens.slots import SlotsScreen
from erej_tui.tui.table import contrast

from .conftest import JAN, log_in_demo, press, settle

SIZE = (80, 24)
# Drawn for structure only (the footer's separator between key groups): decoration, which
# WCAG leaves out.
DECORATION = {"▏"}


def _hex(rgb) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _graphic(text: str) -> bool:
    """Box drawing and block elements: frames, scroll bars, progress bars."""
    return all(0x2500 <= ord(c) <= 0x259F or c.isspace() for c in text)


def unreadable(app, where: str) -> list[str]:
    """Every segment on the screen below its WCAG AA contrast, described."""
    found = []
    screen = app.screen
    # Behind a dialog the screen is dimmed on purpose: inactive, which WCAG leaves out.
    regions = [child.region for child in screen.children] if screen.is_modal else None
    for y, strip in enumerate(screen._compositor.render_strips()):
        x = 0
        for segment in strip:
            text, style = segment.text, segment.style
            at, x = x, x + segment.cell_length
            if regions is not None and not any(r.contains(at, y) for r in regions):
                continue
            if not text.strip() or set(text.strip()) <= DECORATION or style is None:
                continue
            if style.color is None or style.bgcolor is None:
                found.append(f"{where}, row {y}: {text.strip()!r} has no colour of its own")
                continue
            fg = tuple(style.color.get_truecolor())
            bg = tuple(style.bgcolor.get_truecolor())
            need = 3.0 if style.bold or _graphic(text) else 4.5
            if style.dim:  # drawn faint by the terminal: at best half-way to the background
                fg = tuple((f + b) // 2 for f, b in zip(fg, bg, strict=True))
            ratio = contrast(fg, bg)
            if ratio < need:
                found.append(
                    f"{where}, row {y}: {text.strip()[:40]!r} {_hex(fg)} on {_hex(bg)}:"
                    f" {ratio:.2f} < {need}"
                )
    return found


async def look(pilot, where: str, found: list[str]) -> None:
    await settle(pilot)
    found.extend(unreadable(pilot.app, where))


@pytest.mark.parametrize("theme", ["dark", "light"])
async def test_every_screen_meets_wcag_aa(make_tui, theme):
    app = make_tui(theme=theme)
    found: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await look(pilot, "Logowanie", found)
        app.screen.query_one("#pesel").value = "12345678901"
        await press(pilot, "tab", "enter")
        await look(pilot, "Logowanie with an error", found)
        app.screen.query_one("#pesel").value = ""
        # Anna: the whole booking flow, her visit, the other sections.
        await press(pilot, "a")
        await look(pilot, "Plan leczenia", found)
        await press(pilot, "r")
        await look(pilot, "Rejestracja (cursor on a service she cannot book)", found)
        await press(pilot, "down", "down")
        await look(pilot, "Rejestracja (cursor on one she can)", found)
        await press(pilot, "enter")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"krak")
        await look(pilot, "Miejsce i termin with suggestions", found)
        await press(pilot, "enter", "ctrl+s")
        assert isinstance(app.screen, SlotsScreen)
        await look(pilot, "Wybierz termin", found)
        await press(pilot, "enter")
        assert isinstance(app.screen, ConfirmScreen)
        await look(pilot, "Zatwierdź", found)
        await press(pilot, "enter")
        assert isinstance(app.screen, DoneScreen)
        await look(pilot, "Wizyta zarezerwowana", found)
        for severity in ("information", "warning", "error"):
            app.notify(f"Toast: {severity}", title="Nowe powiadomienie", severity=severity)
            await look(pilot, f"a toast ({severity})", found)
            app.clear_notifications()
        await press(pilot, "enter", "v")
        await look(pilot, "Zaplanowane wizyty", found)
        await press(pilot, "enter")
        assert isinstance(app.screen, DetailsScreen)
        await look(pilot, "Szczegóły wizyty", found)
        await press(pilot, "o")
        assert isinstance(app.screen, QuestionScreen)
        await look(pilot, "Odwołać wizytę?", found)
        await press(pilot, "escape", "escape", "escape", "n")
        await look(pilot, "Powiadomienia", found)
        await press(pilot, "escape", "a")
        await look(pilot, "Moje konto", found)
        await press(pilot, "escape", "f1")
        assert isinstance(app.screen, HelpScreen)
        await look(pilot, "Pomoc", found)
        await press(pilot, "escape", "f2")
        await look(pilot, "Sterowanie demem", found)
        await press(pilot, "escape", "ctrl+p")
        await look(pilot, "Polecenia", found)
        await press(pilot, "escape", "ctrl+l")
        # Jan: a referral code, then no slot in opolskie and the waiting room.
        await log_in_demo(pilot, JAN)
        await press(pilot, "r", "enter")
        await pilot.press(*"9999")
        await press(pilot, "enter")
        await look(pilot, "Kod e-skierowania, wrong", found)
        for _ in range(4):
            await press(pilot, "backspace")
        await pilot.press(*"1234")
        await press(pilot, "enter")
        await pilot.press(*"Opole")
        await settle(pilot)
        await press(pilot, "enter", "down", "down", "down", "down", "enter", "ctrl+s")
        await look(pilot, "Brak terminu: poczekalnia", found)
        await press(pilot, "p")
        await look(pilot, "Zapisano do poczekalni", found)
        await press(pilot, "enter", "w")
        await look(pilot, "Poczekalnia", found)
    assert not found, f"{len(found)} segments below WCAG AA:\n" + "\n".join(found[:60])
