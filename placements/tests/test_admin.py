import datetime

import pytest
from django.contrib.messages import ERROR, SUCCESS, get_messages
from django.urls import reverse
from django.utils import timezone

from bontang_aker.core.tests.admin_helpers import choose_action, confirm_action, offered_actions
from bontang_aker.reference.models import KbjiGroup
from employers.tests.factories import CompanyMemberFactory
from jobseekers.models import AkiCard
from jobseekers.tests.factories import AkiCardFactory, JobseekerProfileFactory
from placements import services
from placements.models import Application, ApplicationEvent, Placement, PlacementEvent, Referral
from placements.tests.factories import ApplicationFactory, ReferralFactory

pytestmark = pytest.mark.django_db

PLACEMENTS = reverse("admin:placements_placement_changelist")


@pytest.fixture
def reported_placement():
    """A hire reported by the employer, for a jobseeker holding an active AK/I card."""
    member = CompanyMemberFactory()
    card = AkiCardFactory(active=True)
    return Placement.objects.create(
        jobseeker=card.jobseeker,
        company=member.company,
        position="Operator Produksi",
        occupation=KbjiGroup.objects.get(code="8"),
        start_date=timezone.localdate() - datetime.timedelta(days=3),
        is_local=True,
        reported_by=member.user,
        reported_by_role=Placement.ReportedByRole.EMPLOYER,
    )


def message_levels(response) -> list[int]:
    return [m.level for m in get_messages(response.wsgi_request)]


def test_petugas_verifies_a_reported_placement(client, petugas, reported_placement):
    # given a reported hire
    client.force_login(petugas)
    assert {"verify", "reject"} <= offered_actions(client, PLACEMENTS)
    # when the petugas verifies it
    response = confirm_action(client, PLACEMENTS, "verify", [reported_placement])
    # then it is verified, recorded, and the jobseeker's card is marked placed
    assert message_levels(response) == [SUCCESS]
    reported_placement.refresh_from_db()
    assert reported_placement.status == Placement.Status.VERIFIED
    assert PlacementEvent.objects.filter(placement=reported_placement, actor=petugas, to_status="verified").exists()
    card = AkiCard.objects.get(jobseeker=reported_placement.jobseeker)
    assert card.status == AkiCard.Status.PLACED


def test_petugas_rejects_a_placement_with_a_reason(client, petugas, reported_placement):
    client.force_login(petugas)
    # when reject is chosen, a reason is asked for
    response = choose_action(client, PLACEMENTS, "reject", [reported_placement])
    assert 'name="reason"' in response.content.decode()
    # and when it is given
    confirm_action(client, PLACEMENTS, "reject", [reported_placement], reason="Tanggal mulai kerja tidak sesuai.")
    # then the placement is rejected with the reason as its review note
    reported_placement.refresh_from_db()
    assert reported_placement.status == Placement.Status.REJECTED
    assert reported_placement.review_note == "Tanggal mulai kerja tidak sesuai."


def test_verifying_twice_is_refused_with_a_message(client, petugas, reported_placement):
    # given a placement that is already verified
    services.placement_verify(placement_id=reported_placement.pk, by=petugas)
    client.force_login(petugas)
    # when it is verified again
    response = confirm_action(client, PLACEMENTS, "verify", [reported_placement])
    # then an error is shown and no second event is written
    assert message_levels(response) == [ERROR]
    assert PlacementEvent.objects.filter(placement=reported_placement, to_status="verified").count() == 1


def test_kabid_does_not_review_placements(client, kabid, reported_placement):
    client.force_login(kabid)
    assert not {"verify", "reject"} & offered_actions(client, PLACEMENTS)
    confirm_action(client, PLACEMENTS, "verify", [reported_placement])
    reported_placement.refresh_from_db()
    assert reported_placement.status == Placement.Status.REPORTED


def test_placement_form_has_no_audit_inputs(client, superuser, reported_placement):
    client.force_login(superuser)
    url = reverse("admin:placements_placement_change", args=[reported_placement.pk])
    content = client.get(url).content.decode()
    for field in ("status", "review_note", "reported_by", "is_local", "created_at", "updated_at"):
        assert f'name="{field}"' not in content


