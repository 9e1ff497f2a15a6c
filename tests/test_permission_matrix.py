"""Every page and API action of the URL configuration × every role: allowed or refused as designed.

The cases are generated from `django.urls.get_resolver()`: each page (GET, and every other HTTP
method its view defines) and each DRF action (router patterns carry `callback.actions`, method →
action) is one case, opened by each of the seven roles. A URL in the configuration without a rule
in `RULES` fails `test_every_url_has_a_rule`, and so does a rule whose URL no longer exists, so no
new page or action escapes the matrix. Left out: the admin site (Django's model permissions, tested
in each app's test_admin), the OpenAPI schema and docs (public by design), and DRF's format-suffix
duplicates.

Outcomes: "login" is a redirect to the login page, "denied" a 401/403, "404" the answer to an object
the person may not see (its existence is not confirmed), "ok" anything else (a page, a redirect
elsewhere, or a 400/405/409 from a check that comes after the permission layer). Bodies are empty
(the point is the permission layer, not validation), except where a view validates the input before
it asks who sends it: there the rule gives a valid `body`. An allowed role must get "ok" (or "404"
where the rule says the object is `missing`: the permission layer let it through); a refused one
"login" (anonymous on a page), "denied" (anonymous on the API) or "denied"/"404"/"login" (a signed-in
person of another role). Each role gets a fresh world and walks GETs first, then the other methods,
DELETE last, so an action that succeeds does not change what a later case sees.
"""

import dataclasses
import re
from collections.abc import Callable

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.http import QueryDict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, include, path, reverse
from django.urls.resolvers import RegexPattern
from django.utils import timezone
from django.views.generic import TemplateView

from bontang_aker.notices.tests.factories import NoticeFactory
from employers import manpower_plans, sanctions
from employers import members as company_members
from employers.tests.factories import CompanyMemberFactory, VacancyFactory
from jobseekers.models import Document
from jobseekers.tests.factories import AkiCardFactory, EducationEntryFactory, ExperienceEntryFactory
from matching import notices as match_notices
from matching.models import Match
from placements import callups, hire_reports, letters
from placements import services as placements
from placements.models import Referral, RotationPool
from portal import saved_searches

ROLES = ["anonymous", "jobseeker", "member", "admin", "petugas", "kabid", "superuser"]

# Role sets (who is allowed).
PUBLIC = frozenset(ROLES)
SIGNED_IN = PUBLIC - {"anonymous"}
JOBSEEKER = frozenset({"jobseeker"})
EMPLOYER = frozenset({"member", "admin"})
COMPANY_ADMIN = frozenset({"admin"})
STAFF = frozenset({"petugas", "kabid", "superuser"})  # every staff member reads the queues
# Desk decisions (verify, publish, refer, review, call up; NIK conflicts): petugas_antar_kerja's
# permissions (bontang_aker.accounts.roles), which kepala_bidang does not hold.
PETUGAS = frozenset({"petugas", "superuser"})
# Escalating a sanction beyond the verbal warning: employers.escalate_sanction, kepala_bidang only.
KABID = frozenset({"kabid", "superuser"})
OWNER_AND_STAFF = JOBSEEKER | STAFF

# An id no row has: for objects the world does not build, the allowed roles answer 404 after the
# permission layer let them through (DRF checks permissions before it looks the object up).
MISSING = 2_000_000_000
NEXT_YEAR = timezone.localdate().year + 1

SKIPPED_NAMESPACES = ("admin",)
SKIPPED_NAMES = {
    "api:schema": "public OpenAPI schema, tested in tests/test_api_schemathesis.py",
    "api:docs": "public Swagger UI",
}
FORMAT_SUFFIX = re.compile(r"\\\.\(\?P<format>")


@dataclasses.dataclass(frozen=True)
class Rule:
    allowed: frozenset
    kwargs: Callable[[dict], dict] | None = None
    # The object is absent (MISSING id or a token that checks nothing): an allowed role may answer 404.
    missing: bool = False
    skip: str = ""
    # A valid body, where the view validates the input before it asks who is sending it.
    body: Callable[[dict], dict] | None = None


