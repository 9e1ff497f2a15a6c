"""A member of company A reaches nothing of company B by URL: every employer page, walked from the URLconf.

Each page of `employers.urls` (and the company pages that live in other apps) is opened by A's
administrator, by GET and by POST. A page that takes an id of a company's record, given one of B's,
answers 404, exactly like a missing one (`B_RECORDS`); a page without one, or whose arguments choose
within the member's own company such as a year or an export (`OWN_SCOPE`), never shows B's titles,
names, addresses or plan (downloaded files included); and B's records are unchanged afterwards. A new
employer page with an argument in its URL fails here until it is named in one of the two, so no page
escapes the check. (The API's cross-company checks are in each API test module: test_employer_api,
test_employer_api_vacancy_actions, test_members, test_manpower_plans, test_exports, test_company_profile.)
"""

import io

import openpyxl
import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse
from django.utils import timezone

from bontang_aker.accounts.tests.factories import UserFactory
from employers import manpower_plans
from employers import members as company_members
from employers import services as employer_services
from employers import urls as employer_urls
from employers.models import CompanyInvitation, CompanyMember, ManpowerPlanLine, Vacancy
from employers.tests.factories import CompanyFactory, CompanyMemberFactory, VacancyFactory
from jobseekers.tests.factories import AkiCardFactory
from placements import services as placements
from placements.models import Placement, Referral

pytestmark = pytest.mark.django_db

# Company pages outside employers.urls (they read other apps' records too).
OTHER_COMPANY_PAGES = ["portal:company_compliance"]

NEXT_YEAR = timezone.localdate().year + 1

# Pages that take an id of a company's record: given B's, each answers 404 (URL name -> its arguments).
B_RECORDS = {
    "vacancy_detail": lambda b: {"pk": b["vacancy"].pk},
    "vacancy_edit": lambda b: {"pk": b["vacancy"].pk},
    "vacancy_submit": lambda b: {"pk": b["draft"].pk},
    "vacancy_close": lambda b: {"pk": b["vacancy"].pk},
    "vacancy_extend": lambda b: {"pk": b["vacancy"].pk},
    "vacancy_reopen": lambda b: {"pk": b["closed"].pk},
    "vacancy_confirm_open": lambda b: {"pk": b["vacancy"].pk},
    "vacancy_candidates": lambda b: {"pk": b["vacancy"].pk},
    "referral_result": lambda b: {"pk": b["referral"].pk},
    "referral_letter": lambda b: {"pk": b["referral"].pk},
    "placement_resubmit": lambda b: {"pk": b["placement"].pk},
    "member_role": lambda b: {"pk": b["member"].pk},
    "member_remove": lambda b: {"pk": b["member"].pk},
    "invitation_resend": lambda b: {"pk": b["invitation"].pk},
    "invitation_cancel": lambda b: {"pk": b["invitation"].pk},
    "plan_line_remove": lambda b: {"year": NEXT_YEAR, "line_id": b["plan_line"].pk},
}
# Pages whose arguments choose within the member's own company (a year, an export): opened with the
# values B has records for, they show A's own records only.
OWN_SCOPE = {
    "plan_detail": [{"year": NEXT_YEAR}],
    "plan_submit": [{"year": NEXT_YEAR}],
    "plan_amend": [{"year": NEXT_YEAR}],
    "export_download": [
        {"slug": slug, "file_format": file_format}
        for slug in ("lowongan", "kandidat", "penempatan", "wllp")
        for file_format in ("xlsx", "csv")
    ],
}
# Pages whose argument is not an id of a company's record, each tested where it belongs.
NOT_COMPANY_RECORDS = {
    "invitation_accept": "a signed token: the invitee's page (employers/tests/test_members.py)",
}


