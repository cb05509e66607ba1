"""The slot list's table: Textual's DataTable with vi keys, a column that takes the width
the others leave, and a lean renderer for its body rows.

DataTable draws each cell through Rich (padding, wrapping, cropping) and keys its row
cache on the cursor's position, so every key press redrew every visible row and a page
down cost ~40 ms of CPU. Rows here hold plain text, so a body row is laid out straight
into segments, once per row and per look (zebra stripe, under the cursor or not): a
cursor move redraws the two rows it changes, a page down only the rows it brings in.
The header, and any table using what the lean path does not cover (fixed columns, row
labels, a cell or column cursor, cells that are not text), go through DataTable itself.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.cache import LRUCache
from textual.coordinate import Coordinate
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey

ELLIPSIS = "…"
# A row the cursor is never on: rows the cursor is not on look the same wherever it is.
ELSEWHERE = Coordinate(-2, 0)

Line = list[Segment]


class KeyTable(DataTable):
    """A row table with vi keys beside the arrows."""

    BINDINGS = [
        Binding("j", "cursor_down", "down", show=False, id="list.down"),
        Binding("k", "cursor_up", "up", show=False, id="list.up"),
    ]

    def __init__(self, **kw) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kw)
        self._flex: ColumnKey | None = None
        self._flex_content = 0  # the widest cell of the flex column so far
        # Each body row's cells as lines of segments, for the current `_update_count`.
        self._lines: dict[RowKey, list[tuple[list[Line], str]] | None] = {}
        self._lines_for = -1
        self._stripes: dict[tuple[int, Style], Style] = {}  # (row parity, base) -> style
        # Laid-out body lines; the key holds all they depend on (update count, width, …).
        self._lean_cache: LRUCache[tuple, tuple[list[Line], list[Line]]] = LRUCache(1000)

    def add_column(
        self,
        label: str | Text,
        *,
        width: int | None = None,
        key: str | None = None,
        default: Any = None,
    ) -> ColumnKey:
        """As DataTable's, but a fixed width is never narrower than the label: a header
        longer in one language than another is not cut."""
        if width is not None:
            width = max(width, cell_len(str(label)))
        return super().add_column(label, width=width, key=key, default=default)

    def add_flex_column(self, label: str) -> ColumnKey:
        """A column that takes the width the others leave, so none is pushed out of view,
        but no more than its widest cell needs: at 200 columns the columns after it stay
        beside the row's text, not a screen's width away."""
        self._flex = self.add_column(label, width=20)
        return self._flex

    def add_row(self, *cells: Any, height: int | None = 1, key: str | None = None, label=None):
        row_key = super().add_row(*cells, height=height, key=key, label=label)
        if self._flex is not None:
            cell = cells[list(self.columns).index(self._flex)]
            widest = max((cell_len(line) for line in str(cell).splitlines()), default=0)
            if widest > self._flex_content:
                self._flex_content = widest
                self._fit_flex()
        return row_key

    def clear(self, columns: bool = False):
        self._flex_content = 0
        return super().clear(columns)

    def on_resize(self) -> None:
        self._fit_flex()

    def _fit_flex(self) -> None:
        if self._flex is None:
            return
        others = sum(c.width for key, c in self.columns.items() if key != self._flex)
        padding = 2 * self.cell_padding * len(self.columns) + 2  # + the scrollbar
        column = self.columns[self._flex]
        available = self.size.width - others - padding
        wanted = max(self._flex_content, cell_len(str(column.label)))
        width = max(16, min(available, wanted)) if self._flex_content else max(16, available)
        if width != column.width:
            column.width = width
            column.auto_width = False
            self._require_update_dimensions = True
            self.refresh()

    def notify_style_update(self) -> None:
        self._stripes.clear()  # a new theme or stylesheet
        super().notify_style_update()

    # --- the lean row renderer -------------------------------------------------------------
    def _render_line_in_row(
        self,
        row_key: RowKey,
        line_no: int,
        base_style: Style,
        cursor_location: Coordinate,
        hover_location: Coordinate,
    ) -> tuple[list[Line], list[Line]]:
        lean = (
            self.cursor_type == "row" and not self.fixed_columns and not self._labelled_row_exists
        )
        located = self._row_locations.get(row_key)
        row_index = -1 if located is None else located
        if not lean or row_index < self.fixed_rows:  # the header is row -1
            if lean:  # keep DataTable's cache for this row while the cursor moves elsewhere
                if cursor_location.row != row_index:
                    cursor_location = ELSEWHERE
                if hover_location.row != row_index:
                    hover_location = ELSEWHERE
            return super()._render_line_in_row(
                row_key, line_no, base_style, cursor_location, hover_location
            )
        cells = self._cell_lines(row_key)
        if cells is None:
            return super()._render_line_in_row(
                row_key, line_no, base_style, cursor_location, hover_location
            )
        cursor = cursor_location.row == row_index
        hover = hover_location.row == row_index
        key = (
            "lean",
            row_key,
            line_no,
            base_style,
            cursor,
            hover,
            self.show_cursor,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
            self.size.width,
        )
        if key in self._lean_cache:
            return self._lean_cache[key]
        row = self._lay_out(row_index, line_no, cells, base_style, cursor, hover)
        self._lean_cache[key] = row
        return row

    def _cell_lines(self, row_key: RowKey) -> list[tuple[list[Line], str]] | None:
        """The row's cells as (lines of segments, justify); None when a cell is not text."""
        if self._lines_for != self._update_count:
            self._lines.clear()
            self._lines_for = self._update_count
        if row_key not in self._lines:
            cells: list[tuple[list[Line], str]] = []
            console = self.app.console
            for value in self.get_row(row_key):
                if isinstance(value, str):
                    value = Text.from_markup(value)  # as DataTable reads a string
                elif value is None:
                    value = Text()
                if not isinstance(value, Text):
                    self._lines[row_key] = None
                    break
                lines = [list(line.render(console)) for line in value.split(allow_blank=True)]
                cells.append((lines, value.justify or "left"))
            else:
                self._lines[row_key] = cells
        return self._lines[row_key]

    def _lay_out(
        self,
        row_index: int,
        line_no: int,
        cells: list[tuple[list[Line], str]],
        base_style: Style,
        cursor: bool,
        hover: bool,
    ) -> tuple[list[Line], list[Line]]:
        """One line of a body row, styled as DataTable styles it (stripe, cursor, hover,
        the row and column in each segment's meta for the mouse); text that does not fit
        its column ends in an ellipsis."""
        stripe = (row_index % 2, base_style)
        if stripe not in self._stripes:  # DataTable looks the component style up each time
            self._stripes[stripe] = self._get_row_style(row_index, base_style)
        row_style = self._stripes[stripe]
        component, post = self._get_styles_to_render_cell(
            False,
            False,
            False,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        pad = self.cell_padding
        scrollable: list[Line] = []
        used = 0
        for column_index, (column, (lines, justify)) in enumerate(
            zip(self.ordered_columns, cells, strict=False)
        ):
            meta = Style.from_meta({"row": row_index, "column": column_index})
            pre = row_style + meta + component
            width = column.get_render_width(self)
            used += width
            content = _fit(lines[line_no] if line_no < len(lines) else [], width - 2 * pad)
            fill = pre + post
            text = [
                Segment(s.text, _undimmed(pre + s.style + post) if s.style else fill)
                for s in content
            ]
            gap = width - 2 * pad - sum(cell_len(s.text) for s in content)
            left = {"right": gap, "center": gap // 2}.get(justify, 0)
            right = gap - left
            scrollable.append(
                [Segment(" " * (pad + left), fill), *text, Segment(" " * (pad + right), fill)]
            )
        remaining = max(0, self.size.width - used)
        out_of_bounds = Style.from_meta({"row": row_index, "column": 0, "out_of_bounds": True})
        scrollable.append([Segment(" " * remaining, row_style + component + out_of_bounds)])
        return [], scrollable


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
