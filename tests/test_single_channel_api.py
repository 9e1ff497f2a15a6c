"""The whole single channel through the API, for all three roles, as partner apps would use it.

A new jobseeker signs up, verifies the email and completes the profile → requests the AK/I card → petugas issues it
→ an employer reports a vacancy "Juru Las" → petugas publishes it → the jobseeker finds it by
searching `pengelasan` and applies → petugas refers → the employer records "accepted" and files
the hire report → petugas approves → the jobseeker is hired, the card placed, the vacancy filled.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from bontang_aker.accounts.models import User
from bontang_aker.accounts.services import email_verification_token
from bontang_aker.accounts.tests.factories import UserFactory
from employers.tests.factories import CompanyMemberFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# A real 4×4 PNG: uploads are decoded and re-encoded (jobseekers.document_files).
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x04\x00\x00\x00\x04\x08\x02\x00\x00\x00&\x93\t)"
    b"\x00\x00\x00\x14IDATx\x9cc<q\xe2\x04\x03\x0c01 \x01\xdc\x1c\x00v4\x02`\xa6\x85\xd7h"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def client_for(user=None, token: str | None = None) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if token:
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    elif user is not None:
        client.force_authenticate(user)
    return client


def ok(response, status=200):
    assert response.status_code == status, (response.status_code, response.content[:2000])
    return response.json()


def test_the_single_channel_end_to_end_through_the_api(petugas):
    today = timezone.localdate()
    anonymous = client_for()

    # 1. a new jobseeker signs up, gets a token and completes the profile
    ok(
        anonymous.post(
            "/api/v1/jobseekers/register/",
            {
                "email": "ayu.lestari@example.id",
                "password": "kartu-kuning-2026",
                "consent": True,
                "nik": "6474015708010003",
                "full_name": "Ayu Lestari",
                "birth_place": "Bontang",
                "birth_date": "2001-08-17",
                "sex": "F",
                "phone": "0812 5555 0101",
                "ktp_address": "Jl. Brigjend Katamso No. 5, Bontang",
                "kelurahan": "64.74.01.1003",
            },
            format="json",
        ),
        201,
    )
    token = ok(
        anonymous.post(
            "/api/v1/auth/token/", {"email": "ayu.lestari@example.id", "password": "kartu-kuning-2026"}, format="json"
        )
    )["token"]
    jobseeker = client_for(token=token)
    # the address is verified with the token of the mailed link (made here as the mail makes it)
    assert ok(jobseeker.get("/api/v1/auth/me/"))["email_verified"] is False
    mailed = email_verification_token(User.objects.get(email="ayu.lestari@example.id"))
    assert ok(anonymous.post("/api/v1/auth/verify-email/", {"token": mailed}, format="json"))["status"] == "verified"
    profile = ok(
        jobseeker.patch(
            "/api/v1/me/profile/",
            {
                "religion": "Islam",
                "education": [{"level": "SMK", "institution": "SMK Negeri 1 Bontang", "major": "Teknik Pengelasan"}],
                "skills": ["las-smaw"],
            },
            format="json",
        )
    )
    assert {item["code"] for item in profile["missing"]} == {"document_ktp", "document_diploma", "document_photo"}
    # the card cannot be requested yet: the missing documents are named
    refused = jobseeker.post("/api/v1/me/card/request/")
    assert refused.status_code == 400 and refused.json()["code"] == "profile_incomplete"
    for kind, name, content in [("ktp", "ktp.png", PNG), ("diploma", "ijazah.pdf", PDF), ("photo", "foto.png", PNG)]:
        ok(
            jobseeker.post(
                "/api/v1/me/documents/",
                {"kind": kind, "file": SimpleUploadedFile(name, content)},
                format="multipart",
            ),
            201,
        )

    # 2. the card is requested and petugas issues it
    card = ok(jobseeker.post("/api/v1/me/card/request/"), 201)
    assert card["status"] == "requested"
    staff = client_for(petugas)
    queues = {queue["key"]: queue for queue in ok(staff.get("/api/v1/staff/queues/"))["queues"]}
    assert queues["aki_cards"]["count"] >= 1
    ok(staff.post(f"/api/v1/staff/cards/{card['id']}/issue/", {"note": "KTP dan ijazah sesuai."}, format="json"))
    assert ok(jobseeker.get("/api/v1/me/card/"))["status"] == "active"

    # 3. an employer reports "Juru Las"; petugas publishes it
    member = CompanyMemberFactory(company__name="PT Demo Las")
    employer = client_for(member.user)
    vacancy = ok(
        employer.post(
            "/api/v1/employer/vacancies/",
            {
                "title": "Juru Las",
                "occupation": "7",
                "employment_type": "pkwt",
                "description": "Pengelasan pipa di area pabrik.",
                "min_education": "SMK",
                "skills": ["las-smaw"],
                "age_min": 18,
                "age_max": 40,
                "sex_requirement": "any",
                "openings": 1,
                "wage_min": 5_500_000,
                "wage_period": "month",
                "work_kelurahan": "64.74.01.1003",
                "work_location": "Kawasan Industri Lok Tuan",
                "open_date": today.isoformat(),
                "close_date": (today + datetime.timedelta(days=30)).isoformat(),
            },
            format="json",
        ),
        201,
    )
    ok(employer.post(f"/api/v1/employer/vacancies/{vacancy['id']}/submit/"))
    ok(staff.post(f"/api/v1/staff/vacancies/{vacancy['id']}/publish/", {}, format="json"))
    # publishing twice is not a transition the status allows
    again = staff.post(f"/api/v1/staff/vacancies/{vacancy['id']}/publish/", {}, format="json")
    assert again.status_code == 409

    # 4. the jobseeker finds it by searching "pengelasan" and applies
    found = ok(anonymous.get("/api/v1/vacancies/", {"q": "pengelasan"}))["results"]
    assert [row["id"] for row in found] == [vacancy["id"]]
    application = ok(
        jobseeker.post("/api/v1/me/applications/", {"vacancy": vacancy["id"], "note": "Sertifikat 3G."}, format="json"),
        201,
    )
    # the employer sees nobody yet: applications are screened by Disnaker first
    assert ok(employer.get(f"/api/v1/employer/vacancies/{vacancy['id']}/candidates/"))["results"] == []

    # 5. petugas refers the application
    ok(staff.post(f"/api/v1/staff/applications/{application['id']}/refer/", {"note": "Sesuai."}, format="json"))
    # a referred application can no longer be withdrawn
    assert jobseeker.post(f"/api/v1/me/applications/{application['id']}/withdraw/").status_code == 409

    # 6. the employer records "accepted" and files the hire report
    candidates = ok(employer.get(f"/api/v1/employer/vacancies/{vacancy['id']}/candidates/"))["results"]
    assert len(candidates) == 1
    referral_id = candidates[0]["id"]  # a candidate is its referral, with the AK/V letter number
    assert candidates[0]["letter_number"].startswith("AK.V/")
    assert "nik" not in candidates[0]["candidate"] and "phone" not in candidates[0]["candidate"]
    start = (today + datetime.timedelta(days=7)).isoformat()
    ok(
        employer.post(
            f"/api/v1/employer/referrals/{referral_id}/result/",
            {"result": "accepted", "start_date": start},
            format="json",
        )
    )
    placement = ok(
        employer.post(
            "/api/v1/employer/placements/",
            {"referral": referral_id, "start_date": start, "contract_type": "pkwt", "wage": 5_500_000},
            format="json",
        ),
        201,
    )
    assert placement["status"] == "reported"

    # 7. petugas approves the placement
    ok(staff.post(f"/api/v1/staff/placements/{placement['id']}/approve/", {}, format="json"))

    # then: hired, card placed, vacancy filled
    assert ok(jobseeker.get(f"/api/v1/me/applications/{application['id']}/"))["status"] == "hired"
    assert ok(jobseeker.get("/api/v1/me/card/"))["status"] == "placed"
    assert ok(employer.get(f"/api/v1/employer/vacancies/{vacancy['id']}/"))["status"] == "filled"
    assert anonymous.get(f"/api/v1/vacancies/{vacancy['id']}/").status_code == 404  # no longer listed as open


def test_other_people_get_404_and_other_roles_403():
    # given
    member_a = CompanyMemberFactory()
    member_b = CompanyMemberFactory()
    draft = client_for(member_a.user).post(
        "/api/v1/employer/vacancies/",
        {
            "title": "Operator",
            "occupation": "8",
            "employment_type": "pkwt",
            "description": "Shift.",
            "min_education": "SMA",
            "openings": 2,
            "wage_min": 4_000_000,
            "wage_period": "month",
            "work_location": "Bontang",
            "open_date": timezone.localdate().isoformat(),
            "close_date": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
        },
        format="json",
    )
    assert draft.status_code == 201, draft.content
    vacancy_id = draft.json()["id"]
    # then: company B cannot see company A's vacancy; a jobseeker is not an employer; staff decisions need staff
    assert client_for(member_b.user).get(f"/api/v1/employer/vacancies/{vacancy_id}/").status_code == 404
    jobseeker = client_for(UserFactory())
    assert jobseeker.get("/api/v1/employer/vacancies/").status_code == 403
    assert jobseeker.post(f"/api/v1/staff/vacancies/{vacancy_id}/publish/", {}, format="json").status_code == 403
    assert client_for().get("/api/v1/me/profile/").status_code == 401
