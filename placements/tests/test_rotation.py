"""Fair rotation for TA work (issue 10): the queue, its weights, proposals, skips, history and the API."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.reference.models import EducationLevel, KbjiGroup, Skill
from employers.models import Vacancy
from employers.tests.factories import CompanyMemberFactory, VacancyFactory
from jobseekers.models import AkiCard, EducationEntry
from jobseekers.tests.factories import AkiCardFactory, JobseekerProfileFactory
from placements import rotation
from placements.models import CallUp, Placement, RotationPool, RotationProposal

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def welding():
    return Skill.objects.get(code="las-smaw")


@pytest.fixture
def pool(welding, petugas):
    pool = RotationPool.objects.create(name="TA Pupuk Kaltim 2027 — welders", created_by=petugas)
    pool.skills.add(welding)
    return pool


def welder(*, card_days: int = 100, skill=None, **profile):
    """A local jobseeker with the welding skill and an active card issued `card_days` ago."""
    person = JobseekerProfileFactory(**profile)
    person.skills.add(skill or Skill.objects.get(code="las-smaw"))
    AkiCardFactory(jobseeker=person, active=True, issued_at=days_ago(card_days))
    return person


def worked(person, *, started_days_ago: int, status=Placement.Status.VERIFIED):
    member = CompanyMemberFactory()
    return Placement.objects.create(
        jobseeker=person,
        company=member.company,
        position="Welder",
        occupation=KbjiGroup.objects.get(code="7"),
        start_date=TODAY - datetime.timedelta(days=started_days_ago),
        is_local=True,
        reported_by=member.user,
        reported_by_role=Placement.ReportedByRole.EMPLOYER,
        status=status,
    )


def order(pool) -> list[int]:
    return [entry.jobseeker.pk for entry in rotation.rotation_queue(pool=pool)]


def test_whoever_worked_most_recently_goes_to_the_back(pool):
    # given: a verified hire makes the card "placed", so whoever worked came back with a new card
    never = welder(card_days=100)
    long_ago = welder(card_days=290)
    worked(long_ago, started_days_ago=300)
    recent = welder(card_days=30)
    worked(recent, started_days_ago=60)
    # when
    entries = rotation.rotation_queue(pool=pool)
    # then
    assert [entry.jobseeker.pk for entry in entries] == [never.pk, long_ago.pk, recent.pk]
    assert [entry.rank for entry in entries] == [1, 2, 3]
    with translation.override("en"):
        assert any("moved back" in reason for reason in entries[2].reasons)
        assert entries[0].reasons == [f"Waiting 100 days (since {(TODAY - datetime.timedelta(days=100)):%-d %B %Y})"]


def test_long_waiters_and_priority_groups_move_forward_with_the_weights(pool, settings):
    # given
    settings.ROTATION_WEIGHTS = {
        "per_waiting_day": 1,
        "poor_household": 0,
        "smk_graduate": 0,
        "disability": 0,
        "recent_work": 1000,
    }
    waiter = welder(card_days=300)
    smk = welder(card_days=200)
    EducationEntry.objects.create(
        jobseeker=smk, level=EducationLevel.objects.get(code="SMK"), institution="SMK Negeri 1 Bontang"
    )
    poor = welder(card_days=150, is_poor_household=True)
    disabled = welder(card_days=100, has_disability=True)
    # then: by waiting alone
    assert order(pool) == [waiter.pk, smk.pk, poor.pk, disabled.pk]

    # when: the priority groups weigh more than the waiting days between them
    settings.ROTATION_WEIGHTS = {**settings.ROTATION_WEIGHTS, "disability": 250, "poor_household": 180}
    # then
    assert order(pool) == [disabled.pk, poor.pk, waiter.pk, smk.pk]

    # when: SMK graduates weigh most
    settings.ROTATION_WEIGHTS = {**settings.ROTATION_WEIGHTS, "smk_graduate": 500}
    entries = rotation.rotation_queue(pool=pool)
    # then
    assert entries[0].jobseeker.pk == smk.pk
    assert entries[0].score == 700
    assert {c["code"] for c in entries[0].components} == {"waiting", "smk_graduate"}


def test_only_qualified_local_card_holders_with_the_skills(pool, welding):
    # given
    qualified = welder()
    welder(kelurahan=None, outside_city="Kutai Timur")  # not local
    JobseekerProfileFactory().skills.add(welding)  # no card at all
    lapsed = welder()
    AkiCard.objects.filter(jobseeker=lapsed).update(status=AkiCard.Status.LAPSED)
    expired = welder()
    AkiCard.objects.filter(jobseeker=expired).update(expires_on=TODAY - datetime.timedelta(days=1))
    welder(skill=Skill.objects.get(code="rigging"))  # another skill
    working = welder(card_days=100)
    worked(working, started_days_ago=10, status=Placement.Status.REPORTED)  # hired since the card: working now
    # then
    assert order(pool) == [qualified.pk]


def test_every_skill_or_any_skill(pool, welding):
    # given
    rigging = Skill.objects.get(code="rigging")
    pool.skills.add(rigging)
    both = welder()
    both.skills.add(rigging)
    only_welding = welder()
    # then
    assert order(pool) == [both.pk]
    pool.require_all_skills = False
    pool.save()
    assert set(order(pool)) == {both.pk, only_welding.pk}


def test_propose_stores_the_reasons_and_skip_keeps_the_place(pool, petugas):
    # given
    first = welder(card_days=300)
    second = welder(card_days=200)
    third = welder(card_days=100)
    # when
    proposals = rotation.rotation_propose(pool=pool, by=petugas, count=2)
    # then
    assert [(p.jobseeker_id, p.rank, p.status) for p in proposals] == [
        (first.pk, 1, "proposed"),
        (second.pk, 2, "proposed"),
    ]
    assert proposals[0].components[0]["code"] == "waiting"
    assert proposals[0].events.get().to_status == "proposed"

    # when: a reason is missing
    with pytest.raises(ValidationError) as error:
        rotation.rotation_skip(proposal_id=proposals[0].pk, by=petugas, category="unreachable", reason="  ")
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        rotation.rotation_skip(proposal_id=proposals[0].pk, by=petugas, category="nonsense", reason="No answer")
    assert "category" in error.value.message_dict
    proposals[0].refresh_from_db()
    assert proposals[0].status == "proposed"

    # when: skipped with a reason
    skipped = rotation.rotation_skip(
        proposal_id=proposals[0].pk, by=petugas, category="unreachable", reason="Phone off three times"
    )
    # then: recorded, and the place is kept
    assert skipped.status == "skipped" and skipped.decided_by == petugas and skipped.decided_at
    assert skipped.events.last().note.endswith("Phone off three times")
    assert order(pool) == [first.pk, second.pk, third.pk]

    # when: proposing again passes over the open proposal, keeps the true places
    again = rotation.rotation_propose(pool=pool, by=petugas, count=2)
    assert [(p.jobseeker_id, p.rank) for p in again] == [(first.pk, 1), (third.pk, 3)]

    # then: the history lists everything, newest first
    history = list(rotation.rotation_history(pool=pool))
    assert len(history) == 4
    assert {p.status for p in history} == {"proposed", "skipped"}


def test_propose_refuses_bad_counts_and_closed_vacancies(pool, petugas):
    welder()
    with pytest.raises(ValidationError) as error:
        rotation.rotation_propose(pool=pool, by=petugas, count=0)
    assert "count" in error.value.message_dict
    draft = VacancyFactory()
    with pytest.raises(ValidationError) as error:
        rotation.rotation_propose(pool=pool, by=petugas, count=1, vacancy_id=draft.pk)
    assert "vacancy" in error.value.message_dict
    assert not RotationProposal.objects.exists()


def test_refer_calls_up_through_the_call_up_service(pool, petugas):
    # given
    person = welder(educated=True)
    vacancy = VacancyFactory(published=True, employment_type=Vacancy.EmploymentType.TURNAROUND)
    (proposal,) = rotation.rotation_propose(pool=pool, by=petugas, count=1, vacancy_id=vacancy.pk)
    # when
    referred = rotation.rotation_refer(proposal_id=proposal.pk, by=petugas)
    # then
    callup = CallUp.objects.get(jobseeker=person, vacancy=vacancy)
    assert referred.status == "referred" and referred.callup == callup
    # the same vacancy is not proposed twice to the same person
    assert rotation.rotation_propose(pool=pool, by=petugas, count=1, vacancy_id=vacancy.pk) == []


def test_queue_queries_are_bounded(pool, django_assert_max_num_queries, welding):
    # given: 200 qualified jobseekers
    people = JobseekerProfileFactory.create_batch(200)
    for number, person in enumerate(people):
        person.skills.add(welding)
        AkiCardFactory(jobseeker=person, active=True, issued_at=days_ago(number))
    # when / then
    with django_assert_max_num_queries(3):
        entries = rotation.rotation_queue(pool=pool, limit=200)
        assert len(entries) == 200
        assert [entry.reasons for entry in entries]


# The API ------------------------------------------------------------------------------------


def api(user=None) -> APIClient:
    client = APIClient(headers={"accept-language": "en"})
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 401), ("jobseeker", 403), ("employer", 403)],
)
def test_api_refuses_non_staff(pool, who, expected):
    user = {"anonymous": None, "jobseeker": UserFactory(), "employer": CompanyMemberFactory().user}[who]
    client = api(user)
    proposal = RotationProposal.objects.create(
        pool=pool, jobseeker=welder(), rank=1, score=1, proposed_by=UserFactory(petugas=True)
    )
    for method, url in [
        ("get", reverse("api:staff-rotation-pool-list")),
        ("get", reverse("api:staff-rotation-pool-queue", args=[pool.pk])),
        ("post", reverse("api:staff-rotation-pool-propose", args=[pool.pk])),
        ("get", reverse("api:staff-rotation-proposal-list")),
        ("post", reverse("api:staff-rotation-proposal-skip", args=[proposal.pk])),
    ]:
        assert getattr(client, method)(url, {}, format="json").status_code == expected, url


def test_api_queue_propose_and_skip(pool, petugas, kabid):
    # given
    first = welder(card_days=300, is_poor_household=True)
    welder(card_days=200)
    client = api(petugas)
    # the queue with its reasons
    response = client.get(reverse("api:staff-rotation-pool-queue", args=[pool.pk]), {"limit": 5})
    assert response.status_code == 200
    assert response.json()[0]["jobseeker"]["id"] == first.pk
    assert "Poor household (PKP)" in [c["text"] for c in response.json()[0]["components"]]
    assert client.get(reverse("api:staff-rotation-pool-queue", args=[pool.pk]), {"limit": "x"}).status_code == 400
    # propose
    response = client.post(reverse("api:staff-rotation-pool-propose", args=[pool.pk]), {"count": 1}, format="json")
    assert response.status_code == 201
    proposal_id = response.json()[0]["id"]
    assert client.post(reverse("api:staff-rotation-pool-propose", args=[pool.pk]), {}, format="json").status_code == 400
    # skip: the reason is required
    skip = reverse("api:staff-rotation-proposal-skip", args=[proposal_id])
    response = client.post(skip, {"category": "declined", "reason": ""}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    # a supervisor sees the history but does not decide
    assert api(kabid).get(reverse("api:staff-rotation-proposal-list"), {"pool": pool.pk}).status_code == 200
    assert api(kabid).post(skip, {"category": "declined", "reason": "No"}, format="json").status_code == 403
    response = client.post(skip, {"category": "declined", "reason": "Has another job offer"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "skipped"
    assert client.post(skip, {"category": "declined", "reason": "Again"}, format="json").status_code == 409


# The admin ----------------------------------------------------------------------------------


def test_admin_pool_page_shows_the_queue_and_proposes(client, pool, petugas, kabid):
    person = welder(card_days=250)
    client.force_login(petugas)
    change = reverse("admin:placements_rotationpool_change", args=[pool.pk])
    with translation.override("en"):
        page = client.get(change, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert person.full_name in page.content.decode()
    response = client.post(reverse("admin:placements_rotationpool_propose", args=[pool.pk]), {"count": 1})
    assert response.status_code == 302
    proposal = RotationProposal.objects.get(pool=pool)
    # skip through the decision page: category and reason
    decide = reverse("admin:placements_rotationproposal_decide", args=[proposal.pk, "skip"])
    assert client.post(decide, {"category": "other", "reason": ""}).status_code == 200  # the form again
    client.post(decide, {"category": "unavailable", "reason": "Away until May"})
    proposal.refresh_from_db()
    assert proposal.status == "skipped" and proposal.skip_category == "unavailable"
    # the supervisor sees the history, cannot propose
    client.force_login(kabid)
    assert client.get(reverse("admin:placements_rotationproposal_changelist")).status_code == 200
    assert client.get(reverse("admin:placements_rotationproposal_change", args=[proposal.pk])).status_code == 200
    assert (
        client.post(reverse("admin:placements_rotationpool_propose", args=[pool.pk]), {"count": 1}).status_code == 403
    )
