"""Small widgets the screens share: keyboard-first lists, fields, inline notices."""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding
from textual.dom import DOMNode
from textual.widgets import DataTable, Input, OptionList, Static
from textual.widgets.data_table import ColumnKey

from ..i18n import MESSAGES, t


def localize_bindings(node: DOMNode, lang: str) -> None:
    """Bindings are declared with catalogue keys as descriptions; show them in `lang`."""
    bindings = node._bindings.key_to_bindings
    for key, items in bindings.items():
        bindings[key] = [
            replace(b, description=t(b.description, lang)) if b.description in MESSAGES else b
            for b in items
        ]


class TextField(Input):
    """An input whose cursor blinks unless the app turns blinking off (snapshots)."""

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "blink", True)


class KeyTable(DataTable):
    """A row table with vi keys beside the arrows."""

    BINDINGS = [
        Binding("j", "cursor_down", "down", show=False, id="list.down"),
        Binding("k", "cursor_up", "up", show=False, id="list.up"),
    ]

    def __init__(self, **kw) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kw)
        self._flex: ColumnKey | None = None

    def add_flex_column(self, label: str) -> ColumnKey:
        """A column that takes the width the others leave, so none is pushed out of view."""
        self._flex = self.add_column(label, width=20)
        return self._flex

    def on_resize(self) -> None:
        if self._flex is None:
            return
        others = sum(c.width for key, c in self.columns.items() if key != self._flex)
        padding = 2 * self.cell_padding * len(self.columns) + 2  # + the scrollbar
        column = self.columns[self._flex]
        column.width = max(16, self.size.width - others - padding)
        column.auto_width = False
        self.refresh()


class KeyOptions(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "down", show=False, id="list.down"),
        Binding("k", "cursor_up", "up", show=False, id="list.up"),
    ]


class Notice(Static):
    """A one-paragraph inline message: `error`, `info` or `tip` class."""

    def show(self, text: str, kind: str = "info") -> None:
        self.update(text)
        self.set_classes(f"notice {kind}")
        self.display = bool(text)

    def clear(self) -> None:
        self.update("")
        self.display = False
