"""Small widgets the screens share: keyboard-first lists, fields, inline notices.

Text is shown as written everywhere in the app (`Plain`, `PlainLabel`, and the lists
and notices here, all without markup): names, addresses and messages come from the
backend, and a square bracket in them must neither hide words nor end the app with a
MarkupError. The app's own texts use no markup either.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from textual.binding import Binding
from textual.content import Content
from textual.dom import DOMNode
from textual.widgets import Checkbox, Header, Input, Label, OptionList, Static

from ..i18n import MESSAGES, t


def localize_bindings(node: DOMNode, lang: str) -> None:
    """Bindings are declared with catalogue keys as descriptions; show them in `lang`."""
    bindings = node._bindings.key_to_bindings
    for key, items in bindings.items():
        bindings[key] = [
            replace(b, description=t(b.description, lang)) if b.description in MESSAGES else b
            for b in items
        ]


class AppHeader(Header):
    """The app's header, with a plain "+" for its icon: Textual's "⭘" is in neither the
    Roboto Mono that `erej serve` gives browsers nor many terminals' fonts."""

    def __init__(self) -> None:
        super().__init__(icon="+")


class TickBox(Checkbox):
    """A checkbox whose state reads without colour: "[✓]" when on, "[ ]" when off.

    Textual draws the same "X" for both, in two colours, between half blocks in the
    panel's colour, which on the surface behind them (1.2:1) leave an empty box invisible.
    """

    BUTTON_LEFT = "["
    BUTTON_RIGHT = "]"

    def watch_value(self) -> None:
        self.BUTTON_INNER = "✓" if self.value else " "
        super().watch_value()

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        return Content.assemble(
            (self.BUTTON_LEFT, style), (self.BUTTON_INNER, style), (self.BUTTON_RIGHT, style)
        )


class TextField(Input):
    """An input whose cursor blinks unless the app turns blinking off (snapshots).

    With `pass_others`, a field restricted to some characters (PESEL: digits) leaves the
    others to the screen's keys: a letter typed in the PESEL field picks a demo patient
    rather than vanishing.
    """

    def __init__(self, *args: Any, pass_others: bool = False, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.pass_others = pass_others

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "blink", True)

    def check_consume_key(self, key: str, character: str | None) -> bool:
        if (
            self.pass_others
            and self.restrict
            and character
            and not re.fullmatch(self.restrict, character)
        ):
            return False
        return super().check_consume_key(key, character)


class Plain(Static):
    """A Static whose text is shown as written (see the module docstring)."""

    def __init__(self, content: Any = "", **kw: Any) -> None:
        super().__init__(content, markup=False, **kw)


class PlainLabel(Label):
    """A Label whose text is shown as written."""

    def __init__(self, content: Any = "", **kw: Any) -> None:
        super().__init__(content, markup=False, **kw)


class KeyOptions(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "down", show=False, id="list.down"),
        Binding("k", "cursor_up", "up", show=False, id="list.up"),
    ]

    def __init__(self, *content, **kw) -> None:
        super().__init__(*content, markup=False, **kw)


class Notice(Plain):
    """A one-paragraph inline message: `error`, `info` or `tip` class."""

    def show(self, text: str, kind: str = "info") -> None:
        self.update(text)
        self.set_classes(f"notice {kind}")
        self.display = bool(text)

    def clear(self) -> None:
        self.update("")
        self.display = False