# Decisions on the change pages ----------------------------------------------------------------

APPLICATIONS = reverse("admin:placements_application_changelist")


def change_url(obj) -> str:
    return reverse(f"admin:placements_{obj._meta.model_name}_change", args=[obj.pk])


def decide_url(obj, name: str) -> str:
    return reverse(f"admin:placements_{obj._meta.model_name}_decide", args=[obj.pk, name])


def offered_decisions(client, obj) -> list[str]:
    response = client.get(change_url(obj))
    assert response.status_code == 200
    return [decision.name for decision, _ in response.context.get("decisions", [])]


def placement_for(jobseeker, company, *, by, role=Placement.ReportedByRole.EMPLOYER, days_ago=3, **fields):
    return Placement.objects.create(
        jobseeker=jobseeker,
        company=company,
        position="Operator Produksi",
        occupation=KbjiGroup.objects.get(code="8"),
        start_date=timezone.localdate() - datetime.timedelta(days=days_ago),
        is_local=jobseeker.is_local,
        reported_by=by,
        reported_by_role=role,
        **fields,
    )


def test_petugas_verifies_a_placement_from_its_page(client, petugas, reported_placement):
    # given a reported hire
    client.force_login(petugas)
    assert offered_decisions(client, reported_placement) == ["verify", "reject"]
    # when the petugas presses "Verify" on the review page
    response = client.post(decide_url(reported_placement, "verify"))
    # then it is verified, recorded, the card is placed, and the petugas is back on the page
    assert response.status_code == 302
    assert response["Location"] == change_url(reported_placement)
    assert message_levels(response) == [SUCCESS]
    reported_placement.refresh_from_db()
    assert reported_placement.status == Placement.Status.VERIFIED
    assert PlacementEvent.objects.filter(placement=reported_placement, actor=petugas, to_status="verified").exists()
    assert AkiCard.objects.get(jobseeker=reported_placement.jobseeker).status == AkiCard.Status.PLACED
    # and a verified placement offers no decision any more, nor warns about the card it placed
    assert offered_decisions(client, reported_placement) == []
    page = client.get(change_url(reported_placement), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "placement-review" in page
    assert "The card is not active" not in page


def test_verifying_a_referred_hire_marks_the_application_hired(client, petugas):
    # given a hire reported with the AK/V referral it came through
    member = CompanyMemberFactory()
    card = AkiCardFactory(active=True)
    referral = ReferralFactory(application__jobseeker=card.jobseeker, application__vacancy__company=member.company)
    placement = placement_for(card.jobseeker, member.company, by=member.user, referral=referral)
    client.force_login(petugas)
    # when the petugas verifies it with a note
    client.post(decide_url(placement, "verify"), {"note": "Dicek dengan surat AK/V."})
    # then the placement, the referral and the application all end as a hire, each with its event
    placement.refresh_from_db()
    referral.refresh_from_db()
    application = referral.application
    application.refresh_from_db()
    assert placement.status == Placement.Status.VERIFIED
    assert placement.review_note == "Dicek dengan surat AK/V."
    assert referral.status == Referral.Status.ACCEPTED
    assert application.status == Application.Status.HIRED
    assert ApplicationEvent.objects.filter(application=application, actor=petugas, to_status="hired").exists()
    card.refresh_from_db()
    assert card.status == AkiCard.Status.PLACED


def test_petugas_rejects_a_placement_from_its_page_with_a_reason(client, petugas, reported_placement):
    client.force_login(petugas)
    # when "Reject" is opened, the reason is asked for; an empty one is refused
    assert 'name="reason"' in client.get(decide_url(reported_placement, "reject")).content.decode()
    response = client.post(decide_url(reported_placement, "reject"), {"reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["reason_choice"]
    reported_placement.refresh_from_db()
    assert reported_placement.status == Placement.Status.REPORTED
    # and when a reason is given
    client.post(decide_url(reported_placement, "reject"), {"reason": "Tanggal mulai kerja tidak sesuai."})
    # then the report is rejected with the reason as its review note and in its history
    reported_placement.refresh_from_db()
    assert reported_placement.status == Placement.Status.REJECTED
    assert reported_placement.review_note == "Tanggal mulai kerja tidak sesuai."
    assert PlacementEvent.objects.get(placement=reported_placement, to_status="rejected").actor == petugas


@pytest.mark.parametrize("name", ["verify", "reject"])
def test_kabid_may_not_decide_on_placements(client, kabid, reported_placement, name):
    client.force_login(kabid)
    assert offered_decisions(client, reported_placement) == []
    response = client.post(decide_url(reported_placement, name), {"reason": "Tidak sesuai."})
    assert response.status_code == 403
    reported_placement.refresh_from_db()
    assert reported_placement.status == Placement.Status.REPORTED
    assert not PlacementEvent.objects.filter(placement=reported_placement).exists()


def test_verifying_a_verified_placement_from_its_page_is_refused(client, petugas, reported_placement):
    # given a placement already verified
    services.placement_verify(placement_id=reported_placement.pk, by=petugas)
    client.force_login(petugas)
    # when "Verify" is posted again
    response = client.post(decide_url(reported_placement, "verify"))
    # then an error is shown and no second event is written
    assert message_levels(response) == [ERROR]
    assert PlacementEvent.objects.filter(placement=reported_placement, to_status="verified").count() == 1


def test_the_review_page_shows_the_checks(client, petugas):
    # given an employer's report of a referred hire, the jobseeker's own report of it,
    # and an earlier hire of the same person elsewhere
    member = CompanyMemberFactory()
    card = AkiCardFactory(active=True)
    jobseeker = card.jobseeker
    referral = ReferralFactory(application__jobseeker=jobseeker, application__vacancy__company=member.company)
    placement = placement_for(jobseeker, member.company, by=member.user, referral=referral)
    own_report = placement_for(
        jobseeker, member.company, by=jobseeker.user, role=Placement.ReportedByRole.JOBSEEKER, days_ago=4
    )
    elsewhere = placement_for(jobseeker, CompanyMemberFactory().company, by=petugas, days_ago=400)
    client.force_login(petugas)
    # when the petugas opens the employer's report
    response = client.get(change_url(placement), HTTP_ACCEPT_LANGUAGE="en")
    content = response.content.decode()
    # then the checks are beside the buttons: the active card, the referral, both reports, the other hire
    review = response.context["review"]
    assert (review.card, review.card_is_active, review.is_local) == (card, True, True)
    assert review.referral == referral
    assert review.counterpart_reports == [own_report]
    assert review.other_placements == [elsewhere]
    assert card.number in content
    assert f"{jobseeker.nik[:4]}********{jobseeker.nik[-4:]}" in content and jobseeker.nik not in content  # masked
    assert referral.letter_number in content
    assert reverse("admin:placements_referral_change", args=[referral.pk]) in content
    assert change_url(own_report) in content
    assert change_url(elsewhere) in content
    assert "AKL" in content
    assert "The card is not active" not in content
    assert content.index('class="module placement-review"') < content.index('data-decision="verify"')


def test_the_review_page_warns_about_a_missing_card_and_referral(client, petugas):
    # given a hire reported for someone whose card was already placed, without a referral
    member = CompanyMemberFactory()
    card = AkiCardFactory(status=AkiCard.Status.PLACED)
    placement = placement_for(card.jobseeker, member.company, by=member.user)
    client.force_login(petugas)
    # when its review page is opened
    response = client.get(change_url(placement), HTTP_ACCEPT_LANGUAGE="en")
    content = response.content.decode()
    # then the card is shown as not active, and the missing referral is said
    assert response.context["review"].card_is_active is False
    assert "The card is not active" in content
    assert "Not through a referral" in content
    assert response.context["review"].counterpart_reports == []
    assert response.context["review"].other_placements == []


def test_a_person_without_any_card_is_flagged(client, petugas):
    member = CompanyMemberFactory()
    placement = placement_for(JobseekerProfileFactory(outside=True), member.company, by=member.user)
    client.force_login(petugas)
    response = client.get(change_url(placement), HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["review"].card is None
    assert response.context["review"].is_local is False
    assert "This jobseeker has no AK/I card." in response.content.decode()
    assert "Not local" in response.content.decode()


def test_placement_history_times_are_in_wita(client, petugas, reported_placement):
    event = reported_placement.events.create(actor=petugas, from_status="", to_status="reported")
    PlacementEvent.objects.filter(pk=event.pk).update(
        created_at=datetime.datetime(2025, 3, 3, 1, 5, tzinfo=datetime.UTC)
    )
    client.force_login(petugas)
    content = client.get(change_url(reported_placement), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "March 3, 2025, 9:05 a.m. WITA" in content
    # and so is the list of all placement events
    events = client.get(reverse("admin:placements_placementevent_changelist"), HTTP_ACCEPT_LANGUAGE="en")
    assert "March 3, 2025, 9:05 a.m. WITA" in events.content.decode()


# Applications: refer or not -------------------------------------------------------------------


def test_petugas_refers_an_application_from_its_page(client, petugas):
    # given a submitted application
    application = ApplicationFactory()
    client.force_login(petugas)
    assert offered_decisions(client, application) == ["refer", "decline"]
    # when the petugas refers it
    response = client.post(decide_url(application, "refer"))
    # then the referral service numbered the AK/V letter and moved the application on
    assert response.status_code == 302
    assert message_levels(response) == [SUCCESS]
    application.refresh_from_db()
    assert application.status == Application.Status.REFERRED
    assert application.referral.letter_number.startswith("AK.V/")
    assert application.referral.referred_by == petugas
    assert ApplicationEvent.objects.filter(application=application, actor=petugas, to_status="referred").exists()
    assert offered_decisions(client, application) == []


def test_petugas_declines_an_application_from_its_page_with_a_reason(client, petugas):
    application = ApplicationFactory()
    client.force_login(petugas)
    response = client.post(decide_url(application, "decline"), {"reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["reason_choice"]
    client.post(decide_url(application, "decline"), {"reason": "Pendidikan tidak sesuai syarat."})
    application.refresh_from_db()
    assert application.status == Application.Status.NOT_REFERRED
    assert ApplicationEvent.objects.get(application=application, to_status="not_referred").note == (
        "Pendidikan tidak sesuai syarat."
    )


def test_kabid_may_not_refer(client, kabid):
    application = ApplicationFactory()
    client.force_login(kabid)
    assert offered_decisions(client, application) == []
    assert not {"refer", "decline"} & offered_actions(client, APPLICATIONS)
    assert client.post(decide_url(application, "refer")).status_code == 403
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert not Referral.objects.filter(application=application).exists()


def test_declining_a_referred_application_is_refused(client, petugas):
    # given an application already referred
    referral = ReferralFactory()
    client.force_login(petugas)
    # when "Do not refer" is posted for it
    response = client.post(decide_url(referral.application, "decline"), {"reason": "Terlambat."})
    # then the refusal is reported and it stays referred
    assert message_levels(response) == [ERROR]
    referral.application.refresh_from_db()
    assert referral.application.status == Application.Status.REFERRED


def test_petugas_refers_and_declines_applications_in_bulk(client, petugas):
    # given three submitted applications and one already referred
    first, second, third = ApplicationFactory(), ApplicationFactory(), ApplicationFactory()
    referred = ReferralFactory().application
    client.force_login(petugas)
    assert {"refer", "decline"} <= offered_actions(client, APPLICATIONS)
    # when two are referred at once together with the referred one
    response = confirm_action(client, APPLICATIONS, "refer", [first, second, referred])
    # then the two are referred and the third is reported as refused
    assert sorted(message_levels(response)) == [SUCCESS, ERROR]
    assert Referral.objects.filter(application__in=[first, second]).count() == 2
    # and declining asks for a reason first, then declines
    response = choose_action(client, APPLICATIONS, "decline", [third])
    assert 'name="reason"' in response.content.decode()
    confirm_action(client, APPLICATIONS, "decline", [third], reason="Kuota sudah terpenuhi.")
    third.refresh_from_db()
    assert third.status == Application.Status.NOT_REFERRED
