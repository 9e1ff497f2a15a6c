import datetime
import re

import pytest
from django.contrib.messages import ERROR, SUCCESS, get_messages
from django.urls import reverse

from bontang_aker.core.tests.admin_helpers import change_form_data, choose_action, confirm_action, offered_actions
from jobseekers.models import AkiCard, AkiCardEvent
from jobseekers.tests.factories import AkiCardFactory, DocumentFactory, EducationEntryFactory, JobseekerProfileFactory

pytestmark = pytest.mark.django_db

CARDS = reverse("admin:jobseekers_akicard_changelist")
PROFILES = reverse("admin:jobseekers_jobseekerprofile_changelist")


def message_levels(response) -> list[int]:
    return [m.level for m in get_messages(response.wsgi_request)]


def test_petugas_issues_a_requested_card(client, petugas):
    # given a card request
    card = AkiCardFactory()
    client.force_login(petugas)
    assert {"issue", "reject"} <= offered_actions(client, CARDS)
    # when the petugas issues it
    response = confirm_action(client, CARDS, "issue", [card])
    # then the service numbered and activated it, recording who verified it
    assert message_levels(response) == [SUCCESS]
    card.refresh_from_db()
    assert card.status == AkiCard.Status.ACTIVE
    assert card.number and card.issued_at and card.expires_on
    assert card.verified_by == petugas
    assert AkiCardEvent.objects.filter(card=card, actor=petugas, to_status="active").exists()


def test_issuing_an_active_card_again_is_refused(client, petugas):
    # given a card that is already active
    card = AkiCardFactory(active=True)
    number = card.number
    client.force_login(petugas)
    # when the petugas runs issue on it
    response = confirm_action(client, CARDS, "issue", [card])
    # then an error is shown and the card keeps its number
    assert message_levels(response) == [ERROR]
    card.refresh_from_db()
    assert card.number == number
    assert not AkiCardEvent.objects.filter(card=card).exists()


def test_petugas_rejects_a_card_request_with_a_reason(client, petugas):
    # given a card request
    card = AkiCardFactory()
    client.force_login(petugas)
    # when reject is chosen, the reason page appears
    response = choose_action(client, CARDS, "reject", [card])
    assert response.status_code == 200
    assert 'name="reason"' in response.content.decode()
    # and when it is confirmed with a reason
    confirm_action(client, CARDS, "reject", [card], reason="Foto KTP tidak terbaca.")
    # then the card is rejected with the reason kept on the card and in its history
    card.refresh_from_db()
    assert card.status == AkiCard.Status.REJECTED
    assert card.rejection_reason == "Foto KTP tidak terbaca."
    assert AkiCardEvent.objects.get(card=card, to_status="rejected").note == "Foto KTP tidak terbaca."


def test_kabid_cannot_issue_cards(client, kabid):
    # given a card request
    card = AkiCardFactory()
    client.force_login(kabid)
    # then the kepala bidang is not offered the card actions
    assert not {"issue", "reject"} & offered_actions(client, CARDS)
    # and posting issue anyway leaves it requested
    confirm_action(client, CARDS, "issue", [card])
    card.refresh_from_db()
    assert card.status == AkiCard.Status.REQUESTED


def test_card_page_is_read_only_and_shows_the_documents_to_check(client, superuser):
    # given a card request with an uploaded KTP
    card = AkiCardFactory()
    DocumentFactory(jobseeker=card.jobseeker, description="KTP asli")
    client.force_login(superuser)
    # when its page is opened
    response = client.get(reverse("admin:jobseekers_akicard_change", args=[card.pk]))
    # then status, number and dates are not inputs, and the document is linked
    content = response.content.decode()
    assert response.status_code == 200
    for field in ("status", "number", "issued_at", "expires_on", "verified_by", "created_at"):
        assert f'name="{field}"' not in content
    assert "KTP asli" in content
    # the NIK masked (UU 27/2022); the full one is on the jobseeker's page, a click away
    assert card.jobseeker.nik not in content
    assert f"{card.jobseeker.nik[:4]}********{card.jobseeker.nik[-4:]}" in content


