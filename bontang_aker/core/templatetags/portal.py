"""Template helpers shared by every page: money, optional links."""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """Rupiah with Indonesian thousands separators in every language: 4000000 -> "Rp 4.000.000".

    Amounts on the portal are whole rupiah, so any fraction is dropped rather than shown
    with a decimal comma. Empty values render as an empty string.
    """
    if value is None or value == "":
        return ""
    try:
        amount = int(value)
    except (TypeError, ValueError):
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")


@register.simple_tag
def first_url(*names: str) -> str:
    """The first URL name that resolves, so a page can link to a feature that later issues add.

    `{% first_url "jobseekers:register" "accounts:login" %}` links to registration once it
    exists and to the login page until then. Returns "" when none resolves.
    """
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return ""


@register.simple_tag
def disnaker_contact() -> dict:
    """Where to report illegal levies (pungli): `DISNAKER_COMPLAINT_EMAIL` / `_PHONE` settings."""
    from django.conf import settings

    phone = settings.DISNAKER_COMPLAINT_PHONE
    return {
        "email": settings.DISNAKER_COMPLAINT_EMAIL,
        "phone": phone,
        "phone_display": _local_phone(phone),
    }


def _local_phone(phone: str) -> str:
    """+62548123456 -> (0548) 123456, the way Bontang numbers are written locally."""
    digits = phone.replace(" ", "").replace("-", "")
    if digits.startswith("+62"):
        digits = "0" + digits[3:]
    if digits.startswith("0548") and len(digits) > 4:
        return f"(0548) {digits[4:]}"
    return digits
