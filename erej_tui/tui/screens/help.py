"""Pomoc (F1 or ?): what the screen underneath is for and what comes next, its keys, and
their binding ids for the config file's [keymap]."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable

from ...i18n import MESSAGES, t
from ..widgets import Plain, localize_bindings
from .base import Localized


def key_label(app, key: str) -> str:
    return app.get_key_display(Binding(key, ""))


class HelpScreen(Localized, ModalScreen):
    BINDINGS = [
        Binding("escape,f1,question_mark", "dismiss", "back", id="help.close"),
    ]

    def __init__(self, lang: str, rows: list[tuple[str, str, str]], about: str = "") -> None:
        super().__init__()
        self.lang = lang
        self.rows = rows
        self.about = about
        localize_bindings(self, lang)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            if self.about:
                yield Plain(self.about, id="help-about")
            yield Plain(self.t("help_keys"), classes="title")
            yield DataTable(id="help-keys", cursor_type="none", zebra_stripes=True)
            yield Plain(self.t("help_keymap"), classes="title")
            keymap = ", ".join(f"{binding_id} = {keys}" for keys, _, binding_id in self.rows)
            yield Plain(keymap, id="help-keymap")
            yield Plain(self.t("help_hint"), classes="notice info")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(self.t("key"), self.t("action"))
        for keys, description, _ in self.rows:
            table.add_row(keys, description)


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
            # A widget's own bindings (a list's j/k) are named in the catalogue too.
            said = (
                t(binding.description, app.lang)
                if binding.description in MESSAGES
                else binding.description
            )
            seen[binding.id] = (label, said, binding.id)
    return sorted(seen.values(), key=lambda row: row[2])


def screen_about(app) -> str:
    """What the screen on view is for and what comes next, in the app's language."""
    key = f"about_{type(app.screen).__name__}"
    return t(key, app.lang) if key in MESSAGES else ""