def test_staff_find_a_jobseeker_by_nik(client, petugas):
    # given two jobseekers
    wanted, other = JobseekerProfileFactory(), JobseekerProfileFactory()
    client.force_login(petugas)
    # when the petugas searches by NIK
    response = client.get(PROFILES, {"q": wanted.nik})
    # then the jobseeker is listed, the NIK masked in the list (the full NIK is on the change page)
    results = list(response.context["cl"].result_list)
    assert wanted in results
    assert other not in results
    content = response.content.decode()
    assert f"{wanted.nik[:4]}********{wanted.nik[-4:]}" in content
    rows = content[content.index("<tbody>") : content.index("</tbody>")]
    rows = re.sub(r"_changelist_filters=[^\"]*", "", rows)  # the links keep the search typed
    assert wanted.nik not in rows


def test_disability_note_stays_out_of_the_list(client, petugas):
    # given a jobseeker with a disability note
    profile = JobseekerProfileFactory(has_disability=True, disability_note="Tuna rungu ringan")
    client.force_login(petugas)
    # when the list is shown
    response = client.get(PROFILES)
    # then the note is not on it, but staff see it on the profile itself
    assert "Tuna rungu ringan" not in response.content.decode()
    detail = client.get(reverse("admin:jobseekers_jobseekerprofile_change", args=[profile.pk]))
    assert "Tuna rungu ringan" in detail.content.decode()


def test_domicile_filter_separates_bontang_from_outside(client, petugas):
    # given one jobseeker with a Bontang KTP and one from outside
    local, outside = JobseekerProfileFactory(), JobseekerProfileFactory(outside=True)
    client.force_login(petugas)
    # when the list is filtered on each domicile
    local_results = list(client.get(PROFILES, {"domicile": "bontang"}).context["cl"].result_list)
    outside_results = list(client.get(PROFILES, {"domicile": "outside"}).context["cl"].result_list)
    # then each appears only under its own
    assert local in local_results and outside not in local_results
    assert outside in outside_results and local not in outside_results


def test_profile_form_has_no_audit_inputs(client, superuser):
    profile = JobseekerProfileFactory()
    client.force_login(superuser)
    content = client.get(reverse("admin:jobseekers_jobseekerprofile_change", args=[profile.pk])).content.decode()
    for field in ("consent_at", "created_at", "updated_at", "user"):
        assert f'name="{field}"' not in content
    assert 'name="nik"' in content


def test_petugas_corrects_a_profile_and_its_records_stay(client, petugas):
    # given a jobseeker with education, a document and an active card
    card = AkiCardFactory(active=True)
    profile = card.jobseeker
    EducationEntryFactory(jobseeker=profile)
    DocumentFactory(jobseeker=profile)
    client.force_login(petugas)
    url = reverse("admin:jobseekers_jobseekerprofile_change", args=[profile.pk])
    data = change_form_data(client.get(url))
    # when the petugas corrects the phone number (they may change profiles, not the records under it)
    data["phone"] = "+6281298765432"
    response = client.post(url, data)
    # then the profile is saved and its education, documents and card are untouched
    assert response.status_code == 302, response.context and response.context["errors"]
    profile.refresh_from_db()
    assert profile.phone == "+6281298765432"
    assert profile.education_entries.count() == 1
    assert profile.documents.count() == 1
    card.refresh_from_db()
    assert card.status == AkiCard.Status.ACTIVE


def test_a_nik_that_does_not_match_the_birth_date_is_refused(client, superuser):
    # given a jobseeker
    profile = JobseekerProfileFactory()
    client.force_login(superuser)
    url = reverse("admin:jobseekers_jobseekerprofile_change", args=[profile.pk])
    data = change_form_data(client.get(url))
    # when the birth date is changed so it no longer matches the NIK
    data["birth_date"] = "2001-07-02"
    response = client.post(url, data)
    # then the form shows an error instead of saving (never a 500)
    assert response.status_code == 200
    assert response.context["errors"]
    profile.refresh_from_db()
    assert str(profile.birth_date) == "1999-03-14"


# Decisions on the card's page ----------------------------------------------------------------


def card_url(card) -> str:
    return reverse("admin:jobseekers_akicard_change", args=[card.pk])


def decide_url(card, name: str) -> str:
    return reverse("admin:jobseekers_akicard_decide", args=[card.pk, name])


