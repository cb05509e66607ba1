"""Moje konto: phone, e-mail and the channels to use, checked (a Polish mobile number, an
e-mail address) before anything is sent; with the leaflet's reminder to keep them current."""

from __future__ import annotations

from pydantic import ValidationError
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal
from textual.widgets import Button, Footer

from ...api import errors
from ...api.models import Channel, ContactUpdate
from ...formatting import invalid
from ..widgets import AppHeader, Notice, Plain, PlainLabel, TextField, TickBox
from .base import ErejScreen


class AccountScreen(ErejScreen):
    BINDINGS = [Binding("ctrl+s", "save", "save", id="account.save")]

    def compose(self) -> ComposeResult:
        p = self.session.patient
        c = p.contact
        yield AppHeader()
        yield Plain(self.t("account_title"), classes="title")
        with Grid(classes="form"):
            yield PlainLabel(self.t("name"))
            yield PlainLabel(f"{p.first_name} {p.last_name}, PESEL {p.pesel}")
            yield PlainLabel(self.t("phone"))
            yield TextField(
                value=c.phone or "", id="phone", compact=True, placeholder="+48 601 234 567"
            )
            yield PlainLabel(self.t("email"))
            yield TextField(
                value=c.email or "", id="email", compact=True, placeholder="jan.kowalski@example.pl"
            )
            yield PlainLabel(self.t("channels"))
            with Horizontal(classes="pair"):
                yield TickBox(
                    self.t("channel_sms"), Channel.SMS in c.channels, id="sms", compact=True
                )
                yield TickBox(
                    self.t("channel_email"), Channel.EMAIL in c.channels, id="mail", compact=True
                )
        yield Notice(id="account-notice")
        guardian = self.session.guardian
        if guardian is not None:  # a child's messages go to the guardian's contact data
            name = f"{guardian.first_name} {guardian.last_name}"
            yield Plain(self.t("child_contact_note", guardian=name), classes="notice tip")
        else:
            yield Plain(self.t("keep_contact_current"), classes="notice tip")
            yield Button(self.t("save"), id="save-button", variant="primary", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Notice).clear()
        if self.session.guardian is not None:
            for field in self.query("TextField, TickBox"):
                field.disabled = True
            return
        self.query_one("#phone").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "save" or self.session.guardian is None

    def _typed(self) -> tuple[str, str, list[Channel]]:
        """The form as filled in: phone, e-mail, channels."""
        channels = [
            ch
            for ch, box in ((Channel.SMS, "#sms"), (Channel.EMAIL, "#mail"))
            if self.query_one(box, TickBox).value
        ]
        phone = self.query_one("#phone", TextField).value.strip()
        return phone, self.query_one("#email", TextField).value.strip(), channels

    def action_back(self) -> None:
        """Leaving with changes not saved asks first: they would be lost."""
        c = self.session.patient.contact
        phone, email, channels = self._typed()
        saved = (c.phone or "", c.email or "", set(c.channels))
        if (phone, email, set(channels)) == saved:
            self.app.pop_screen()
            return
        from .question import QuestionScreen

        def answered(discard: bool | None) -> None:
            if discard:
                self.app.pop_screen()

        self.app.push_screen(
            QuestionScreen(
                self.lang,
                self.t("discard_question"),
                self.t("discard_yes"),
                self.t("discard_no"),
            ),
            answered,
        )

    @on(Button.Pressed, "#save-button")
    @on(TextField.Submitted)
    def action_save(self) -> None:
        notice = self.query_one(Notice)
        phone, email, channels = self._typed()
        try:
            update = ContactUpdate(phone=phone, email=email, channels=channels)
        except ValidationError as exc:
            notice.show(invalid(exc, self.lang), "error")
            return
        if channels:
            self.save(update)
            return
        # No channel: nothing the system sends would reach her. Saved only on her yes.
        from .question import QuestionScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.save(update)
            else:
                notice.show(self.t("no_channel_kept"), "info")

        self.app.push_screen(
            QuestionScreen(
                self.lang,
                self.t("no_channel_question"),
                self.t("no_channel_yes"),
                self.t("no_channel_no"),
            ),
            answered,
        )

    @work(exclusive=True, group="account")
    async def save(self, update: ContactUpdate) -> None:
        notice = self.query_one(Notice)
        notice.show(self.t("saving"), "info")
        try:
            patient = await self.api.update_contact(update)
        except errors.ApiError as exc:
            self.fail(exc, notice)
            return
        self.session.patient = patient
        self.query_one("#phone", TextField).value = patient.contact.phone or ""
        self.query_one("#email", TextField).value = patient.contact.email or ""
        notice.show(self.t("saved_contact"), "info")
        self.notify(self.t("saved_contact"))
