import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from bontang_aker.core.validators import (
    normalize_phone,
    parse_nik,
    validate_nib,
    validate_nik,
    validate_nik_matches,
    validate_npwp,
)

TODAY = datetime.date(2026, 11, 29)


def messages_of(excinfo) -> str:
    return " ".join(str(m) for m in excinfo.value.messages)


def test_nik_of_a_man_decodes_region_birth_date_and_sex():
    info = parse_nik("6474011403990001", today=TODAY)
    assert info.region_code == "647401"
    assert info.birth_date == datetime.date(1999, 3, 14)
    assert info.sex == "M"


def test_nik_of_a_woman_has_40_added_to_the_day():
    info = parse_nik("6474015403990002", today=TODAY)
    assert info.birth_date == datetime.date(1999, 3, 14)
    assert info.sex == "F"


def test_nik_year_after_this_year_is_last_century():
    assert parse_nik("6474011403300001", today=TODAY).birth_date.year == 1930
    assert parse_nik("6474011403050001", today=TODAY).birth_date.year == 2005


def test_nik_accepts_typed_separators():
    validate_nik("6474 0114 0399 0001")


@pytest.mark.parametrize(
    ("nik", "code"),
    [
        ("647401140399001", "nik_format"),  # 15 digits
        ("64740114039900011", "nik_format"),  # 17 digits
        ("64740114O3990001", "nik_format"),  # a letter O
        ("9974011403990001", "nik_region"),  # no province 99
        ("6400011403990001", "nik_region"),  # regency 00
        ("6474001403990001", "nik_region"),  # district 00
        ("6474013202990001", "nik_birth_date"),  # 32 February
        ("6474011413990001", "nik_birth_date"),  # month 13
        ("6474017203990001", "nik_birth_date"),  # day 72 = woman born on the 32nd
        ("6474011403990000", "nik_serial"),
    ],
)
def test_invalid_nik_is_rejected_with_a_reason(nik, code):
    with pytest.raises(ValidationError) as excinfo:
        parse_nik(nik, today=TODAY)
    assert excinfo.value.code == code


def test_nik_message_is_indonesian_by_default_and_english_on_request():
    # the message is lazy: it is rendered in the language active where it is shown
    with pytest.raises(ValidationError) as excinfo:
        validate_nik("123")
    with translation.override("id"):
        assert messages_of(excinfo) == "NIK harus terdiri dari tepat 16 digit."
    with translation.override("en"):
        assert messages_of(excinfo) == "A NIK has exactly 16 digits."


def test_nik_must_match_the_birth_date_and_sex_entered():
    # given a NIK of a woman born 14-03-1999
    nik = "6474015403990002"
    # when / then: the right data passes
    validate_nik_matches(nik, birth_date=datetime.date(1999, 3, 14), sex="F")
    # a man's sex or another birth date fails, each on its own field
    with pytest.raises(ValidationError) as excinfo:
        validate_nik_matches(nik, birth_date=datetime.date(1999, 3, 15), sex="M")
    assert set(excinfo.value.message_dict) == {"birth_date", "sex"}
    with translation.override("id"):
        assert "tanggal lahir tidak sesuai" in " ".join(excinfo.value.message_dict["birth_date"]).lower()


@pytest.mark.parametrize("nib", ["9120001234567", "912 000 123 4567"])
def test_nib_of_13_digits_is_valid(nib):
    validate_nib(nib)


@pytest.mark.parametrize("nib", ["912000123456", "91200012345678", "91200012345A7", ""])
def test_nib_of_another_length_is_invalid(nib):
    with pytest.raises(ValidationError) as excinfo:
        validate_nib(nib)
    with translation.override("id"):
        assert "harus terdiri dari tepat 13 digit" in messages_of(excinfo)


@pytest.mark.parametrize("npwp", ["01.234.567.8-901.000", "012345678901000", "3174011403990001"])
def test_npwp_of_15_or_16_digits_is_valid(npwp):
    validate_npwp(npwp)


@pytest.mark.parametrize("npwp", ["01.234.567.8-901.00", "12345678901234567", "abc"])
def test_npwp_of_another_length_is_invalid(npwp):
    with pytest.raises(ValidationError) as excinfo:
        validate_npwp(npwp)
    with translation.override("en"):
        assert messages_of(excinfo) == "An NPWP has 15 digits (old format) or 16 digits."


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("(0548) 21234", "+6254821234"),
    ],
)
def test_indonesian_phone_numbers_are_normalized(raw, normalized):
    assert normalize_phone(raw) == normalized


@pytest.mark.parametrize("raw", ["12345", "0012345678", "+1 202 555 0100", "08123", "phone"])
def test_other_phone_numbers_are_rejected(raw):
    with pytest.raises(ValidationError):
        normalize_phone(raw)
