"""Reminders to report (lapor) on the AK/I card, and a lapsed card made active again by a report."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from bontang_aker.core.workflow import TransitionError
from bontang_aker.notices.models import Notice
from bontang_aker.notices.services import notice_email_send
from jobseekers import services, tasks
from jobseekers.models import AkiCard
from jobseekers.tests.factories import AkiCardFactory, JobseekerProfileFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 9, 10)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


def card_due_on(due: datetime.date, **fields) -> AkiCard:
    """An active card whose next report is due on `due` (last report six months before)."""
    return AkiCardFactory(
        active=True,
        last_reported_at=at(due - relativedelta(months=6)),
        expires_on=due + datetime.timedelta(days=400),
        **fields,
    )


def reminders(card: AkiCard) -> list[Notice]:
    return list(Notice.objects.filter(recipient=card.jobseeker.user, key__startswith=f"akicard:{card.pk}:report:"))


# The reminders -------------------------------------------------------------------------------------------------


def test_a_reminder_a_week_before_and_one_on_the_due_date_each_sent_once(django_capture_on_commit_callbacks):
    # given a card due in seven days
    due = TODAY + datetime.timedelta(days=7)
    card = card_due_on(due)
    # when the task runs that day, twice, and again the next day
    with django_capture_on_commit_callbacks(execute=False) as queued:
        first = services.aki_card_report_reminders_send(today=TODAY)
        second = services.aki_card_report_reminders_send(today=TODAY)
        next_day = services.aki_card_report_reminders_send(today=TODAY + datetime.timedelta(days=1))
    # then one reminder, its e-mail queued once, linking to the card page
    assert (first, second, next_day) == (1, 0, 0)
    assert len(queued) == 1
    (before,) = reminders(card)
    assert before.key == f"akicard:{card.pk}:report:20260917:before"
    assert before.url == reverse("jobseekers:card")
    # when the due date comes (twice again)
    assert services.aki_card_report_reminders_send(today=due) == 1
    assert services.aki_card_report_reminders_send(today=due) == 0
    # then the second reminder, and no more after
    assert {n.key.rsplit(":", 1)[1] for n in reminders(card)} == {"before", "due"}
    assert services.aki_card_report_reminders_send(today=due + datetime.timedelta(days=1)) == 0


def test_reminder_text_and_e_mail_in_the_recipients_language(settings):
    # given an English-speaking holder whose report is due in a week
    card = card_due_on(TODAY + datetime.timedelta(days=7))
    card.jobseeker.user.language = "en"
    card.jobseeker.user.save(update_fields=["language"])
    services.aki_card_report_reminders_send(today=TODAY)
    (notice,) = reminders(card)
    # then the subject and body name the date and the number, and the mail links the card page
    assert notice.subject == "Report (lapor) on your AK/I card by 17 September 2026"
    assert card.number in notice.body
    assert "in 7 days" in notice.body
    assert notice_email_send(notice_id=notice.pk)
    (message,) = mail.outbox
    assert f"{settings.SITE_URL}{reverse('jobseekers:card')}" in message.body


def test_on_the_due_date_the_text_says_today():
    card = card_due_on(TODAY)
    card.jobseeker.user.language = "en"
    card.jobseeker.user.save(update_fields=["language"])
    services.aki_card_report_reminders_send(today=TODAY)
    (notice,) = reminders(card)
    assert notice.subject == "Report (lapor) on your AK/I card today"
    assert notice.key.endswith(":due")


def test_a_missed_day_is_caught_up_while_the_due_date_is_ahead():
    # given the task did not run seven days before: it runs five days before
    card = card_due_on(TODAY + datetime.timedelta(days=5))
    assert services.aki_card_report_reminders_send(today=TODAY) == 1
    assert reminders(card)[0].key.endswith(":before")


def test_no_reminder_too_early_for_other_statuses_or_after_a_report():
    # given cards due in eight days, a lapsed one, a placed one
    early = card_due_on(TODAY + datetime.timedelta(days=8))
    lapsed = card_due_on(TODAY + datetime.timedelta(days=3), status=AkiCard.Status.LAPSED)
    placed = card_due_on(TODAY + datetime.timedelta(days=3), status=AkiCard.Status.PLACED)
    assert services.aki_card_report_reminders_send(today=TODAY) == 0
    assert not reminders(early) and not reminders(lapsed) and not reminders(placed)


def test_a_report_moves_the_due_date_and_starts_new_reminders():
    # given a reminder sent for the current due date
    card = card_due_on(TODAY + datetime.timedelta(days=7))
    services.aki_card_report_reminders_send(today=TODAY)
    # when the holder reports (the due date moves six months on)
    AkiCard.objects.filter(pk=card.pk).update(last_reported_at=at(TODAY))
    # then nothing more for the old due date, and the new one is reminded in time
    assert services.aki_card_report_reminders_send(today=TODAY + datetime.timedelta(days=7)) == 0
    new_due = TODAY + relativedelta(months=6)
    assert services.aki_card_report_reminders_send(today=new_due - datetime.timedelta(days=7)) == 1
    assert sorted(n.key for n in reminders(card))[-1] == f"akicard:{card.pk}:report:{new_due:%Y%m%d}:before"


def test_month_ends_find_the_exact_due_date():
    # given a last report on 31 March: due on 30 September (no 31st)
    card = AkiCardFactory(
        active=True, last_reported_at=at(datetime.date(2026, 3, 31)), expires_on=datetime.date(2027, 12, 1)
    )
    assert services.aki_card_report_reminders_send(today=datetime.date(2026, 9, 23)) == 1
    assert services.aki_card_report_reminders_send(today=datetime.date(2026, 9, 30)) == 1
    assert {n.key for n in reminders(card)} == {
        f"akicard:{card.pk}:report:20260930:before",
        f"akicard:{card.pk}:report:20260930:due",
    }


def test_at_the_end_of_the_validity_the_reminder_says_the_card_ends():
    # given a card whose validity ends before its next report would be due
    card = AkiCardFactory(
        active=True, last_reported_at=at(TODAY - relativedelta(months=2)), expires_on=TODAY + datetime.timedelta(days=7)
    )
    card.jobseeker.user.language = "en"
    card.jobseeker.user.save(update_fields=["language"])
    assert services.aki_card_report_reminders_send(today=TODAY) == 1
    (notice,) = reminders(card)
    assert notice.subject == "Your AK/I card is valid until 17 September 2026"
    assert "request a new AK/I card" in notice.body


def test_the_task_wraps_the_service_and_is_idempotent(monkeypatch):
    card = card_due_on(timezone.localdate())
    assert tasks.send_aki_card_report_reminders_task() == 1
    assert tasks.send_aki_card_report_reminders_task() == 0
    assert len(reminders(card)) == 1


def test_the_task_runs_each_morning_in_wita(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["remind-aki-card-reports"]
    assert entry["task"] == "jobseekers.tasks.send_aki_card_report_reminders_task"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({7}, {0})
    assert settings.CELERY_TIMEZONE == "Asia/Makassar"


# A lapsed card comes back with a report --------------------------------------------------------------------------


def lapsed_card(**fields) -> AkiCard:
    card = AkiCardFactory(active=True, **fields)
    AkiCard.objects.filter(pk=card.pk).update(
        status=AkiCard.Status.LAPSED, last_reported_at=timezone.now() - relativedelta(months=7)
    )
    card.refresh_from_db()
    return card


def test_a_report_reactivates_a_lapsed_card_with_its_event():
    # given a card that lapsed for a missed report but is still within its validity
    card = lapsed_card()
    before = timezone.now()
    # when the holder reports
    services.aki_card_report(card_id=card.pk, by=card.jobseeker.user)
    # then it is active again, reported now, with the lapsed → active event by the holder
    card.refresh_from_db()
    assert card.status == AkiCard.Status.ACTIVE
    assert card.last_reported_at >= before
    event = card.events.latest("created_at")
    assert (event.from_status, event.to_status, event.actor) == ("lapsed", "active", card.jobseeker.user)
    # and the nightly lapse leaves it alone
    assert services.aki_cards_lapse_overdue() == 0


def test_an_expired_card_is_not_reactivated():
    card = lapsed_card(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        services.aki_card_report(card_id=card.pk, by=card.jobseeker.user)
    assert error.value.error_list[0].code == "card_expired"
    card.refresh_from_db()
    assert card.status == AkiCard.Status.LAPSED


def test_a_lapsed_card_is_not_reactivated_when_a_newer_card_is_open():
    card = lapsed_card()
    AkiCardFactory(jobseeker=card.jobseeker)  # a new request
    with pytest.raises(ValidationError) as error:
        services.aki_card_report(card_id=card.pk, by=card.jobseeker.user)
    assert error.value.error_list[0].code == "card_superseded"


def test_a_lapsed_card_is_never_re_issued(petugas):
    # the transition table allows lapsed → active, but only a report takes it, never the issue
    card = lapsed_card()
    with pytest.raises(TransitionError):
        services.aki_card_issue(card_id=card.pk, by=petugas)
    card.refresh_from_db()
    assert card.status == AkiCard.Status.LAPSED


def test_the_admin_offers_no_issue_button_on_a_lapsed_card(client, petugas):
    card = lapsed_card()
    client.force_login(petugas)
    page = client.get(reverse("admin:jobseekers_akicard_change", args=[card.pk])).content.decode()
    assert reverse("admin:jobseekers_akicard_decide", args=[card.pk, "issue"]) not in page
    # and a crafted POST changes nothing
    client.post(reverse("admin:jobseekers_akicard_decide", args=[card.pk, "issue"]), {"note": ""})
    card.refresh_from_db()
    assert card.status == AkiCard.Status.LAPSED


def test_requested_placed_and_removed_cards_cannot_report():
    for status in (AkiCard.Status.REQUESTED, AkiCard.Status.PLACED, AkiCard.Status.REMOVED):
        card = AkiCardFactory(active=True, jobseeker=JobseekerProfileFactory())
        AkiCard.objects.filter(pk=card.pk).update(status=status)
        with pytest.raises(TransitionError):
            services.aki_card_report(card_id=card.pk, by=card.jobseeker.user)


# The card page and the API -----------------------------------------------------------------------------------------


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_card_page_shows_the_next_due_date(english):
    card = AkiCardFactory(
        active=True, last_reported_at=at(datetime.date(2026, 5, 4)), expires_on=datetime.date(2028, 1, 1)
    )
    english.force_login(card.jobseeker.user)
    content = english.get(reverse("jobseekers:card")).content.decode()
    assert "Next report due" in content
    assert "4 November 2026" in content


def test_card_page_of_a_lapsed_card_offers_the_report_that_reactivates_it(english):
    # given a lapsed card still within its validity
    card = lapsed_card()
    english.force_login(card.jobseeker.user)
    page = english.get(reverse("jobseekers:card")).content.decode()
    assert "report now and it becomes active again" in page
    assert f'action="{reverse("jobseekers:card_report")}"' in page
    # when the holder reports from the page
    response = english.post(reverse("jobseekers:card_report"), follow=True)
    # then it is active again and the page says so
    assert "your card is active again" in response.content.decode()
    card.refresh_from_db()
    assert card.status == AkiCard.Status.ACTIVE


def test_card_page_of_an_expired_lapsed_card_says_to_request_a_new_one(english):
    card = lapsed_card(expires_on=timezone.localdate() - datetime.timedelta(days=3))
    english.force_login(card.jobseeker.user)
    page = english.get(reverse("jobseekers:card")).content.decode()
    assert "Request a new card." in page
    assert f'action="{reverse("jobseekers:card_report")}"' not in page
    response = english.post(reverse("jobseekers:card_report"), follow=True)
    assert "validity has ended" in response.content.decode()
    card.refresh_from_db()
    assert card.status == AkiCard.Status.LAPSED


def test_api_report_reactivates_a_lapsed_card_and_refuses_an_expired_one(client):
    card = lapsed_card()
    client.force_login(card.jobseeker.user)
    response = client.post(reverse("api:my-card-report"), content_type="application/json")
    assert response.status_code == 200
    assert response.json()["status"] == "active"
    expired = lapsed_card(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(expired.jobseeker.user)
    response = client.post(reverse("api:my-card-report"), content_type="application/json")
    assert response.status_code == 409
    assert response.json()["code"] == "card_expired"
