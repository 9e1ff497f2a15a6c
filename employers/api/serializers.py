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