def offered_decisions(client, card) -> list[str]:
    response = client.get(card_url(card))
    assert response.status_code == 200
    return [decision.name for decision, _ in response.context.get("decisions", [])]


def test_petugas_issues_a_card_from_its_page(client, petugas):
    # given a card request
    card = AkiCardFactory()
    client.force_login(petugas)
    assert offered_decisions(client, card) == ["issue", "reject"]
    # when the petugas presses "Issue" on the card's page
    response = client.post(decide_url(card, "issue"))
    # then the service numbered and activated it, and the petugas is back on the page
    assert response.status_code == 302
    assert response["Location"] == card_url(card)
    assert message_levels(response) == [SUCCESS]
    card.refresh_from_db()
    assert card.status == AkiCard.Status.ACTIVE
    assert card.number and card.verified_by == petugas
    assert AkiCardEvent.objects.filter(card=card, actor=petugas, from_status="requested", to_status="active").exists()
    # and an active card offers no decision any more
    assert offered_decisions(client, card) == []


def test_petugas_rejects_a_card_request_from_its_page(client, petugas):
    # given a card request
    card = AkiCardFactory()
    client.force_login(petugas)
    # when "Reject" is opened the reason is asked for, and then given
    assert 'name="reason"' in client.get(decide_url(card, "reject")).content.decode()
    client.post(decide_url(card, "reject"), {"reason": "Foto KTP tidak terbaca."})
    # then the card is rejected with the reason on the card and in its history
    card.refresh_from_db()
    assert card.status == AkiCard.Status.REJECTED
    assert card.rejection_reason == "Foto KTP tidak terbaca."
    assert AkiCardEvent.objects.get(card=card, to_status="rejected").note == "Foto KTP tidak terbaca."


def test_rejecting_a_card_with_an_empty_reason_asks_again(client, petugas):
    card = AkiCardFactory()
    client.force_login(petugas)
    response = client.post(decide_url(card, "reject"), {"reason": " "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason_choice"]
    card.refresh_from_db()
    assert card.status == AkiCard.Status.REQUESTED
    assert not AkiCardEvent.objects.filter(card=card).exists()


@pytest.mark.parametrize("name", ["issue", "reject"])
def test_kabid_may_not_decide_on_cards(client, kabid, name):
    # given a card request
    card = AkiCardFactory()
    client.force_login(kabid)
    assert offered_decisions(client, card) == []
    # when the kepala bidang posts a decision anyway
    response = client.post(decide_url(card, name), {"reason": "Tidak lengkap."})
    # then it is forbidden and the card is untouched
    assert response.status_code == 403
    card.refresh_from_db()
    assert card.status == AkiCard.Status.REQUESTED
    assert not AkiCardEvent.objects.filter(card=card).exists()


def test_issuing_an_active_card_from_its_page_is_refused(client, petugas):
    # given an active card
    card = AkiCardFactory(active=True)
    number = card.number
    client.force_login(petugas)
    # when "Issue" is posted for it
    response = client.post(decide_url(card, "issue"))
    # then an error is shown and the card keeps its number
    assert response.status_code == 302
    assert message_levels(response) == [ERROR]
    card.refresh_from_db()
    assert card.number == number
    assert not AkiCardEvent.objects.filter(card=card).exists()


def test_card_and_profile_pages_show_times_in_wita_and_the_wage_in_rupiah(client, kabid):
    # given a jobseeker expecting Rp 5.000.000 with a card issued at 01:05 UTC (09:05 in Bontang)
    card = AkiCardFactory(active=True, jobseeker__expected_wage=5_000_000)
    AkiCard.objects.filter(pk=card.pk).update(issued_at=datetime.datetime(2025, 3, 3, 1, 5, tzinfo=datetime.UTC))
    client.force_login(kabid)  # may view, not change
    # when the card's page and the profile are opened in English
    card_page = client.get(card_url(card), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    url = reverse("admin:jobseekers_jobseekerprofile_change", args=[card.jobseeker_id])
    profile_page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # then the issue time says WITA on both (the profile lists the card), the wage is in rupiah
    assert "March 3, 2025, 9:05 a.m. WITA" in card_page
    assert "March 3, 2025, 9:05 a.m. WITA" in profile_page
    assert "Rp 5.000.000" in profile_page
