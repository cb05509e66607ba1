"""The command palette's commands in the app's order and language.

Textual's own provider lists the app's commands alphabetically, which put "Demo: …" above
the patient's own actions, and says "No matches found" in English. This one lists them as
`ErejApp.get_system_commands` yields them (the patient's actions, then the app's, then the
demo controls grouped), and says in the UI's language when nothing matches.
"""

from __future__ import annotations

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..i18n import t


class ErejCommands(Provider):
    def _commands(self):
        return list(self.app.get_system_commands(self.screen))

    async def discover(self) -> Hits:
        for command in self._commands():
            if command.discover:
                yield DiscoveryHit(command.title, command.callback, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        found = False
        for command in self._commands():
            score = matcher.match(command.title)
            if score > 0:
                found = True
                yield Hit(
                    score, matcher.highlight(command.title), command.callback, help=command.help
                )
        if not found:  # said as a choice that does nothing, in place of Textual's English
            lang = getattr(self.app, "lang", "pl")
            yield Hit(0.0001, t("palette_no_match", lang), lambda: None)
