"""The lists' table: rows of text under a header that stays put, a row cursor moved with
the arrows or vi keys, and a column that takes the width the others leave.

A widget of its own on Textual's public Line API (`ScrollView.render_line`), rather than
DataTable with its private renderer overridden: the rows here hold plain text, so each
line of a row is laid out straight into segments, once per row and per look (zebra
stripe, under the cursor or the mouse or not). A cursor move redraws the two rows it
changes, a page down only the rows it brings in (README, "Measured": the slot list).
Its look follows DataTable's stylesheet (header, stripes, the block cursor, focused and
not), under its own component classes.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

ELLIPSIS = "…"

Line = list[Segment]


@dataclass
class Column:
    label: Text
    width: int
    key: str


@dataclass(slots=True)
class Row:
    cells: tuple[str | Text, ...]  # as given: a string becomes Text only when drawn
    height: int
    key: str | None


def _text(cell: str | Text) -> Text:
    return cell if isinstance(cell, Text) else Text(cell)


class KeyTable(ScrollView, can_focus=True):
    """A table of rows of text with a row cursor; Enter (or a click on the row under the
    cursor) selects it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Select", show=False),
        Binding("up", "cursor_up", "up", show=False),
        Binding("down", "cursor_down", "down", show=False),
        Binding("j", "cursor_down", "down", show=False, id="list.down"),
        Binding("k", "cursor_up", "up", show=False, id="list.up"),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home", "first", "Top", show=False),
        Binding("end,ctrl+end", "last", "Bottom", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-table--header",
        "key-table--cursor",
        "key-table--hover",
        "key-table--even-row",
        "key-table--odd-row",
    }

    DEFAULT_CSS = """
    KeyTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        &:focus {
            background-tint: $foreground 5%;
            & > .key-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .key-table--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .key-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .key-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .key-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .key-table--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .key-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .key-table--hover {
            background: $block-hover-background;
        }
    }
    """

    cursor_row: reactive[int] = reactive(0, always_update=True, init=False)
    hover_row: reactive[int] = reactive(-1, init=False)

    class RowHighlighted(Message):
        """The cursor is on another row."""

        def __init__(self, table: KeyTable, cursor_row: int, row_key: str | None) -> None:
            super().__init__()
            self.table, self.cursor_row, self.row_key = table, cursor_row, row_key

        @property
        def control(self) -> KeyTable:
            return self.table

    class RowSelected(RowHighlighted):
        """Enter on the cursor's row, or a click on it."""

    def __init__(self, *, cell_padding: int = 1, **kw: Any) -> None:
        super().__init__(**kw)
        self.cell_padding = cell_padding
        self.columns: list[Column] = []
        self.rows: list[Row] = []
        self._flex: int | None = None  # the flex column's index
        self._flex_content = 0  # the widest cell of the flex column so far
        self._height = 0  # the body's lines
        self._starts: list[int] = []  # each row's first body line
        self._generation = 0  # bumped by any change to the rows or columns
        # A row's cells as lines of segments, and the lines laid out: enough for a few
        # screens, and no more (what a long list keeps alive, the collector walks).
        self._cells: LRUCache[int, list[list[Line]]] = LRUCache(200)
        self._cache: LRUCache[tuple[Any, ...], Strip] = LRUCache(300)
        self._scroll_with_cursor = True
        self._size_pending = False
        self._looks: dict[tuple[bool, ...], Style] = {}

    # --- building ----------------------------------------------------------------------------
    @property
    def row_count(self) -> int:
        return len(self.rows)

    def add_column(self, label: str | Text, *, width: int, key: str | None = None) -> int:
        """A column `width` cells wide, never narrower than its label: a header longer in
        one language than another is not cut."""
        text = label if isinstance(label, Text) else Text(label)
        self.columns.append(Column(text, max(width, text.cell_len), key or str(len(self.columns))))
        self._changed()
        return len(self.columns) - 1

    def add_flex_column(self, label: str) -> int:
        """A column that takes the width the others leave, so none is pushed out of view,
        but no more than its widest cell needs: at 200 columns the columns after it stay
        beside the row's text, not a screen's width away."""
        self._flex = self.add_column(label, width=20)
        self._fit_flex()
        return self._flex

    def add_row(self, *cells: str | Text, height: int = 1, key: str | None = None) -> None:
        self._starts.append(self._height)
        self._height += height
        self.rows.append(Row(cells, height, key))
        if self._flex is not None and self._flex < len(cells):
            flex = cells[self._flex]
            lines = (flex.plain if isinstance(flex, Text) else flex).splitlines()
            widest = max((cell_len(line) for line in lines), default=0)
            if widest > self._flex_content:
                self._flex_content = widest
                self._fit_flex()
        self._changed()

    def clear(self) -> None:
        """No rows (the columns stay); the cursor back on the first."""
        self.rows.clear()
        self._height = 0
        self._starts.clear()
        self._flex_content = 0
        self._fit_flex()
        self.set_reactive(KeyTable.cursor_row, 0)
        self.scroll_to(y=0, animate=False, immediate=True)
        self._changed()

    def get_row_at(self, index: int) -> list[Text]:
        return [_text(cell) for cell in self.rows[index].cells]

    def move_cursor(self, *, row: int) -> None:
        self.cursor_row = row

    # --- layout ------------------------------------------------------------------------------
    def _changed(self) -> None:
        self._generation += 1
        self._cells.clear()
        if not self._size_pending:  # a page of rows added in a loop sizes the table once
            self._size_pending = True
            self.call_next(self._sync_size)
        self.refresh()

    def _sync_size(self) -> None:
        self._size_pending = False
        size = Size(self._total_width(), 1 + self._height)
        if size != self.virtual_size:
            self.virtual_size = size

    def _total_width(self) -> int:
        return sum(c.width + 2 * self.cell_padding for c in self.columns)

    def on_resize(self) -> None:
        self._fit_flex()

    def _fit_flex(self) -> None:
        if self._flex is None:
            return
        column = self.columns[self._flex]
        others = sum(c.width for i, c in enumerate(self.columns) if i != self._flex)
        padding = 2 * self.cell_padding * len(self.columns) + 2  # + the scrollbar
        available = self.size.width - others - padding
        wanted = max(self._flex_content, column.label.cell_len)
        width = max(16, min(available, wanted)) if self._flex_content else max(16, available)
        if width != column.width:
            column.width = width
            self._changed()

    # --- the cursor --------------------------------------------------------------------------
    def validate_cursor_row(self, row: int) -> int:
        return max(0, min(row, len(self.rows) - 1))

    def watch_cursor_row(self, old: int, new: int) -> None:
        if not self.rows:
            return
        self._refresh_row(old)
        self._refresh_row(new)
        if self._scroll_with_cursor:
            self._show_row(new)
        self.post_message(self.RowHighlighted(self, new, self.rows[new].key))

    def watch_hover_row(self, old: int, new: int) -> None:
        self._refresh_row(old)
        self._refresh_row(new)

    def _refresh_row(self, index: int) -> None:
        if 0 <= index < len(self.rows):
            top = 1 + self._starts[index] - round(self.scroll_y)
            self.refresh(Region(0, top, self.size.width, self.rows[index].height))

    def _show_row(self, index: int) -> None:
        """Scroll so that the row is in view below the header."""
        self._sync_size()
        region = Region(0, 1 + self._starts[index], self.size.width, self.rows[index].height)
        self.scroll_to_region(region, spacing=Spacing(top=1), animate=False, immediate=True)

    def _page_rows(self, rows: list[Row]) -> int:
        """How many of `rows` (from the cursor's, onwards) a page holds, as DataTable
        counts them: up to and including the first that does not fit."""
        height = self.scrollable_content_region.height - 1
        offset = count = 0
        for row in rows:
            offset += row.height
            count += 1
            if offset > height:
                break
        return count

    def _by_key(self, row: int) -> None:
        self.hover_row = -1  # the keyboard's cursor, not the mouse's, until it moves again
        self.cursor_row = row

    def action_cursor_up(self) -> None:
        self._by_key(self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self._by_key(self.cursor_row + 1)

    def action_page_down(self) -> None:
        """A page down: the view scrolls a page and the cursor moves as many rows."""
        rows = self._page_rows(self.rows[self.cursor_row :])
        self.scroll_relative(y=self.scrollable_content_region.height - 1, animate=False)
        self._paged(self.cursor_row + rows - 1)

    def action_page_up(self) -> None:
        rows = self._page_rows(self.rows[: self.cursor_row + 1])
        self.scroll_relative(y=-(self.scrollable_content_region.height - 1), animate=False)
        self._paged(self.cursor_row - rows + 1)

    def _paged(self, row: int) -> None:
        self._scroll_with_cursor = False  # the page has scrolled already
        try:
            self._by_key(row)
        finally:
            self._scroll_with_cursor = True

    def action_first(self) -> None:
        self._by_key(0)

    def action_last(self) -> None:
        self._by_key(len(self.rows) - 1)

    def action_select_cursor(self) -> None:
        if self.rows:
            row = self.cursor_row
            self.post_message(self.RowSelected(self, row, self.rows[row].key))

    # --- the mouse ---------------------------------------------------------------------------
    def _row_under(self, y: int) -> int:
        line = y - 1 + round(self.scroll_y)
        return self._line(line)[0] if y >= 1 and 0 <= line < self._height else -1

    def _line(self, line: int) -> tuple[int, int]:
        """The row a body line belongs to, and which of its lines it is."""
        row = bisect_right(self._starts, line) - 1
        return row, line - self._starts[row]

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self.hover_row = self._row_under(event.y)

    def on_leave(self, event: events.Leave) -> None:
        self.hover_row = -1

    def on_click(self, event: events.Click) -> None:
        """A click highlights the row under the mouse; a click on the highlighted row
        selects it."""
        row = self._row_under(event.y)
        if row < 0:
            return
        if row == self.cursor_row:
            self.action_select_cursor()
        else:
            self.cursor_row = row

    # --- drawing -----------------------------------------------------------------------------
    def notify_style_update(self) -> None:
        self._cache.clear()  # a new theme or stylesheet
        self._looks.clear()
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        scroll_x = round(self.scroll_x)
        if y == 0:
            return self._header().crop_extend(scroll_x, scroll_x + width, None)
        line = y - 1 + round(self.scroll_y)
        if line >= self._height:
            return Strip.blank(width, self.rich_style)
        row, line_no = self._line(line)
        cursor = row == self.cursor_row and self.show_cursor
        hover = row == self.hover_row
        key = (self._generation, row, line_no, cursor, hover, self.has_focus, width)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._row_line(row, line_no, cursor, hover, width)
            self._cache[key] = strip
        return strip.crop_extend(scroll_x, scroll_x + width, None)

    @property
    def show_cursor(self) -> bool:
        return bool(self.rows)

    def _header(self) -> Strip:
        key = ("header", self._generation, self.has_focus, self.size.width)
        strip = self._cache.get(key)
        if strip is None:
            style = self.rich_style + self.get_component_rich_style("key-table--header")
            cells = [[list(column.label.render(self.app.console))] for column in self.columns]
            strip = self._lay_out(cells, style, style)
            self._cache[key] = strip
        return strip

    def _look(self, even: bool, cursor: bool, hover: bool) -> Style:
        """A row's style: the stripe, then the mouse's and the cursor's (resolving a
        component style walks the stylesheet, so each look is worked out once)."""
        key = (even, cursor, hover, self.has_focus)
        style = self._looks.get(key)
        if style is None:
            stripe = "key-table--even-row" if even else "key-table--odd-row"
            style = self.rich_style + self.get_component_rich_style(stripe)
            if hover:
                style += self.get_component_rich_style("key-table--hover")
            if cursor:
                style += self.get_component_rich_style("key-table--cursor")
            self._looks[key] = style
        return style

    def _row_line(self, row: int, line_no: int, cursor: bool, hover: bool, width: int) -> Strip:
        text_style = self._look(row % 2 == 0, cursor, hover)
        cells = [lines[line_no : line_no + 1] for lines in self._cell_lines(row)]
        return self._lay_out(cells, text_style, text_style, row)

    def _cell_lines(self, row: int) -> list[list[Line]]:
        """The row's cells as lines of segments (styles as the text gives them)."""
        cells = self._cells.get(row)
        if cells is None:
            console = self.app.console
            cells = [
                [list(line.render(console)) for line in cell.split(allow_blank=True)]
                for cell in map(_text, self.rows[row].cells)
            ]
            self._cells[row] = cells
        return cells

    def _lay_out(
        self,
        cells: list[list[Line]],
        style: Style,
        rest: Style,
        row: int | None = None,
    ) -> Strip:
        """One line of the table: each column's text padded, cropped with an ellipsis
        where it does not fit, justified as its Text asks (the `row`'s cells); the width
        left over in `rest`. The segments share their styles (no per-row mouse meta: a
        click finds its row from its line), so laying out a page keeps few new objects."""
        pad = self.cell_padding
        segments: Line = []
        used = 0
        for index, column in enumerate(self.columns):
            lines = cells[index] if index < len(cells) else []
            content = _fit(lines[0] if lines else [], column.width)
            text = [
                Segment(s.text, _undimmed(style + s.style) if s.style else style) for s in content
            ]
            gap = column.width - sum(cell_len(s.text) for s in content)
            justify = self._justify(row, index)
            left = {"right": gap, "center": gap // 2}.get(justify, 0)
            segments += [Segment(" " * (pad + left), style), *text]
            segments.append(Segment(" " * (pad + gap - left), style))
            used += column.width + 2 * pad
        remaining = max(0, self.size.width - used)
        segments.append(Segment(" " * remaining, rest))
        return Strip(segments, used + remaining)

    def _justify(self, row: int | None, column: int) -> str:
        if row is None:
            return "left"
        cells = self.rows[row].cells
        cell = cells[column] if column < len(cells) else None
        return (cell.justify or "left") if isinstance(cell, Text) else "left"


def _undimmed(style: Style) -> Style:
    """A dim line (an address under a facility's name) drawn a quarter of the way from the
    text colour to the background, or in the text colour where that would fall under WCAG
    AA's 4.5:1 (a cursor row): the terminal's faint, or Textual's half-way blend, falls
    under it, on the cursor row by far."""
    if not style.dim or style.color is None or style.bgcolor is None:
        return style
    fg, bg = tuple(style.color.get_truecolor()), tuple(style.bgcolor.get_truecolor())
    mixed = tuple(round(f + (b - f) * 0.25) for f, b in zip(fg, bg, strict=True))
    colour = mixed if contrast(mixed, bg) >= 4.5 else fg
    return style + Style(color=Color.from_rgb(*colour), dim=False)


def contrast(one: tuple[int, ...], two: tuple[int, ...]) -> float:
    """WCAG 2.1 contrast ratio of two sRGB colours."""

    def luminance(rgb: tuple[int, ...]) -> float:
        r, g, b = (
            v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
            for v in (c / 255 for c in rgb)
        )
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _fit(segments: Line, width: int) -> Line:
    """`segments` cropped to `width` cells, with an ellipsis where text was cut."""
    if sum(cell_len(s.text) for s in segments) <= width:
        return segments
    if width <= 0:
        return []
    kept = Segment.adjust_line_length(segments, width - 1, pad=False)
    while kept and not kept[-1].text.rstrip():  # no "Zakład …": the ellipsis follows a word
        kept.pop()
    if kept:
        kept[-1] = Segment(kept[-1].text.rstrip(), kept[-1].style)
    style: Any = kept[-1].style if kept else None
    return [*kept, Segment(ELLIPSIS, style)]
