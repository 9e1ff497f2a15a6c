"""The audit trail (django-auditlog): every decision names its actor and its before → after values.

Decisions run through the services (as the API, tasks and commands call them, with no request)
and through the admin's decision buttons with a logged-in petugas (the middleware's actor).
"""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from bontang_aker.accounts.models import User
from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.core.audit import acting_as
from bontang_aker.reference.models import KbjiGroup
from employers import sanctions
from employers import services as employer_services
from employers.models import Company, SanctionCase, SanctionStep, Vacancy
from employers.tests.factories import CompanyFactory, CompanyMemberFactory, VacancyFactory
from jobseekers import services as jobseeker_services
from jobseekers.models import AkiCard, ProfileAccess
from jobseekers.tests.factories import AkiCardFactory, DocumentFactory, JobseekerProfileFactory
from placements import services as placement_services
from placements.models import Application, Placement
from placements.tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

AUDIT_LOG = reverse("admin:auditlog_logentry_changelist")


def entries_for(obj, action=LogEntry.Action.UPDATE):
    return LogEntry.objects.get_for_object(obj).filter(action=action).order_by("timestamp", "pk")


def status_change(obj) -> LogEntry:
    """The one log entry that changed `obj`'s status."""
    [entry] = [entry for entry in entries_for(obj) if "status" in entry.changes_dict]
    return entry


# Decisions through the services, outside any request -----------------------------------------------


def test_publishing_a_vacancy_logs_the_reviewer_and_the_status_before_and_after(petugas):
    vacancy = VacancyFactory(in_review=True)
    # when the petugas publishes it through the service (as the API or a task would)
    employer_services.vacancy_publish(vacancy_id=vacancy.pk, by=petugas)
    # then the trail names the petugas and the change of status, with the date it was published
    entry = status_change(vacancy)
    assert entry.actor == petugas
    assert entry.actor_email == petugas.email
    assert entry.changes_dict["status"] == [Vacancy.Status.IN_REVIEW, Vacancy.Status.PUBLISHED]
    assert entry.changes_dict["published_at"][0] == "None"
    # and never the timestamps that change on every save
    assert "updated_at" not in entry.changes_dict


def test_verifying_a_company_logs_the_petugas(petugas):
    company = CompanyFactory()
    employer_services.company_verify(company_id=company.pk, by=petugas)
    entry = status_change(company)
    assert entry.actor == petugas
    assert entry.changes_dict["status"] == [Company.Status.PENDING, Company.Status.VERIFIED]


def test_issuing_a_card_logs_the_number_given_and_the_status(petugas):
    card = AkiCardFactory()
    jobseeker_services.aki_card_issue(card_id=card.pk, by=petugas)
    card.refresh_from_db()
    entry = status_change(card)
    assert entry.actor == petugas
    assert entry.changes_dict["status"] == [AkiCard.Status.REQUESTED, AkiCard.Status.ACTIVE]
    assert entry.changes_dict["number"] == ["None", card.number]


def test_referring_an_applicant_logs_the_application_and_the_new_referral(petugas):
    application = ApplicationFactory()
    referral = placement_services.referral_create(application_id=application.pk, by=petugas)
    entry = status_change(application)
    assert entry.actor == petugas
    assert entry.changes_dict["status"] == [Application.Status.SUBMITTED, Application.Status.REFERRED]
    created = entries_for(referral, LogEntry.Action.CREATE).get()
    assert created.changes_dict["letter_number"] == ["None", referral.letter_number]


def test_verifying_a_placement_logs_the_petugas(petugas):
    member = CompanyMemberFactory()
    card = AkiCardFactory(active=True)
    placement = Placement.objects.create(
        jobseeker=card.jobseeker,
        company=member.company,
        position="Operator Produksi",
        occupation=KbjiGroup.objects.get(code="8"),
        start_date=timezone.localdate() - datetime.timedelta(days=3),
        is_local=True,
        reported_by=member.user,
        reported_by_role=Placement.ReportedByRole.EMPLOYER,
    )
    placement_services.placement_verify(placement_id=placement.pk, by=petugas, note="Checked the contract.")
    entry = status_change(placement)
    assert entry.actor == petugas
    assert entry.changes_dict["status"] == [Placement.Status.REPORTED, Placement.Status.VERIFIED]
    assert entry.changes_dict["review_note"] == ["", "Checked the contract."]
    # the card it marked placed is in the trail too, under the same petugas
    assert status_change(card).actor == petugas


