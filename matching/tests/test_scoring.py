"""The score of a pair: each component, the hard conditions, synonyms; computed in PostgreSQL."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from bontang_aker.reference.models import EducationLevel, KbjiGroup
from jobseekers.models import Document
from jobseekers.tests.factories import DocumentFactory
from matching import facts, scoring
from matching.tests.conftest import skill

pytestmark = pytest.mark.django_db


def score(vacancy, profile):
    facts.vacancy_facts_refresh(vacancy_ids=[vacancy.pk])
    facts.jobseeker_facts_refresh(jobseeker_ids=[profile.pk])
    return scoring.pair_score(vacancy_id=vacancy.pk, jobseeker_id=profile.pk)


def candidates(vacancy, *profiles):
    facts.vacancy_facts_refresh(vacancy_ids=[vacancy.pk])
    facts.jobseeker_facts_refresh(jobseeker_ids=[p.pk for p in profiles])
    return [pair.jobseeker_id for pair in scoring.best_candidates(vacancy_id=vacancy.pk, limit=100)]


def test_weights_add_up_to_100_whatever_is_configured():
    with override_settings(MATCHING_WEIGHTS={"skills": 3, "local": 1}):
        weights = scoring.weights()
    assert weights["skills"] == 75 and weights["local"] == 25 and weights["wage"] == 0
    assert sum(scoring.weights().values()) == pytest.approx(100)


def test_welder_finds_a_juru_las_vacancy(make_vacancy, make_jobseeker):
    # given a vacancy titled "Juru Las" that lists no skill, and occupation 7 (craft workers)
    vacancy = make_vacancy(title="Juru Las", occupation=KbjiGroup.objects.get(code="7"))
    with_skill = make_jobseeker(skills=["las-smaw"])
    in_words_only = make_jobseeker(experience=[("Welder", 24, None)])
    unrelated = make_jobseeker(skills=["akuntansi"])
    # when its candidates are computed
    found = candidates(vacancy, with_skill, in_words_only, unrelated)
    # then the welding skill and the word "welder" both find it, the accountant does not
    assert found == [with_skill.pk, in_words_only.pk]
    assert score(vacancy, with_skill).fractions["skills"] == 1.0
    assert score(vacancy, in_words_only).fractions["skills"] == 0.5


def test_skills_coverage_counts_related_skills_half(make_vacancy, make_jobseeker):
    vacancy = make_vacancy(title="Teknisi", skills=["las-smaw", "k3-umum"])
    both = make_jobseeker(skills=["las-smaw", "k3-umum"])
    one = make_jobseeker(skills=["las-smaw"])
    related = make_jobseeker(skills=["las-gtaw"])  # shares "las" with SMAW
    assert score(vacancy, both).fractions["skills"] == 1.0
    assert score(vacancy, one).fractions["skills"] == 0.5
    assert score(vacancy, related).fractions["skills"] == 0.25
    assert score(vacancy, one).skill_credits == [1.0, 0.0]


def test_certificates_count_only_when_valid_and_named(make_vacancy, make_jobseeker):
    vacancy = make_vacancy(competencies="Sertifikat juru las SMAW dari BNSP")
    certified, expired, none = make_jobseeker(), make_jobseeker(), make_jobseeker()
    certificate = {"kind": Document.Kind.CERTIFICATE, "certificate_name": "Juru Las SMAW 3G"}
    certificate |= {"certificate_issuer": "BNSP", "certificate_number": "LAS-0001"}
    DocumentFactory(jobseeker=certified, **certificate)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    DocumentFactory(jobseeker=expired, certificate_valid_until=yesterday, **certificate)
    assert score(vacancy, certified).fractions["certificates"] == 1.0
    assert score(vacancy, expired).fractions["certificates"] == 0.0
    assert score(vacancy, none).fractions["certificates"] == 0.0
    assert score(make_vacancy(competencies=""), none).fractions["certificates"] == 1.0


def test_occupation_fit_by_kbji_level(make_vacancy, make_jobseeker):
    vacancy = make_vacancy(occupation=KbjiGroup.objects.get(code="8"))
    same_major = make_jobseeker(experience=[("Operator", 12, "8")])
    other = make_jobseeker(experience=[("Kasir", 12, "4")])
    assert score(vacancy, same_major).fractions["occupation"] == 1.0  # the reference data has major groups only
    assert score(vacancy, other).fractions["occupation"] == 0.0


def test_occupation_finer_levels_score_higher(make_vacancy, make_jobseeker):
    major = KbjiGroup.objects.get(code="8")
    unit = KbjiGroup.objects.create(code="8131", name="Operator pabrik kimia", parent=major)
    sibling = KbjiGroup.objects.create(code="8132", name="Operator pabrik fotografi", parent=major)
    vacancy = make_vacancy(occupation=unit)
    assert score(vacancy, make_jobseeker(experience=[("Operator", 12, "8131")])).fractions["occupation"] == 1.0
    assert score(vacancy, make_jobseeker(experience=[("Operator", 12, sibling.code)])).fractions["occupation"] == 0.7
    assert score(vacancy, make_jobseeker(experience=[("Operator", 12, "8")])).fractions["occupation"] == 0.3


def test_education_major_relevance(make_vacancy, make_jobseeker):
    vacancy = make_vacancy(majors="Teknik Kimia")
    assert score(vacancy, make_jobseeker(major="Kimia Industri")).fractions["education"] == 1.0
    assert score(vacancy, make_jobseeker(major="Akuntansi")).fractions["education"] == pytest.approx(0.7)
    assert score(make_vacancy(majors=""), make_jobseeker(major="Akuntansi")).fractions["education"] == 1.0


def test_experience_years_against_the_minimum(make_vacancy, make_jobseeker):
    vacancy = make_vacancy(experience_years_min=2)
    assert score(vacancy, make_jobseeker(experience=[("Operator", 12, None)])).fractions["experience"] == 0.5
    assert score(vacancy, make_jobseeker(experience=[("Operator", 36, None)])).fractions["experience"] == 1.0
    assert score(vacancy, make_jobseeker()).fractions["experience"] == 0.0
    assert score(make_vacancy(experience_years_min=0), make_jobseeker()).fractions["experience"] == 1.0


def test_local_domicile_waiting_time_and_priority_groups(make_vacancy, make_jobseeker):
    vacancy = make_vacancy()
    local = make_jobseeker()
    outsider = make_jobseeker(outside=True)
    assert score(vacancy, local).fractions["local"] == 1.0
    assert score(vacancy, outsider).fractions["local"] == 0.0
    waited = make_jobseeker()
    waited.aki_cards.update(issued_at=timezone.now() - datetime.timedelta(days=365 // 2))
    assert score(vacancy, waited).fractions["waiting"] == pytest.approx(0.5, abs=0.01)
    assert score(vacancy, local).fractions["waiting"] == pytest.approx(0.0, abs=0.01)
    # SMK graduate (the fixture's education) 0.5; plus a PKP household: full
    assert score(vacancy, local).fractions["priority"] == 0.5
    assert score(vacancy, make_jobseeker(is_poor_household=True)).fractions["priority"] == 1.0
    sma_vacancy = make_vacancy(min_education=EducationLevel.objects.get(code="SMA"))
    assert score(sma_vacancy, make_jobseeker(education="SMA")).fractions["priority"] == 0.0
    assert score(sma_vacancy, make_jobseeker(education="SMA", has_disability=True)).fractions["priority"] == 0.5


def test_wage_expectation_against_the_offer(make_vacancy, make_jobseeker):
    vacancy = make_vacancy(wage_min=4_000_000, wage_max=5_000_000)
    assert score(vacancy, make_jobseeker(expected_wage=4_500_000)).fractions["wage"] == 1.0
    assert score(vacancy, make_jobseeker(expected_wage=6_000_000)).fractions["wage"] == pytest.approx(0.8)
    assert score(vacancy, make_jobseeker(expected_wage=None)).fractions["wage"] == 1.0
    daily = make_vacancy(wage_min=200_000, wage_max=None, wage_period="day")  # 25 days: 5,000,000 a month
    assert score(daily, make_jobseeker(expected_wage=6_000_000)).fractions["wage"] == pytest.approx(0.8)


def test_recent_activity(make_vacancy, make_jobseeker):
    vacancy = make_vacancy()
    active = make_jobseeker()
    active.user.last_login = timezone.now()
    active.user.save(update_fields=["last_login"])
    idle = make_jobseeker()
    type(idle).objects.filter(pk=idle.pk).update(updated_at=timezone.now() - datetime.timedelta(days=200))
    assert score(vacancy, active).fractions["activity"] == 1.0
    assert score(vacancy, idle).fractions["activity"] == 0.0


def test_score_is_the_weighted_sum(make_vacancy, make_jobseeker):
    pair = score(make_vacancy(skills=["operator-proses"]), make_jobseeker(skills=["operator-proses"]))
    weights = scoring.weights()
    expected = sum(weights[name] * pair.fractions[name] for name in scoring.COMPONENTS)
    assert pair.score == round(expected)
    assert 0 <= pair.score <= 100


@pytest.mark.parametrize(
    "vacancy_fields, jobseeker_fields",
    [
        ({"min_education": "D3"}, {}),  # the fixture's SMK is below D3
        ({"age_max": 25}, {"birth_date": datetime.date(1990, 1, 1)}),
        ({"age_min": 30}, {"birth_date": datetime.date(2004, 1, 1)}),
        ({"sex_requirement": "F", "sex_justification": "Asrama putri."}, {"sex": "M"}),
        ({"work_kelurahan": None, "work_location": "Balikpapan"}, {"willing_to_work_outside_bontang": False}),
    ],
    ids=["education", "too-old", "too-young", "sex", "outside-bontang"],
)
def test_hard_conditions_leave_the_pair_out(make_vacancy, make_jobseeker, vacancy_fields, jobseeker_fields):
    if "min_education" in vacancy_fields:
        vacancy_fields["min_education"] = EducationLevel.objects.get(code=vacancy_fields["min_education"])
    vacancy = make_vacancy(skills=["operator-proses"], **vacancy_fields)
    left_out = make_jobseeker(skills=["operator-proses"], **jobseeker_fields)
    assert score(vacancy, left_out) is None
    assert candidates(vacancy, left_out) == []


def test_willing_jobseekers_match_work_outside_bontang(make_vacancy, make_jobseeker):
    vacancy = make_vacancy(skills=["operator-proses"], work_kelurahan=None, work_location="Balikpapan")
    willing = make_jobseeker(skills=["operator-proses"], willing_to_work_outside_bontang=True)
    assert candidates(vacancy, willing) == [willing.pk]


def test_the_candidate_list_needs_an_active_card_the_pair_score_does_not(make_vacancy, make_jobseeker):
    vacancy = make_vacancy(skills=["operator-proses"])
    without_card = make_jobseeker(skills=["operator-proses"], card=False)
    assert candidates(vacancy, without_card) == []
    assert score(vacancy, without_card) is not None


def test_best_vacancies_of_a_jobseeker_best_first(make_vacancy, make_jobseeker):
    welder = make_jobseeker(skills=["las-smaw", "k3-umum"])
    full = make_vacancy(title="Welder", skills=["las-smaw", "k3-umum"])
    half = make_vacancy(title="Teknisi", skills=["las-smaw", "instrumentasi"])
    make_vacancy(title="Kasir", skills=["akuntansi"], occupation=KbjiGroup.objects.get(code="4"))
    closed = make_vacancy(title="Welder lama", skills=["las-smaw"])
    closed.status = "closed"
    closed.save(update_fields=["status"])
    facts.vacancy_facts_refresh()
    facts.jobseeker_facts_refresh(jobseeker_ids=[welder.pk])
    pairs = scoring.best_vacancies(jobseeker_ids=[welder.pk], limit=50)
    assert [pair.vacancy_id for pair in pairs] == [full.pk, half.pk]
    assert pairs[0].score > pairs[1].score
    assert skill("las-smaw").pk in facts.skill_keys.load().names
