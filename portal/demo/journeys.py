"""Demo data in every state of the single channel, so each page and each staff queue has work.

Made through the real services (applications, referrals, results, hire reports), so the rows,
numbers and event history are exactly what the portal itself writes:

- the demo jobseeker has an application being screened and one referral the employer decides on;
- the demo company has referred candidates to decide on and an accepted one whose hire it still
  has to report;
- `petugas` finds applications to screen and hire reports to review (AK/I card requests and
  vacancy reports in review come from the generated data).

The employer's "accepted" moves only the referral: those applications stay "referred" (shown as
awaiting Disnaker's check) until petugas verifies the hire report.

Runs once: it is skipped when the demo jobseeker already has an application.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from bontang_aker.core.workflow import TransitionError
from employers.models import Company, Vacancy
from jobseekers.models import JobseekerProfile
from placements import services as placement_services
from placements.models import Application, Placement, Referral
from portal.demo.context import DEMO_COMPANY_NAME, _Context

# How many generated jobseekers fill each queue.
APPLICATIONS_TO_SCREEN = 6
EXTRA_REFERRED_TO_DEMO_COMPANY = 2
HIRES_TO_REVIEW = 2


def seed_journeys(ctx: _Context, *, jobseeker_user, employer_user) -> None:
    demo = JobseekerProfile.objects.filter(user=jobseeker_user).first()
    company = Company.objects.filter(name=DEMO_COMPANY_NAME).first()
    if demo is None or company is None or Application.objects.filter(jobseeker=demo).exists():
        return
    company_vacancies = list(Vacancy.objects.published().filter(company=company).order_by("pk"))
    other_vacancies = list(Vacancy.objects.published().exclude(company=company).order_by("pk")[:20])
    if not company_vacancies or not other_vacancies:
        return
    before = {model: model.objects.count() for model in (Application, Referral, Placement)}
    candidates = iter(
        JobseekerProfile.objects.filter(aki_cards__status="active")
        .exclude(pk=demo.pk)
        .select_related("user")
        .order_by("pk")[:200]
    )

    # The demo jobseeker: one application referred to the demo company, one being screened.
    referred = _apply(demo, company_vacancies[0], note="Saya lulusan SMK Teknik Pengelasan, bersertifikat 3G/6G.")
    if referred is not None:
        _refer(ctx, referred)
    _apply(demo, other_vacancies[0], note="")

    # The demo company: more referred candidates, one of them accepted with the hire still to report.
    for index in range(EXTRA_REFERRED_TO_DEMO_COMPANY):
        application = _apply_first(candidates, company_vacancies[index % len(company_vacancies)])
        referral = _refer(ctx, application) if application else None
        if referral is not None and index == 0:
            _result(referral, employer_user, Referral.Status.ACCEPTED, "Lulus tes praktik dan wawancara.")

    # petugas: applications to screen, and hire reports from other companies to review.
    for index in range(APPLICATIONS_TO_SCREEN):
        _apply_first(candidates, other_vacancies[index % len(other_vacancies)])
    for index in range(HIRES_TO_REVIEW):
        vacancy = other_vacancies[(index + 1) % len(other_vacancies)]
        application = _apply_first(candidates, vacancy)
        referral = _refer(ctx, application) if application else None
        member = vacancy.company.members.select_related("user").first()
        if referral is None or member is None:
            continue
        if _result(referral, member.user, Referral.Status.ACCEPTED, "Diterima."):
            _report_hire(referral, member.user)
    for model, count in before.items():
        ctx.count(model, model.objects.count() - count)
    ctx.log("demo journeys: applications, referrals and hire reports created")


def _apply(profile: JobseekerProfile, vacancy: Vacancy, *, note: str) -> Application | None:
    try:
        return placement_services.application_submit(jobseeker=profile, vacancy_id=vacancy.pk, motivation=note)
    except ValidationError:
        return None  # a requirement this person does not meet, or already applied


def _apply_first(candidates, vacancy: Vacancy) -> Application | None:
    """The next generated jobseeker whose application the vacancy accepts."""
    for profile in candidates:
        application = _apply(profile, vacancy, note="")
        if application is not None:
            return application
    return None


def _refer(ctx: _Context, application: Application) -> Referral | None:
    try:
        return placement_services.referral_create(
            application_id=application.pk,
            by=ctx.petugas,
            reasons={"demo": True},
            note="Memenuhi persyaratan; domisili Bontang.",
        )
    except (ValidationError, TransitionError):
        return None


def _result(referral: Referral, user, result: str, notes: str) -> bool:
    try:
        placement_services.referral_record_result(referral_id=referral.pk, by=user, result=result, notes=notes)
    except (ValidationError, TransitionError):
        return False
    return True


def _report_hire(referral: Referral, user) -> Placement | None:
    application = referral.application
    vacancy = application.vacancy
    try:
        return placement_services.placement_report(
            jobseeker=application.jobseeker,
            company=vacancy.company,
            by=user,
            start_date=timezone.localdate() + datetime.timedelta(days=7),
            position=vacancy.title,
            occupation=vacancy.occupation,
            vacancy=vacancy,
            referral=referral,
        )
    except (ValidationError, TransitionError):
        return None