def test_closing_a_sanction_case_logs_the_resolution(petugas):
    member = CompanyMemberFactory()
    case = sanctions.sanction_case_open(
        company_id=member.company.pk, finding=SanctionCase.Finding.LOCAL_SHARE, description="40% local.", by=petugas
    )
    sanctions.sanction_case_close(case_id=case.pk, by=petugas, note="Now 80% local.")
    entry = status_change(case)
    assert entry.actor == petugas
    assert entry.changes_dict["status"] == [SanctionCase.Status.OPEN, SanctionCase.Status.CLOSED]
    assert entry.changes_dict["resolution"] == ["", "Now 80% local."]


def test_a_write_with_no_actor_is_the_systems_and_an_actor_does_not_leak(petugas):
    vacancy = VacancyFactory()
    with acting_as(petugas):
        Vacancy.objects.get(pk=vacancy.pk).save()  # nothing changed: no entry
        vacancy.title = "Operator Kontrol"
        vacancy.save()
    vacancy.title = "Operator Panel"
    vacancy.save()  # after the block: a task or command with no actor
    first, second = entries_for(vacancy)
    assert first.actor == petugas and first.changes_dict["title"][1] == "Operator Kontrol"
    assert second.actor is None and second.changes_dict["title"] == ["Operator Kontrol", "Operator Panel"]


def test_secrets_and_login_times_are_never_logged():
    user = UserFactory()
    user.set_password("a-new-Passw0rd!")
    user.last_login = timezone.now()
    user.full_name = "Nama Baru"
    user.save()
    changes = entries_for(user).get().changes_dict
    assert set(changes) == {"full_name"}
    # the take-over code's hash: that it changed, never its value
    profile = JobseekerProfileFactory()
    profile.takeover_code_hash = "pbkdf2_sha256$secret-value"
    profile.save()
    hash_change = entries_for(profile).get().changes_dict["takeover_code_hash"]
    assert hash_change[1] == "********"
    assert "secret" not in str(LogEntry.objects.get_for_object(profile).values_list("changes", flat=True))


# Decisions through the admin, with a logged-in petugas ---------------------------------------------


def test_an_admin_decision_button_logs_the_logged_in_petugas_and_address(client, petugas):
    company = CompanyFactory()
    client.force_login(petugas)
    url = reverse("admin:employers_company_decide", args=[company.pk, "verify"])
    response = client.post(url, {"note": ""})
    assert response.status_code == 302
    entry = status_change(company)
    assert entry.actor == petugas
    assert entry.remote_addr == "127.0.0.1"
    assert entry.changes_dict["status"] == [Company.Status.PENDING, Company.Status.VERIFIED]


def test_a_sanction_step_given_in_the_admin_logs_who_gave_it(client, petugas):
    member = CompanyMemberFactory()
    case = sanctions.sanction_case_open(
        company_id=member.company.pk, finding=SanctionCase.Finding.LOCAL_SHARE, description="40% local.", by=petugas
    )
    client.force_login(petugas)
    deadline = timezone.localdate() + datetime.timedelta(days=14)
    response = client.post(
        reverse("admin:employers_sanctioncase_next_step", args=[case.pk]),
        {"deadline": deadline.isoformat(), "note": "Hire locally."},
    )
    assert response.status_code == 302
    step = SanctionStep.objects.get(case=case)
    created = entries_for(step, LogEntry.Action.CREATE).get()
    assert created.actor == petugas
    assert created.changes_dict["kind"][1] == step.kind


def test_the_vacancy_page_shows_its_history_before_and_after(client, petugas):
    vacancy = VacancyFactory(in_review=True)
    employer_services.vacancy_publish(vacancy_id=vacancy.pk, by=petugas)
    client.force_login(petugas)
    response = client.get(reverse("admin:employers_vacancy_change", args=[vacancy.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Change history (audit trail)" in content
    history = content[content.index('<div class="audit-history">') :]
    assert petugas.email in history
    assert "<td>In review</td>" in history
    assert "<td>→ Published</td>" in history
    # the petugas may not open the whole audit log, so no link to it
    assert AUDIT_LOG not in history


def test_the_profile_page_shows_who_looked_at_the_persons_data(client, petugas):
    profile = JobseekerProfileFactory()
    document = DocumentFactory(jobseeker=profile)
    jobseeker_services.document_open(document_id=document.pk, user=petugas, ip_address="10.0.0.7")
    client.force_login(petugas)
    url = reverse("admin:jobseekers_jobseekerprofile_change", args=[profile.pk])
    client.get(url)  # this view is logged (after the page is made)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    content = response.content.decode()
    section = content[content.index("Who looked at this person") :]
    assert ProfileAccess.objects.filter(profile=profile, viewer=petugas).count() >= 2
    assert petugas.get_full_name() in section
    assert "10.0.0.7" in section
    assert str(document.get_kind_display()) in section


# The audit log itself: kepala_bidang searches it, a petugas may not open it ------------------------------


def test_kepala_bidang_searches_the_audit_log(client, kabid, petugas):
    vacancy = VacancyFactory(in_review=True, title="Teknisi Instrumen Unik")
    employer_services.vacancy_publish(vacancy_id=vacancy.pk, by=petugas)
    client.force_login(kabid)
    response = client.get(AUDIT_LOG, {"q": "Instrumen Unik"})
    assert response.status_code == 200
    shown = list(response.context["cl"].result_list)
    assert shown and all("Instrumen Unik" in entry.object_repr for entry in shown)
    # by the actor's e-mail, and filtered by actor and kind of record
    assert client.get(AUDIT_LOG, {"q": petugas.email}).status_code == 200
    vacancy_type = entries_for(vacancy).first().content_type_id
    response = client.get(AUDIT_LOG, {"actor": petugas.pk, "resource_type": vacancy_type})
    assert response.status_code == 200
    assert {entry.actor_id for entry in response.context["cl"].result_list} == {petugas.pk}
    # and opens an entry
    entry = status_change(vacancy)
    assert client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk])).status_code == 200


