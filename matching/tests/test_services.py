"""Storing matches: the two lists, atomic replacement, idempotency, what leaves the lists."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from employers.services import vacancy_close
from matching import explain, services
from matching.models import Match

pytestmark = pytest.mark.django_db


def pairs(**filters):
    return sorted(Match.objects.filter(**filters).values_list("vacancy_id", "jobseeker_id", "score"))


def test_vacancy_match_stores_the_best_candidates_with_their_reasons(make_vacancy, make_jobseeker):
    vacancy = make_vacancy(title="Welder", skills=["las-smaw", "k3-umum"])
    both = make_jobseeker(skills=["las-smaw", "k3-umum"])
    one = make_jobseeker(skills=["las-smaw"])
    services.jobseekers_match(jobseeker_ids=[both.pk, one.pk])
    Match.objects.all().delete()
    assert services.vacancy_match(vacancy_id=vacancy.pk) == 2
    best = list(Match.objects.filter(vacancy=vacancy, among_vacancy_best=True).order_by("-score"))
    assert [m.jobseeker_id for m in best] == [both.pk, one.pk]
    assert best[1].explanation["matched_skills"] == ["Pengelasan SMAW"]
    assert best[1].explanation["missing_skills"] == ["Ahli K3 Umum"]
    assert best[1].explanation["components"]["skills"] == {"points": 15.0, "max": 30.0}
    words = explain.components(best[1].explanation)
    assert words[0].key == "skills" and words[0].points == 15.0
    assert str(explain.HINTS["skills"]) in explain.improvements(best[1].explanation)


def test_only_the_configured_number_is_kept_and_a_rerun_changes_nothing(make_vacancy, make_jobseeker):
    vacancy = make_vacancy(skills=["operator-proses"])
    people = [make_jobseeker(skills=["operator-proses"], expected_wage=4_000_000 + i * 1_000_000) for i in range(4)]
    services.jobseekers_match(jobseeker_ids=[p.pk for p in people])
    with override_settings(MATCH_CANDIDATES_PER_VACANCY=2):
        services.vacancy_match(vacancy_id=vacancy.pk)
        first = pairs(vacancy=vacancy, among_vacancy_best=True)
        services.vacancy_match(vacancy_id=vacancy.pk)
        assert pairs(vacancy=vacancy, among_vacancy_best=True) == first
    assert len(first) == 2
    # the two with the lowest wage expectation fit the offer (5.5 million) best
    assert {jobseeker for _v, jobseeker, _s in first} == {people[0].pk, people[1].pk}


def test_a_pair_in_both_lists_is_one_row_and_leaving_one_list_keeps_it(make_vacancy, make_jobseeker):
    vacancy = make_vacancy(skills=["operator-proses"])
    person = make_jobseeker(skills=["operator-proses"])
    services.jobseeker_match(jobseeker_id=person.pk)
    services.vacancy_match(vacancy_id=vacancy.pk)
    match = Match.objects.get()
    assert match.among_vacancy_best and match.among_jobseeker_best
    # the card lapses: off the vacancy's candidate list, still on the person's own list
    person.aki_cards.update(status="lapsed")
    services.jobseeker_match(jobseeker_id=person.pk)
    services.vacancy_match(vacancy_id=vacancy.pk)
    match.refresh_from_db()
    assert not match.among_vacancy_best and match.among_jobseeker_best


def test_a_profile_change_rematches_only_that_jobseeker(make_vacancy, make_jobseeker):
    from bontang_aker.reference.models import Skill

    vacancy = make_vacancy(skills=["las-smaw", "k3-umum"])
    person, other = make_jobseeker(skills=["las-smaw"]), make_jobseeker(skills=["las-smaw"])
    services.jobseekers_match(jobseeker_ids=[person.pk, other.pk])
    before = Match.objects.get(jobseeker=person).score
    other_before = pairs(jobseeker=other)
    person.skills.add(Skill.objects.get(code="k3-umum"))
    services.jobseeker_match(jobseeker_id=person.pk)
    assert Match.objects.get(jobseeker=person, vacancy=vacancy).score > before
    assert pairs(jobseeker=other) == other_before


def test_a_closed_vacancy_leaves_every_list(make_vacancy, make_jobseeker, petugas):
    vacancy = make_vacancy(skills=["operator-proses"])
    person = make_jobseeker(skills=["operator-proses"])
    services.jobseeker_match(jobseeker_id=person.pk)
    services.vacancy_match(vacancy_id=vacancy.pk)
    vacancy_close(vacancy_id=vacancy.pk, by=petugas)
    services.vacancy_match(vacancy_id=vacancy.pk)
    assert not Match.objects.filter(vacancy=vacancy).exists()
    from matching.models import VacancyFacts

    assert not VacancyFacts.objects.filter(pk=vacancy.pk).exists()


def test_a_closed_account_or_a_deletion_request_leaves_every_list(make_vacancy, make_jobseeker):
    vacancy = make_vacancy(skills=["operator-proses"])
    person = make_jobseeker(skills=["operator-proses"])
    services.jobseeker_match(jobseeker_id=person.pk)
    services.vacancy_match(vacancy_id=vacancy.pk)
    assert Match.objects.filter(jobseeker=person, among_vacancy_best=True).exists()
    person.user.is_active = False
    person.user.save(update_fields=["is_active"])
    services.jobseeker_match(jobseeker_id=person.pk)
    assert not Match.objects.filter(jobseeker=person).exists()
    services.vacancy_match(vacancy_id=vacancy.pk)
    assert not Match.objects.filter(jobseeker=person).exists()


def test_erasure_removes_matches_facts_and_feedback(make_vacancy, make_jobseeker, petugas):
    from matching.feedback import feedback_give
    from matching.models import JobseekerFacts, MatchFeedback

    make_vacancy(skills=["operator-proses"])
    person = make_jobseeker(skills=["operator-proses"])
    services.jobseeker_match(jobseeker_id=person.pk)
    feedback_give(match=Match.objects.get(), by=petugas, reason="wrong_field")
    services.jobseeker_match_data_erase(jobseeker_id=person.pk)
    assert not Match.objects.exists() and not MatchFeedback.objects.exists()
    assert not JobseekerFacts.objects.filter(pk=person.pk).exists()


def test_rematch_all_fills_both_lists_and_drops_unpublished_vacancies(make_vacancy, make_jobseeker, petugas):
    open_one = make_vacancy(skills=["operator-proses"])
    to_close = make_vacancy(skills=["operator-proses"])
    person = make_jobseeker(skills=["operator-proses"])
    services.rematch_all()
    assert pairs(among_vacancy_best=True) == pairs(among_jobseeker_best=True)
    assert {v for v, _j, _s in pairs()} == {open_one.pk, to_close.pk}
    type(to_close).objects.filter(pk=to_close.pk).update(status="closed")  # no trigger: the night catches up
    counts = services.rematch_all()
    assert {v for v, _j, _s in pairs()} == {open_one.pk}
    assert counts["vacancies"] == 1 and counts["jobseekers"] >= 1
    assert Match.objects.get().jobseeker_id == person.pk


def test_feedback_is_stored_once_per_person_and_checked(make_vacancy, make_jobseeker, petugas):
    from django.core.exceptions import ValidationError

    from matching.feedback import feedback_give, feedback_mark_reviewed
    from matching.models import MatchFeedback

    make_vacancy(skills=["operator-proses"])
    make_jobseeker(skills=["operator-proses"])
    services.rematch_all()
    match = Match.objects.get()
    with pytest.raises(ValidationError) as refused:
        feedback_give(match=match, by=petugas, reason="other", comment="  ")
    assert "comment" in refused.value.message_dict
    with pytest.raises(ValidationError):
        feedback_give(match=match, by=petugas, reason="nonsense")
    feedback_give(match=match, by=petugas, reason="wage")
    feedback = feedback_give(match=match, by=petugas, reason="other", comment="Sudah bekerja.")
    assert MatchFeedback.objects.count() == 1 and feedback.reason == "other" and feedback.score == match.score
    assert feedback_mark_reviewed(feedback_ids=[feedback.pk], by=petugas) == 1
    assert feedback_mark_reviewed(feedback_ids=[feedback.pk], by=petugas) == 0


def test_the_narrow_first_pass_gives_the_same_list_as_scoring_everyone(make_vacancy, make_jobseeker):
    from matching import scoring

    vacancy = make_vacancy(skills=["operator-proses"])
    skilled = [make_jobseeker(skills=["operator-proses"], is_poor_household=True) for _ in range(3)]
    # same KBJI major group (8) through experience, no shared skill: at most 100 - 30 skill points
    occupation_only = make_jobseeker(skills=["akuntansi"], experience=[("Operator", 36, "8")])
    services.jobseekers_match(jobseeker_ids=[p.pk for p in [*skilled, occupation_only]])
    with override_settings(MATCH_CANDIDATES_PER_VACANCY=2):
        services.vacancy_match(vacancy_id=vacancy.pk)
        everyone = scoring.best_candidates(vacancy_id=vacancy.pk, limit=2)
    stored = Match.objects.filter(vacancy=vacancy, among_vacancy_best=True).order_by("-score", "jobseeker_id")
    assert [(m.jobseeker_id, m.score) for m in stored] == [(p.jobseeker_id, p.score) for p in everyone]
    assert occupation_only.pk not in {m.jobseeker_id for m in stored}
    # with room left on the list, the occupation-only candidate comes in
    services.vacancy_match(vacancy_id=vacancy.pk)
    assert Match.objects.filter(vacancy=vacancy, jobseeker=occupation_only, among_vacancy_best=True).exists()
    assert Match.objects.get(vacancy=vacancy, jobseeker=occupation_only).score <= scoring.occupation_only_ceiling()


def test_unchanged_rows_are_not_rewritten(make_vacancy, make_jobseeker):
    vacancy = make_vacancy(skills=["operator-proses"])
    make_jobseeker(skills=["operator-proses"])
    now = timezone.now()
    services.vacancy_match(vacancy_id=vacancy.pk, now=now)
    services.vacancy_match(vacancy_id=vacancy.pk, now=now + datetime.timedelta(minutes=5))
    assert Match.objects.get().computed_at == now


def test_a_rerun_rewrites_only_the_pairs_whose_explanation_changed(make_vacancy, make_jobseeker):
    from matching.models import VacancySkillGroup

    vacancy = make_vacancy(skills=["las-smaw"])
    person = make_jobseeker(skills=["las-smaw"])
    now = timezone.now()
    services.vacancy_match(vacancy_id=vacancy.pk, now=now)
    first = Match.objects.get()
    assert first.basis is not None and first.computed_at == now
    # the same facts a minute later: nothing to build, nothing written
    services.vacancy_match(vacancy_id=vacancy.pk, now=now + datetime.timedelta(minutes=1))
    assert Match.objects.get().computed_at == now
    # half a year later the waiting time and the activity give other points: rewritten
    later = now + datetime.timedelta(days=180)
    services.vacancy_match(vacancy_id=vacancy.pk, now=later, refresh_facts=False)
    again = Match.objects.get()
    assert again.computed_at == later and again.basis != first.basis
    assert again.explanation["components"]["waiting"] != first.explanation["components"]["waiting"]
    # a skill shown under another name: the same points, another explanation
    VacancySkillGroup.objects.filter(vacancy_id=vacancy.pk).update(label="Juru Las SMAW")
    services.vacancy_match(vacancy_id=vacancy.pk, now=later, refresh_facts=False)
    renamed = Match.objects.get(jobseeker=person)
    assert renamed.explanation["matched_skills"] == ["Juru Las SMAW"] and renamed.basis != again.basis
