"""Match notices: the jobseeker's daily digest and the staff's list of thin vacancies, sent once."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from bontang_aker.notices import services as notice_services
from bontang_aker.notices.models import Notice
from bontang_aker.reference.models import Skill
from employers.tests.factories import VacancyFactory
from jobseekers.tests.factories import JobseekerProfileFactory
from matching import notices, services, tasks
from matching.models import Match, MatchDigest, MatchNotice, MatchNoticeKind, MatchNoticeOptOut
from placements.tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

DIGEST = MatchNoticeKind.MATCH_DIGEST
FEW = MatchNoticeKind.FEW_CANDIDATES


@pytest.fixture(autouse=True)
def _thresholds(settings):
    settings.MATCH_NOTICE_MIN_SCORE = 70
    settings.MATCH_FEW_CANDIDATES = 5
    settings.SITE_URL = "https://aker.example.id"


@pytest.fixture
def email_task():
    """The notices' e-mail task, run in-process when the notice commits."""
    with mock.patch.object(
        notice_services.send_notice_email_task,
        "delay",
        side_effect=lambda notice_id: notice_services.notice_email_send(notice_id=notice_id),
    ) as delay:
        yield delay


@pytest.fixture
def no_email_task():
    with mock.patch.object(notice_services.send_notice_email_task, "delay") as delay:
        yield delay


def match(vacancy, jobseeker, score=85, *, for_jobseeker=True, for_vacancy=False):
    return Match.objects.create(
        vacancy=vacancy,
        jobseeker=jobseeker,
        score=score,
        among_jobseeker_best=for_jobseeker,
        among_vacancy_best=for_vacancy,
        computed_at=timezone.now(),
    )


def jobseeker(language="en"):
    return JobseekerProfileFactory(user__language=language)


# The jobseeker's digest -------------------------------------------------------------------------------


def test_digest_lists_new_good_matches_once(no_email_task, django_capture_on_commit_callbacks):
    # given two good matches, one weak, one on a closed vacancy, one already applied to
    person = jobseeker()
    good = [VacancyFactory(published=True, title="Juru Las"), VacancyFactory(published=True, title="Operator Boiler")]
    for vacancy, score in zip(good, [90, 75], strict=True):
        match(vacancy, person, score)
    match(VacancyFactory(published=True, title="Kasir"), person, 69)
    match(VacancyFactory(status="closed", title="Tutup"), person, 95)
    applied = VacancyFactory(published=True, title="Sudah Dilamar")
    ApplicationFactory(jobseeker=person, vacancy=applied)
    match(applied, person, 99)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        notice = notices.match_digest_send(jobseeker_id=person.pk)
    # then one notice, listing only the two good ones, linked to the vacancy pages
    assert notice is not None
    assert notice.subject == "2 new vacancies match your profile"
    assert "Juru Las" in notice.body and "Operator Boiler" in notice.body
    assert "Kasir" not in notice.body and "Tutup" not in notice.body and "Sudah Dilamar" not in notice.body
    for vacancy in good:
        assert f"https://aker.example.id{reverse('vacancies:detail', args=[vacancy.pk])}" in notice.body
    assert notice.url == notices.jobseeker_matches_path()
    assert set(MatchNotice.objects.values_list("vacancy_id", flat=True)) == {v.pk for v in good}
    assert no_email_task.call_count == 1  # its e-mail queued once, after the commit


def test_running_twice_sends_one_notice(no_email_task):
    # given
    person = jobseeker()
    match(VacancyFactory(published=True), person)
    # when
    first = notices.match_digest_send(jobseeker_id=person.pk)
    second = notices.match_digest_send(jobseeker_id=person.pk)
    # then
    assert first is not None and second is None
    assert Notice.objects.filter(recipient=person.user).count() == 1
    assert MatchDigest.objects.filter(jobseeker=person).count() == 1


