"""The usual reasons for Disnaker's decisions on applications and hire reports, offered in a list
on the admin's reason pages (bontang_aker.core.admin.ReasonForm); staff may always add their own
words.

Codes are stable (they are what the form posts); the labels are what the jobseeker or the company reads.
"""

from django.utils.translation import gettext_lazy as _

APPLICATION_DECLINE_REASONS = (
    ("education_requirement", _("Your education does not meet the vacancy's requirement")),
    ("age_requirement", _("Your age is outside the vacancy's age range")),
    ("skill_or_certificate_missing", _("A required skill, licence or certificate is missing from your profile")),
    ("experience_requirement", _("Your work experience does not meet the vacancy's requirement")),
    ("enough_candidates_referred", _("Enough candidates have already been referred for the openings")),
    ("profile_incomplete", _("Your profile is incomplete: complete it and apply again")),
)

PLACEMENT_REJECT_REASONS = (
    ("not_hired", _("The person says they were not hired by this company")),
    ("start_date_wrong", _("The start date does not match what the company or the person told Disnaker")),
    ("wrong_person", _("The details identify another person than the one hired")),
    ("duplicate_report", _("This hire has already been reported")),
    ("contract_details_missing", _("The contract type or the wage is missing or below the minimum wage (UMK)")),
)

HIRE_REPORT_REJECT_REASONS = (
    ("company_denies", _("The company says it did not hire you")),
    ("company_unreachable", _("The company could not be reached to confirm the hire")),
    ("details_do_not_match", _("The company or the start date does not match what the company reports")),
    ("duplicate_report", _("You have already reported this hire")),
)
