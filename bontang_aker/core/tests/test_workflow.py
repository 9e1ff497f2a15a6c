import pytest
from django.db import IntegrityError, transaction

from bontang_aker.core.workflow import StatusMachine, TransitionError, transition
from employers.models import Company, Vacancy
from employers.tests.factories import VacancyFactory
from jobseekers.models import AkiCard
from placements.models import Application, Placement, Referral
from reports.models import Report

STATUS_MODELS = [Company, Vacancy, AkiCard, Application, Referral, Placement, Report]


@pytest.mark.parametrize("model", STATUS_MODELS, ids=lambda m: m.__name__)
def test_every_status_has_a_row_in_the_transition_table(model):
    statuses = set(model.Status.values)
    assert issubclass(model, StatusMachine)
    assert set(model.ALLOWED) == statuses
    for targets in model.ALLOWED.values():
        assert targets <= statuses


@pytest.mark.parametrize("model", STATUS_MODELS, ids=lambda m: m.__name__)
def test_the_database_check_allows_exactly_the_declared_statuses(model):
    # the CheckConstraint on status lists the same values as the TextChoices
    constraint = next(c for c in model._meta.constraints if c.name == f"{model._meta.model_name}_status_valid")
    (lookup, values) = constraint.condition.children[0]
    assert lookup == "status__in"
    assert set(values) == set(model.Status.values)


@pytest.mark.django_db
def test_transition_records_the_event_and_refuses_a_jump(petugas):
    # given a vacancy in review
    vacancy = VacancyFactory(in_review=True)
    # when it is rejected, then it cannot be published without being resubmitted
    event = transition(vacancy, Vacancy.Status.REJECTED, actor=petugas, note="Upah di bawah UMK")
    with pytest.raises(TransitionError) as excinfo:
        transition(vacancy, Vacancy.Status.PUBLISHED, actor=petugas)
    # then
    assert (event.from_status, event.to_status, event.actor, event.note) == (
        "in_review",
        "rejected",
        petugas,
        "Upah di bawah UMK",
    )
    assert excinfo.value.current == "rejected"
    vacancy.refresh_from_db()
    assert vacancy.status == "rejected"
    assert vacancy.events.count() == 1


@pytest.mark.django_db
def test_database_refuses_a_published_vacancy_without_a_publication_date():
    vacancy = VacancyFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Vacancy.objects.filter(pk=vacancy.pk).update(status="published")


@pytest.mark.django_db
def test_database_refuses_an_unknown_status():
    vacancy = VacancyFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Vacancy.objects.filter(pk=vacancy.pk).update(status="approved")


def test_an_event_names_its_time_in_wita():
    import datetime

    from django.utils import timezone

    from employers.models import VacancyEvent

    # given: 21:51 UTC is 05:51 the next day in WITA (UTC+8)
    utc = datetime.datetime(2026, 12, 1, 21, 51, tzinfo=datetime.UTC)
    event = VacancyEvent(from_status="reported", to_status="verified", created_at=utc)
    # then
    assert str(event) == "reported → verified (2026-12-02 05:51 WITA)"
    assert timezone.get_current_timezone_name() == "Asia/Makassar"
