"""Where people see matches: the jobseeker's page, the vacancy page, staff's candidates, the employer's referrals."""

import pytest
from django.test import Client
from django.urls import reverse

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.reference.models import Skill
from employers.models import Vacancy
from employers.tests.factories import CompanyMemberFactory, VacancyFactory
from jobseekers.tests.factories import JobseekerProfileFactory
from matching import services
from matching.models import Match, MatchFeedback
from placements.models import CallUp
from placements.tests.factories import ApplicationFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def english_client(user=None) -> Client:
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def skills():
    process = Skill.objects.get(code="operator-proses")
    others = list(Skill.objects.exclude(pk=process.pk).order_by("pk")[:2])
    return process, others


def make_jobseeker(skill, **kwargs):
    profile = JobseekerProfileFactory(card_holder=True, educated=True, **kwargs)
    profile.skills.add(skill)
    return profile


def match_everything(vacancies, jobseekers):
    # Each side's facts are built by its own service: jobseekers, then vacancies, then jobseekers again.
    for jobseeker in jobseekers:
        services.jobseeker_match(jobseeker_id=jobseeker.pk)
    for vacancy in vacancies:
        services.vacancy_match(vacancy_id=vacancy.pk)
    for jobseeker in jobseekers:
        services.jobseeker_match(jobseeker_id=jobseeker.pk)


@pytest.fixture
def world(skills):
    """Two jobseekers who fit one vacancy (same skill), and a second vacancy only Ani fits."""
    process, others = skills
    vacancy = VacancyFactory(published=True, title="Operator Proses Kimia", skills=[process, *others])
    second = VacancyFactory(published=True, title="Operator Pabrik Amonia", skills=[process])
    ani = make_jobseeker(process, full_name="Ani Lestari")
    budi = make_jobseeker(process, full_name="Budi Santoso")
    match_everything([vacancy, second], [ani, budi])
    return {"vacancy": vacancy, "second": second, "ani": ani, "budi": budi, "skill": process, "others": others}


# The jobseeker's page -----------------------------------------------------------------------


def test_match_list_shows_own_matches_best_first_with_skills_and_crowding(world):
    # given
    ani, vacancy, second = world["ani"], world["vacancy"], world["second"]
    ApplicationFactory(vacancy=vacancy)
    ApplicationFactory(vacancy=vacancy)
    # when
    response = english_client(ani.user).get(reverse("matching:list"))
    # then
    assert response.status_code == 200
    html = response.content.decode()
    matches = list(Match.objects.filter(jobseeker=ani, among_jobseeker_best=True).order_by("-score"))
    assert [row["vacancy"].pk for row in response.context["rows"]] == [m.vacancy_id for m in matches]
    assert reverse("vacancies:detail", args=[vacancy.pk]) in html
    assert reverse("vacancies:detail", args=[second.pk]) in html
    assert "2 applicants for 3 opening(s)" in html
    assert world["skill"].name in html
    assert world["others"][0].name in html  # a missing skill
    assert f">{matches[0].score}<" in html
    assert reverse("matching:feedback", args=[matches[0].pk]) in html


def test_match_list_leaves_out_closed_vacancies(world):
    ani, second = world["ani"], world["second"]
    Vacancy.objects.filter(pk=second.pk).update(status=Vacancy.Status.CLOSED)
    response = english_client(ani.user).get(reverse("matching:list"))
    assert [row["vacancy"].pk for row in response.context["rows"]] == [world["vacancy"].pk]


def test_match_list_never_shows_another_jobseekers_matches(world, skills):
    # given: Citra has no match; Ani and Budi have theirs
    citra = JobseekerProfileFactory(full_name="Citra Dewi")
    # when
    response = english_client(citra.user).get(reverse("matching:list"))
    # then
    assert response.context["rows"] == []
    html = response.content.decode()
    assert "No matching vacancies yet" in html
    assert world["vacancy"].title not in html
    assert reverse("jobseekers:profile_skills") in html
    assert reverse("jobseekers:card") in html
    assert reverse("vacancies:search") in html


def test_match_list_paginates_and_survives_bad_page_numbers(world, settings):
    ani = world["ani"]
    for bad in ("abc", "999", "-1", "0"):
        response = english_client(ani.user).get(reverse("matching:list"), {"page": bad})
        assert response.status_code == 200
    from matching import views

    settings_page = views.MatchListView.paginate_by
    try:
        views.MatchListView.paginate_by = 1
        response = english_client(ani.user).get(reverse("matching:list"))
        assert len(response.context["rows"]) == 1
        assert "?page=2" in response.content.decode()
        response = english_client(ani.user).get(reverse("matching:list"), {"page": "2"})
        assert len(response.context["rows"]) == 1
    finally:
        views.MatchListView.paginate_by = settings_page


