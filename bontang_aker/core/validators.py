"""Validators for Indonesian identifiers: NIK, NIB, NPWP and phone numbers.

Messages are translated (Indonesian by default). Normalisers strip the punctuation people
type ("01.234.567.8-901.000", "0812-3456-7890") so the database holds digits only.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Kemendagri province codes (the first two NIK digits), including the 2022 Papua provinces.
PROVINCE_CODES = frozenset(
    {
        "11",
        "12",
        "13",
        "14",
        "15",
        "16",
        "17",
        "18",
        "19",
        "21",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "51",
        "52",
        "53",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "72",
        "73",
        "74",
        "75",
        "76",
        "81",
        "82",
        "91",
        "92",
        "93",
        "94",
        "95",
        "96",
        "97",
    }
)

_NON_DIGITS = re.compile(r"[\s.\-/]")


def digits_only(value: str) -> str:
    """Strip the separators people type between digits (spaces, dots, dashes, slashes)."""
    return _NON_DIGITS.sub("", value or "")


class NikInfo:
    """What a NIK encodes: where it was first issued, the birth date and the sex."""

    def __init__(self, region_code: str, birth_date: datetime.date, sex: str):
        self.region_code = region_code
        self.birth_date = birth_date
        self.sex = sex


def parse_nik(value: str, *, today: datetime.date | None = None) -> NikInfo:
    """Validate a NIK and return what it encodes; raise ValidationError with a clear reason."""
    nik = digits_only(value)
    if not re.fullmatch(r"\d{16}", nik):
        raise ValidationError(_("A NIK has exactly 16 digits."), code="nik_format")
    if nik[:2] not in PROVINCE_CODES or nik[2:4] == "00" or nik[4:6] == "00":
        raise ValidationError(_("The first six digits of the NIK are not a valid region code."), code="nik_region")
    day, month, year2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex = "F" if day > 40 else "M"
    if day > 40:
        day -= 40
    today = today or datetime.date.today()
    century = 2000 if 2000 + year2 <= today.year else 1900
    try:
        birth_date = datetime.date(century + year2, month, day)
    except ValueError:
        raise ValidationError(
            _("Digits 7–12 of the NIK are not a valid birth date (DDMMYY, day plus 40 for women)."),
            code="nik_birth_date",
        ) from None
    if nik[12:16] == "0000":
        raise ValidationError(_("The last four digits of the NIK cannot be 0000."), code="nik_serial")
    return NikInfo(region_code=nik[:6], birth_date=birth_date, sex=sex)


def validate_nik(value: str) -> None:
    parse_nik(value)


def validate_nik_matches(nik: str, *, birth_date: datetime.date | None, sex: str | None) -> None:
    """Check the NIK against the birth date and sex entered on the same form.

    Raises a ValidationError keyed by field, so forms show each problem next to its field.
    """
    info = parse_nik(nik)
    errors = {}
    if birth_date and (info.birth_date.day, info.birth_date.month, info.birth_date.year % 100) != (
        birth_date.day,
        birth_date.month,
        birth_date.year % 100,
    ):
        errors["birth_date"] = ValidationError(
            _("The birth date does not match the NIK (the NIK says %(date)s)."),
            code="nik_birth_date_mismatch",
            params={"date": info.birth_date.strftime("%d-%m-%Y")},
        )
    if sex and sex != info.sex:
        errors["sex"] = ValidationError(
            _("The sex does not match the NIK (for women the NIK's birth day is increased by 40)."),
            code="nik_sex_mismatch",
        )
    if errors:
        raise ValidationError(errors)


def validate_nib(value: str) -> None:
    if not re.fullmatch(r"\d{13}", digits_only(value)):
        raise ValidationError(_("An NIB (Nomor Induk Berusaha) has exactly 13 digits."), code="nib_format")


def validate_npwp(value: str) -> None:
    if not re.fullmatch(r"\d{15}|\d{16}", digits_only(value)):
        raise ValidationError(_("An NPWP has 15 digits (old format) or 16 digits."), code="npwp_format")


def normalize_phone(value: str) -> str:
    """Return an Indonesian phone number as +62…, or raise ValidationError.

    Accepts 08…, 628…, +62 8…, and landlines with an area code such as 0548-21234.
    """
    raw = re.sub(r"[\s.\-()]", "", value or "")
    if raw.startswith("+62"):
        national = raw[3:]
    elif raw.startswith("62"):
        national = raw[2:]
    elif raw.startswith("0"):
        national = raw[1:]
    else:
        national = None
    if national is None or not re.fullmatch(r"[1-9]\d{7,11}", national):
        raise ValidationError(
            _("Enter an Indonesian phone number, for example 0812 3456 7890 or +62 812 3456 7890."),
            code="phone_format",
        )
    if national.startswith("8") and len(national) < 9:
        raise ValidationError(_("This mobile number is too short."), code="phone_short")
    return "+62" + national


def validate_phone(value: str) -> None:
    normalize_phone(value)
