"""What a company sees of referred candidates (UU 27/2022): never the NIK or disability data, and each view logged."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.core.masking import mask_nik
from employers.tests.factories import CompanyMemberFactory, VacancyFactory
from jobseekers.models import ProfileAccess
from jobseekers.tests.factories import JobseekerProfileFactory
from placements.models import Placement
from placements.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db

SIXTEEN_DIGITS = re.compile(r"(?<!\d)\d{16}(?!\d)")


@pytest.fixture
def member():
    return CompanyMemberFactory().user


@pytest.fixture
def company(member):
    return member.company_membership.company


@pytest.fixture
def referral(company):
    candidate = JobseekerProfileFactory(has_disability=True, disability_note="Tunarungu ringan")
    vacancy = VacancyFactory(company=company, published=True, openings=2)
    return ReferralFactory(application__vacancy=vacancy, application__jobseeker=candidate)


def assert_no_personal_data(content: str, candidate) -> None:
    assert candidate.nik not in content
    assert mask_nik(candidate.nik) not in content  # companies do not even get the masked number
    assert not SIXTEEN_DIGITS.search(content), SIXTEEN_DIGITS.search(content)
    assert "Tunarungu" not in content
    assert "has_disability" not in content and "disability" not in content.lower()


def test_the_candidate_pages_show_no_nik_or_disability_and_each_view_is_logged(member, company, referral):
    candidate = referral.application.jobseeker
    client = Client(headers={"accept-language": "en"})
    client.force_login(member)
    for url in (
        reverse("employers:vacancy_candidates", args=[referral.application.vacancy_id]),
        reverse("employers:referral_result", args=[referral.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert candidate.full_name in response.content.decode()
        assert_no_personal_data(response.content.decode(), candidate)
    accesses = ProfileAccess.objects.filter(profile=candidate)
    assert accesses.count() == 2
    assert {(a.viewer_id, a.viewer_role, a.viewer_label, a.what) for a in accesses} == {
        (member.pk, "employer", company.name, "cv")
    }
    # and the candidate reads the company's name on their privacy page
    own = Client(headers={"accept-language": "en"})
    own.force_login(candidate.user)
    assert company.name in own.get(reverse("jobseekers:privacy")).content.decode()


def test_the_candidate_api_shows_no_nik_or_disability_and_is_logged(member, company, referral):
    candidate = referral.application.jobseeker
    api = APIClient()
    api.force_authenticate(member)
    response = api.get(reverse("api:employer-vacancy-candidates", args=[referral.application.vacancy_id]))
    assert response.status_code == 200 and response.json()["results"]
    assert_no_personal_data(response.content.decode(), candidate)
    result = api.post(reverse("api:employer-referral-result", args=[referral.pk]), {"result": "in_selection"})
    assert result.status_code == 200
    assert_no_personal_data(result.content.decode(), candidate)
    assert ProfileAccess.objects.filter(profile=candidate, viewer=member, what="cv").count() == 2


def test_another_companys_member_sees_nothing_and_nothing_is_logged(referral):
    outsider = CompanyMemberFactory().user
    client = Client()
    client.force_login(outsider)
    assert client.get(reverse("employers:referral_result", args=[referral.pk])).status_code == 404
    assert not ProfileAccess.objects.exists()


def test_the_placement_review_page_masks_the_nik(client, company, referral):
    # given a hire report on a card holder
    from jobseekers.tests.factories import AkiCardFactory

    candidate = referral.application.jobseeker
    AkiCardFactory(jobseeker=candidate, active=True)
    placement = Placement.objects.create(
        jobseeker=candidate,
        company=company,
        vacancy=referral.application.vacancy,
        referral=referral,
        position="Operator",
        occupation=referral.application.vacancy.occupation,
        start_date=timezone.localdate(),
        is_local=True,
        reported_by=UserFactory(),
        reported_by_role=Placement.ReportedByRole.EMPLOYER,
    )
    client.force_login(UserFactory(petugas=True))
    content = client.get(reverse("admin:placements_placement_change", args=[placement.pk])).content.decode()
    assert mask_nik(candidate.nik) in content and candidate.nik not in content
