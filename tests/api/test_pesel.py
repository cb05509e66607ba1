from datetime import date

import pytest

from erej_tui.api.pesel import PeselError, Sex, is_valid_pesel, make_pesel, parse_pesel


def test_a_known_valid_pesel_decodes_birth_date_and_sex():
    # 44051401359: the textbook example, a man born 14 May 1944.
    p = parse_pesel("44051401359")
    assert p.birth_date == date(1944, 5, 14)
    assert p.sex is Sex.MALE


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("4405140135", "length"),
        ("440514013591", "length"),
        ("4405140135a", "digits"),
        ("44051401358", "checksum"),
        ("44133101357", "date"),  # month 13 is no century's month
        ("44023001350", "date"),  # 30 February
    ],
)
def test_invalid_pesels_say_why(value, reason):
    if reason == "date":
        # Give the made-up number a correct check digit, so the date is what fails.
        from erej_tui.api.pesel import check_digit

        value = value[:10] + str(check_digit(value[:10]))
    with pytest.raises(PeselError) as info:
        parse_pesel(value)
    assert info.value.reason == reason
    assert str(info.value)  # a message for a person
    assert not is_valid_pesel(value)


@pytest.mark.parametrize(
    "born", [date(1899, 12, 31), date(1962, 1, 1), date(2004, 2, 29), date(2150, 7, 1)]
)
@pytest.mark.parametrize("sex", [Sex.FEMALE, Sex.MALE])
def test_made_pesels_round_trip_across_centuries(born, sex):
    p = parse_pesel(make_pesel(born, sex, 123))
    assert (p.birth_date, p.sex) == (born, sex)
