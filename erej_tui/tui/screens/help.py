"""Pomoc (F1 or ?): the keys of the screen underneath, with what they do."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable

from ..widgets import Plain, localize_bindings
from .base import Localized


def key_label(app, key: str) -> str:
    return app.get_key_display(Binding(key, ""))


class HelpScreen(Localized, ModalScreen):
    BINDINGS = [
        Binding("escape,f1,question_mark", "dismiss", "back", id="help.close"),
    ]

    def __init__(self, lang: str, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.lang = lang
        self.rows = rows
        localize_bindings(self, lang)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Plain(self.t("help_title"), classes="title")
            yield DataTable(id="help-keys", cursor_type="none", zebra_stripes=True)
            yield Plain(self.t("help_hint"), classes="notice info")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(self.t("key"), self.t("action"), "id")
        for keys, description, binding_id in self.rows:
            table.add_row(keys, description, binding_id)


def screen_keys(app) -> list[tuple[str, str, str]]:
    """The bindings active on the current screen: keys, label, binding id."""
    seen: dict[str, tuple[str, str, str]] = {}
    for key, active in app.screen.active_bindings.items():
        binding = active.binding
        if not binding.description or binding.id in (None, "help.close"):
            continue
        label = key_label(app, key)
        if binding.id in seen:
            old = seen[binding.id]
            seen[binding.id] = (f"{old[0]}, {label}", old[1], old[2])
        else:
            seen[binding.id] = (label, binding.description, binding.id)
    return sorted(seen.values(), key=lambda row: row[2])
