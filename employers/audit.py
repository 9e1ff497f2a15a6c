"""Vacancy and compliance data in the audit trail (bontang_aker/core/audit.py)."""

from bontang_aker.core.audit import register
from employers.models import (
    Company,
    CompanyInvitation,
    CompanyMember,
    ManpowerPlan,
    ManpowerPlanLine,
    SanctionCase,
    SanctionStep,
    Vacancy,
    VacancyRevision,
)


def register_models() -> None:
    register(Company)
    register(CompanyMember)
    register(CompanyInvitation)
    register(Vacancy, m2m_fields={"skills"})
    register(VacancyRevision)
    register(ManpowerPlan)
    register(ManpowerPlanLine)
    register(SanctionCase)
    register(SanctionStep)
