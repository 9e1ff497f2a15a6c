"""A real Celery worker on the real Redis broker: a published vacancy's matches appear."""

import pytest
from django.test import override_settings

from employers.services import vacancy_publish
from employers.tests.factories import VacancyFactory
from jobseekers.tests.factories import AkiCardFactory, EducationEntryFactory, JobseekerProfileFactory
from matching import facts
from matching.models import Match
from matching.tests.conftest import skill
from tests.test_celery_worker import wait_for, worker_queue  # noqa: F401, F811 (a fixture)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_publishing_a_vacancy_fills_its_candidates_through_the_worker(worker_queue, petugas):  # noqa: F811
    welder = JobseekerProfileFactory()
    welder.skills.set([skill("las-smaw")])
    EducationEntryFactory(jobseeker=welder)
    AkiCardFactory(jobseeker=welder, active=True)
    facts.jobseeker_facts_refresh(jobseeker_ids=[welder.pk])
    vacancy = VacancyFactory(in_review=True, title="Juru Las", skills=[skill("las-smaw")])
    # when staff publish it (the commit enqueues the task, the worker consumes it from Redis)
    with override_settings(MATCHING_TRIGGERS_ENABLED=True, MATCHING_TASK_QUEUE=worker_queue):
        vacancy_publish(vacancy_id=vacancy.pk, by=petugas)
    # then the worker stores the welder as the vacancy's candidate
    assert wait_for(lambda: Match.objects.filter(vacancy=vacancy, jobseeker=welder, among_vacancy_best=True).exists())
    match = Match.objects.get(vacancy=vacancy, jobseeker=welder)
    assert match.explanation["matched_skills"] == ["Pengelasan SMAW"]
