"""Small display helpers for the employer pages."""

import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def age_on(birth_date: datetime.date | None, today: datetime.date | None = None) -> int | None:
    """Whole years since `birth_date` (a candidate's age), in the portal's time zone; None when unknown."""
    if not birth_date:
        return None
    today = today or timezone.localdate()
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


@register.simple_tag
def referrals_to_decide(company) -> int:
    """How many referred candidates wait for the company's decision (for the dashboard's link)."""
    from employers.selectors import referrals_to_decide_for_company

    return referrals_to_decide_for_company(company=company) if company is not None else 0