def rule(allowed, kwargs=None, *, missing=False, skip="", body=None):
    return Rule(frozenset(allowed), kwargs, missing, skip, body)


def pk(key):
    return lambda w: {"pk": w[key].pk}


def missing_pk(w):
    return {"pk": MISSING}


def next_year(w):
    return {"year": NEXT_YEAR}


# URL name (or (name, METHOD)) -> rule. A (name, METHOD) entry wins over the name's.
RULES: dict = {
    # --- public pages -------------------------------------------------------------------------
    "home": rule(PUBLIC),
    "healthz": rule(PUBLIC),
    "readyz": rule(PUBLIC),
    "set_language": rule(PUBLIC),
    "portal:transparency": rule(PUBLIC),
    "reports:dashboard": rule(PUBLIC),
    "reports:dashboard_json": rule(PUBLIC),
    "reports:dashboard_csv": rule(PUBLIC, lambda w: {"chart": "placements-by-month"}),
    "portal:transparency_vacancy": rule(PUBLIC, pk("vacancy")),
    "portal:saved_search_unsubscribe": rule(PUBLIC, lambda w: {"token": w["unsubscribe_token"]}),
    "match_notices:unsubscribe": rule(PUBLIC, lambda w: {"token": w["match_unsubscribe_token"]}),
    "vacancies:search": rule(PUBLIC),
    "vacancies:detail": rule(PUBLIC, pk("vacancy")),
    "cards:check": rule(PUBLIC, lambda w: {"number": w["card"].number}),
    "letters:check": rule(PUBLIC, lambda w: {"slug": letters.letter_slug(w["referral"].letter_number)}),
    "accounts:login": rule(PUBLIC),
    # The current consent text is for anyone; only a jobseeker's POST records an acceptance (a
    # POST by anyone else redirects back to the text and changes nothing).
    "jobseekers:consent": rule(PUBLIC),
    "accounts:logout": rule(PUBLIC),
    "accounts:email_verify": rule(PUBLIC, lambda w: {"token": "not-a-token"}, missing=True),
    "accounts:email_change_confirm": rule(PUBLIC, lambda w: {"token": "not-a-token"}, missing=True),
    "accounts:password_reset": rule(PUBLIC),
    "accounts:password_reset_done": rule(PUBLIC),
    "accounts:password_reset_confirm": rule(PUBLIC, lambda w: {"uidb64": "MA", "token": "x-y"}, missing=True),
    "accounts:password_reset_complete": rule(PUBLIC),
    "jobseekers:register": rule(PUBLIC),
    "jobseekers:take_over": rule(PUBLIC),
    "employers:register": rule(PUBLIC),
    "employers:invitation_accept": rule(PUBLIC, lambda w: {"token": w["invitation_token"]}),
    # --- any signed-in person -----------------------------------------------------------------
    "portal:dashboard": rule(SIGNED_IN),
    "notices:list": rule(SIGNED_IN),
    "match_notices:settings": rule(SIGNED_IN),
    "notices:mark_all_read": rule(SIGNED_IN),
    "notices:open": rule(JOBSEEKER, pk("notice")),
    "matching:list": rule(JOBSEEKER),
    "matching:feedback": rule(
        JOBSEEKER, pk("match")
    ),  # the jobseeker's own match: 404 to everyone else  # the jobseeker's own notice: 404 to everyone else
    "accounts:account": rule(SIGNED_IN),
    "accounts:email_verification_resend": rule(SIGNED_IN),
    "accounts:email_change": rule(SIGNED_IN),
    "accounts:password_change": rule(SIGNED_IN),
    # --- jobseeker pages ----------------------------------------------------------------------
    "portal:data_export": rule(JOBSEEKER),
    "portal:saved_search_list": rule(JOBSEEKER),
    "portal:saved_search_create": rule(JOBSEEKER),
    "portal:saved_search_rename": rule(JOBSEEKER, pk("saved_search")),
    "portal:saved_search_alerts": rule(JOBSEEKER, pk("saved_search")),
    "portal:saved_search_delete": rule(JOBSEEKER, pk("saved_search")),
    "placements:application_list": rule(JOBSEEKER),
    "placements:application_detail": rule(JOBSEEKER, pk("application")),
    "placements:application_withdraw": rule(JOBSEEKER, pk("application")),
    "placements:application_letter": rule(JOBSEEKER, pk("application")),
    "placements:callup_letter": rule(JOBSEEKER, pk("callup")),
    "placements:callup_decline": rule(JOBSEEKER, pk("callup")),
    "placements:apply": rule(JOBSEEKER, lambda w: {"vacancy_id": w["callup_vacancy"].pk}),
    "placements:hire_report_create": rule(JOBSEEKER),
    "placements:hire_report_detail": rule(JOBSEEKER, pk("hire_report")),
    "job_search_log:page": rule(JOBSEEKER),
    "job_search_log:pdf": rule(JOBSEEKER),
    "job_search_log:csv": rule(JOBSEEKER),
    "jobseekers:document_download": rule(OWNER_AND_STAFF, pk("document")),
    "jobseekers:profile": rule(JOBSEEKER),
    "jobseekers:profile_personal": rule(JOBSEEKER),
    "jobseekers:profile_education": rule(JOBSEEKER),
    "jobseekers:education_add": rule(JOBSEEKER),
    "jobseekers:education_edit": rule(JOBSEEKER, pk("education")),
    "jobseekers:education_delete": rule(JOBSEEKER, pk("education")),
    "jobseekers:profile_experience": rule(JOBSEEKER),
    "jobseekers:experience_add": rule(JOBSEEKER),
    "jobseekers:experience_edit": rule(JOBSEEKER, pk("experience")),
    "jobseekers:experience_delete": rule(JOBSEEKER, pk("experience")),
    "jobseekers:profile_skills": rule(JOBSEEKER),
    "jobseekers:profile_preferences": rule(JOBSEEKER),
    "jobseekers:profile_documents": rule(JOBSEEKER),
    "jobseekers:document_delete": rule(JOBSEEKER, pk("document")),
    "jobseekers:card": rule(JOBSEEKER),
    "jobseekers:card_request": rule(JOBSEEKER),
    "jobseekers:card_report": rule(JOBSEEKER),
    "jobseekers:card_print": rule(JOBSEEKER),
    "jobseekers:privacy": rule(JOBSEEKER),
    "jobseekers:results_publication_consent": rule(JOBSEEKER),
    "jobseekers:deletion_request": rule(JOBSEEKER),
    # --- employer pages -----------------------------------------------------------------------
    "portal:company_compliance": rule(EMPLOYER),
    "portal:company_sanction_letter": rule(EMPLOYER, pk("sanction_step")),
    # Only a company admin answers Disnaker's letter (POST only); the form is validated first, so a
    # member is refused (403) only with a valid answer.
    "portal:company_sanction_response": rule(
        COMPANY_ADMIN,
        pk("sanction_step"),
        body=lambda w: {f"step{w['sanction_step'].pk}-response": "Rencana tenaga kerja sudah kami susun."},
    ),
    "employers:vacancy_list": rule(EMPLOYER),
    "employers:vacancy_create": rule(EMPLOYER),
    "employers:vacancy_detail": rule(EMPLOYER, pk("vacancy")),
    "employers:vacancy_edit": rule(EMPLOYER, pk("vacancy")),
    "employers:vacancy_submit": rule(EMPLOYER, pk("draft")),
    "employers:vacancy_close": rule(EMPLOYER, pk("vacancy")),
    "employers:vacancy_extend": rule(EMPLOYER, pk("vacancy")),
    "employers:vacancy_reopen": rule(EMPLOYER, pk("vacancy")),
    "employers:vacancy_confirm_open": rule(EMPLOYER, pk("vacancy")),
    "employers:vacancy_candidates": rule(EMPLOYER, pk("vacancy")),
    "employers:referral_result": rule(EMPLOYER, pk("referral")),
    "employers:referral_letter": rule(EMPLOYER, pk("referral")),
    "employers:placement_list": rule(EMPLOYER),
    "employers:placement_create": rule(EMPLOYER),
    "employers:placement_resubmit": rule(EMPLOYER, pk("placement")),
    "employers:company_profile": rule(EMPLOYER),
    ("employers:company_profile", "POST"): rule(COMPANY_ADMIN),
    "employers:member_list": rule(EMPLOYER),
    ("employers:member_list", "POST"): rule(COMPANY_ADMIN),  # inviting
    "employers:member_role": rule(COMPANY_ADMIN, pk("colleague")),
    "employers:member_remove": rule(COMPANY_ADMIN, pk("colleague")),
    "employers:invitation_resend": rule(COMPANY_ADMIN, pk("invitation")),
    "employers:invitation_cancel": rule(COMPANY_ADMIN, pk("invitation_to_cancel")),
    "employers:plan_list": rule(EMPLOYER),
    # Every member reads the manpower plan; only a company admin files or changes it.
    "employers:plan_create": rule(EMPLOYER),
    ("employers:plan_create", "POST"): rule(COMPANY_ADMIN),
    "employers:plan_detail": rule(EMPLOYER, next_year),
    ("employers:plan_detail", "POST"): rule(COMPANY_ADMIN, next_year),
    "employers:plan_submit": rule(EMPLOYER, next_year),
    ("employers:plan_submit", "POST"): rule(COMPANY_ADMIN, next_year),
    "employers:plan_amend": rule(EMPLOYER, next_year),
    ("employers:plan_amend", "POST"): rule(COMPANY_ADMIN, next_year),
    "employers:plan_line_remove": rule(EMPLOYER, lambda w: {"year": NEXT_YEAR, "line_id": w["plan_line"].pk}),
    ("employers:plan_line_remove", "POST"): rule(
        COMPANY_ADMIN, lambda w: {"year": NEXT_YEAR, "line_id": w["plan_line"].pk}
    ),
    "employers:export_list": rule(EMPLOYER),
    "employers:export_download": rule(EMPLOYER, lambda w: {"slug": "lowongan", "file_format": "csv"}),
    # --- API: public and account ------------------------------------------------------------------
    "api:auth-token": rule(PUBLIC),
    "api:auth-me": rule(SIGNED_IN),
    "api:auth-verify-email": rule(PUBLIC),
    "api:auth-verify-email-resend": rule(SIGNED_IN),
    "api:auth-password-reset": rule(PUBLIC),
    "api:auth-password-reset-confirm": rule(PUBLIC),
    "api:employer-register": rule(PUBLIC),
    "api:jobseeker-register": rule(PUBLIC),
    "api:card-verify": rule(PUBLIC, lambda w: {"number": w["card"].number}),
    "api:transparency": rule(PUBLIC),
    "api:transparency-vacancy": rule(PUBLIC, pk("vacancy")),
    "api:vacancy-list": rule(PUBLIC),
    "api:vacancy-detail": rule(PUBLIC, pk("vacancy")),
    "api:kelurahan-list": rule(PUBLIC),
    "api:education-level-list": rule(PUBLIC),
    "api:occupation-list": rule(PUBLIC),
    "api:skill-list": rule(PUBLIC),
    "api:notice-list": rule(SIGNED_IN),
    "api:notice-read": rule(JOBSEEKER, pk("notice")),
    # --- API: jobseeker ---------------------------------------------------------------------------
    "api:my-profile": rule(JOBSEEKER),
    "api:my-card": rule(JOBSEEKER),
    "api:my-card-request": rule(JOBSEEKER),
    "api:my-card-report": rule(JOBSEEKER),
    "api:my-documents": rule(JOBSEEKER),
    "api:my-data-access": rule(JOBSEEKER),
    "api:my-consent": rule(JOBSEEKER),
    "api:my-deletion-request": rule(JOBSEEKER),
    "api:my-export": rule(JOBSEEKER),
    "api:my-job-search-log": rule(JOBSEEKER),
    "api:my-application-letter": rule(JOBSEEKER, pk("application")),
    "api:my-callup-letter": rule(JOBSEEKER, pk("callup")),
    "api:my-application-list": rule(JOBSEEKER),
    "api:my-application-detail": rule(JOBSEEKER, pk("application")),
    "api:my-application-withdraw": rule(JOBSEEKER, pk("application")),
    "api:my-saved-search-list": rule(JOBSEEKER),
    "api:my-saved-search-detail": rule(JOBSEEKER, pk("api_saved_search")),
    "api:my-hire-report-list": rule(JOBSEEKER),
    "api:my-hire-report-companies": rule(JOBSEEKER),
    "api:my-hire-report-detail": rule(JOBSEEKER, pk("hire_report")),
    # --- API: employer ----------------------------------------------------------------------------
    "api:employer-compliance": rule(EMPLOYER),
    "api:employer-company": rule(EMPLOYER),
    ("api:employer-company", "PATCH"): rule(COMPANY_ADMIN),
    "api:employer-export": rule(EMPLOYER, lambda w: {"kind": "vacancies"}),
    "api:employer-referral-letter": rule(EMPLOYER, pk("referral")),
    "api:employer-vacancy-list": rule(EMPLOYER),
    "api:employer-vacancy-detail": rule(EMPLOYER, pk("vacancy")),
    "api:employer-vacancy-candidates": rule(EMPLOYER, pk("vacancy")),
    "api:employer-vacancy-close": rule(EMPLOYER, pk("vacancy")),
    "api:employer-vacancy-confirm-open": rule(EMPLOYER, pk("vacancy")),
    "api:employer-vacancy-extend": rule(EMPLOYER, pk("vacancy")),
    "api:employer-vacancy-reopen": rule(EMPLOYER, pk("vacancy")),
    "api:employer-vacancy-submit": rule(EMPLOYER, pk("draft")),
    "api:employer-referral-result": rule(EMPLOYER, pk("referral")),
    "api:employer-placement-list": rule(EMPLOYER),
    "api:employer-placement-resubmit": rule(EMPLOYER, pk("placement")),
    "api:employer-member-list": rule(EMPLOYER),
    # Inviting and filing a plan validate the body first, then the service refuses a non-admin:
    # sent a valid body, a member gets the 403.
    ("api:employer-member-list", "POST"): rule(COMPANY_ADMIN, body=lambda w: {"email": "baru@matrix.example.id"}),
    "api:employer-member-detail": rule(COMPANY_ADMIN, pk("api_colleague")),
    "api:employer-plan-list": rule(EMPLOYER),
    ("api:employer-plan-list", "POST"): rule(
        COMPANY_ADMIN, body=lambda w: {"year": timezone.localdate().year, "lines": []}
    ),
    "api:employer-plan-detail": rule(EMPLOYER, pk("plan")),
    "api:employer-plan-submit": rule(COMPANY_ADMIN, pk("plan")),
    # --- API: staff -------------------------------------------------------------------------------
    "api:staff-queues": rule(STAFF),
    "api:staff-decision-reasons": rule(STAFF),
    "api:staff-company-list": rule(STAFF),
    "api:staff-company-detail": rule(STAFF, pk("company")),
    "api:staff-company-return": rule(PETUGAS, pk("company")),
    "api:staff-company-verify": rule(PETUGAS, pk("company")),
    "api:staff-vacancy-list": rule(STAFF),
    "api:staff-vacancy-detail": rule(STAFF, pk("vacancy")),
    "api:staff-vacancy-publish": rule(PETUGAS, pk("vacancy")),
    "api:staff-vacancy-return": rule(PETUGAS, pk("vacancy")),
    "api:staff-vacancy-revision-list": rule(STAFF),
    "api:staff-vacancy-revision-detail": rule(STAFF, missing_pk, missing=True),
    "api:staff-vacancy-revision-approve": rule(PETUGAS, missing_pk, missing=True),
    "api:staff-vacancy-revision-reject": rule(PETUGAS, missing_pk, missing=True),
    "api:staff-card-list": rule(STAFF),
    "api:staff-card-detail": rule(STAFF, pk("card")),
    "api:staff-card-issue": rule(PETUGAS, pk("card")),
    "api:staff-card-return": rule(PETUGAS, pk("card")),
    "api:staff-jobseeker-detail": rule(STAFF, pk("profile")),
    "api:staff-nik-conflict-list": rule(PETUGAS),
    "api:staff-nik-conflict-detail": rule(PETUGAS, missing_pk, missing=True),
    "api:staff-application-list": rule(STAFF),
    "api:staff-application-detail": rule(STAFF, pk("application")),
    "api:staff-application-decline": rule(PETUGAS, pk("application")),
    "api:staff-application-refer": rule(PETUGAS, pk("application")),
    "api:staff-placement-list": rule(STAFF),
    "api:staff-placement-detail": rule(STAFF, pk("placement")),
    "api:staff-placement-approve": rule(PETUGAS, pk("placement")),
    "api:staff-placement-return": rule(PETUGAS, pk("placement")),
    "api:staff-compliance-list": rule(STAFF),
    "api:staff-compliance-detail": rule(STAFF, pk("company")),
    "api:staff-sanction-case-list": rule(STAFF),
    "api:staff-sanction-case-detail": rule(STAFF, pk("sanction_case")),
    "api:staff-sanction-case-close": rule(STAFF, pk("sanction_case")),
    # The world's case already has its verbal warning, so the next step is a written one.
    "api:staff-sanction-case-steps": rule(KABID, pk("sanction_case")),
    "api:staff-hire-report-list": rule(STAFF),
    "api:staff-hire-report-detail": rule(STAFF, pk("hire_report")),
    "api:staff-hire-report-confirm": rule(PETUGAS, pk("hire_report")),
    "api:staff-hire-report-reject": rule(PETUGAS, pk("hire_report")),
    "api:staff-callup-list": rule(PETUGAS),
    "api:staff-callup-detail": rule(PETUGAS, pk("callup")),
    "api:staff-rotation-pool-list": rule(STAFF),
    "api:staff-rotation-pool-detail": rule(STAFF, pk("rotation_pool")),
    "api:staff-rotation-pool-propose": rule(PETUGAS, pk("rotation_pool")),
    "api:staff-rotation-pool-queue": rule(STAFF, pk("rotation_pool")),
    "api:staff-rotation-proposal-list": rule(STAFF),
    "api:staff-rotation-proposal-detail": rule(STAFF, missing_pk, missing=True),
    "api:staff-rotation-proposal-refer": rule(PETUGAS, missing_pk, missing=True),
    "api:staff-rotation-proposal-skip": rule(PETUGAS, missing_pk, missing=True),
}


