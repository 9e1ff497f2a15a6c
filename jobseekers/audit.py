"""Personal data in the audit trail (bontang_aker/core/audit.py).

Staff see NIKs, so they are logged in clear; the take-over code's hash is masked. Who *looked*
at a person's data is logged separately (`DocumentAccess`, `ProfileAccess`), not here.
"""

from bontang_aker.core.audit import register
from jobseekers.models import (
    AkiCard,
    ConsentAcceptance,
    ConsentText,
    DeletionRequest,
    Document,
    EducationEntry,
    ExperienceEntry,
    JobseekerProfile,
    NikConflict,
)


def register_models() -> None:
    register(
        JobseekerProfile,
        mask_fields=("takeover_code_hash",),
        m2m_fields={"skills", "preferred_occupations"},
    )
    register(EducationEntry)
    register(ExperienceEntry)
    register(Document)  # the file's name and metadata; the file itself is not copied
    register(AkiCard)
    register(NikConflict, m2m_fields={"claimants"})
    register(ConsentText)
    register(ConsentAcceptance)
    register(DeletionRequest)
