"""The jobseeker's own pages: profile steps, documents and the AK/I card."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.reference.models import EducationLevel, KbjiGroup, Kelurahan, Skill
from jobseekers.models import AkiCard, Document, EducationEntry, ExperienceEntry
from jobseekers.tests.factories import (
    AkiCardFactory,
    DocumentFactory,
    EducationEntryFactory,
    ExperienceEntryFactory,
    JobseekerProfileFactory,
)
from placements.tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% ijazah\ntrailer<<>>\n%%EOF\n"
PAGES = [
    "jobseekers:profile",
    "jobseekers:profile_personal",
    "jobseekers:profile_education",
    "jobseekers:education_add",
    "jobseekers:profile_experience",
    "jobseekers:experience_add",
    "jobseekers:profile_skills",
    "jobseekers:profile_preferences",
    "jobseekers:profile_documents",
    "jobseekers:card",
]
POST_ONLY = ["jobseekers:card_request", "jobseekers:card_report"]


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def jobseeker(client):
    profile = JobseekerProfileFactory()
    client.force_login(profile.user)
    return profile


def html(response) -> str:
    return response.content.decode()


def field_error(response, name: str) -> str:
    """The error text shown next to one field (the `<div id="id_<name>_error">`), or ""."""
    match = re.search(rf'<div class="field__errors" id="id_{name}_error">(.*?)</div>', html(response), re.S)
    return match.group(1) if match else ""


# Who may open the pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES + POST_ONLY)
def test_anonymous_visitors_are_sent_to_login(client, name):
    response = client.post(reverse(name)) if name in POST_ONLY else client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", ["employer", "petugas"])
@pytest.mark.parametrize("name", PAGES + POST_ONLY)
def test_employers_and_staff_get_403(client, role, name):
    client.force_login(UserFactory(**{role: True}))
    response = client.post(reverse(name)) if name in POST_ONLY else client.get(reverse(name))
    assert response.status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_the_jobseeker_opens_every_page(client, jobseeker, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    # every page links back to the profile overview or its steps
    assert reverse("jobseekers:profile") in html(response)


@pytest.mark.parametrize("name", POST_ONLY)
def test_card_actions_are_post_only(client, jobseeker, name):
    assert client.get(reverse(name)).status_code == 405


def test_another_jobseekers_entries_are_404(client, jobseeker):
    # given entries and a document of someone else
    education = EducationEntryFactory()
    experience = ExperienceEntryFactory()
    document = DocumentFactory()
    # when the signed-in jobseeker tries them
    responses = [
        client.get(reverse("jobseekers:education_edit", args=[education.pk])),
        client.post(reverse("jobseekers:education_edit", args=[education.pk]), {"institution": "X"}),
        client.post(reverse("jobseekers:education_delete", args=[education.pk])),
        client.get(reverse("jobseekers:experience_edit", args=[experience.pk])),
        client.post(reverse("jobseekers:experience_delete", args=[experience.pk])),
        client.post(reverse("jobseekers:document_delete", args=[document.pk])),
    ]
    # then nothing is revealed or changed
    assert [r.status_code for r in responses] == [404] * 6
    assert EducationEntry.objects.filter(pk=education.pk, institution=education.institution).exists()
    assert ExperienceEntry.objects.filter(pk=experience.pk).exists()
    assert Document.objects.filter(pk=document.pk).exists()


# Overview and completeness ------------------------------------------------------------------------------


def test_overview_names_what_is_missing_and_links_each_step(english, jobseeker):
    # when a new jobseeker opens the overview
    response = english.get(reverse("jobseekers:profile"))
    # then the page says 0% and names each missing item with a link to its step
    content = html(response)
    assert "Your profile is 0% complete." in content
    missing = re.search(r'<ul class="checklist" id="missing">(.*?)</ul>', content, re.S).group(1)
    for text, step in [
        ("Personal data (religion)", "jobseekers:profile_personal"),
        ("At least one education entry", "jobseekers:profile_education"),
        ("At least one skill", "jobseekers:profile_skills"),
        ("KTP", "jobseekers:profile_documents"),
        ("Last diploma", "jobseekers:profile_documents"),
        ("Photo", "jobseekers:profile_documents"),
    ]:
        assert f'<a href="{reverse(step)}">{text}</a>' in missing
    assert "Request my AK/I card" not in content


def test_overview_of_a_complete_profile_offers_the_card_request(english):
    profile = JobseekerProfileFactory(complete=True)
    english.force_login(profile.user)
    content = html(english.get(reverse("jobseekers:profile")))
    assert "Your profile is 100% complete." in content
    assert 'id="missing"' not in content
    assert f'action="{reverse("jobseekers:card_request")}"' in content


# Personal data ------------------------------------------------------------------------------------------


def personal_data(profile, **overrides):
    data = {
        "full_name": profile.full_name,
        "birth_place": profile.birth_place,
        "birth_date": profile.birth_date.isoformat(),
        "sex": profile.sex,
        "marital_status": "married",
        "religion": "Islam",
        "phone": "0812 1111 2222",
        "ktp_address": "Jl. Pupuk Raya RT 7",
        "kelurahan": str(Kelurahan.objects.get(code="64.74.02.1001").pk),
        "resident_since": "",
        "outside_city": "",
        "disability_note": "",
    }
    data.update(overrides)
    return data


def test_personal_data_is_saved_and_leads_to_the_next_step(client, jobseeker):
    # when
    response = client.post(reverse("jobseekers:profile_personal"), personal_data(jobseeker))
    # then
    assert response.status_code == 302
    assert response.url == reverse("jobseekers:profile_education")
    jobseeker.refresh_from_db()
    assert jobseeker.religion == "Islam"
    assert jobseeker.marital_status == "married"
    assert jobseeker.phone == "+6281211112222"
    assert jobseeker.kelurahan.code == "64.74.02.1001"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"birth_date": "1999-03-15"}, "birth_date", "does not match the NIK"),
        ({"sex": "F"}, "sex", "does not match the NIK"),
        ({"religion": ""}, "religion", "required"),
        ({"phone": "12"}, "phone", "Indonesian phone number"),
        ({"kelurahan": "", "outside_city": ""}, "outside_city", "Choose your KTP kelurahan"),
        ({"ktp_address": "x" * 5000}, "ktp_address", "at most"),
    ],
)
def test_bad_personal_data_is_named_next_to_its_field(english, jobseeker, overrides, field, message):
    # when
    response = english.post(reverse("jobseekers:profile_personal"), personal_data(jobseeker, **overrides))
    # then the form comes back with the message next to the field, nothing saved
    assert response.status_code == 200
    assert message in field_error(response, field)
    assert 'class="error-summary"' in html(response)
    jobseeker.refresh_from_db()
    assert jobseeker.religion == ""


def test_identity_is_fixed_while_a_card_is_active(english, jobseeker):
    # given an active card
    AkiCardFactory(jobseeker=jobseeker, active=True)
    # when the jobseeker opens the form and posts another name
    page = english.get(reverse("jobseekers:profile_personal"))
    response = english.post(reverse("jobseekers:profile_personal"), personal_data(jobseeker, full_name="Nama Lain"))
    # then the identity fields are disabled and the name stays as checked by Disnaker
    assert re.search(r'<input[^>]*name="full_name"[^>]*disabled', html(page))
    assert "ask Disnaker to correct it" in html(page)
    assert response.status_code == 302
    jobseeker.refresh_from_db()
    assert jobseeker.full_name != "Nama Lain"
    assert jobseeker.religion == "Islam"


# Education and work experience --------------------------------------------------------------------------


def test_education_list_has_an_empty_state_and_an_add_link(english, jobseeker):
    content = html(english.get(reverse("jobseekers:profile_education")))
    assert 'class="empty-state"' in content
    assert reverse("jobseekers:education_add") in content


def test_education_entries_are_added_changed_and_deleted(client, jobseeker):
    smk = EducationLevel.objects.get(code="SMK")
    # when added
    response = client.post(
        reverse("jobseekers:education_add"),
        {"level": smk.pk, "institution": "SMK Negeri 2 Bontang", "major": "Mesin", "graduation_year": "2018"},
    )
    # then
    assert response.status_code == 302 and response.url == reverse("jobseekers:profile_education")
    entry = jobseeker.education_entries.get()
    assert (entry.institution, entry.graduation_year) == ("SMK Negeri 2 Bontang", 2018)
    assert "SMK Negeri 2 Bontang" in html(client.get(reverse("jobseekers:profile_education")))
    # when changed
    client.post(
        reverse("jobseekers:education_edit", args=[entry.pk]),
        {"level": smk.pk, "institution": "SMKN 2 Bontang", "graduation_year": "2019"},
    )
    entry.refresh_from_db()
    assert (entry.institution, entry.graduation_year) == ("SMKN 2 Bontang", 2019)
    # when deleted
    response = client.post(reverse("jobseekers:education_delete", args=[entry.pk]))
    assert response.status_code == 302
    assert not jobseeker.education_entries.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"graduation_year": "1900"}, "graduation_year", "greater than or equal to 1950"),
        ({"graduation_year": "2090"}, "graduation_year", "too far in the future"),
        ({"institution": ""}, "institution", "required"),
        ({"level": "999999"}, "level", "Select a valid choice"),
        ({"score": "abc"}, "score", "Enter a number"),
    ],
)
def test_bad_education_input_is_named_next_to_its_field(english, jobseeker, overrides, field, message):
    data = {"level": EducationLevel.objects.get(code="SMA").pk, "institution": "SMA 1", "graduation_year": "2015"}
    response = english.post(reverse("jobseekers:education_add"), {**data, **overrides})
    assert response.status_code == 200
    assert message in field_error(response, field)
    assert not jobseeker.education_entries.exists()


def experience_data(**overrides):
    data = {
        "employer_name": "PT Pupuk Kaltim",
        "position": "Operator",
        "occupation": str(KbjiGroup.objects.get(code="8").pk),
        "start_date": "2019-01-01",
        "end_date": "2021-06-30",
        "description": "Operator boiler",
    }
    data.update(overrides)
    return data


def test_work_experience_is_saved(client, jobseeker):
    response = client.post(reverse("jobseekers:experience_add"), experience_data(end_date=""))
    assert response.status_code == 302
    entry = jobseeker.experience_entries.get()
    assert entry.end_date is None
    content = html(client.get(reverse("jobseekers:profile_experience")))
    assert "PT Pupuk Kaltim" in content


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"start_date": "2021-01-01", "end_date": "2020-01-01"}, "end_date", "cannot be before the start date"),
        ({"start_date": "2999-01-01", "end_date": ""}, "start_date", "cannot be in the future"),
        ({"start_date": "31-31-2020"}, "start_date", "Enter a valid date"),
        ({"description": "x" * 6000}, "description", "at most"),
    ],
)
def test_bad_experience_input_is_named_next_to_its_field(english, jobseeker, overrides, field, message):
    response = english.post(reverse("jobseekers:experience_add"), experience_data(**overrides))
    assert response.status_code == 200
    assert message in field_error(response, field)
    assert not jobseeker.experience_entries.exists()


# Skills and preferences ---------------------------------------------------------------------------------


def test_skill_search_narrows_the_list_by_name_and_synonym(client, jobseeker):
    # given a skill already chosen
    jobseeker.skills.add(Skill.objects.get(code="akuntansi"))
    # when searching by a synonym
    content = html(client.get(reverse("jobseekers:profile_skills"), {"cari": "welder"}))
    # then the welding skills are listed, unrelated ones are not, and the chosen one stays (checked)
    assert "Pengelasan SMAW" in content and "Pengelasan GTAW (TIG)" in content
    assert "Housekeeping" not in content
    akuntansi = Skill.objects.get(code="akuntansi")
    assert re.search(rf'value="{akuntansi.pk}" id="id_skills_{akuntansi.pk}" checked', content)


def test_skill_search_without_a_match_shows_an_empty_state(english, jobseeker):
    content = html(english.get(reverse("jobseekers:profile_skills"), {"cari": "astronaut"}))
    assert 'class="empty-state"' in content and "No skill matches" in content
    # a very long search is refused politely, not with a 500
    assert english.get(reverse("jobseekers:profile_skills"), {"cari": "x" * 500}).status_code == 200


def test_skills_are_saved(client, jobseeker):
    smaw, office = Skill.objects.get(code="las-smaw"), Skill.objects.get(code="microsoft-office")
    response = client.post(reverse("jobseekers:profile_skills"), {"skills": [smaw.pk, office.pk]})
    assert response.status_code == 302 and response.url == reverse("jobseekers:profile_preferences")
    assert set(jobseeker.skills.values_list("code", flat=True)) == {"las-smaw", "microsoft-office"}


def test_an_unknown_skill_is_refused(english, jobseeker):
    response = english.post(reverse("jobseekers:profile_skills"), {"skills": ["999999"]})
    assert response.status_code == 200
    assert "Select a valid choice" in field_error(response, "skills")


def test_preferences_are_saved_and_a_huge_wage_is_refused(english, jobseeker):
    group = KbjiGroup.objects.get(code="7")
    ok = english.post(
        reverse("jobseekers:profile_preferences"),
        {"preferred_occupations": [group.pk], "expected_wage": "4500000", "about": "Siap kerja shift"},
    )
    assert ok.status_code == 302 and ok.url == reverse("jobseekers:profile_documents")
    jobseeker.refresh_from_db()
    assert jobseeker.expected_wage == 4_500_000
    assert list(jobseeker.preferred_occupations.all()) == [group]
    bad = english.post(reverse("jobseekers:profile_preferences"), {"expected_wage": "99999999999999"})
    assert bad.status_code == 200
    assert "less than or equal to" in field_error(bad, "expected_wage")


# Documents ----------------------------------------------------------------------------------------------


def upload(client, name="ijazah.pdf", data=PDF, kind="diploma"):
    data = {"kind": kind, "file": SimpleUploadedFile(name, data), "description": ""}
    return client.post(reverse("jobseekers:profile_documents"), data)


def test_uploading_a_document_lists_it_with_the_download_link(client, jobseeker):
    # when
    response = upload(client)
    # then
    assert response.status_code == 302
    document = jobseeker.documents.get()
    assert document.kind == "diploma"
    content = html(client.get(reverse("jobseekers:profile_documents")))
    assert "ijazah.pdf" in content
    assert f'href="{reverse("jobseekers:document_download", args=[document.pk])}"' in content
    assert "/media/" not in content


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "Upload a PDF, JPG or PNG file"),
        ("catatan.txt", b"hello", "Upload a PDF, JPG or PNG file"),
        ("palsu.pdf", b"MZ not a pdf", "not really a PDF, JPG or PNG"),
        ("foto.png", b"\xff\xd8\xff jpeg named png", "really a JPG, but its name ends in .png"),
    ],
)
def test_a_wrong_file_type_is_refused_next_to_the_field(english, jobseeker, name, data, message):
    response = upload(english, name=name, data=data)
    assert response.status_code == 200
    assert message in field_error(response, "file")
    assert not jobseeker.documents.exists()


def test_a_file_over_the_size_limit_is_refused(english, jobseeker, settings):
    settings.DOCUMENT_UPLOAD_MAX_MB = 1
    response = upload(english, data=PDF + b"0" * (1024 * 1024))
    assert response.status_code == 200
    assert "at most 1 MB" in field_error(response, "file")
    assert not jobseeker.documents.exists()


def test_an_empty_upload_is_refused(english, jobseeker):
    response = english.post(reverse("jobseekers:profile_documents"), {"kind": "ktp"})
    assert response.status_code == 200
    assert field_error(response, "file")


def test_documents_are_deleted_but_not_while_the_card_request_is_checked(
    english, jobseeker, django_capture_on_commit_callbacks
):
    # given a document and a card request Disnaker is checking
    document = DocumentFactory(jobseeker=jobseeker)
    storage, name = document.file.storage, document.file.name
    card = AkiCardFactory(jobseeker=jobseeker)
    # when the jobseeker deletes the document: refused, with the reason
    refused = english.post(reverse("jobseekers:document_delete", args=[document.pk]), follow=True)
    assert "Disnaker is checking your documents" in html(refused)
    assert Document.objects.filter(pk=document.pk).exists()
    # once the card is active the document may go, and its file with it
    AkiCard.objects.filter(pk=card.pk).update(
        status="active", number="6474-X-1", issued_at=timezone.now(), expires_on=timezone.localdate()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = english.post(reverse("jobseekers:document_delete", args=[document.pk]))
    assert response.status_code == 302
    assert not Document.objects.filter(pk=document.pk).exists()
    assert not storage.exists(name)


def test_the_document_list_has_an_empty_state(english, jobseeker):
    content = html(english.get(reverse("jobseekers:profile_documents")))
    assert "You have not uploaded any documents yet." in content
    assert "Still to upload:" in content


# The AK/I card ------------------------------------------------------------------------------------------


def test_requesting_the_card_with_an_incomplete_profile_names_what_is_missing(english, jobseeker):
    response = english.post(reverse("jobseekers:card_request"), follow=True)
    content = html(response)
    assert "Complete your profile before requesting the card" in content
    assert "at least one education entry" in content and "last diploma" in content
    assert not jobseeker.aki_cards.exists()


def test_a_complete_profile_requests_the_card_once(english):
    profile = JobseekerProfileFactory(complete=True)
    english.force_login(profile.user)
    first = english.post(reverse("jobseekers:card_request"), follow=True)
    second = english.post(reverse("jobseekers:card_request"), follow=True)
    assert "Your AK/I card request is sent" in html(first)
    assert "already have an AK/I card" in html(second)
    assert profile.aki_cards.get().status == AkiCard.Status.REQUESTED
    assert "Disnaker is checking your data and documents" in html(second)


def test_the_card_page_shows_number_validity_and_next_report_date(english, jobseeker, settings):
    settings.AKI_CARD_REPORT_INTERVAL_MONTHS = 6
    reported = timezone.make_aware(datetime.datetime(2026, 1, 10, 9, 0))
    AkiCardFactory(
        jobseeker=jobseeker,
        active=True,
        number="6474-2026-0000042",
        last_reported_at=reported,
        expires_on=datetime.date(2027, 12, 31),
    )
    content = html(english.get(reverse("jobseekers:card")))
    assert "6474-2026-0000042" in content
    assert "31 December 2027" in content
    assert "10 July 2026" in content  # next report: six months after the last
    assert f'action="{reverse("jobseekers:card_report")}"' in content


def test_reporting_on_an_active_card_records_the_report(english, jobseeker):
    long_ago = timezone.now() - datetime.timedelta(days=200)
    card = AkiCardFactory(jobseeker=jobseeker, active=True, last_reported_at=long_ago)
    response = english.post(reverse("jobseekers:card_report"), follow=True)
    card.refresh_from_db()
    assert "your report (lapor) is recorded" in html(response)
    assert timezone.now() - card.last_reported_at < datetime.timedelta(minutes=1)
    assert card.events.filter(note="Report (lapor)").exists()


def test_reporting_without_an_active_card_says_so(english, jobseeker):
    AkiCardFactory(jobseeker=jobseeker)  # only requested
    response = english.post(reverse("jobseekers:card_report"), follow=True)
    assert "only on an active AK/I card" in html(response)


def test_a_returned_card_shows_the_staff_reason_and_can_be_requested_again(english):
    profile = JobseekerProfileFactory(complete=True)
    AkiCardFactory(jobseeker=profile, status=AkiCard.Status.REJECTED, rejection_reason="Foto KTP buram")
    english.force_login(profile.user)
    content = html(english.get(reverse("jobseekers:card")))
    assert "Foto KTP buram" in content
    assert f'action="{reverse("jobseekers:card_request")}"' in content


def test_without_a_card_the_card_page_lists_the_missing_steps(english, jobseeker):
    content = html(english.get(reverse("jobseekers:card")))
    assert "You do not have an AK/I card yet." in content
    assert f'<a href="{reverse("jobseekers:profile_skills")}">At least one skill</a>' in content


# Dashboard: the next step -------------------------------------------------------------------------------


def next_step_link(client) -> str:
    content = html(client.get(reverse("portal:dashboard")))
    section = re.search(r'id="next-step-title".*?</section>', content, re.S).group(0)
    return re.search(r'<a class="button" href="([^"]+)">', section).group(1)


def test_dashboard_next_step_follows_the_jobseeker_along(client):
    profile = JobseekerProfileFactory()
    client.force_login(profile.user)
    # an incomplete profile: complete it
    assert next_step_link(client) == reverse("jobseekers:profile")
    # complete: request the card
    profile.religion = "Islam"
    profile.save(update_fields=["religion"])
    EducationEntryFactory(jobseeker=profile)
    profile.skills.add(Skill.objects.get(code="las-smaw"))
    for kind in ("ktp", "diploma", "photo"):
        DocumentFactory(jobseeker=profile, kind=kind)
    assert next_step_link(client) == reverse("jobseekers:card")
    # an active card and no application: search vacancies
    AkiCardFactory(jobseeker=profile, active=True)
    assert next_step_link(client) == reverse("vacancies:search")
    # applied: follow my applications
    ApplicationFactory(jobseeker=profile)
    assert next_step_link(client) == reverse("placements:application_list")


def test_dashboard_links_to_profile_card_and_applications(client, jobseeker):
    content = html(client.get(reverse("portal:dashboard")))
    for name in ("jobseekers:profile", "jobseekers:card", "placements:application_list"):
        assert f'href="{reverse(name)}"' in content