# --- the URL configuration, walked ------------------------------------------------------------

HTTP_METHODS = ("get", "post", "put", "patch", "delete")


@dataclasses.dataclass(frozen=True)
class Case:
    name: str
    route: str
    method: str
    api: bool
    has_arguments: bool


def _methods(callback) -> list[str]:
    actions = getattr(callback, "actions", None)
    if actions:  # a DRF router pattern: its methods are the declared actions
        return [method.upper() for method in actions if method in HTTP_METHODS]
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view_class is None:  # a function view
        return ["GET"]
    return [
        method.upper()
        for method in HTTP_METHODS
        if method in view_class.http_method_names and hasattr(view_class, method)
    ]


def _walk(resolver, prefix="", namespaces=()):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespaces + ((pattern.namespace,) if pattern.namespace else ())
            yield from _walk(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), ":".join((*namespaces, pattern.name or "")), pattern


def url_cases(resolver=None) -> list[Case]:
    cases, seen = [], set()
    for route, name, pattern in _walk(resolver or get_resolver()):
        if name.split(":")[0] in SKIPPED_NAMESPACES or name in SKIPPED_NAMES or FORMAT_SUFFIX.search(route):
            continue
        has_arguments = bool(pattern.pattern.regex.groupindex) or "<" in route
        for method in _methods(pattern.callback):
            if (route, method) in seen:  # a later pattern shadowed by an earlier one (i18n/setlang/)
                continue
            seen.add((route, method))
            cases.append(Case(name, route, method, route.startswith("api/"), has_arguments))
    order = {"GET": 0, "POST": 1, "PUT": 1, "PATCH": 1, "DELETE": 2}
    return sorted(cases, key=lambda case: order[case.method])


