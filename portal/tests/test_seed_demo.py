"""`manage.py seed_demo`: counts, idempotence, demo accounts and the validity of what it generates."""

import datetime
import re
from io import StringIO

import pytest
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from bontang_aker.accounts.models import GROUP_KEPALA_BIDANG, GROUP_PETUGAS, User
from bontang_aker.core.validators import validate_nik_matches
from employers.models import Company, CompanyEvent, CompanyMember, Vacancy, VacancyEvent
from jobseekers.models import AkiCard, AkiCardEvent, EducationEntry, ExperienceEntry, JobseekerProfile
from portal import demo

pytestmark = pytest.mark.django_db

SMALL = {"jobseekers": 40, "companies": 5, "vacancies": 12}
GENERATED_JOBSEEKER = re.compile(r"^pencaker\d+@demo\.local$")
GENERATED_EMPLOYER = re.compile(r"^perusahaan\d+@demo\.local$")


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def generated_profiles():
    return JobseekerProfile.objects.filter(user__email__regex=r"^pencaker[0-9]+@demo\.local$")


def generated_companies():
    return Company.objects.filter(members__user__email__regex=r"^perusahaan[0-9]+@demo\.local$")


def snapshot() -> dict[str, int]:
    models = [
        User, JobseekerProfile, EducationEntry, ExperienceEntry, AkiCard, AkiCardEvent, Company, CompanyMember,
        CompanyEvent, Vacancy, VacancyEvent, JobseekerProfile.skills.through, Vacancy.skills.through,
    ]  # fmt: skip
    return {model._meta.label: model.objects.count() for model in models}


def test_small_counts_create_the_requested_numbers():
    # given an empty database (apart from reference data)
    # when
    output = seed(**SMALL)
    # then: generated rows match the options; the fixed demo rows come on top
    assert generated_profiles().count() == 40
    assert JobseekerProfile.objects.count() == 41
    assert generated_companies().distinct().count() == 5
    assert Vacancy.objects.filter(company__in=generated_companies()).count() == 12
    assert Vacancy.objects.filter(company__nib=demo.company_nib(0)).count() == 3
    assert "rows in" in output and "rows/s" in output


def test_running_twice_is_idempotent():
    # given
    seed(**SMALL)
    before = snapshot()
    # when
    output = seed(**SMALL)
    # then
    assert snapshot() == before
    assert "Nothing to create" in output


def test_a_larger_count_tops_up_with_the_same_rows_as_one_long_run():
    # given a run of 10, then a top-up to 16
    seed(jobseekers=10, companies=0, vacancies=0)
    seed(jobseekers=16, companies=0, vacancies=0)
    topped_up = dict(generated_profiles().values_list("user__email", "nik"))
    names = dict(generated_profiles().values_list("user__email", "full_name"))
    assert len(topped_up) == 16
    # when the generated jobseekers are removed and 16 are created in one run
    AkiCardEvent.objects.filter(card__jobseeker__in=generated_profiles()).delete()
    User.objects.filter(email__regex=r"^pencaker[0-9]+@demo\.local$").delete()
    seed(jobseekers=16, companies=0, vacancies=0)
    # then every index gets the same person
    assert dict(generated_profiles().values_list("user__email", "nik")) == topped_up
    assert dict(generated_profiles().values_list("user__email", "full_name")) == names


def test_demo_accounts_have_their_roles_and_the_demo_password():
    # given
    # when
    seed(accounts_only=True)
    # then
    users = {u.email: u for u in User.objects.filter(email__in=[
        "pencaker@demo.local", "perusahaan@demo.local", "petugas@demo.local", "kabid@demo.local",
    ])}  # fmt: skip
    assert len(users) == 4
    assert all(u.check_password(demo.DEFAULT_PASSWORD) for u in users.values())

    petugas, kabid = users["petugas@demo.local"], users["kabid@demo.local"]
    assert petugas.is_staff and petugas.role == User.Role.STAFF
    assert set(petugas.groups.values_list("name", flat=True)) == {GROUP_PETUGAS}
    assert petugas.has_perm("employers.moderate_vacancy")
    assert kabid.is_staff and kabid.role == User.Role.STAFF
    assert set(kabid.groups.values_list("name", flat=True)) == {GROUP_KEPALA_BIDANG}
    assert kabid.has_perm("employers.impose_sanction")

    pencaker = users["pencaker@demo.local"]
    assert pencaker.role == User.Role.JOBSEEKER and not pencaker.is_staff
    profile = pencaker.jobseeker_profile
    assert profile.is_local
    card = profile.aki_cards.get(status=AkiCard.Status.ACTIVE)
    assert card.number and card.issued_at
    assert card.expires_on == timezone.localdate(card.issued_at) + relativedelta(
        months=settings.AKI_CARD_VALIDITY_MONTHS
    )

    perusahaan = users["perusahaan@demo.local"]
    assert perusahaan.role == User.Role.EMPLOYER and not perusahaan.is_staff
    membership = perusahaan.company_membership
    assert membership.is_company_admin
    assert membership.company.status == Company.Status.VERIFIED
    assert membership.company.vacancies.published().count() >= 3
    # and nothing else was generated
    assert not generated_profiles().exists()
    assert not generated_companies().exists()


