"""The usual reasons for rejecting an AK/I card request, offered in a list on the admin's reason
pages (bontang_aker.core.admin.ReasonForm); staff may always add their own words.

Codes are stable (they are what the form posts); the labels are what the jobseeker reads.
"""

from django.utils.translation import gettext_lazy as _

AKI_CARD_REJECT_REASONS = (
    ("ktp_unreadable", _("The KTP scan cannot be read: upload a sharper photo of the whole card")),
    ("ktp_does_not_match", _("The name, NIK or birth date in the profile does not match the KTP")),
    ("diploma_missing", _("The last diploma is missing or cannot be read")),
    ("photo_unsuitable", _("The photo does not show the face clearly (recent, plain background)")),
    ("not_of_working_age", _("The applicant is below the minimum working age")),
)