def rule_for(case: Case) -> Rule | None:
    return RULES.get((case.name, case.method)) or RULES.get(case.name)


# --- the world ----------------------------------------------------------------------------------


@pytest.fixture
def world(petugas, kabid, superuser):
    today = timezone.localdate()
    admin = CompanyMemberFactory()
    company = admin.company
    member = CompanyMemberFactory(company=company, is_company_admin=False)
    colleague = CompanyMemberFactory(company=company, is_company_admin=False)
    api_colleague = CompanyMemberFactory(company=company, is_company_admin=False)
    vacancy = VacancyFactory(published=True, company=company)
    callup_vacancy = VacancyFactory(published=True, company=company)
    draft = VacancyFactory(company=company)
    card = AkiCardFactory(active=True, jobseeker__educated=True)
    profile = card.jobseeker
    application = placements.application_submit(jobseeker=profile, vacancy_id=vacancy.pk, motivation="")
    referral = placements.referral_create(application_id=application.pk, by=petugas)
    # A second candidate, hired and reported: the placement Disnaker returned for correction.
    hired = AkiCardFactory(active=True, jobseeker__educated=True).jobseeker
    hired_application = placements.application_submit(jobseeker=hired, vacancy_id=vacancy.pk, motivation="")
    hired_referral = placements.referral_create(application_id=hired_application.pk, by=petugas)
    placements.referral_record_result(referral_id=hired_referral.pk, by=admin.user, result=Referral.Status.ACCEPTED)
    placement = placements.placement_report(
        jobseeker=hired,
        company=company,
        vacancy=vacancy,
        referral=hired_referral,
        by=admin.user,
        start_date=today,
        position=vacancy.title,
        occupation=vacancy.occupation,
    )
    placements.placement_reject(placement_id=placement.pk, by=petugas, reason="Tanggal mulai salah")
    callup = callups.callup_create(jobseeker_id=profile.pk, vacancy_id=callup_vacancy.pk, by=petugas)
    hire_report = hire_reports.jobseeker_hire_report(
        jobseeker=profile, by=profile.user, start_date=today, position="Operator", company_id=company.pk
    )
    document = Document.objects.create(
        jobseeker=profile, kind="ktp", file=ContentFile(b"\x89PNG\r\n\x1a\n" + b"\0" * 16, name="ktp.png")
    )
    case = sanctions.sanction_case_open(
        company_id=company.pk, finding="plan_not_filed", description="No plan.", by=petugas
    )

    def invite(email):
        return company_members.invitation_create(company=company, by=admin.user, email=email)

    invitation = invite("calon@matrix.example.id")
    plan = manpower_plans.plan_create(
        company=company,
        by=admin.user,
        year=NEXT_YEAR,
        lines=[{"occupation": vacancy.occupation, "count": 2, "quarter": 2, "expectation": "local"}],
    )
    return {
        "users": {
            "anonymous": None,
            "jobseeker": profile.user,
            "member": member.user,
            "admin": admin.user,
            "petugas": petugas,
            "kabid": kabid,
            "superuser": superuser,
        },
        "company": company,
        "colleague": colleague,
        "api_colleague": api_colleague,
        "vacancy": vacancy,
        "callup_vacancy": callup_vacancy,
        "draft": draft,
        "card": card,
        "profile": profile,
        "application": application,
        "referral": referral,
        "placement": placement,
        "callup": callup,
        "hire_report": hire_report,
        "document": document,
        "education": profile.education_entries.first() or EducationEntryFactory(jobseeker=profile),
        "experience": ExperienceEntryFactory(jobseeker=profile),
        "notice": NoticeFactory(recipient=profile.user),
        "saved_search": saved_searches.saved_search_create(
            user=profile.user, params=QueryDict("q=operator"), name="Operator"
        ),
        "api_saved_search": saved_searches.saved_search_create(
            user=profile.user, params=QueryDict("q=las"), name="Las"
        ),
        "unsubscribe_token": saved_searches.unsubscribe_token(profile.user),
        "match_unsubscribe_token": match_notices.unsubscribe_token(user=profile.user, kind="match_digest"),
        "match": Match.objects.create(
            vacancy=vacancy, jobseeker=profile, score=70, among_jobseeker_best=True, computed_at=timezone.now()
        ),
        "sanction_case": case,
        "rotation_pool": RotationPool.objects.create(name="Turnaround pabrik", created_by=petugas),
        "sanction_step": sanctions.sanction_step_open(case_id=case.pk, by=petugas),
        "invitation": invitation,
        "invitation_to_cancel": invite("batal@matrix.example.id"),
        "invitation_token": company_members.invitation_token(invite("terima@matrix.example.id")),
        "plan": plan,
        "plan_line": plan.lines.get(),
    }


