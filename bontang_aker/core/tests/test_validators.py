import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from bontang_aker.core.forms import AsciiDateField, AsciiIntegerField
from bontang_aker.core.validators import (
    digits_only,
    normalize_digits,
    normalize_phone,
    parse_nik,
    validate_kbli_code,
    validate_nib,
    validate_nik,
    validate_nik_matches,
    validate_no_control_characters,
    validate_no_control_characters_multiline,
    validate_npwp,
    validate_phone,
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


# Digits of other scripts --------------------------------------------------------------------

FULLWIDTH_NIB = "９１２０００１２３４５６７"  # 9120001234567
ARABIC_INDIC_NIK = "٦٤٧٤٠١١٤٠٣٩٩٠٠٠١"  # 6474011403990001
EXTENDED_ARABIC_INDIC_KBLI = "۴۱۰۱۳"  # 41013, as typed on a Persian/Urdu keyboard


@pytest.mark.parametrize(
    ("typed", "ascii_digits"),
    [
        (FULLWIDTH_NIB, "9120001234567"),
        ("９１２ ０００－１２３４５６７", "9120001234567"),  # fullwidth hyphen and ideographic space
        (ARABIC_INDIC_NIK, "6474011403990001"),
        (EXTENDED_ARABIC_INDIC_KBLI, "41013"),
        ("01.234.567.8-901.000", "012345678901000"),
        ("٠١.٢٣٤.٥٦٧.٨-٩٠١.٠٠٠", "012345678901000"),
        ("6474\u00a00114 0399\u20070001", "6474011403990001"),  # no-break and figure spaces
    ],
)
def test_digits_only_turns_any_script_into_ascii_digits(typed, ascii_digits):
    assert digits_only(typed) == ascii_digits


def test_normalize_digits_keeps_what_is_not_a_digit_for_the_validator_to_refuse():
    assert normalize_digits("٤x٢") == "4x2"
    assert normalize_digits("NIB: ９１") == "NIB: 91"
    with pytest.raises(ValidationError):  # a zero-width space between the digits stays, and is refused
        validate_nik(digits_only("٦٤٧٤٠١١٤٠٣٩٩٠٠٠\u200b١"))


@pytest.mark.parametrize(
    ("validator", "value"),
    [
        (validate_nib, FULLWIDTH_NIB),
        (validate_nik, ARABIC_INDIC_NIK),
        (validate_npwp, "٠١٢٣٤٥٦٧٨٩٠١٠٠٠"),
        (validate_kbli_code, EXTENDED_ARABIC_INDIC_KBLI),
        (validate_kbli_code, "4101３"),
        (validate_phone, "٠٨١٢٣٤٥٦٧٨٩٠"),
    ],
)
def test_validators_accept_ascii_digits_only(validator, value):
    # A validator never converts: a value that skipped the normaliser is refused, not stored as typed.
    with pytest.raises(ValidationError):
        validator(value)
    validator(digits_only(value) if validator is not validate_phone else normalize_phone(value))


def test_kbli_code_is_exactly_five_ascii_digits():
    validate_kbli_code("46100")
    for bad in ("4610", "461000", "4610a", "46100\n", ""):
        with pytest.raises(ValidationError):
            validate_kbli_code(bad)


@pytest.mark.parametrize("typed", ["٠٨١٢٣٤٥٦٧٨٩٠", "０８１２－３４５６－７８９０", "＋６２ ８１２ ３４５６ ７８９０"])
def test_phone_numbers_in_other_digits_are_normalized_to_ascii(typed):
    assert normalize_phone(typed) == "+6281234567890"


def test_a_nik_in_arabic_indic_digits_decodes_like_its_ascii_form():
    assert parse_nik(digits_only(ARABIC_INDIC_NIK), today=TODAY).birth_date == datetime.date(1999, 3, 14)


@pytest.mark.parametrize(("typed", "number"), [("٤", 4), ("４２", 42), (" 7 ", 7), ("+3", 3), ("12.0", 12)])
def test_integer_field_reads_other_digits_as_ascii(typed, number):
    assert AsciiIntegerField().clean(typed) == number


@pytest.mark.parametrize("typed", ["1_000", "٤_٠", "½", "4x", "1.5"])
def test_integer_field_refuses_what_is_not_a_plain_number(typed):
    with pytest.raises(ValidationError) as excinfo:
        AsciiIntegerField().clean(typed)
    assert excinfo.value.code == "invalid"


def test_date_field_reads_other_digits_as_ascii():
    assert AsciiDateField().clean("٢٠٢٦-٠١-٣١") == datetime.date(2026, 1, 31)
    assert AsciiDateField().clean("２０２６－０１－３１") == datetime.date(2026, 1, 31)


# Control characters -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Rudi\x01Hartono",
        "Rudi \x1b[31mHartono",  # ESC: a terminal colour code
        "Rudi\x7f",
        "Rudi\x85",  # a C1 control
        "Rudi\u202eonotraH",  # right-to-left override
        "Ru\u200bdi",  # zero-width space
        "\ufeffRudi",  # byte-order mark
        "Rudi\ud800",  # a lone surrogate (JSON can carry one)
        "Rudi\tHartono",
        "Rudi\nHartono",
        "Rudi\u2028Hartono",
    ],
)
def test_single_line_text_refuses_control_and_invisible_characters(text):
    with pytest.raises(ValidationError) as excinfo:
        validate_no_control_characters(text)
    assert excinfo.value.code == "control_character"


def test_the_message_names_the_character():
    with pytest.raises(ValidationError) as excinfo:
        validate_no_control_characters("Rudi\x1bHartono")
    with translation.override("en"):
        assert "U+001B" in messages_of(excinfo)


@pytest.mark.parametrize(
    "text", ["Rudi Hartono", "Siti Nur’aini", "José Ramos-Horta", "Ni Luh Putu Ayu", "Nguyễn Thị Hồng", "محمد"]
)
def test_ordinary_names_pass(text):
    validate_no_control_characters(text)
    validate_no_control_characters_multiline(text)


def test_multiline_text_keeps_newlines_and_tabs_but_not_other_controls():
    validate_no_control_characters_multiline("Tugas:\r\n\t- mengelas pipa\n- K3 👩\u200d🏭\u00a0ok")
    with pytest.raises(ValidationError):
        validate_no_control_characters_multiline("Tugas:\n\x1b[2J")
    with pytest.raises(ValidationError):
        validate_no_control_characters_multiline("Tugas\x00")