def test_match_list_refuses_anonymous_and_other_roles(world):
    url = reverse("matching:list")
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and reverse("accounts:login") in anonymous["Location"]
    employer = CompanyMemberFactory().user
    assert english_client(employer).get(url).status_code == 403
    assert english_client(UserFactory(petugas=True)).get(url).status_code == 403


def test_dashboard_links_to_the_match_page(world):
    response = english_client(world["ani"].user).get(reverse("portal:dashboard"))
    assert reverse("matching:list") in response.content.decode()


# Feedback from the jobseeker ----------------------------------------------------------------


def test_feedback_is_stored_and_goes_back(world):
    # given
    ani = world["ani"]
    match = Match.objects.get(jobseeker=ani, vacancy=world["vacancy"])
    back = reverse("matching:list") + "?page=1"
    # when
    response = english_client(ani.user).post(
        reverse("matching:feedback", args=[match.pk]), {"reason": "wrong_place", "comment": "", "next": back}
    )
    # then
    assert response.status_code == 302 and response["Location"] == back
    feedback = MatchFeedback.objects.get()
    assert (feedback.vacancy_id, feedback.jobseeker_id, feedback.given_by_id) == (match.vacancy_id, ani.pk, ani.user_id)
    assert feedback.reason == "wrong_place" and feedback.score == match.score
    listing = english_client(ani.user).get(reverse("matching:list")).content.decode()
    assert "You said this match is wrong: Wrong place or working hours." in listing


def test_feedback_errors_are_shown_and_nothing_typed_is_lost(world):
    ani = world["ani"]
    match = Match.objects.get(jobseeker=ani, vacancy=world["vacancy"])
    url = reverse("matching:feedback", args=[match.pk])
    response = english_client(ani.user).post(url, {"reason": "other", "comment": "   "})
    assert response.status_code == 200
    assert "Say in a few words what is wrong." in response.content.decode()
    response = english_client(ani.user).post(url, {"reason": "", "comment": "Terlalu jauh dari rumah"})
    html = response.content.decode()
    assert "Choose why this match is wrong." in html
    assert "Terlalu jauh dari rumah" in html
    response = english_client(ani.user).post(url, {"reason": "nonsense"})
    assert response.status_code == 200
    assert not MatchFeedback.objects.exists()


def test_feedback_refuses_an_unsafe_next(world):
    ani = world["ani"]
    match = Match.objects.get(jobseeker=ani, vacancy=world["vacancy"])
    response = english_client(ani.user).post(
        reverse("matching:feedback", args=[match.pk]), {"reason": "wage", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("matching:list")


def test_feedback_on_someone_elses_match_is_a_404(world):
    # given: Budi's match on the same vacancy
    budi_match = Match.objects.get(jobseeker=world["budi"], vacancy=world["vacancy"])
    client = english_client(world["ani"].user)
    url = reverse("matching:feedback", args=[budi_match.pk])
    # then
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "wage"}).status_code == 404
    assert not MatchFeedback.objects.exists()
    assert client.get("/pencaker/lowongan-cocok/abc/salah/").status_code == 404
    assert client.get(reverse("matching:feedback", args=[999999])).status_code == 404


# The vacancy page ---------------------------------------------------------------------------


def test_vacancy_page_explains_the_jobseekers_own_match(world):
    ani, vacancy = world["ani"], world["vacancy"]
    match = Match.objects.get(jobseeker=ani, vacancy=vacancy)
    response = english_client(ani.user).get(reverse("vacancies:detail", args=[vacancy.pk]))
    html = response.content.decode()
    assert 'id="why-match"' in html
    assert "Why this vacancy matches you" in html
    assert f">{match.score}<" in html
    assert "Skills the job needs" in html and " of 30 points" in html
    assert world["others"][0].name in html  # missing
    assert "What would raise your score" in html
    assert "Add the missing skills to your profile if you have them." in html
    assert reverse("matching:feedback", args=[match.pk]) in html


