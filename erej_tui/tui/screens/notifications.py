"""Powiadomienia: the SMS and e-mail messages the backend sent, newest first, with channel,
time and text; the ones not seen before are marked."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from ...api import errors, timefmt
from ...api.models import Notification
from ...formatting import channel
from ..widgets import AppHeader, Notice, Plain
from .base import ErejScreen


class NotificationsScreen(ErejScreen):
    BINDINGS = [
        Binding("j", "scroll(1)", "down", show=False, id="list.down"),
        Binding("k", "scroll(-1)", "up", show=False, id="list.up"),
        Binding("f5", "refresh", "refresh", id="notifications.refresh"),
    ]

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Plain(self.t("notifications_title"), classes="title")
        yield Notice(id="notifications-notice")
        yield VerticalScroll(id="messages", can_focus=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Notice).clear()
        self.load()

    def action_scroll(self, lines: int) -> None:
        self.query_one("#messages", VerticalScroll).scroll_relative(y=lines, animate=False)

    @work(exclusive=True, group="notifications")
    async def load(self) -> None:
        notice = self.query_one(Notice)
        try:
            with self.first_load("#messages"):
                items = await self.api.notifications(limit=100)
        except errors.ApiError as exc:
            self.fail(exc, notice)
            return
        seen = self.session.state.seen_notification
        box = self.query_one("#messages", VerticalScroll)
        await box.remove_children()
        await box.mount_all(self._message(n, n.id > seen) for n in items)
        if items:
            notice.clear()
            self.session.state.mark_seen(max(n.id for n in items))
        else:
            notice.show(self.t("no_notifications"), "info")
        box.focus()

    def _message(self, n: Notification, unread: bool) -> Static:
        head = Text()
        if unread:
            head.append(f"● {self.t('new')}  ", style="bold")
        head.append(
            f"{timefmt.short_day(n.created_at.date(), self.lang)} {n.created_at:%H:%M}"
            f" · {channel(n.channel, self.lang)} · {n.recipient}"
        )
        if n.subject:  # an e-mail's subject: on its own line, as a mail program shows it
            head.append(f"\n{n.subject}", style="italic")
        head.append(f"\n{n.body}", style="")
        return Plain(head, classes="message unread" if unread else "message")
