"""erej's two themes: Textual's dark and light, with every text readable (WCAG 2.1 AA).

Textual's own themes draw muted text (placeholders, hints) at 60% of the text colour, the
light theme's accent (titles, tips) in orange on light grey (1.5:1), its footer keys in a
mid blue (2.9:1), and the dark theme's cursor row in a blue on which white reaches only
4.6:1 and muted text far less. These keep Textual's look and fix those values;
tests/tui/test_contrast.py reads every screen back and checks each segment.
"""

from __future__ import annotations

from dataclasses import replace

from textual.app import App
from textual.theme import BUILTIN_THEMES, Theme


def _based_on(name: str, base: str, variables: dict[str, str]) -> Theme:
    """Textual's theme `base` as `name`, its `variables` replaced where we say."""
    theme = BUILTIN_THEMES[base]
    return replace(theme, name=name, variables={**theme.variables, **variables})


# Under Textual's own names: the app starts in Textual's default theme, so registering
# ours in its place costs no restyle before the first frame (a new name did: ~60 ms).
DARK = _based_on(
    "textual-dark",
    "textual-dark",
    {
        # "auto": the colour that contrasts with whatever it is drawn on, cursor row
        # included; 75% keeps it visibly secondary.
        "text-muted": "auto 75%",
        "block-cursor-background": "#0A5AA0",
        "input-selection-background": "#0A5AA0 60%",
        # Scroll bar thumbs at 3:1 against their track (non-text contrast).
        "scrollbar": "#2C6AA0",
        "scrollbar-hover": "#3A7BB4",
        "scrollbar-active": "#4A8CC6",
    },
)

LIGHT = _based_on(
    "textual-light",
    "textual-light",
    {
        "text-muted": "auto 75%",
        "text-accent": "#7A4800",
        "text-warning": "#7A4800",
        "text-success": "#1F5C32",
        "text-error": "#7A273C",
        "footer-key-foreground": "#004578",
        "scrollbar": "#4A6378",
        "scrollbar-hover": "#3D5468",
        "scrollbar-active": "#304558",
    },
)

THEMES = {"dark": DARK, "light": LIGHT}


def use_themes(app: App[object], which: str) -> None:
    """Register erej's themes on `app` (before it runs) and start it in `which` ("dark" or
    "light"). They replace Textual's themes under their names, so the default one is not
    a change and costs no restyle before the first frame; the stylesheet, made in
    App.__init__ from Textual's variables and not parsed yet, gets ours."""
    for theme in THEMES.values():
        app.register_theme(theme)
    app.theme = THEMES[which].name
    app.stylesheet.set_variables(app.get_css_variables())
