"""A decision's reason picked from a list plus free text, recorded the same way by the admin's
reason pages (bontang_aker.core.admin.ReasonForm) and the staff API (bontang_aker.core.api_reasons).

Each app's decision_reasons.py holds its lists: (stable code, label) pairs. The recorded reason is
the chosen label in the portal's language (settings.LANGUAGE_CODE), as the company or the jobseeker
reads it, whatever the language the staff member works in, then a full stop and the explanation.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext

from bontang_aker.core.validators import MAX_NOTE_LENGTH

# A reason offered in a list: (stable code, label).
Reason = tuple[str, Any]
# The code of "none of the list": the explanation alone is the reason.
OTHER_REASON = "other"


def reason_compose(*, reasons: tuple[Reason, ...], code: str, text: str) -> str:
    """The reason to record for `code` (one of `reasons`, OTHER_REASON, or "" for none chosen) and `text`.

    Raises a ValidationError keyed "code" or "text", which each caller renames to its own field:
    no reason from the list and no explanation (the people concerned are told why), an unknown
    code, or a label and explanation together longer than MAX_NOTE_LENGTH.
    """
    labels = dict(reasons)
    if code in ("", OTHER_REASON):  # no reason from the list: the explanation is the reason
        if not text:
            raise ValidationError(
                {
                    "code" if code == "" else "text": gettext(
                        "Choose a reason from the list or write one: the people concerned are told why."
                    )
                }
            )
        return text
    if code not in labels:
        # Django's own message (its catalogue translates it), as a form's choice field says it.
        raise ValidationError(
            {"code": gettext("Select a valid choice. %(value)s is not one of the available choices.") % {"value": code}}
        )
    with translation.override(settings.LANGUAGE_CODE):
        label = str(labels[code])
    combined = f"{label}. {text}" if text else label
    if len(combined) > MAX_NOTE_LENGTH:
        raise ValidationError(
            {
                "text": gettext("With the chosen reason this is too long: keep it under %(limit)d characters.")
                % {"limit": MAX_NOTE_LENGTH - len(label) - 2}
            }
        )
    return combined