def test_a_pair_told_once_is_not_told_again_another_day(no_email_task):
    # given a digest yesterday with one vacancy, and a new match today
    person = jobseeker()
    old = VacancyFactory(published=True, title="Lama")
    match(old, person)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    notices.match_digest_send(jobseeker_id=person.pk, day=yesterday)
    new = VacancyFactory(published=True, title="Baru")
    match(new, person)
    # when
    notice = notices.match_digest_send(jobseeker_id=person.pk)
    # then today's digest lists only the new one
    assert "Baru" in notice.body and "Lama" not in notice.body
    assert notice.subject == "1 new vacancy matches your profile"
    assert Notice.objects.filter(recipient=person.user).count() == 2


def test_nothing_new_sends_nothing_and_claims_nothing(no_email_task):
    person = jobseeker()
    match(VacancyFactory(published=True), person, 50)
    assert notices.match_digest_send(jobseeker_id=person.pk) is None
    assert not MatchDigest.objects.exists() and not Notice.objects.exists()


def test_a_failure_after_part_of_the_run_then_a_rerun_sends_no_duplicates(no_email_task):
    # given three jobseekers with good matches
    people = [jobseeker() for _ in range(3)]
    for person in people:
        match(VacancyFactory(published=True), person)
    real_send = notices.notice_send
    calls = {"n": 0}

    def failing_on_second(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            real_send(**kwargs)  # the notice is written, then the task dies
            raise ConnectionError("worker lost")
        return real_send(**kwargs)

    # when the first run fails on the second person
    with mock.patch.object(notices, "notice_send", side_effect=failing_on_second):
        assert notices.match_digest_jobseeker_ids() == [p.pk for p in people]
        notices.match_digest_send(jobseeker_id=people[0].pk)
        with pytest.raises(ConnectionError):
            notices.match_digest_send(jobseeker_id=people[1].pk)
    # then the second person's claim, pairs and notice were rolled back together
    assert Notice.objects.filter(recipient=people[1].user).count() == 0
    assert not MatchNotice.objects.filter(jobseeker=people[1]).exists()
    # when the whole run is repeated
    remaining = notices.match_digest_jobseeker_ids()
    for person in people:
        notices.match_digest_send(jobseeker_id=person.pk)
    # then everyone has exactly one notice
    assert remaining == [people[1].pk, people[2].pk]
    for person in people:
        assert Notice.objects.filter(recipient=person.user).count() == 1
    assert MatchNotice.objects.count() == 3


def test_email_goes_once_even_when_its_task_runs_again(email_task, mailoutbox, django_capture_on_commit_callbacks):
    # given
    person = jobseeker()
    match(VacancyFactory(published=True, title="Juru Las"), person)
    with django_capture_on_commit_callbacks(execute=True):
        notice = notices.match_digest_send(jobseeker_id=person.pk)
    # when the e-mail task is delivered again
    notice_services.notice_email_send(notice_id=notice.pk)
    # then one e-mail, with the vacancy and the unsubscribe link
    assert len(mailoutbox) == 1
    assert "Juru Las" in mailoutbox[0].body
    assert "https://aker.example.id/akun/pemberitahuan-cocok/berhenti/" in mailoutbox[0].body


def test_preference_off_sends_nothing(no_email_task):
    person = jobseeker()
    match(VacancyFactory(published=True), person)
    notices.notice_kind_set(user=person.user, kind=DIGEST, enabled=False)
    assert notices.match_digest_jobseeker_ids() == []
    assert notices.match_digest_send(jobseeker_id=person.pk) is None
    assert not Notice.objects.exists()
    # and switched on again, it sends
    notices.notice_kind_set(user=person.user, kind=DIGEST, enabled=True)
    assert notices.match_digest_send(jobseeker_id=person.pk) is not None


def test_inactive_account_gets_nothing(no_email_task):
    person = jobseeker()
    person.user.is_active = False
    person.user.save(update_fields=["is_active"])
    match(VacancyFactory(published=True), person)
    assert notices.match_digest_send(jobseeker_id=person.pk) is None


def test_notice_in_the_persons_language(no_email_task):
    # given one English-speaking and one Indonesian-speaking jobseeker
    english, indonesian = jobseeker("en"), jobseeker("id")
    for person in (english, indonesian):
        match(VacancyFactory(published=True), person)
    seen = []
    real_render = notice_services.render_text

    def recording(template_name, context):
        seen.append((template_name, translation.get_language()))
        return real_render(template_name, context)

    # when
    with mock.patch.object(notice_services, "render_text", side_effect=recording):
        notices.match_digest_send(jobseeker_id=english.pk)
        notices.match_digest_send(jobseeker_id=indonesian.pk)
    # then each was rendered in the person's language
    assert Notice.objects.get(recipient=english.user).subject == "1 new vacancy matches your profile"
    assert seen == [
        ("matching/notices/match_digest_subject.txt", "en"),
        ("matching/notices/match_digest_body.txt", "en"),
        ("matching/notices/match_digest_subject.txt", "id"),
        ("matching/notices/match_digest_body.txt", "id"),
    ]


def test_digest_from_computed_matches(no_email_task, settings):
    # given a vacancy and a jobseeker matched by the real services
    settings.MATCH_NOTICE_MIN_SCORE = 1
    skill = Skill.objects.get(code="operator-proses")
    vacancy = VacancyFactory(published=True, skills=[skill], title="Operator Proses")
    person = JobseekerProfileFactory(card_holder=True, educated=True, user__language="en")
    person.skills.add(skill)
    services.vacancy_match(vacancy_id=vacancy.pk)
    services.jobseeker_match(jobseeker_id=person.pk)
    assert Match.objects.filter(vacancy=vacancy, jobseeker=person, among_jobseeker_best=True).exists()
    # when
    notice = notices.match_digest_send(jobseeker_id=person.pk)
    # then
    assert notice is not None and "Operator Proses" in notice.body


# Unsubscribing and the settings page ------------------------------------------------------------------


def test_unsubscribe_link_switches_the_kind_off(client, no_email_task):
    # given
    person = jobseeker()
    url = notices.unsubscribe_url(user=person.user, kind=DIGEST).removeprefix("https://aker.example.id")
    # when the link is opened: a question only
    assert client.get(url).status_code == 200
    assert notices.notice_kind_enabled(user=person.user, kind=DIGEST)
    # when the button (or a mail program's one-click POST) is pressed, without logging in
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    # then
    assert response.status_code == 200
    assert not notices.notice_kind_enabled(user=person.user, kind=DIGEST)
    assert client.post(url).status_code == 200  # twice is harmless
    assert MatchNoticeOptOut.objects.filter(user=person.user).count() == 1


def test_tampered_unsubscribe_link_changes_nothing(client):
    person = jobseeker()
    token = notices.unsubscribe_token(user=person.user, kind=DIGEST)
    url = reverse("match_notices:unsubscribe", args=[token[:-2] + "xx"])
    assert client.post(url).status_code == 400
    assert notices.notice_kind_enabled(user=person.user, kind=DIGEST)


def test_settings_page_switches_kinds(client):
    # given a signed-in jobseeker
    person = jobseeker()
    client.force_login(person.user)
    page = client.get(reverse("match_notices:settings"))
    assert page.status_code == 200 and "match_digest" in page.content.decode()
    assert "match_few_candidates" not in page.content.decode()  # staff only
    # when every box is cleared
    client.post(reverse("match_notices:settings"), {})
    # then
    assert not notices.notice_kind_enabled(user=person.user, kind=DIGEST)
    client.post(reverse("match_notices:settings"), {"kinds": ["match_digest"]})
    assert notices.notice_kind_enabled(user=person.user, kind=DIGEST)


# The staff's daily list ------------------------------------------------------------------------------


def thin_and_full_vacancies():
    thin = VacancyFactory(published=True, title="Teknisi Listrik")
    full = VacancyFactory(published=True, title="Admin Gudang")
    for _ in range(5):
        match(full, JobseekerProfileFactory(), 80, for_jobseeker=False, for_vacancy=True)
    for score in (90, 60, 60):  # one good, two below the threshold
        match(thin, JobseekerProfileFactory(), score, for_jobseeker=False, for_vacancy=True)
    return thin, full


def test_staff_list_names_thin_vacancies_to_who_can_refer(petugas, kabid, superuser, no_email_task):
    # given
    thin, full = thin_and_full_vacancies()
    # when
    sent = notices.few_candidates_list_send()
    # then the officer who refers gets it (kepala_bidang cannot refer; superusers only through a group)
    assert sent == 1
    notice = Notice.objects.get()
    assert notice.recipient == petugas
    assert "Teknisi Listrik" in notice.body and "Admin Gudang" not in notice.body
    assert f"https://aker.example.id{reverse('admin:employers_vacancy_change', args=[thin.pk])}" in notice.body
    assert notice.subject == "1 lowongan yang dibuka kekurangan kandidat yang cocok"  # staff read Indonesian by default
    assert notice.url == reverse("admin:employers_vacancy_changelist")


def test_staff_list_once_a_day(petugas, no_email_task):
    thin_and_full_vacancies()
    assert notices.few_candidates_list_send() == 1
    assert notices.few_candidates_list_send() == 0
    assert Notice.objects.filter(recipient=petugas).count() == 1


def test_no_staff_list_when_every_vacancy_has_enough(petugas, no_email_task):
    full = VacancyFactory(published=True)
    for _ in range(5):
        match(full, JobseekerProfileFactory(), 80, for_jobseeker=False, for_vacancy=True)
    assert notices.few_candidates_list_send() == 0
    assert not Notice.objects.exists()


def test_staff_list_off_for_who_switched_it_off(petugas, no_email_task):
    thin_and_full_vacancies()
    notices.notice_kind_set(user=petugas, kind=FEW, enabled=False)
    assert notices.few_candidates_list_send() == 0


def test_inactive_staff_get_no_list(petugas, no_email_task):
    thin_and_full_vacancies()
    petugas.is_active = False
    petugas.save(update_fields=["is_active"])
    assert notices.few_candidates_list_send() == 0


# Through Celery's task API ---------------------------------------------------------------------------


def test_digest_task_twice_sends_one_notice(no_email_task):
    person = jobseeker()
    match(VacancyFactory(published=True), person)
    day = timezone.localdate().isoformat()
    assert tasks.send_match_digest_task.apply(args=[person.pk, day]).get() is True
    assert tasks.send_match_digest_task.apply(args=[person.pk, day]).get() is False
    assert Notice.objects.filter(recipient=person.user).count() == 1


def test_digests_task_queues_one_per_jobseeker_after_commit(no_email_task, django_capture_on_commit_callbacks):
    people = [jobseeker() for _ in range(2)]
    for person in people:
        match(VacancyFactory(published=True), person)
        match(VacancyFactory(published=True), person)
    with (
        mock.patch.object(tasks.send_match_digest_task, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert tasks.send_match_digests_task.apply().get() == 2
    day = timezone.localdate().isoformat()
    assert sorted(delay.call_args_list) == sorted(mock.call(p.pk, day) for p in people)


def test_digest_task_retries_a_transient_error(no_email_task):
    # given a database hiccup on the first try
    from django.db import OperationalError

    person = jobseeker()
    match(VacancyFactory(published=True), person)
    real = notices.match_digest_send
    attempts = []

    def flaky(**kwargs):
        attempts.append(1)
        if len(attempts) == 1:
            raise OperationalError("connection lost")
        return real(**kwargs)

    # when the task runs (apply runs its retries in-process)
    with mock.patch("matching.notices.match_digest_send", side_effect=flaky):
        result = tasks.send_match_digest_task.apply(args=[person.pk], retries=0)
    # then it retried and sent once
    assert len(attempts) == 2
    assert result.get() is True
    assert Notice.objects.filter(recipient=person.user).count() == 1


def test_few_candidates_task(petugas, no_email_task):
    thin_and_full_vacancies()
    assert tasks.send_few_candidates_list_task.apply().get() == 1
    assert tasks.send_few_candidates_list_task.apply().get() == 0