def text_of(response) -> str:
    """What a page or a downloaded file shows, as text (an XLSX file through openpyxl)."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(value) for sheet in book for row in sheet.iter_rows(values_only=True) for value in row if value
        )
    return content.decode("utf-8-sig")


def url_patterns(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern):
            yield pattern


@pytest.fixture
def company_b():
    staff = UserFactory(petugas=True)
    admin_b = CompanyMemberFactory(user__full_name="Bambang Admin B", user__email="admin@perusahaan-b.example.id")
    company = admin_b.company
    member = CompanyMemberFactory(company=company, is_company_admin=False, user__email="staf@perusahaan-b.example.id")
    vacancy = VacancyFactory(company=company, published=True, title="Rahasia Perusahaan B")
    draft = VacancyFactory(company=company, title="Draf Perusahaan B")
    closed = VacancyFactory(company=company, published=True, title="Tutup Perusahaan B")
    employer_services.vacancy_close(vacancy_id=closed.pk, by=admin_b.user)
    card = AkiCardFactory(active=True, jobseeker__educated=True, jobseeker__full_name="Kandidat Perusahaan B")
    application = placements.application_submit(jobseeker=card.jobseeker, vacancy_id=vacancy.pk)
    referral = placements.referral_create(application_id=application.pk, by=staff, reasons={"local": True})
    placements.referral_record_result(referral_id=referral.pk, by=admin_b.user, result=Referral.Status.ACCEPTED)
    placement = placements.placement_report(
        jobseeker=card.jobseeker,
        company=company,
        vacancy=vacancy,
        referral=referral,
        by=admin_b.user,
        start_date=timezone.localdate(),
        position=vacancy.title,
        occupation=vacancy.occupation,
    )
    placements.placement_reject(placement_id=placement.pk, by=staff, reason="Tanggal mulai salah")
    invitation = company_members.invitation_create(
        company=company, by=admin_b.user, email="calon@perusahaan-b.example.id"
    )
    plan = manpower_plans.plan_create(
        company=company,
        by=admin_b.user,
        year=NEXT_YEAR,
        lines=[
            {
                "occupation": vacancy.occupation,
                "count": 4,
                "quarter": 2,
                "expectation": "non_local",
                "non_local_reason": "Alasan Rahasia Perusahaan B",
            }
        ],
    )
    manpower_plans.plan_submit(company=company, by=admin_b.user, plan_id=plan.pk)
    return {
        "company": company,
        "plan_line": plan.lines.get(),
        "vacancy": vacancy,
        "draft": draft,
        "closed": closed,
        "referral": referral,
        "placement": placement,
        "member": member,
        "invitation": invitation,
        "secrets": [
            "Rahasia Perusahaan B",
            "Draf Perusahaan B",
            "Tutup Perusahaan B",
            "Kandidat Perusahaan B",
            "admin@perusahaan-b.example.id",
            "staf@perusahaan-b.example.id",
            "calon@perusahaan-b.example.id",
            "Alasan Rahasia Perusahaan B",
            company.name,
            referral.letter_number,
        ],
    }


def state_of(b: dict) -> tuple:
    """Everything of B that a wrong page could change."""
    b["vacancy"].refresh_from_db()
    return (
        tuple(
            Vacancy.objects.filter(company=b["company"]).order_by("pk").values_list("status", "close_date", "wage_min")
        ),
        tuple(Referral.objects.filter(pk=b["referral"].pk).values_list("status", "selection_notes")),
        tuple(Placement.objects.filter(company=b["company"]).values_list("status", "start_date")),
        tuple(
            CompanyMember.objects.filter(company=b["company"]).order_by("pk").values_list("user_id", "is_company_admin")
        ),
        tuple(CompanyInvitation.objects.filter(company=b["company"]).values_list("cancelled_at", "accepted_at")),
        tuple(
            ManpowerPlanLine.objects.filter(plan__company=b["company"]).values_list(
                "plan__status", "plan__version", "count", "non_local_reason"
            )
        ),
    )


def test_company_a_reaches_nothing_of_company_b_on_any_employer_page(company_b):
    admin_a = CompanyMemberFactory(company=CompanyFactory(verified=True, name="PT Perusahaan A"))
    client = Client(headers={"accept-language": "en"})
    client.force_login(admin_a.user)
    before = state_of(company_b)
    checked = []
    for pattern in url_patterns(employer_urls.urlpatterns):
        name = pattern.name
        arguments = list(pattern.pattern.converters) or list(pattern.pattern.regex.groupindex)
        if name in NOT_COMPANY_RECORDS:
            continue
        if name in B_RECORDS:
            path = reverse(f"employers:{name}", kwargs=B_RECORDS[name](company_b))
            for method in ("get", "post"):
                response = getattr(client, method)(path, {"close_date": "2027-01-31", "is_admin": "1"})
                # 404 as for a missing record; 405 where the page takes no such method at all
                assert response.status_code in (404, 405), (method, path, response.status_code)
        else:
            assert not arguments or name in OWN_SCOPE, (
                f"employers:{name} takes {arguments}: add it to B_RECORDS or OWN_SCOPE"
            )
            for kwargs in OWN_SCOPE.get(name, [{}]):
                path = reverse(f"employers:{name}", kwargs=kwargs)
                for method in ("get", "post"):
                    response = getattr(client, method)(path, {})
                    assert response.status_code < 500, (method, path)
                    leaked = [secret for secret in company_b["secrets"] if secret in text_of(response)]
                    assert leaked == [], (method, path, leaked)
        checked.append(name)
    for name in OTHER_COMPANY_PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 200
        leaked = [secret for secret in company_b["secrets"] if secret in response.content.decode()]
        assert leaked == [], (name, leaked)
    assert state_of(company_b) == before
    assert set(B_RECORDS) | set(OWN_SCOPE) <= set(checked)  # the walk really went through the URLconf
