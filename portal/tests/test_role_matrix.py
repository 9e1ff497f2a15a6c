"""Every page of the single channel × every role: allowed or refused exactly as designed.

Roles: anonymous, the jobseeker who owns the records, another jobseeker, a member of the company
that owns the vacancy (A), a member of another company (B), petugas and kabid. "login" means a
redirect to the login page; 404 is how another person's or company's object answers (its
existence is not confirmed); 403 is a page that belongs to another role.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from bontang_aker.accounts.tests.factories import UserFactory
from employers import sanctions
from employers.tests.factories import CompanyMemberFactory, VacancyFactory
from jobseekers.models import Document
from jobseekers.tests.factories import AkiCardFactory, EducationEntryFactory
from placements import services as placement_services

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "jobseeker", "other_jobseeker", "member_a", "member_b", "petugas", "kabid"]


@pytest.fixture
def world(petugas, kabid):
    member_a = CompanyMemberFactory()
    member_b = CompanyMemberFactory()
    vacancy = VacancyFactory(published=True, company=member_a.company)
    card = AkiCardFactory(active=True, jobseeker__educated=True)
    profile = card.jobseeker
    other = AkiCardFactory(active=True, jobseeker__educated=True).jobseeker
    application = placement_services.application_submit(jobseeker=profile, vacancy_id=vacancy.pk, motivation="")
    referral = placement_services.referral_create(application_id=application.pk, by=petugas)
    document = Document.objects.create(
        jobseeker=profile, kind="ktp", file=ContentFile(b"\x89PNG\r\n\x1a\n" + b"\0" * 16, name="ktp.png")
    )
    education = profile.education_entries.first() or EducationEntryFactory(jobseeker=profile)
    case = sanctions.sanction_case_open(
        company_id=member_a.company.pk, finding="plan_not_filed", description="No plan.", by=petugas
    )
    sanction_step = sanctions.sanction_step_open(case_id=case.pk, by=petugas)
    users = {
        "anonymous": None,
        "jobseeker": profile.user,
        "other_jobseeker": other.user,
        "member_a": member_a.user,
        "member_b": member_b.user,
        "petugas": petugas,
        "kabid": kabid,
    }
    return {
        "users": users,
        "vacancy": vacancy,
        "application": application,
        "referral": referral,
        "document": document,
        "education": education,
        "card": card,
        "sanction_step": sanction_step,
    }


def outcome(response) -> str:
    if response.status_code in (301, 302):
        location = response["Location"]
        if reverse("accounts:login") in location or "/admin/login/" in location:
            return "login"
        return "redirect"
    return str(response.status_code)


JOBSEEKER_OWN = {"anonymous": "login", "jobseeker": "200", "other_jobseeker": "404", "member_a": "403",
                 "member_b": "403", "petugas": "403", "kabid": "403"}  # fmt: skip
JOBSEEKER_LIST = {**JOBSEEKER_OWN, "other_jobseeker": "200"}
EMPLOYER_OWN = {"anonymous": "login", "jobseeker": "403", "other_jobseeker": "403", "member_a": "200",
                "member_b": "404", "petugas": "403", "kabid": "403"}  # fmt: skip
EMPLOYER_LIST = {**EMPLOYER_OWN, "member_b": "200"}
STAFF_ADMIN = {"anonymous": "login", "jobseeker": "login", "other_jobseeker": "login", "member_a": "login",
               "member_b": "login", "petugas": "200", "kabid": "200"}  # fmt: skip
PUBLIC = dict.fromkeys(ROLES, "200")

PAGES = [
    ("public search", lambda w: reverse("vacancies:search"), PUBLIC),
    ("public vacancy", lambda w: reverse("vacancies:detail", args=[w["vacancy"].pk]), PUBLIC),
    ("profile", lambda w: reverse("jobseekers:profile"), JOBSEEKER_LIST),
    ("card", lambda w: reverse("jobseekers:card"), JOBSEEKER_LIST),
    ("my applications", lambda w: reverse("placements:application_list"), JOBSEEKER_LIST),
    ("application", lambda w: reverse("placements:application_detail", args=[w["application"].pk]), JOBSEEKER_OWN),
    ("education entry", lambda w: reverse("jobseekers:education_edit", args=[w["education"].pk]), JOBSEEKER_OWN),
    (
        "document",
        lambda w: reverse("jobseekers:document_download", args=[w["document"].pk]),
        {**JOBSEEKER_OWN, "member_a": "404", "member_b": "404", "petugas": "200", "kabid": "200"},
    ),
    ("employer vacancies", lambda w: reverse("employers:vacancy_list"), EMPLOYER_LIST),
    ("employer vacancy", lambda w: reverse("employers:vacancy_detail", args=[w["vacancy"].pk]), EMPLOYER_OWN),
    ("candidates", lambda w: reverse("employers:vacancy_candidates", args=[w["vacancy"].pk]), EMPLOYER_OWN),
    ("referral result", lambda w: reverse("employers:referral_result", args=[w["referral"].pk]), EMPLOYER_OWN),
    ("hire reports", lambda w: reverse("employers:placement_list"), EMPLOYER_LIST),
    ("compliance", lambda w: reverse("portal:company_compliance"), EMPLOYER_LIST),
    ("company details", lambda w: reverse("employers:company_profile"), EMPLOYER_LIST),
    (
        "sanction letter",
        lambda w: reverse("portal:company_sanction_letter", args=[w["sanction_step"].pk]),
        EMPLOYER_OWN,
    ),
    ("compliance monitoring", lambda w: reverse("admin:portal_compliancemonitoring_changelist"), STAFF_ADMIN),
    ("sanction cases in admin", lambda w: reverse("admin:employers_sanctioncase_changelist"), STAFF_ADMIN),
    ("card in admin", lambda w: reverse("admin:jobseekers_akicard_change", args=[w["card"].pk]), STAFF_ADMIN),
    (
        "application in admin",
        lambda w: reverse("admin:placements_application_change", args=[w["application"].pk]),
        STAFF_ADMIN,
    ),
]


@pytest.mark.parametrize(("name", "url", "expected"), PAGES, ids=[page[0] for page in PAGES])
def test_each_page_answers_each_role_as_designed(client, world, name, url, expected):
    # when
    answers = {}
    for role in ROLES:
        client.logout()
        if world["users"][role] is not None:
            client.force_login(world["users"][role])
        answers[role] = outcome(client.get(url(world)))
    # then
    assert answers == expected


def test_an_employer_never_sees_an_applicant_disnaker_has_not_referred(client, world, petugas):
    # given: a second application to company A's vacancy, not (yet) referred
    waiting = AkiCardFactory(active=True, jobseeker__educated=True, jobseeker__full_name="Belum Dirujuk").jobseeker
    placement_services.application_submit(jobseeker=waiting, vacancy_id=world["vacancy"].pk, motivation="")
    client.force_login(world["users"]["member_a"])
    # when
    page = client.get(reverse("employers:vacancy_candidates", args=[world["vacancy"].pk])).content.decode()
    api = client.get(f"/api/v1/employer/vacancies/{world['vacancy'].pk}/candidates/").json()
    # then
    referred_name = world["application"].jobseeker.full_name
    assert referred_name in page and "Belum Dirujuk" not in page
    assert [row["candidate"]["full_name"] for row in api["results"]] == [referred_name]
    assert world["application"].jobseeker.nik not in page


def test_closing_dates_in_the_past_refuse_applications(world):
    vacancy = world["vacancy"]
    vacancy.close_date = timezone.localdate() - datetime.timedelta(days=1)
    vacancy.open_date = vacancy.close_date - datetime.timedelta(days=10)
    vacancy.save(update_fields=["close_date", "open_date"])
    other = world["users"]["other_jobseeker"].jobseeker_profile
    with pytest.raises(ValidationError):
        placement_services.application_submit(jobseeker=other, vacancy_id=vacancy.pk, motivation="")


def test_staff_users_without_a_group_see_no_decisions(client, world):
    staff_without_group = UserFactory(is_staff=True, role="staff")
    client.force_login(staff_without_group)
    response = client.get(reverse("admin:jobseekers_akicard_change", args=[world["card"].pk]))
    assert response.status_code == 403
