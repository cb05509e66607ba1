"""How dates read: in tables, every day the same width; in sentences, as people say them."""

from datetime import date, datetime, timedelta

import pytest

from erej_tui.api.timefmt import WARSAW, moment, short_day


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_table_days_have_one_width_so_the_next_column_stays_put(lang):
    days = [date(2026, 11, 28) + timedelta(days=n) for n in range(14)]  # 1- and 2-digit days
    widths = {len(short_day(d, lang)) for d in days}
    assert widths == {14}, [short_day(d, lang) for d in days]
    assert (
        short_day(date(2026, 12, 2), lang) == {"pl": "śro 02.12.2026", "en": "Wed 02.12.2026"}[lang]
    )


def test_a_moment_in_a_sentence_puts_the_weekday_in_brackets():
    at = datetime(2026, 12, 2, 14, 0, tzinfo=WARSAW)
    assert moment(at) == "2 grudnia 2026 (środa), godz. 14:00"
    assert moment(at, "en") == "2 December 2026 (Wednesday), 14:00"
