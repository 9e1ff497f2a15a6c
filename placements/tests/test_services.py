import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.core.workflow import TransitionError
from bontang_aker.reference.models import KbjiGroup
from employers.tests.factories import CompanyFactory, CompanyMemberFactory, VacancyFactory
from jobseekers.models import AkiCard
from jobseekers.tests.factories import AkiCardFactory, JobseekerProfileFactory
from placements import services
from placements.models import Application, Placement, Referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def card_holder():
    return AkiCardFactory(active=True, jobseeker__educated=True).jobseeker


def test_apply_refer_select_and_place_a_candidate(card_holder, petugas):
    # given a published vacancy and its employer
    vacancy = VacancyFactory(published=True)
    employer = CompanyMemberFactory(company=vacancy.company).user
    # when the jobseeker applies, Disnaker refers, the employer accepts and reports the hire
    application = services.application_submit(jobseeker=card_holder, vacancy_id=vacancy.pk, motivation="Siap kerja")
    referral = services.referral_create(application_id=application.pk, by=petugas, reasons={"local": True})
    services.referral_record_result(referral_id=referral.pk, by=employer, result=Referral.Status.IN_SELECTION)
    services.referral_record_result(
        referral_id=referral.pk, by=employer, result=Referral.Status.ACCEPTED, notes="Lulus tes K3"
    )
    placement = services.placement_report(
        jobseeker=card_holder,
        company=vacancy.company,
        vacancy=vacancy,
        referral=referral,
        by=employer,
        start_date=timezone.localdate(),
        position=vacancy.title,
        occupation=vacancy.occupation,
    )
    services.placement_verify(placement_id=placement.pk, by=petugas)
    # then
    application.refresh_from_db()
    referral.refresh_from_db()
    placement.refresh_from_db()
    assert application.status == Application.Status.HIRED
    assert referral.letter_number.startswith("AK.V/")
    assert referral.status == Referral.Status.ACCEPTED
    assert referral.selection_notes == "Lulus tes K3"
    assert placement.status == Placement.Status.VERIFIED
    assert placement.is_local and placement.placement_type == Placement.PlacementType.AKL
    assert placement.reported_by_role == Placement.ReportedByRole.EMPLOYER
    assert card_holder.aki_cards.get().status == AkiCard.Status.PLACED
    assert list(application.events.values_list("to_status", flat=True)) == ["submitted", "referred", "hired"]


def test_only_active_card_holders_may_apply():
    vacancy = VacancyFactory(published=True)
    without_card = JobseekerProfileFactory()
    with pytest.raises(ValidationError):
        services.application_submit(jobseeker=without_card, vacancy_id=vacancy.pk)
    assert not Application.objects.exists()


def test_draft_and_expired_vacancies_take_no_applications(card_holder):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for vacancy in (
        VacancyFactory(),
        VacancyFactory(published=True, open_date=yesterday - datetime.timedelta(days=5), close_date=yesterday),
    ):
        with pytest.raises(ValidationError):
            services.application_submit(jobseeker=card_holder, vacancy_id=vacancy.pk)


def test_referral_letter_numbers_are_unique(petugas):
    first = services.referral_create(application_id=_application().pk, by=petugas)
    second = services.referral_create(application_id=_application().pk, by=petugas)
    assert first.letter_number != second.letter_number


def _application():
    card = AkiCardFactory(active=True, jobseeker__educated=True)
    return services.application_submit(jobseeker=card.jobseeker, vacancy_id=VacancyFactory(published=True).pk)


def test_withdrawn_application_cannot_be_referred(petugas):
    application = _application()
    services.application_withdraw(application_id=application.pk, by=application.jobseeker.user)
    with pytest.raises(TransitionError):
        services.referral_create(application_id=application.pk, by=petugas)
    assert not Referral.objects.exists()


def test_declining_needs_a_reason(petugas):
    application = _application()
    with pytest.raises(ValidationError):
        services.application_decline(application_id=application.pk, by=petugas, reason="")
    services.application_decline(application_id=application.pk, by=petugas, reason="Usia di atas batas")
    application.refresh_from_db()
    assert application.status == Application.Status.NOT_REFERRED


def test_non_local_hire_outside_bontang_is_akad_and_not_local():
    # given a jobseeker with a Kutai Timur KTP hired by a company registered outside Bontang
    jobseeker = JobseekerProfileFactory(outside=True)
    company = CompanyFactory(verified=True, kelurahan=None)
    # when the jobseeker reports it
    placement = services.placement_report(
        jobseeker=jobseeker,
        company=company,
        by=jobseeker.user,
        start_date=timezone.localdate(),
        position="Helper",
        occupation=KbjiGroup.objects.get(code="9"),
    )
    # then
    assert not placement.is_local
    assert placement.placement_type == Placement.PlacementType.AKAD
    assert placement.reported_by_role == Placement.ReportedByRole.JOBSEEKER


def test_the_same_hire_cannot_be_reported_twice():
    jobseeker = JobseekerProfileFactory()
    company = CompanyFactory(verified=True)
    fields = dict(
        jobseeker=jobseeker,
        company=company,
        by=UserFactory(employer=True),
        start_date=timezone.localdate(),
        position="Operator",
        occupation=KbjiGroup.objects.get(code="8"),
    )
    services.placement_report(**fields)
    with pytest.raises(ValidationError):
        services.placement_report(**fields)


def test_a_vacancy_of_another_company_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        services.placement_report(
            jobseeker=JobseekerProfileFactory(),
            company=CompanyFactory(verified=True),
            vacancy=VacancyFactory(),
            by=UserFactory(employer=True),
            start_date=timezone.localdate(),
            position="Operator",
            occupation=KbjiGroup.objects.get(code="8"),
        )
    assert "vacancy" in excinfo.value.message_dict


def test_rejected_placement_keeps_the_card_active_and_needs_a_note(petugas):
    jobseeker = AkiCardFactory(active=True).jobseeker
    placement = services.placement_report(
        jobseeker=jobseeker,
        company=CompanyFactory(verified=True),
        by=jobseeker.user,
        start_date=timezone.localdate(),
        position="Operator",
        occupation=KbjiGroup.objects.get(code="8"),
    )
    with pytest.raises(ValidationError):
        services.placement_reject(placement_id=placement.pk, by=petugas, reason=" ")
    services.placement_reject(placement_id=placement.pk, by=petugas, reason="Perusahaan menyangkal")
    placement.refresh_from_db()
    assert placement.status == Placement.Status.REJECTED
    assert jobseeker.aki_cards.get().status == AkiCard.Status.ACTIVE


def test_applying_twice_is_refused_by_the_database_constraint_too(card_holder):
    # given an application already made (say, by a second click a moment earlier)
    vacancy = VacancyFactory(published=True)
    first = services.application_submit(jobseeker=card_holder, vacancy_id=vacancy.pk)
    # when the same jobseeker applies again
    with pytest.raises(ValidationError):
        services.application_submit(jobseeker=card_holder, vacancy_id=vacancy.pk)
    # then the first application and its single event stay
    assert list(Application.objects.all()) == [first]
    assert first.events.count() == 1