def test_vacancy_page_shows_no_match_to_others(world):
    vacancy = world["vacancy"]
    url = reverse("vacancies:detail", args=[vacancy.pk])
    citra = JobseekerProfileFactory()
    for client in (Client(), english_client(citra.user), english_client(CompanyMemberFactory().user)):
        html = client.get(url).content.decode()
        assert "why-match" not in html
    staff = english_client(UserFactory(petugas=True))
    assert "why-match" not in staff.get(url).content.decode()


def test_vacancy_page_for_anonymous_runs_no_match_query(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        Client().get(reverse("vacancies:detail", args=[world["vacancy"].pk]))
    assert not [q for q in queries.captured_queries if "matching_match" in q["sql"]]


def test_vacancy_page_of_a_jobseeker_without_a_match_on_it(world, skills):
    # Budi is matched on the first vacancy only if he fits; a third vacancy nobody fits
    other = VacancyFactory(published=True, title="Perawat", skills=[skills[1][0]])
    html = english_client(world["ani"].user).get(reverse("vacancies:detail", args=[other.pk])).content.decode()
    assert "why-match" not in html


# Staff: the vacancy's best candidates --------------------------------------------------------


def candidates_url(vacancy) -> str:
    return reverse("admin:matching_match_vacancy_candidates", args=[vacancy.pk])


def test_staff_candidates_page_ranks_with_reasons_applied_and_crowding(world):
    # given: Budi applied already
    vacancy = world["vacancy"]
    ApplicationFactory(vacancy=vacancy, jobseeker=world["budi"])
    # when
    response = english_client(UserFactory(petugas=True)).get(candidates_url(vacancy))
    # then
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row["match"].jobseeker_id for row in rows] == list(
        Match.objects.filter(vacancy=vacancy, among_vacancy_best=True)
        .order_by("-score", "pk")
        .values_list("jobseeker_id", flat=True)
    )
    html = response.content.decode()
    assert "Ani Lestari" in html and "Budi Santoso" in html
    assert "Skills the job needs: " in html
    assert "Applied" in html and "Not applied" in html
    by_person = {row["match"].jobseeker_id: row for row in rows}
    assert by_person[world["ani"].pk]["match"].other_lists == 1  # also on the second vacancy's list
    assert "On 1 other list" in html
    assert by_person[world["budi"].pk]["can_call_up"] is False  # applied already
    assert by_person[world["ani"].pk]["can_call_up"] is True


def test_vacancy_change_page_and_match_list_link_to_candidates(world):
    client = english_client(UserFactory(petugas=True))
    vacancy = world["vacancy"]
    change = client.get(reverse("admin:employers_vacancy_change", args=[vacancy.pk])).content.decode()
    assert candidates_url(vacancy) in change
    listing = client.get(reverse("admin:matching_match_changelist")).content.decode()
    assert candidates_url(vacancy) in listing


def test_staff_calls_up_a_candidate_from_the_list(world):
    # given
    vacancy, ani = world["vacancy"], world["ani"]
    client = english_client(UserFactory(petugas=True))
    # when
    response = client.post(
        reverse("admin:matching_match_callup", args=[vacancy.pk]), {"jobseeker": ani.pk, "message": "Silakan melamar"}
    )
    # then
    assert response.status_code == 302
    callup = CallUp.objects.get()
    assert (callup.jobseeker_id, callup.vacancy_id, callup.message) == (ani.pk, vacancy.pk, "Silakan melamar")
    page = client.get(candidates_url(vacancy))
    html = page.content.decode()
    assert "Called up: AK/IV letter" in html and callup.letter_number in html
    assert "Called up (AK/IV)" in html
    # a second call-up is refused, as an admin message
    client.post(reverse("admin:matching_match_callup", args=[vacancy.pk]), {"jobseeker": ani.pk})
    html = client.get(candidates_url(vacancy)).content.decode()
    assert "already been called up" in html
    assert CallUp.objects.count() == 1


def test_call_up_refused_for_someone_not_on_the_list_and_bad_input(world):
    vacancy = world["vacancy"]
    client = english_client(UserFactory(petugas=True))
    stranger = JobseekerProfileFactory(card_holder=True)
    client.post(reverse("admin:matching_match_callup", args=[vacancy.pk]), {"jobseeker": stranger.pk})
    assert "not on the vacancy" in client.get(candidates_url(vacancy)).content.decode()
    client.post(reverse("admin:matching_match_callup", args=[vacancy.pk]), {"jobseeker": "abc"})
    assert "Choose a candidate from the list." in client.get(candidates_url(vacancy)).content.decode()
    assert not CallUp.objects.exists()
    assert client.get(reverse("admin:matching_match_callup", args=[vacancy.pk])).status_code == 405
    assert client.get("/admin/matching/match/vacancy/abc/candidates/").status_code == 404
    assert client.get("/admin/matching/match/vacancy/999999/candidates/").status_code == 404


