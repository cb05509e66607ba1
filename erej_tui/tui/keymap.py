"""Every binding of the app by id, with the user's [keymap] applied: for `erej keys`."""

from __future__ import annotations

from textual.binding import Binding

from ..i18n import MESSAGES, t
from .app import ErejApp
from .screens.account import AccountScreen
from .screens.base import ErejScreen
from .screens.confirm import ConfirmScreen
from .screens.desk import BookDialog, DeskForm, DeskLoginScreen, ScheduleScreen
from .screens.details import DetailsScreen
from .screens.done import DoneScreen
from .screens.facilities import FacilitiesScreen
from .screens.help import HelpScreen
from .screens.home import HomeScreen
from .screens.login import LoginScreen
from .screens.notifications import NotificationsScreen
from .screens.question import QuestionScreen
from .screens.registration import RegistrationScreen
from .screens.search import SearchScreen
from .screens.slots import SlotsScreen
from .screens.visits import VisitsScreen
from .screens.waitlist import WaitlistScreen
from .table import KeyTable
from .widgets import KeyOptions

WHERE = (
    (ErejApp, "app"),
    (ErejScreen, "ekrany"),
    (LoginScreen, "Logowanie"),
    (HomeScreen, "Plan leczenia"),
    (DeskLoginScreen, "Rejestracja w placówce"),
    (ScheduleScreen, "Terminarz"),
    (BookDialog, "Zapisz pacjenta"),
    (DeskForm, "formularz rejestracji"),
    (RegistrationScreen, "Rejestracja"),
    (SearchScreen, "Miejsce i termin"),
    (FacilitiesScreen, "Placówki"),
    (SlotsScreen, "Wybierz termin"),
    (ConfirmScreen, "Zatwierdź"),
    (DoneScreen, "Wynik"),
    (VisitsScreen, "Zaplanowane wizyty"),
    (DetailsScreen, "Szczegóły"),
    (WaitlistScreen, "Poczekalnia"),
    (NotificationsScreen, "Powiadomienia"),
    (AccountScreen, "Moje konto"),
    (QuestionScreen, "pytanie"),
    (HelpScreen, "pomoc"),
    (KeyTable, "listy"),
    (KeyOptions, "listy"),
)


def effective_keymap(overrides: dict[str, str], lang: str) -> list[tuple[str, str, str, str]]:
    """(id, keys, what it does, where) for every binding with an id, overrides applied."""
    rows: dict[str, tuple[str, str, str, str]] = {}
    for cls, where in WHERE:
        for binding in cls.BINDINGS:
            if not isinstance(binding, Binding) or binding.id is None:
                continue
            keys = overrides.get(binding.id, binding.key)
            label = (
                t(binding.description, lang)
                if binding.description in MESSAGES
                else (binding.description or binding.action)
            )
            if binding.id in rows and not binding.description:
                continue  # a screen that only disables a shared key (Escape on the plan)
            if binding.id in rows and where not in rows[binding.id][3]:
                old = rows[binding.id]
                rows[binding.id] = (old[0], old[1], old[2], f"{old[3]}, {where}")
            else:
                rows.setdefault(binding.id, (binding.id, keys, label, where))
    return sorted(rows.values())
