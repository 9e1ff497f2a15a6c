"""The usual reasons for Disnaker's decisions on companies and vacancies, offered in a list on the
admin's reason pages (bontang_aker.core.admin.ReasonForm); staff may always add their own words.

Codes are stable (they are what the form posts); the labels are what the company reads.
"""

from django.utils.translation import gettext_lazy as _

COMPANY_REJECT_REASONS = (
    ("nib_not_found", _("The NIB could not be found in OSS or does not match the company's name")),
    ("documents_unreadable", _("The registration documents are missing or cannot be read")),
    ("address_not_verifiable", _("The company's address in Bontang could not be confirmed")),
    ("duplicate_registration", _("The company is already registered under another account")),
    ("contact_unreachable", _("The contact person could not be reached at the phone number or e-mail given")),
)

COMPANY_SUSPEND_REASONS = (
    ("recruited_outside_portal", _("Recruitment outside Disnaker's single channel")),
    ("hires_not_reported", _("Hires not reported to Disnaker despite warnings")),
    ("false_information", _("False information in the registration or in vacancy reports")),
    ("sanction_ladder_exhausted", _("The findings of the sanction case were not put right by its deadline")),
)

VACANCY_REJECT_REASONS = (
    ("wage_below_minimum", _("The wage is below the minimum wage (UMK) of Kota Bontang")),
    ("discriminatory_requirement", _("A requirement discriminates (sex, religion, ethnicity, marital status, looks)")),
    ("description_unclear", _("The job description or the requirements are too short or unclear")),
    ("asks_for_payment", _("Applicants are asked to pay or to deposit documents")),
    ("duplicate_of_open_vacancy", _("It duplicates a vacancy of the company that is still open")),
    ("closing_date_too_short", _("The application period is too short for jobseekers to apply")),
    ("contact_outside_portal", _("It asks applicants to apply directly to the company instead of through Disnaker")),
)

VACANCY_REVISION_REJECT_REASONS = (
    ("wage_below_minimum", _("The wage is below the minimum wage (UMK) of Kota Bontang")),
    ("discriminatory_requirement", _("A requirement discriminates (sex, religion, ethnicity, marital status, looks)")),
    ("changes_the_job", _("The change makes it a different job: report a new vacancy instead")),
    ("candidates_in_selection", _("Candidates are already in selection under the published terms")),
)