def test_rerunning_resets_the_demo_passwords_without_duplicating(monkeypatch):
    # given
    seed(jobseekers=3, companies=1, vacancies=0)
    before = snapshot()
    # when
    monkeypatch.setenv("DEMO_PASSWORD", "rahasia-baru-2026")
    seed(accounts_only=True)
    # then
    assert snapshot() == before
    for email in (
        "pencaker@demo.local", "perusahaan@demo.local", "petugas@demo.local", "kabid@demo.local",
        "pencaker3@demo.local", "perusahaan1@demo.local",
    ):  # fmt: skip
        user = User.objects.get(email=email)
        assert user.check_password("rahasia-baru-2026")
        assert not user.check_password(demo.DEFAULT_PASSWORD)


def test_generated_users_can_log_in_with_the_demo_password():
    # given
    # when
    seed(jobseekers=3, companies=2, vacancies=0)
    # then
    assert User.objects.get(email="pencaker2@demo.local").check_password(demo.DEFAULT_PASSWORD)
    employer = User.objects.get(email="perusahaan1@demo.local")
    assert employer.check_password(demo.DEFAULT_PASSWORD)
    assert employer.role == User.Role.EMPLOYER and employer.company_membership.is_company_admin


def test_every_generated_nik_is_valid_unique_and_matches_birth_date_and_sex():
    # given
    # when
    seed(jobseekers=80, companies=0, vacancies=0)
    # then
    rows = list(JobseekerProfile.objects.values_list("nik", "birth_date", "sex", "kelurahan_id", "outside_city"))
    assert len({nik for nik, *_ in rows}) == len(rows) == 81
    for nik, birth_date, sex, _, _ in rows:
        validate_nik_matches(nik, birth_date=birth_date, sex=sex)
    # local status is the KTP kelurahan, not the NIK prefix: some locals hold NIKs issued elsewhere
    locals_ = [(nik, kel) for nik, _, _, kel, _ in rows if kel]
    assert any(not nik.startswith("6474") for nik, _ in locals_)
    assert all(city for _, _, _, kel, city in rows if not kel)
    assert 0.6 < len(locals_) / len(rows) < 0.95


def test_published_vacancies_have_a_publication_date_and_every_status_has_its_events():
    # given
    # when
    seed(jobseekers=30, companies=8, vacancies=30)
    # then
    assert Vacancy.objects.filter(status=Vacancy.Status.PUBLISHED).exists()
    assert not Vacancy.objects.filter(status=Vacancy.Status.PUBLISHED, published_at__isnull=True).exists()
    for obj in [*Vacancy.objects.all(), *Company.objects.all(), *AkiCard.objects.all()]:
        events = list(obj.events.order_by("created_at", "pk"))
        assert events, obj
        assert events[0].from_status == ""
        assert events[-1].to_status == obj.status
        assert all(e.note == demo.DEMO_NOTE for e in events)
        assert all(a.created_at <= b.created_at for a, b in zip(events, events[1:], strict=False))
    now = timezone.now()
    assert not VacancyEvent.objects.filter(created_at__gt=now).exists()
    assert not AkiCardEvent.objects.filter(created_at__gt=now).exists()


def test_generated_rows_pass_full_clean():
    # given
    # when
    seed(jobseekers=25, companies=6, vacancies=15)
    # then
    for profile in JobseekerProfile.objects.all():
        profile.full_clean()
    for model in (EducationEntry, ExperienceEntry, AkiCard, Company, Vacancy):
        for obj in model.objects.all()[:40]:
            obj.full_clean()
    for company in Company.objects.all():
        assert company.kbli_category.division_from <= int(company.kbli_code[:2]) <= company.kbli_category.division_to
        assert len(company.nib) == 13 and len(company.npwp) == 16
    for vacancy in Vacancy.objects.exclude(sex_requirement=Vacancy.SexRequirement.ANY):
        assert vacancy.sex_justification.strip()


