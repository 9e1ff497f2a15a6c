import datetime

import pytest
from django.utils import timezone

from bontang_aker.reference.models import EducationLevel, KbjiGroup, Skill
from employers.tests.factories import VacancyFactory
from jobseekers.tests.factories import (
    AkiCardFactory,
    EducationEntryFactory,
    ExperienceEntryFactory,
    JobseekerProfileFactory,
)
from matching import facts


def skill(code: str) -> Skill:
    return Skill.objects.get(code=code)


@pytest.fixture
def make_jobseeker(db):
    """A local SMK graduate (born 1999) with an active AK/I card, plus what the test adds; facts built."""

    def make(*, skills=(), card=True, education="SMK", major="Kimia Industri", experience=(), **fields):
        profile = JobseekerProfileFactory(**fields)
        if skills:
            profile.skills.set([skill(code) for code in skills])
        if education:
            EducationEntryFactory(jobseeker=profile, level=EducationLevel.objects.get(code=education), major=major)
        for position, months, occupation in experience:
            end = timezone.localdate()
            ExperienceEntryFactory(
                jobseeker=profile,
                position=position,
                start_date=end - datetime.timedelta(days=round(months * 30.44)),
                end_date=end,
                occupation=KbjiGroup.objects.get(code=occupation) if occupation else None,
            )
        if card:
            AkiCardFactory(jobseeker=profile, active=True)
        facts.jobseeker_facts_refresh(jobseeker_ids=[profile.pk])  # what the trigger's task does first
        return profile

    return make


@pytest.fixture
def make_vacancy(db):
    def make(*, skills=(), **fields):
        vacancy = VacancyFactory(published=True, skills=[skill(code) for code in skills], **fields)
        facts.vacancy_facts_refresh(vacancy_ids=[vacancy.pk])  # what the trigger's task does first
        return vacancy

    return make
