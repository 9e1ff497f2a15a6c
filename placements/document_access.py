"""Which of a referred candidate's documents the company sees (registered in PlacementsConfig.ready).

jobseekers decides who sees a document (jobseekers.permissions.can_view_document) but knows
nothing of referrals: placements builds on jobseekers, so the grant is written here and
registered there. A company member sees the documents of a person Disnaker referred to one of
the company's vacancies, while the selection is open and after a hire; never the KTP (its NIK
and address stay with the person and Disnaker), and nothing once the person was not accepted.
"""

from __future__ import annotations

from collections.abc import Iterable

from bontang_aker.accounts.models import User
from employers.permissions import company_of
from jobseekers.models import Document, JobseekerProfile
from placements.models import Referral

# What a company needs to select someone: everything but the identity card.
COMPANY_DOCUMENT_KINDS = frozenset(Document.Kind.values) - {Document.Kind.KTP}
REFERRAL_STATUSES_WITH_DOCUMENTS = (Referral.Status.REFERRED, Referral.Status.IN_SELECTION, Referral.Status.ACCEPTED)


def referred_company_document_label(user: User, document: Document) -> str:
    """The company's name when `user` is a member of a company the document's owner is referred to, else ""."""
    if document.kind not in COMPANY_DOCUMENT_KINDS:
        return ""
    company = company_of(user)
    if company is None:
        return ""
    referred = Referral.objects.filter(
        application__jobseeker_id=document.jobseeker_id,
        application__vacancy__company=company,
        status__in=REFERRAL_STATUSES_WITH_DOCUMENTS,
    ).exists()
    return company.name if referred else ""


def documents_for_company(candidate: JobseekerProfile | None, referral: Referral | None) -> list[Document]:
    """The candidate's documents the company of `referral` may open (uses a prefetch of `documents`)."""
    if candidate is None or referral is None or referral.status not in REFERRAL_STATUSES_WITH_DOCUMENTS:
        return []
    documents: Iterable[Document] = candidate.documents.all()
    return [document for document in documents if document.kind in COMPANY_DOCUMENT_KINDS]
