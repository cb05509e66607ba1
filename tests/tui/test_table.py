"""The lists' table: KeyTable draws its rows as Textual's DataTable draws the same rows (its
look follows DataTable's stylesheet), and behaves as a list: keys, the mouse, the header
that stays, text cut with an ellipsis, readable dim lines."""

from __future__ import annotations

import pytest
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from erej_tui.tui.table import KeyTable


class Plain(DataTable):
    """DataTable as Textual draws it, with KeyTable's settings."""

    def __init__(self, **kw) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kw)


def fill(table: DataTable | KeyTable, rows: int = 40, second: str = "italic") -> None:
    table.add_column("Dzień", width=12)
    table.add_column("Godz.", width=5)
    table.add_column("Placówka / adres", width=30)
    table.add_column("Odl.", width=8)
    for i in range(rows):
        place = Text(f"Poradnia nr {i}\n", no_wrap=True, overflow="ellipsis")
        place.append(f"ul. Długa {i}, 31-00{i % 10} Kraków", style=second)
        distance = Text(f"{i},5 km", justify=("left", "right", "center")[i % 3])
        table.add_row(
            f"pon {i + 1} gru", f"{8 + i % 9:02d}:00", place, distance, key=str(i), height=2
        )


class Tables(App):
    CSS = "DataTable, KeyTable { height: 12; width: 70; }"

    def __init__(self, table: DataTable | KeyTable, rows: int = 40, second: str = "italic") -> None:
        super().__init__()
        self.table = table
        self.rows = rows
        self.second = second

    def compose(self) -> ComposeResult:
        yield self.table

    def on_mount(self) -> None:
        fill(self.table, self.rows, self.second)
        self.table.focus()


async def lines_of(table: DataTable | KeyTable, keys: list[str]) -> list[list[list[tuple]]]:
    """Every visible line after each key, a cell at a time: the character, its colours and
    its weight, as a terminal shows them."""
    seen = []
    app = Tables(table)
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.pause()
        for key in ["", *keys]:
            if key == "light":  # the theme changes under a drawn table
                app.theme = "textual-light"
                await pilot.pause()
            elif key.startswith("hover"):  # the mouse over a row, then over the header
                await pilot.hover(type(table), offset=(20, 4 if key == "hover-row" else 0))
                await pilot.pause()
            elif key:
                await pilot.press(key)
                await pilot.pause()
            rendered = []
            for y in range(table.size.height):
                cells = []
                for segment in table.render_line(y):
                    st = segment.style or Style()
                    look = (st.color, st.bgcolor, bool(st.bold), bool(st.italic), bool(st.dim))
                    cells += [(char, *look) for char in segment.text]
                rendered.append(cells)
            seen.append(rendered)
    return seen


@pytest.mark.parametrize("blur", [False, True])
async def test_rows_look_as_datatable_draws_them(blur: bool) -> None:
    keys = ["down", "hover-row", "down", "pagedown", "up", "pagedown", "pageup"]
    keys += ["light", "down"]
    keys += ["tab"] if blur else []
    ours = await lines_of(KeyTable(), keys)
    theirs = await lines_of(Plain(), keys)
    assert len(ours) == len(keys) + 1
    assert ours == theirs


@pytest.mark.parametrize("theme", ["dark", "light"])
async def test_a_dim_line_stays_readable_on_every_row(theme: str) -> None:
    """DataTable draws a dim address half-way to the background (4.2:1 on a plain row,
    2.5:1 under the cursor); KeyTable, in erej's themes, a quarter of the way: WCAG AA on
    both."""
    from erej_tui.tui.table import contrast
    from erej_tui.tui.themes import use_themes

    app = Tables(KeyTable(), rows=6, second="dim")
    use_themes(app, theme)
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.pause()
        table = app.table
        ratios = []
        for y in (2, 4):  # the address lines of the cursor row and of the next one
            for segment in table.render_line(y):
                if "Kraków" in segment.text:
                    style = segment.style
                    fg, bg = style.color.get_truecolor(), style.bgcolor.get_truecolor()
                    ratios.append(contrast(tuple(fg), tuple(bg)))
        assert len(ratios) == 2 and min(ratios) >= 4.5, ratios


async def test_text_too_long_for_its_column_ends_in_an_ellipsis() -> None:
    app = Tables(KeyTable(), rows=0)
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.pause()
        app.table.add_row(
            "pon 1 gru", "08:00", "Samodzielny Publiczny Zakład Opieki Zdrowotnej", "", height=2
        )
        await pilot.pause()
        lines = [app.table.render_line(y).text for y in range(app.table.size.height)]
        assert any("Samodzielny Publiczny Zakład…" in line for line in lines), lines


async def test_a_click_highlights_the_row_under_the_mouse_and_another_selects_it() -> None:
    chosen = []

    class Clicked(Tables):
        def on_key_table_row_selected(self, event: KeyTable.RowSelected) -> None:
            chosen.append(event.row_key)

    app = Clicked(KeyTable())
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.pause()
        # The header is one line, then two lines a row: line 5 is the third row (key "2").
        await pilot.click(KeyTable, offset=(25, 5))
        await pilot.pause()
        assert app.table.cursor_row == 2 and chosen == []  # the first click highlights
        await pilot.click(KeyTable, offset=(25, 6))  # the row's second line, a second click
        await pilot.pause()
        assert chosen == ["2"]


async def test_home_and_end_go_to_the_first_and_last_row_under_the_header() -> None:
    app = Tables(KeyTable(), rows=40)
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.pause()
        table = app.table

        def shown() -> list[str]:
            return [table.render_line(y).text for y in range(table.size.height)]

        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == 39
        assert shown()[0].split() == ["Dzień", "Godz.", "Placówka", "/", "adres", "Odl."]
        assert any("Poradnia nr 39" in line for line in shown())
        await pilot.press("home", "j", "j", "k")
        await pilot.pause()
        assert table.cursor_row == 1 and any("Poradnia nr 0" in line for line in shown())