def test_active_cards_are_valid_24_months_and_not_due_for_lapsing():
    # given
    from jobseekers.services import aki_card_is_overdue

    # when
    seed(jobseekers=60, companies=0, vacancies=0)
    # then
    today = timezone.localdate()
    active = list(AkiCard.objects.filter(status=AkiCard.Status.ACTIVE))
    assert len(active) > 20
    for card in active:
        assert card.expires_on == timezone.localdate(card.issued_at) + relativedelta(months=24)
        assert card.requested_at <= card.issued_at <= card.last_reported_at
        assert not aki_card_is_overdue(card, today=today)
    assert not AkiCard.objects.filter(status=AkiCard.Status.ACTIVE, expires_on__lt=today).exists()


def test_vacancies_stay_within_the_dates_the_nightly_jobs_expect():
    # given
    # when
    seed(jobseekers=0, companies=8, vacancies=40)
    # then: published vacancies are still open, and nothing precedes its company
    assert not Vacancy.objects.past_close_date().exists()
    for vacancy in Vacancy.objects.select_related("company"):
        assert vacancy.created_at >= vacancy.company.created_at - datetime.timedelta(seconds=1)
        if vacancy.status in (Vacancy.Status.PUBLISHED, Vacancy.Status.CLOSED, Vacancy.Status.FILLED):
            assert vacancy.company.status in (Company.Status.VERIFIED, Company.Status.SUSPENDED)
            assert vacancy.published_at >= vacancy.company.verified_at


@pytest.mark.django_db(transaction=True)
def test_large_runs_share_the_batches_among_worker_processes(monkeypatch):
    # given more jobseekers than one batch, outside any transaction (as from the command line)
    used = []
    original = demo._run_jobseeker_chunks

    def spy(ctx, chunks, niks, employers, workers):
        used.append(workers)
        yield from original(ctx, chunks, niks, employers, workers)

    monkeypatch.setattr(demo, "_run_jobseeker_chunks", spy)
    # when
    result = demo.seed_demo(jobseekers=45, companies=2, vacancies=4, batch_size=10, workers=2)
    # then every batch was written by the workers, each row once, and counted in the parent
    assert used == [2]
    assert generated_profiles().count() == 45
    assert result.created["jobseekers.JobseekerProfile"] == 46  # with the demo jobseeker
    assert result.created["accounts.User"] == User.objects.count()
    numbers = list(AkiCard.objects.exclude(number=None).values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) > 30
    # and a second run finds nothing to do
    assert demo.seed_demo(jobseekers=45, companies=2, vacancies=4, batch_size=10, workers=2).rows == 0


def test_inside_a_transaction_the_batches_are_written_in_this_process(monkeypatch):
    # given a caller's transaction (this test), which other processes could not see
    used = []
    original = demo._run_jobseeker_chunks

    def spy(ctx, chunks, niks, employers, workers):
        used.append(workers)
        yield from original(ctx, chunks, niks, employers, workers)

    monkeypatch.setattr(demo, "_run_jobseeker_chunks", spy)
    # when
    demo.seed_demo(jobseekers=25, companies=0, vacancies=0, batch_size=10, workers=4)
    # then
    assert used == [1]
    assert generated_profiles().count() == 25


def test_negative_counts_are_refused():
    # given / when / then
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        seed(jobseekers=-1)


def test_demo_data_has_work_in_every_step_of_the_single_channel():
    # given / when
    seed(jobseekers=60, companies=6, vacancies=20)
    # then: the demo jobseeker has one application being screened and one referral
    from placements.models import Application, Placement, Referral

    mine = Application.objects.filter(jobseeker__user__email=demo.JOBSEEKER_DEMO_EMAIL)
    assert set(mine.values_list("status", flat=True)) == {"submitted", "referred"}
    assert Referral.objects.filter(application__in=mine).get().letter_number.startswith("AK.V/")
    # the demo company has candidates to decide on and an accepted one whose hire is not reported yet
    at_demo_company = Referral.objects.filter(application__vacancy__company__nib=demo.company_nib(0))
    assert at_demo_company.filter(status="referred").count() >= 2
    accepted = at_demo_company.filter(status="accepted")
    assert accepted.count() == 1 and not Placement.objects.filter(referral__in=accepted).exists()
    # accepted by the employer only: the application is hired once Disnaker verifies a hire report
    assert accepted.get().application.status == "referred"
    assert not Application.objects.filter(status="hired").exists()
    # petugas has applications to screen and hire reports to review
    assert Application.objects.filter(status="submitted").count() >= 5
    assert Placement.objects.filter(status="reported").exists()
    # and a second run adds nothing
    counts = [Application.objects.count(), Referral.objects.count(), Placement.objects.count()]
    seed(jobseekers=60, companies=6, vacancies=20)
    assert [Application.objects.count(), Referral.objects.count(), Placement.objects.count()] == counts