def outcome(response) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        location = response["Location"]
        login = reverse("accounts:login")
        return "login" if location.startswith(login) or f"{login}?" in location or "/admin/login/" in location else "ok"
    if response.status_code in (401, 403):
        return "denied"
    if response.status_code == 404:
        return "404"
    if response.status_code >= 500:
        return str(response.status_code)
    return "ok"


def expected(case: Case, rule: Rule, role: str) -> set[str]:
    if role in rule.allowed:
        return {"ok", "404"} if rule.missing else {"ok"}
    if role == "anonymous":
        return {"denied"} if case.api else {"login"}
    return {"denied", "404", "login"}


# --- the tests ----------------------------------------------------------------------------------


def rule_problems(cases: list[Case]) -> dict[str, list[str]]:
    names = {case.name for case in cases}
    without_rule = sorted({f"{case.name} {case.method}" for case in cases if rule_for(case) is None})
    rule_names = {key[0] if isinstance(key, tuple) else key for key in RULES}
    stale = sorted(rule_names - names)
    stale_methods = sorted(
        f"{name} {method}"
        for name, method in (key for key in RULES if isinstance(key, tuple))
        if not any(case.name == name and case.method == method for case in cases)
    )
    without_arguments = sorted(
        {
            case.name
            for case in cases
            if case.has_arguments and not (rule_for(case) and (rule_for(case).kwargs or rule_for(case).skip))
        }
    )
    return {
        "URLs without a rule in RULES": without_rule,
        "rules for URLs (or methods) that no longer exist": stale + stale_methods,
        "URLs with arguments whose rule neither fills them (kwargs) nor skips": without_arguments,
    }


