"""Tasks and triggers: enqueued after commit, once per change, idempotent, retried on transient errors."""

import pytest
from django.db import OperationalError, transaction
from django.test import override_settings

from employers.services import vacancy_publish
from employers.tests.factories import VacancyFactory
from matching import services, tasks, triggers
from matching.models import Match
from matching.tests.conftest import skill

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch):
    """What the triggers send to the broker, instead of sending it."""
    calls = []
    for task in (tasks.match_vacancy_task, tasks.match_jobseeker_task):
        monkeypatch.setattr(task, "apply_async", lambda args, queue=None, _t=task: calls.append((_t.name, *args)))
    return calls


@override_settings(MATCHING_TRIGGERS_ENABLED=True)
def test_publishing_a_vacancy_enqueues_its_match_after_commit(sent, petugas, django_capture_on_commit_callbacks):
    vacancy = VacancyFactory(in_review=True)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        vacancy_publish(vacancy_id=vacancy.pk, by=petugas)
    assert sent == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert sent == [("matching.tasks.match_vacancy_task", vacancy.pk)]


@override_settings(MATCHING_TRIGGERS_ENABLED=True)
def test_several_saves_in_one_change_enqueue_one_task(sent, make_jobseeker, django_capture_on_commit_callbacks):
    from jobseekers.services import profile_set_skills

    person = make_jobseeker(skills=["las-smaw"])
    sent.clear()
    tasks.cache.delete(tasks.queued_key("jobseeker", person.pk))
    with django_capture_on_commit_callbacks(execute=True):
        profile_set_skills(profile=person, skills=[skill("k3-umum"), skill("rigging")])
        person.save()
    assert sent == [("matching.tasks.match_jobseeker_task", person.pk)]
    # once the task has started, the next change enqueues again
    tasks.cache.delete(tasks.queued_key("jobseeker", person.pk))
    with django_capture_on_commit_callbacks(execute=True):
        person.save()
    assert len(sent) == 2


@override_settings(MATCHING_TRIGGERS_ENABLED=True)
def test_a_rolled_back_change_enqueues_nothing(sent, make_jobseeker, django_capture_on_commit_callbacks):
    person = make_jobseeker()
    sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                person.save()
                raise RuntimeError("the form failed")
        except RuntimeError:
            pass
    assert sent == []


def test_a_draft_vacancy_enqueues_nothing(sent, django_capture_on_commit_callbacks):
    with override_settings(MATCHING_TRIGGERS_ENABLED=True), django_capture_on_commit_callbacks(execute=True):
        VacancyFactory()
    assert sent == []


def test_tasks_are_idempotent_through_celery(make_vacancy, make_jobseeker):
    vacancy = make_vacancy(skills=["operator-proses"])
    people = [make_jobseeker(skills=["operator-proses"]) for _ in range(3)]
    assert tasks.match_vacancy_task.apply(args=[vacancy.pk]).get() == 3
    first = sorted(Match.objects.values_list("vacancy_id", "jobseeker_id", "score", "among_vacancy_best"))
    assert tasks.match_vacancy_task.apply(args=[vacancy.pk]).get() == 3
    assert sorted(Match.objects.values_list("vacancy_id", "jobseeker_id", "score", "among_vacancy_best")) == first
    tasks.match_jobseeker_task.apply(args=[people[0].pk]).get()
    tasks.match_jobseeker_task.apply(args=[people[0].pk]).get()
    assert Match.objects.filter(jobseeker=people[0]).count() == 1


def test_task_options_ack_late_with_limits():
    for task in (tasks.match_vacancy_task, tasks.match_jobseeker_task, tasks.rematch_all_task):
        assert task.acks_late and task.reject_on_worker_lost
        assert task.soft_time_limit and task.time_limit > task.soft_time_limit
        assert OperationalError in task.autoretry_for


def test_a_transient_error_is_retried_and_then_succeeds(monkeypatch, make_vacancy, make_jobseeker):
    vacancy = make_vacancy(skills=["operator-proses"])
    make_jobseeker(skills=["operator-proses"])
    real = services.vacancy_match
    attempts = []

    def flaky(**kwargs):
        attempts.append(kwargs)
        if len(attempts) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(**kwargs)

    monkeypatch.setattr(services, "vacancy_match", flaky)
    result = tasks.match_vacancy_task.apply(args=[vacancy.pk])
    assert len(attempts) == 2 and result.get() == 1
    assert Match.objects.filter(vacancy=vacancy, among_vacancy_best=True).count() == 1


def test_a_programming_error_is_not_retried(monkeypatch, make_vacancy):
    vacancy = make_vacancy()
    attempts = []

    def broken(**kwargs):
        attempts.append(kwargs)
        raise ValueError("a bug")

    monkeypatch.setattr(services, "vacancy_match", broken)
    result = tasks.match_vacancy_task.apply(args=[vacancy.pk])
    assert result.failed() and len(attempts) == 1


def test_a_failure_half_way_leaves_the_old_list(monkeypatch, make_vacancy, make_jobseeker):
    vacancy = make_vacancy(skills=["operator-proses"])
    make_jobseeker(skills=["operator-proses"])
    services.vacancy_match(vacancy_id=vacancy.pk)
    before = sorted(Match.objects.values_list("jobseeker_id", "score", "computed_at"))
    make_jobseeker(skills=["operator-proses"])

    def crash(*args, **kwargs):
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(services, "_explanation_sql", crash)  # after the old rows were unflagged, before the new
    with pytest.raises(OperationalError):
        services.vacancy_match(vacancy_id=vacancy.pk)
    assert sorted(Match.objects.values_list("jobseeker_id", "score", "computed_at")) == before


def test_beat_runs_the_nightly_rematch():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["rematch-all"]
    assert entry["task"] == tasks.rematch_all_task.name
    assert entry["schedule"].hour == {3}


def test_enqueue_is_off_when_disabled(sent, django_capture_on_commit_callbacks):
    with override_settings(MATCHING_TRIGGERS_ENABLED=False), django_capture_on_commit_callbacks(execute=True):
        triggers.enqueue_after_commit("vacancy", 1)
    assert sent == []
