"""Validators for Indonesian identifiers (NIK, NIB, NPWP, KBLI, phone numbers) and free text.

Messages are translated (Indonesian by default). Normalisers strip the punctuation people
type ("01.234.567.8-901.000", "0812-3456-7890") so the database holds digits only.

Digits: people (and phone keyboards) type fullwidth (９１２０…) or Arabic-Indic (٤١٠١٣) digits.
The normalisers (`normalize_digits`, `digits_only`, `normalize_phone`) convert them to ASCII,
so ９１２０… is the same NIB as 9120… and is found as a duplicate. The validators never convert:
they accept ASCII digits 0–9 only (plus the ASCII separators people type), so a value that
reached a model without going through a normaliser (the admin, a new code path) is refused
with the field's own message instead of being stored as typed. Regular expressions here use
`[0-9]`, never `\\d`, which in Python also matches every other script's digits.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

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

# The separators people type between digits; ASCII only (a no-break space is normalised first).
_SEPARATORS = re.compile(r"[\s.\-/]", re.ASCII)


def normalize_digits(value: str) -> str:
    """NFKC-normalise and turn every decimal digit of any script into its ASCII digit.

    NFKC handles fullwidth digits and separators (９１２０－…, no-break and ideographic spaces);
    Arabic-Indic, Extended Arabic-Indic, Devanagari… digits have no compatibility mapping, so
    each character of Unicode category Nd is replaced by its value. Other characters are kept,
    for the validator to refuse.
    """
    value = unicodedata.normalize("NFKC", value or "")
    if value.isascii():
        return value
    return "".join(str(unicodedata.decimal(char)) if unicodedata.category(char) == "Nd" else char for char in value)


def digits_only(value: str) -> str:
    """Normalise the digits to ASCII, then strip the separators typed between them (spaces, dots, dashes, slashes)."""
    return _SEPARATORS.sub("", normalize_digits(value))


def _strip_separators(value: str) -> str:
    # What the validators check: the ASCII separators go, anything else must be an ASCII digit.
    return _SEPARATORS.sub("", value or "")


class NikInfo:
    """What a NIK encodes: where it was first issued, the birth date and the sex."""

    def __init__(self, region_code: str, birth_date: datetime.date, sex: str):
        self.region_code = region_code
        self.birth_date = birth_date
        self.sex = sex


def parse_nik(value: str, *, today: datetime.date | None = None) -> NikInfo:
    """Validate a NIK and return what it encodes; raise ValidationError with a clear reason.

    Only ASCII digits are accepted: pass typed input through `digits_only` first.
    """
    nik = _strip_separators(value)
    if not re.fullmatch(r"[0-9]{16}", nik):
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
    if not re.fullmatch(r"[0-9]{13}", _strip_separators(value)):
        raise ValidationError(_("An NIB (Nomor Induk Berusaha) has exactly 13 digits."), code="nib_format")


def validate_npwp(value: str) -> None:
    if not re.fullmatch(r"[0-9]{15}|[0-9]{16}", _strip_separators(value)):
        raise ValidationError(_("An NPWP has 15 digits (old format) or 16 digits."), code="npwp_format")


def validate_kbli_code(value: str) -> None:
    if not re.fullmatch(r"[0-9]{5}", value or ""):
        raise ValidationError(_("A KBLI code has 5 digits."), code="kbli_format")


def normalize_phone(value: str) -> str:
    """Return an Indonesian phone number as +62…, or raise ValidationError.

    Accepts 08…, 628…, +62 8…, and landlines with an area code such as 0548-21234, in any
    script's digits (０８１２…, ٠٨١٢…): the result has ASCII digits only.
    """
    raw = re.sub(r"[\s.\-()]", "", normalize_digits(value), flags=re.ASCII)
    if raw.startswith("+62"):
        national = raw[3:]
    elif raw.startswith("62"):
        national = raw[2:]
    elif raw.startswith("0"):
        national = raw[1:]
    else:
        national = None
    if national is None or not re.fullmatch(r"[1-9][0-9]{7,11}", national):
        raise ValidationError(
            _("Enter an Indonesian phone number, for example 0812 3456 7890 or +62 812 3456 7890."),
            code="phone_format",
        )
    if national.startswith("8") and len(national) < 9:
        raise ValidationError(_("This mobile number is too short."), code="phone_short")
    return "+62" + national


def validate_phone(value: str) -> None:
    """The model's check: a phone number as stored, in ASCII (the service normalises typed input first)."""
    if not (value or "").isascii():
        raise ValidationError(
            _("Enter an Indonesian phone number, for example 0812 3456 7890 or +62 812 3456 7890."),
            code="phone_format",
        )
    normalize_phone(value)


# Free text ---------------------------------------------------------------------------------
#
# Control characters (\x01, ESC…), invisible format characters (bidirectional overrides,
# zero-width spaces, BOM) and lone surrogates are refused, not stripped: the person sees which
# field is wrong and nothing is changed behind their back. Multi-line fields keep newlines and
# tabs, and the zero-width (non-)joiners that emoji and some scripts need.
#
# Maxima of free-text fields (characters); forms, serializers and full_clean() enforce them.
MAX_NAME_LENGTH = 150
MAX_ADDRESS_LENGTH = 500
MAX_DESCRIPTION_LENGTH = 5000
MAX_NOTE_LENGTH = 2000

_FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})
_MULTILINE_ALLOWED = frozenset("\n\r\t\u2028\u2029\u200c\u200d")
_LINE_SEPARATORS = frozenset("\u2028\u2029")


def _first_forbidden_character(value: str, allowed: frozenset[str]) -> str | None:
    for char in value:
        if char in allowed:
            continue
        if char in _LINE_SEPARATORS or unicodedata.category(char) in _FORBIDDEN_CATEGORIES:
            return char
    return None


def _refuse_control_character(value: str, allowed: frozenset[str]) -> None:
    if not isinstance(value, str) or value.isprintable():
        return  # the fast path: no control, format or separator character at all
    char = _first_forbidden_character(value, allowed)
    if char is not None:
        raise ValidationError(
            _(
                "This text contains an invisible control character (%(character)s). "
                "Remove it, for example by retyping the text."
            ),
            code="control_character",
            params={"character": f"U+{ord(char):04X}"},
        )


def validate_no_control_characters(value: str) -> None:
    """For single-line text (names, titles, positions): no control or invisible format characters at all."""
    _refuse_control_character(value, frozenset())


def validate_no_control_characters_multiline(value: str) -> None:
    """For multi-line text (addresses, descriptions, notes): newlines and tabs are fine, other controls are not."""
    _refuse_control_character(value, _MULTILINE_ALLOWED)