def test_every_url_has_a_rule():
    problems = rule_problems(url_cases())
    assert problems == dict.fromkeys(problems, [])


def test_a_new_url_without_a_rule_fails_the_matrix():
    # given: the project's URLs plus a page nobody wrote a rule for
    resolver = URLResolver(
        RegexPattern(r"^/"),
        [path("", include(settings.ROOT_URLCONF)), path("baru/<int:pk>/", TemplateView.as_view(), name="unruled")],
    )
    # when
    problems = rule_problems(url_cases(resolver))
    # then
    assert problems["URLs without a rule in RULES"] == ["unruled GET"]
    assert problems["URLs with arguments whose rule neither fills them (kwargs) nor skips"] == ["unruled"]


def test_the_matrix_covers_every_role_of_the_single_channel():
    cases = url_cases()
    assert len(cases) > 200
    allowed = set().union(*(rule.allowed for rule in RULES.values()))
    assert allowed == set(ROLES)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_each_url_answers_the_role_as_designed(world, role):
    user = world["users"][role]
    client = Client()
    wrong = []
    for case in url_cases():
        rule = rule_for(case)
        if rule is None or rule.skip:
            continue
        if user is not None:
            client.force_login(user)  # an earlier case may have signed the person out
        url = reverse(case.name, kwargs=rule.kwargs(world) if rule.kwargs else None)
        send = getattr(client, case.method.lower())
        if case.method == "GET":
            response = send(url)
        elif case.api:
            response = send(url, data=rule.body(world) if rule.body else {}, content_type="application/json")
        else:
            response = send(url, data=rule.body(world) if rule.body else {})
        got = outcome(response)
        if got not in expected(case, rule, role):
            wrong.append(f"{case.method} {url} ({case.name}): {response.status_code} → {got}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)
