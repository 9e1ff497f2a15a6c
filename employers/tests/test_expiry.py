"""Issue 9.4: closing at the closing date, the reminder before it, one extension, and "still open?"."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bontang_aker.notices.models import Notice
from employers import services
from employers.models import Vacancy
from employers.tasks import vacancy_heartbeat_task
from employers.tests.factories import CompanyMemberFactory, VacancyFactory
from placements.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def english_client(user) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


@pytest.fixture
def member():
    return CompanyMemberFactory().user


@pytest.fixture
def company(member):
    return member.company_membership.company


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def test_the_beat_runs_the_heartbeat_every_morning():
    entry = django_settings.CELERY_BEAT_SCHEDULE["vacancy-heartbeat"]
    assert entry["task"] == "employers.tasks.vacancy_heartbeat_task"
    assert django_settings.CELERY_TIMEZONE == "Asia/Makassar"
    assert entry["schedule"].hour == {7}


def test_vacancies_close_at_their_closing_date(company):
    past = VacancyFactory(company=company, published=True, open_date=TODAY - days(10), close_date=TODAY - days(1))
    today = VacancyFactory(company=company, published=True, close_date=TODAY)
    assert services.vacancies_close_expired() == 1
    assert services.vacancies_close_expired() == 0
    past.refresh_from_db()
    today.refresh_from_db()
    assert past.status == Vacancy.Status.CLOSED
    assert past.events.filter(to_status="closed").count() == 1
    assert today.status == Vacancy.Status.PUBLISHED


def test_employer_can_close_early(company, member):
    vacancy = VacancyFactory(company=company, published=True)
    response = english_client(member).post(reverse("employers:vacancy_close", args=[vacancy.pk]))
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.CLOSED


def test_reminder_three_days_before_closing_once_only(company, member):
    soon = VacancyFactory(company=company, published=True, close_date=TODAY + days(3))
    later = VacancyFactory(company=company, published=True, close_date=TODAY + days(4))
    vacancy_heartbeat_task()
    vacancy_heartbeat_task()
    notices = Notice.objects.filter(recipient=member, key__contains=":closing-soon:")
    assert [notice.key for notice in notices] == [f"vacancy:{soon.pk}:closing-soon:{soon.close_date:%Y%m%d}"]
    assert notices[0].url == reverse("employers:vacancy_detail", args=[soon.pk])
    assert soon.title in notices[0].subject
    assert not Notice.objects.filter(key__startswith=f"vacancy:{later.pk}:").exists()


def test_extension_goes_to_review_with_the_new_date(company, member):
    vacancy = VacancyFactory(company=company, published=True, close_date=TODAY + days(2))
    new_date = TODAY + days(40)
    response = english_client(member).post(
        reverse("employers:vacancy_extend", args=[vacancy.pk]), {"close_date": new_date.isoformat()}
    )
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.IN_REVIEW
    assert vacancy.close_date == new_date
    assert vacancy.extended_at is not None
    event = vacancy.events.last()
    assert (event.from_status, event.to_status) == ("published", "in_review")
    assert str(new_date) in event.note


def test_extension_past_the_maximum_is_an_error_on_the_field(company, member, settings):
    settings.VACANCY_EXTENSION_MAX_DAYS = 60
    vacancy = VacancyFactory(company=company, published=True, close_date=TODAY + days(2))
    response = english_client(member).post(
        reverse("employers:vacancy_extend", args=[vacancy.pk]), {"close_date": (TODAY + days(63)).isoformat()}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["close_date"]
    assert "at most 60 days" in response.text
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.PUBLISHED
    assert vacancy.close_date == TODAY + days(2)


@pytest.mark.parametrize("value", ["", "bukan tanggal", "2020-01-01"])
def test_extension_bad_dates_are_errors_not_500(company, member, value):
    vacancy = VacancyFactory(company=company, published=True, close_date=TODAY + days(2))
    response = english_client(member).post(
        reverse("employers:vacancy_extend", args=[vacancy.pk]), {"close_date": value}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["close_date"]


def test_extension_only_once(company, member):
    vacancy = VacancyFactory(company=company, published=True, close_date=TODAY + days(2))
    services.vacancy_extend(vacancy_id=vacancy.pk, by=member, close_date=TODAY + days(20))
    services.vacancy_publish(vacancy_id=vacancy.pk, by=member)
    with pytest.raises(ValidationError) as error:
        services.vacancy_extend(vacancy_id=vacancy.pk, by=member, close_date=TODAY + days(30))
    assert "close_date" in error.value.message_dict
    response = english_client(member).get(reverse("employers:vacancy_extend", args=[vacancy.pk]))
    assert response.status_code == 302


def test_company_a_cannot_extend_or_confirm_company_b_vacancy(member):
    other = VacancyFactory(company=CompanyMemberFactory().company, published=True, close_date=TODAY + days(2))
    client = english_client(member)
    url = reverse("employers:vacancy_extend", args=[other.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"close_date": (TODAY + days(10)).isoformat()}).status_code == 404
    assert client.post(reverse("employers:vacancy_confirm_open", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.status == Vacancy.Status.PUBLISHED
    assert other.extended_at is None and other.confirmed_open_at is None


def _quiet_vacancy(company, *, days_published=31):
    return VacancyFactory(
        company=company,
        published=True,
        published_at=timezone.now() - days(days_published),
        open_date=TODAY - days(days_published),
        close_date=TODAY + days(30),
    )


def test_still_open_question_then_expiry_each_once(company, member):
    vacancy = _quiet_vacancy(company)
    assert vacancy_heartbeat_task() == {"asked": 1}
    assert vacancy_heartbeat_task() == {}
    assert Notice.objects.filter(recipient=member, key__startswith=f"vacancy:{vacancy.pk}:still-open:").count() == 1
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.PUBLISHED
    page = english_client(member).get(reverse("employers:vacancy_detail", args=[vacancy.pk]))
    assert "Yes, it is still open" in page.text

    Vacancy.objects.filter(pk=vacancy.pk).update(still_open_asked_at=timezone.now() - days(8))
    assert vacancy_heartbeat_task() == {"expired": 1}
    assert vacancy_heartbeat_task() == {}
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.CLOSED
    closing = vacancy.events.filter(to_status="closed")
    assert closing.count() == 1
    assert "Expired" in closing.get().note
    assert Notice.objects.filter(recipient=member, key__startswith=f"vacancy:{vacancy.pk}:still-open:").count() == 1


def test_not_asked_within_30_days_or_after_a_referral_decision(company):
    fresh = _quiet_vacancy(company, days_published=20)
    decided = _quiet_vacancy(company)
    referral = ReferralFactory(application__vacancy=decided)
    referral.events.create(from_status="referred", to_status="in_selection")
    assert vacancy_heartbeat_task() == {}
    fresh.refresh_from_db()
    decided.refresh_from_db()
    assert fresh.still_open_asked_at is None and decided.still_open_asked_at is None


def test_confirming_keeps_the_vacancy_open(company, member):
    vacancy = _quiet_vacancy(company)
    vacancy_heartbeat_task()
    Vacancy.objects.filter(pk=vacancy.pk).update(still_open_asked_at=timezone.now() - days(8))
    response = english_client(member).post(reverse("employers:vacancy_confirm_open", args=[vacancy.pk]))
    assert response.status_code == 302
    assert vacancy_heartbeat_task() == {}
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.PUBLISHED
    assert vacancy.confirmed_open_at is not None
    page = english_client(member).get(reverse("employers:vacancy_detail", args=[vacancy.pk]))
    assert "Yes, it is still open" not in page.text