def test_a_bad_filter_value_is_an_empty_list_not_an_error(client, kabid):
    client.force_login(kabid)
    response = client.get(AUDIT_LOG, {"actor": "nobody", "resource_type": "x"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []


def test_a_petugas_cannot_open_the_audit_log(client, petugas):
    client.force_login(petugas)
    assert client.get(AUDIT_LOG).status_code == 403


def test_only_kepala_bidang_among_staff_groups_may_read_the_audit_log(kabid, petugas):
    assert User.objects.get(pk=kabid.pk).has_perm("auditlog.view_logentry")
    assert not User.objects.get(pk=petugas.pk).has_perm("auditlog.view_logentry")


def test_kepala_bidang_sees_the_link_to_every_entry_of_a_record(client, kabid, petugas):
    vacancy = VacancyFactory(in_review=True)
    employer_services.vacancy_publish(vacancy_id=vacancy.pk, by=petugas)
    client.force_login(kabid)
    content = client.get(reverse("admin:employers_vacancy_change", args=[vacancy.pk])).content.decode()
    assert f'href="{AUDIT_LOG}?resource_type=' in content


# Erasure (UU 27/2022): the person's data leaves the audit trail too -----------------------------------


def test_erasing_a_person_blanks_their_data_in_the_audit_trail(petugas, django_capture_on_commit_callbacks):
    from jobseekers import privacy
    from portal import privacy as portal_privacy

    profile = JobseekerProfileFactory(full_name="Siti Rahayu Unik", nik="6474011203900001")
    with acting_as(profile.user):
        profile.about = "Operator berpengalaman, siap kerja shift."
        profile.save()
    profile.user.set_password("hapus-saja-1")
    profile.user.save()
    privacy.deletion_request_create(profile=profile, password="hapus-saja-1")
    with django_capture_on_commit_callbacks(execute=True):
        assert portal_privacy.personal_data_erase_due(now=timezone.now() + datetime.timedelta(days=400)) == (1, 0)
    entries = LogEntry.objects.get_for_object(profile)
    stored = " ".join(
        f"{entry.changes} {entry.changes_text} {entry.object_repr} {entry.serialized_data}" for entry in entries
    )
    assert entries.exists()
    for personal in ("Siti Rahayu Unik", "6474011203900001", "Operator berpengalaman"):
        assert personal not in stored
    # who changed which field, and when, stays
    assert any("about" in entry.changes_dict for entry in entries)
    email = profile.user.email
    assert not LogEntry.objects.filter(actor_email=email).exists()


def test_an_api_decision_with_a_token_names_its_user_on_every_row_it_writes(petugas):
    # given a change to a published vacancy, waiting for review
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    vacancy = VacancyFactory(published=True, wage_min=4_000_000, wage_max=5_000_000)
    member = CompanyMemberFactory(company=vacancy.company).user
    revision = employer_services.vacancy_revise(vacancy_id=vacancy.pk, by=member, wage_min=4_500_000)
    # when the petugas approves it through the API with a token (logged in after the middleware ran)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=petugas).key}")
    response = client.post(reverse("api:staff-vacancy-revision-approve", args=[revision.pk]), {}, format="json")
    assert response.status_code == 200, response.content
    # then the vacancy's new wage, written outside `transition`, is on the petugas too
    [entry] = [entry for entry in entries_for(vacancy) if "wage_min" in entry.changes_dict]
    assert entry.changes_dict["wage_min"] == ["4000000", "4500000"]
    assert entry.actor == petugas
