"""Who may do what with jobseekers' records: each rule written once."""

from collections.abc import Callable

from bontang_aker.accounts.models import User
from jobseekers.models import Document

# Other viewers of a person's documents are granted by the apps that know them, without this app
# importing them (placements builds on jobseekers, not the other way round): placements registers
# "a company the person was referred to" in its AppConfig.ready(). A grant answers the name the
# person reads in their access log for this viewer (the company's), or "" when it grants nothing.
DocumentGrant = Callable[[User, Document], str]
_document_grants: list[DocumentGrant] = []


def document_grant_register(grant: DocumentGrant) -> None:
    if grant not in _document_grants:
        _document_grants.append(grant)


def document_granted_label(user: User, document: Document) -> str:
    """The label of the first grant that lets `user` (neither the owner nor staff) see `document`, else ""."""
    for grant in _document_grants:
        label = grant(user, document)
        if label:
            return label
    return ""


def can_view_document(user: User, document: Document) -> bool:
    """The jobseeker who uploaded it, Disnaker staff who verify documents (view_document), or a
    viewer a registered grant admits (a company the person was referred to)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if document.jobseeker.user_id == user.pk:
        return True
    if user.is_staff:
        return user.has_perm("jobseekers.view_document")
    return bool(document_granted_label(user, document))
