"""Who may do what with jobseekers' records: each rule written once."""

from bontang_aker.accounts.models import User
from jobseekers.models import Document


def can_view_document(user: User, document: Document) -> bool:
    """The jobseeker who uploaded it, or Disnaker staff who verify documents (view_document)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if document.jobseeker.user_id == user.pk:
        return True
    return user.is_staff and user.has_perm("jobseekers.view_document")
