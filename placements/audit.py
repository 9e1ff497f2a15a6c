"""Placement data in the audit trail (bontang_aker/core/audit.py)."""

from bontang_aker.core.audit import register
from placements.models import (
    Application,
    CallUp,
    JobseekerHireReport,
    OutsideHireReport,
    Placement,
    Referral,
    RotationPool,
    RotationProposal,
)


def register_models() -> None:
    register(Application)
    register(Referral)
    register(Placement)
    register(OutsideHireReport)
    register(JobseekerHireReport)
    register(CallUp)
    register(RotationPool, m2m_fields={"skills"})
    register(RotationProposal)