def test_call_up_needs_the_referral_permission(world):
    vacancy = world["vacancy"]
    kabid = english_client(UserFactory(kabid=True))  # sees matches, does not refer
    page = kabid.get(candidates_url(vacancy))
    assert page.status_code == 200 and "Call up (AK/IV)" not in page.content.decode()
    response = kabid.post(reverse("admin:matching_match_callup", args=[vacancy.pk]), {"jobseeker": world["ani"].pk})
    assert response.status_code == 403
    assert not CallUp.objects.exists()


def test_staff_feedback_from_the_candidates_page(world):
    vacancy, ani = world["vacancy"], world["ani"]
    staff = UserFactory(petugas=True)
    client = english_client(staff)
    match = Match.objects.get(vacancy=vacancy, jobseeker=ani)
    url = reverse("admin:matching_match_feedback", args=[vacancy.pk])
    client.post(url, {"match": match.pk, "reason": "other", "comment": ""})
    assert "Say in a few words what is wrong." in client.get(candidates_url(vacancy)).content.decode()
    client.post(url, {"match": match.pk, "reason": ""})
    assert "Choose why this match is wrong." in client.get(candidates_url(vacancy)).content.decode()
    assert not MatchFeedback.objects.exists()
    client.post(url, {"match": match.pk, "reason": "not_qualified"})
    feedback = MatchFeedback.objects.get()
    assert (feedback.given_by, feedback.jobseeker_id, feedback.reason) == (staff, ani.pk, "not_qualified")
    other_vacancy_match = Match.objects.get(vacancy=world["second"], jobseeker=ani)
    client.post(url, {"match": other_vacancy_match.pk, "reason": "wage"})  # a match of another vacancy
    assert MatchFeedback.objects.count() == 1


def test_staff_page_refuses_anonymous_employers_and_jobseekers(world):
    url = candidates_url(world["vacancy"])
    assert reverse("admin:login") in Client().get(url)["Location"]
    for user in (CompanyMemberFactory().user, world["ani"].user):
        response = english_client(user).get(url)
        assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    plain_staff = UserFactory(is_staff=True, role="staff")
    assert english_client(plain_staff).get(url).status_code == 403
    post = english_client(plain_staff).post(
        reverse("admin:matching_match_callup", args=[world["vacancy"].pk]), {"jobseeker": world["ani"].pk}
    )
    assert post.status_code == 403


def test_staff_page_without_candidates(skills):
    vacancy = VacancyFactory(published=True)
    response = english_client(UserFactory(petugas=True)).get(candidates_url(vacancy))
    assert response.status_code == 200
    assert "No candidates are stored for this vacancy yet." in response.content.decode()


# Employers: their referred candidates only ----------------------------------------------------


def test_employer_sees_scores_of_referred_candidates_only(world):
    # given: Ani is referred; Budi also matched but not referred; a referred Dedi has no match row
    vacancy, ani = world["vacancy"], world["ani"]
    member = CompanyMemberFactory(company=vacancy.company).user
    ReferralFactory(application=ApplicationFactory(vacancy=vacancy, jobseeker=ani, status="referred"))
    dedi = JobseekerProfileFactory(card_holder=True, full_name="Dedi Kurniawan")
    ReferralFactory(application=ApplicationFactory(vacancy=vacancy, jobseeker=dedi, status="referred"))
    match = Match.objects.get(vacancy=vacancy, jobseeker=ani)
    # when
    response = english_client(member).get(reverse("employers:vacancy_candidates", args=[vacancy.pk]))
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Match score: {match.score} of 100" in html
    assert "Skills the job needs:" in html
    assert "Match score: not scored yet." in html  # Dedi
    assert "Budi Santoso" not in html
    assert html.count("Match score: ") == 2  # Ani and Dedi, never Budi
    assert "Priority group" not in html  # specific personal data stays with Disnaker


def test_employer_of_another_company_sees_nothing(world):
    stranger = CompanyMemberFactory().user
    response = english_client(stranger).get(reverse("employers:vacancy_candidates", args=[world["vacancy"].pk]))
    assert response.status_code == 404
