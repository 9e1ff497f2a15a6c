"""Read shapes of the public vacancy API: the information Perpres 57/2023 art. 5 makes public.

Codes come with their names, and choice values with their translated labels, so a client can
both filter (by code or value) and display (by name or label) without a second request.
"""

from rest_framework import serializers

from bontang_aker.reference.api import (
    EducationLevelSerializer,
    KbliCategorySerializer,
    KelurahanSerializer,
    OccupationSerializer,
    SkillSerializer,
)
from employers.models import Company, Vacancy


class PublicCompanySerializer(serializers.ModelSerializer):
    """The employer's public business identity.

    NIB is shown: it is the OSS business number, public by design, and lets a jobseeker check
    that the employer exists (fake-vacancy scams are common). NPWP is not: for a sole
    proprietor it is the owner's NIK, personal data under UU 27/2022. Email, phone and
    workforce figures stay private too: applications go through the portal, not to inboxes.
    """

    legal_form_display = serializers.CharField(source="get_legal_form_display", read_only=True)
    kbli_category = KbliCategorySerializer(read_only=True)
    kelurahan = KelurahanSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Company
        fields = ["id", "name", "legal_form", "legal_form_display", "nib", "kbli_code", "kbli_category", "kelurahan"]


class VacancySerializer(serializers.ModelSerializer):
    company = PublicCompanySerializer(read_only=True)
    occupation = OccupationSerializer(read_only=True)
    employment_type_display = serializers.CharField(source="get_employment_type_display", read_only=True)
    sex_requirement_display = serializers.CharField(source="get_sex_requirement_display", read_only=True)
    min_education = EducationLevelSerializer(read_only=True)
    skills = SkillSerializer(many=True, read_only=True)
    wage_period_display = serializers.CharField(source="get_wage_period_display", read_only=True)
    work_kelurahan = KelurahanSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Vacancy
        fields = [
            "id",
            "title",
            "company",
            "occupation",
            "employment_type",
            "employment_type_display",
            "description",
            "openings",
            "openings_male",
            "openings_female",
            "open_date",
            "close_date",
            "age_min",
            "age_max",
            "sex_requirement",
            "sex_requirement_display",
            "sex_justification",
            "min_education",
            "majors",
            "skills",
            "competencies",
            "experience_years_min",
            "wage_min",
            "wage_max",
            "wage_period",
            "wage_period_display",
            "work_location",
            "work_kelurahan",
            "other_information",
            "published_at",
        ]
        read_only_fields = fields


# The list's rows, built by hand: the same JSON as `VacancySerializer` (which still describes the
# schema and serves a single vacancy), at a tenth of its cost for a page of 20. The values come
# from rows already loaded (`vacancy_rows`, the reference rows from memory); `vacancy_skill_rows`
# gives the skills in the order the serializer shows them. Keep both in step: a test compares
# them field by field (employers/tests/test_fast_rendering.py).
_DATE = serializers.DateField()
_DATETIME = serializers.DateTimeField()


def _code_name(row) -> dict | None:
    return None if row is None else {"code": row.code, "name": row.name}


def _kelurahan(row) -> dict | None:
    return None if row is None else {"code": row.code, "name": row.name, "kecamatan": _code_name(row.kecamatan)}


def _date(value) -> str | None:
    return None if value is None else _DATE.to_representation(value)


def _company_data(company: Company) -> dict:
    return {
        "id": company.pk,
        "name": company.name,
        "legal_form": company.legal_form,
        "legal_form_display": str(company.get_legal_form_display()),
        "nib": company.nib,
        "kbli_code": company.kbli_code,
        "kbli_category": _code_name(company.kbli_category),
        "kelurahan": _kelurahan(company.kelurahan),
    }


def vacancy_list_data(vacancy: Vacancy, skills: list[dict]) -> dict:
    """What `VacancySerializer(vacancy).data` gives, with `skills` as [{"code", "name"}] in its order."""
    return {
        "id": vacancy.pk,
        "title": vacancy.title,
        "company": _company_data(vacancy.company),
        "occupation": _code_name(vacancy.occupation),
        "employment_type": vacancy.employment_type,
        "employment_type_display": str(vacancy.get_employment_type_display()),
        "description": vacancy.description,
        "openings": vacancy.openings,
        "openings_male": vacancy.openings_male,
        "openings_female": vacancy.openings_female,
        "open_date": _date(vacancy.open_date),
        "close_date": _date(vacancy.close_date),
        "age_min": vacancy.age_min,
        "age_max": vacancy.age_max,
        "sex_requirement": vacancy.sex_requirement,
        "sex_requirement_display": str(vacancy.get_sex_requirement_display()),
        "sex_justification": vacancy.sex_justification,
        "min_education": _code_name(vacancy.min_education),
        "majors": vacancy.majors,
        "skills": skills,
        "competencies": vacancy.competencies,
        "experience_years_min": vacancy.experience_years_min,
        "wage_min": vacancy.wage_min,
        "wage_max": vacancy.wage_max,
        "wage_period": vacancy.wage_period,
        "wage_period_display": str(vacancy.get_wage_period_display()),
        "work_location": vacancy.work_location,
        "work_kelurahan": _kelurahan(vacancy.work_kelurahan),
        "other_information": vacancy.other_information,
        "published_at": None if vacancy.published_at is None else _DATETIME.to_representation(vacancy.published_at),
    }
