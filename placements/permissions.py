"""Who may do what with hire reports: each rule written once.

Services, views and templates call these predicates.
"""

from bontang_aker.accounts.models import User
from employers.permissions import company_of
from placements.models import Placement


def can_resubmit_placement(user: User, placement: Placement) -> bool:
    """A returned hire report is corrected by a member of its company, or by the jobseeker who reported it."""
    if not user.is_authenticated:
        return False
    company = company_of(user)
    if company is not None and company.pk == placement.company_id:
        return True
    return (
        placement.reported_by_role == Placement.ReportedByRole.JOBSEEKER
        and placement.reported_by_id == user.pk
        and placement.jobseeker.user_id == user.pk
    )
