"""Saved vacancy searches: saving from /lowongan/, the list page and the API across roles, the daily
digest (content, once a day even when run twice, nothing when nothing is new) and the signed unsubscribe."""

import datetime
from unittest.mock import patch

import pytest
from django.core import mail
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from bontang_aker.reference.models import Kelurahan
from employers.tests.factories import CompanyMemberFactory, VacancyFactory
from jobseekers.tests.factories import JobseekerProfileFactory
from portal import saved_searches as services
from portal import tasks
from portal.models import SavedSearch, SavedSearchDigest

pytestmark = pytest.mark.django_db

LIST_URL = reverse("portal:saved_search_list")
CREATE_URL = reverse("portal:saved_search_create")
API = "/api/v1/me/saved-searches/"


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def jobseeker():
    return JobseekerProfileFactory().user


def save(user, query: str, **kwargs) -> SavedSearch:
    return services.saved_search_create(user=user, params=QueryDict(query), **kwargs)


def published(title: str, *, hours_ago: float = 1, kelurahan: str = "64.74.01.1003", **kwargs):
    vacancy = VacancyFactory(
        published=True, title=title, work_kelurahan=Kelurahan.objects.get(code=kelurahan), **kwargs
    )
    vacancy.published_at = timezone.now() - datetime.timedelta(hours=hours_ago)
    vacancy.save(update_fields=["published_at"])
    return vacancy


# The stored search -----------------------------------------------------------------------------------------


def test_a_search_is_stored_normalised_with_a_readable_default_name(jobseeker):
    # when the same search is saved with its parameters in another order, a page number and spaces
    search = save(jobseeker, "kecamatan=64.74.01&page=3&q=teknisi++&ordering=relevance&unknown=1")
    # then the query keeps only the filters, sorted, and the name summarises them
    assert search.query == "kecamatan=64.74.01&q=teknisi"
    assert search.name == "teknisi · Bontang Utara"
    assert search.email_alerts is True


def test_the_same_search_twice_is_refused(jobseeker):
    save(jobseeker, "q=teknisi&kecamatan=64.74.01")
    with pytest.raises(services.ValidationError) as error:
        save(jobseeker, "kecamatan=64.74.01&q=teknisi")
    assert "duplicate" in {e.code for e in error.value.error_dict["query"]}


def test_an_invalid_filter_is_refused_naming_it(jobseeker):
    with pytest.raises(services.ValidationError) as error:
        save(jobseeker, "kecamatan=99.99&wage_min_gte=abc")
    messages = " ".join(error.value.message_dict["query"])
    assert "kecamatan" in messages and "wage_min_gte" in messages
    assert not SavedSearch.objects.exists()


def test_the_empty_search_is_all_vacancies(jobseeker):
    with translation.override("en"):
        search = save(jobseeker, "")
    assert search.query == "" and search.name == "All vacancies"


# The search page's button, outside the cached fragment --------------------------------------------------


def test_the_search_page_offers_the_button_to_a_jobseeker_and_login_to_anonymous(client, settings, jobseeker):
    # given the search results cached by an anonymous visit
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    anonymous = client.get("/lowongan/?q=teknisi").content.decode()
    assert "Save this search" not in anonymous and "Simpan pencarian ini" not in anonymous
    assert reverse("accounts:login") in anonymous
    # when a jobseeker opens the same (cached) search
    client.force_login(jobseeker)
    content = client.get("/lowongan/?q=teknisi").content.decode()
    # then they get the button with the query, the cache notwithstanding
    assert f'action="{CREATE_URL}"' in content
    assert 'name="query" value="q=teknisi"' in content


def test_employers_get_no_button(client):
    client.force_login(CompanyMemberFactory().user)
    assert f'action="{CREATE_URL}"' not in client.get("/lowongan/").content.decode()


def test_saving_from_the_page_goes_back_to_the_search_with_a_message(english, jobseeker):
    english.force_login(jobseeker)
    response = english.post(CREATE_URL, {"query": "q=las&kecamatan=64.74.01"}, follow=True)
    assert response.redirect_chain[-1][0] == "/lowongan/?kecamatan=64.74.01&q=las"
    assert "Search saved as “las · Bontang Utara”" in response.content.decode()
    assert SavedSearch.objects.get(user=jobseeker).query == "kecamatan=64.74.01&q=las"


def test_a_bad_search_is_not_saved_and_says_why(english, jobseeker):
    english.force_login(jobseeker)
    response = english.post(CREATE_URL, {"query": "kecamatan=nope\r\nX: y"}, follow=True)
    assert response.status_code == 200
    assert "kecamatan" in response.content.decode()
    assert not SavedSearch.objects.exists()


@pytest.mark.parametrize("role", ["anonymous", "employer", "petugas"])
def test_only_jobseekers_save_searches(client, request, role):
    if role == "employer":
        client.force_login(CompanyMemberFactory().user)
    elif role == "petugas":
        client.force_login(request.getfixturevalue("petugas"))
    response = client.post(CREATE_URL, {"query": "q=las"})
    assert response.status_code == (302 if role == "anonymous" else 403)
    assert not SavedSearch.objects.exists()


# The list page ---------------------------------------------------------------------------------------------


def test_the_list_has_an_empty_state_and_a_link_to_the_search(english, jobseeker):
    english.force_login(jobseeker)
    content = english.get(LIST_URL).content.decode()
    assert "You have no saved searches yet." in content
    assert f'href="{reverse("vacancies:search")}"' in content


def test_the_list_shows_only_my_searches_with_their_links(english, jobseeker):
    mine = save(jobseeker, "q=operator")
    theirs = save(JobseekerProfileFactory().user, "q=perawat")
    english.force_login(jobseeker)
    content = english.get(LIST_URL).content.decode()
    assert mine.name in content and 'href="/lowongan/?q=operator"' in content
    assert theirs.name not in content


def test_rename_switch_off_and_delete(english, jobseeker):
    search = save(jobseeker, "q=operator")
    english.force_login(jobseeker)
    english.post(reverse("portal:saved_search_rename", args=[search.pk]), {f"search-{search.pk}-name": " Pabrik  "})
    english.post(reverse("portal:saved_search_alerts", args=[search.pk]), {"email_alerts": "off"})
    search.refresh_from_db()
    assert search.name == "Pabrik" and search.email_alerts is False
    english.post(reverse("portal:saved_search_delete", args=[search.pk]))
    assert not SavedSearch.objects.exists()


def test_a_blank_name_is_refused_at_the_field_and_nothing_changes(english, jobseeker):
    search = save(jobseeker, "q=operator")
    english.force_login(jobseeker)
    response = english.post(reverse("portal:saved_search_rename", args=[search.pk]), {f"search-{search.pk}-name": ""})
    assert response.status_code == 200
    assert f'id="id_search-{search.pk}-name_error"' in response.content.decode()
    search.refresh_from_db()
    assert search.name == "operator"


@pytest.mark.parametrize("action", ["saved_search_rename", "saved_search_alerts", "saved_search_delete"])
def test_another_jobseeker_can_change_nothing_of_mine(client, jobseeker, action):
    search = save(jobseeker, "q=operator")
    other = JobseekerProfileFactory().user
    client.force_login(other)
    response = client.post(
        reverse(f"portal:{action}", args=[search.pk]), {f"search-{search.pk}-name": "x", "email_alerts": "off"}
    )
    assert response.status_code == 404
    search.refresh_from_db()
    assert search.name == "operator" and search.email_alerts


@pytest.mark.parametrize("role", ["employer", "petugas"])
def test_the_list_is_for_jobseekers_only(client, request, role):
    user = CompanyMemberFactory().user if role == "employer" else request.getfixturevalue("petugas")
    client.force_login(user)
    assert client.get(LIST_URL).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(LIST_URL)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


# The API ---------------------------------------------------------------------------------------------------


def api_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_the_api_saves_lists_and_deletes(jobseeker):
    api = api_for(jobseeker)
    created = api.post(API, {"query": "q=teknisi&kecamatan=64.74.01"}, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["name"] == "teknisi · Bontang Utara"
    assert body["search_url"] == "/lowongan/?kecamatan=64.74.01&q=teknisi"
    assert body["api_url"] == "/api/v1/vacancies/?kecamatan=64.74.01&q=teknisi"
    listed = api.get(API).json()
    results = listed["results"] if isinstance(listed, dict) else listed
    assert [row["id"] for row in results] == [body["id"]]
    assert api.post(API, {"query": "kecamatan=64.74.01&q=teknisi"}, format="json").status_code == 409
    assert api.delete(f"{API}{body['id']}/").status_code == 204
    assert not SavedSearch.objects.exists()


def test_the_api_names_a_bad_filter(jobseeker):
    response = api_for(jobseeker).post(API, {"query": "occupation=xyz"}, format="json")
    assert response.status_code == 400
    assert "occupation" in str(response.json()["query"])


def test_another_jobseeker_neither_sees_nor_deletes_mine_through_the_api(jobseeker):
    search = save(jobseeker, "q=operator")
    other = api_for(JobseekerProfileFactory().user)
    listed = other.get(API).json()
    assert (listed["results"] if isinstance(listed, dict) else listed) == []
    assert other.delete(f"{API}{search.pk}/").status_code == 404
    assert SavedSearch.objects.filter(pk=search.pk).exists()


def test_the_api_renames_and_switches_the_mail(jobseeker):
    search = save(jobseeker, "q=operator")
    api = api_for(jobseeker)
    renamed = api.patch(f"{API}{search.pk}/", {"name": "  Operator   di Bontang "}, format="json")
    assert renamed.status_code == 200, renamed.json()
    assert renamed.json()["name"] == "Operator di Bontang"
    assert renamed.json()["email_alerts"] is True
    off = api.patch(f"{API}{search.pk}/", {"email_alerts": False}, format="json")
    assert off.status_code == 200 and off.json()["email_alerts"] is False
    search.refresh_from_db()
    assert (search.name, search.email_alerts) == ("Operator di Bontang", False)
    # switched on again, only what is published from now on is e-mailed
    before = timezone.now()
    assert api.patch(f"{API}{search.pk}/", {"email_alerts": True}, format="json").json()["email_alerts"] is True
    search.refresh_from_db()
    assert search.email_alerts and search.last_checked_at >= before
    assert api.put(f"{API}{search.pk}/", {"name": "x"}, format="json").status_code == 405


@pytest.mark.parametrize(
    "body, field",
    [
        ({"name": "   "}, "name"),
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "bell\x07in name"}, "name"),
        ({"name": ["a list"]}, "name"),
        ({"email_alerts": "maybe"}, "email_alerts"),
        ({"name": None}, "name"),
    ],
)
def test_the_api_refuses_a_bad_change_naming_the_field(jobseeker, body, field):
    search = save(jobseeker, "q=operator", name="Operator")
    response = api_for(jobseeker).patch(f"{API}{search.pk}/", body, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()
    search.refresh_from_db()
    assert (search.name, search.email_alerts) == ("Operator", True)


def test_another_jobseeker_cannot_change_mine_through_the_api(jobseeker):
    search = save(jobseeker, "q=operator", name="Operator")
    other = api_for(JobseekerProfileFactory().user)
    response = other.patch(f"{API}{search.pk}/", {"name": "Mine now", "email_alerts": False}, format="json")
    assert response.status_code == 404
    assert other.patch(f"{API}999999/", {"name": "x"}, format="json").status_code == 404
    search.refresh_from_db()
    assert (search.name, search.email_alerts) == ("Operator", True)


@pytest.mark.parametrize("role", ["anonymous", "employer", "petugas"])
def test_the_api_is_for_jobseekers_only(request, role):
    user = {
        "anonymous": lambda: None,
        "employer": lambda: CompanyMemberFactory().user,
        "petugas": lambda: request.getfixturevalue("petugas"),
    }[role]()
    api = api_for(user)
    assert api.get(API).status_code in (401, 403)
    assert api.post(API, {"query": "q=las"}, format="json").status_code in (401, 403)
    search = save(JobseekerProfileFactory().user, "q=las", name="Las")
    assert api.patch(f"{API}{search.pk}/", {"name": "x"}, format="json").status_code in (401, 403)
    search.refresh_from_db()
    assert search.name == "Las"


# The daily digest ------------------------------------------------------------------------------------------


@pytest.fixture
def searches(jobseeker):
    """Two saved searches of one jobseeker, checked up to two hours ago."""
    welder = save(jobseeker, "q=las")
    north = save(jobseeker, "kecamatan=64.74.01&employment_type=pkwt")
    SavedSearch.objects.update(last_checked_at=timezone.now() - datetime.timedelta(hours=2))
    return welder, north


def test_the_digest_holds_the_new_matches_of_every_search_in_one_mail(jobseeker, searches):
    # given vacancies published since the last check (one per search), one before it, one matching nothing
    new_welder = published("Juru Las SMAW", kelurahan="64.74.02.1001", employment_type="pkwtt")
    new_north = published("Operator Produksi Utara")
    published("Juru Las Lama", hours_ago=5, kelurahan="64.74.02.1001")
    published("Perawat", kelurahan="64.74.02.1001", employment_type="pkwtt")
    jobseeker.language = "en"
    jobseeker.save(update_fields=["language"])
    # when the digest is sent
    assert services.saved_search_digest_send(user_id=jobseeker.pk) is True
    # then one mail in the person's language lists each search with its new vacancies only
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [jobseeker.email]
    assert message.subject == "2 new vacancies for your saved searches"
    assert "== las (1) ==" in message.body and "Juru Las SMAW" in message.body
    assert f"/lowongan/{new_welder.pk}/" in message.body
    assert "Operator Produksi Utara" in message.body and f"/lowongan/{new_north.pk}/" in message.body
    assert "Juru Las Lama" not in message.body and "Perawat" not in message.body
    # with a signed unsubscribe link in the body and the headers (signed with the time: compared
    # by what it unsubscribes, not as text, so a second ticking over between mail and test is fine)
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in message.body
    assert link.startswith(services.unsubscribe_url(jobseeker).rsplit("/", 2)[0] + "/")
    assert services.unsubscribe_user(link.rstrip("/").rsplit("/", 1)[1]) == jobseeker
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    digest = SavedSearchDigest.objects.get(user=jobseeker)
    assert digest.sent_at is not None and digest.vacancy_count == 2


@pytest.mark.parametrize(("language", "month"), [("id", "Januari"), ("en", "January"), ("xx", "Januari")])
def test_the_digest_is_written_in_the_persons_language(jobseeker, searches, language, month):
    # given a vacancy closing in January and a person reading `language` (Indonesian unless offered)
    published("Juru Las", kelurahan="64.74.02.1001", close_date=datetime.date(2099, 1, 15))
    jobseeker.language = language
    jobseeker.save(update_fields=["language"])
    # when the digest goes out, then its dates are in that language
    services.saved_search_digest_send(user_id=jobseeker.pk)
    assert f"15 {month} 2099" in mail.outbox[0].body


def test_the_digest_is_sent_once_a_day_even_when_run_twice(jobseeker, searches):
    published("Juru Las", kelurahan="64.74.02.1001")
    assert services.saved_search_digest_send(user_id=jobseeker.pk) is True
    published("Juru Las Kedua", kelurahan="64.74.02.1001", hours_ago=0)
    # a second run the same day sends nothing, even with something new
    assert services.saved_search_digest_send(user_id=jobseeker.pk) is False
    assert len(mail.outbox) == 1
    # the next day brings only what is new since the first mail
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert services.saved_search_digest_send(user_id=jobseeker.pk, day=tomorrow) is True
    assert len(mail.outbox) == 2
    assert "Juru Las Kedua" in mail.outbox[1].body
    assert "Juru Las\n" not in mail.outbox[1].body.replace(" — ", "\n")


def test_the_beat_task_twice_mails_each_person_once(jobseeker, searches, django_capture_on_commit_callbacks):
    # given new vacancies and a second person with a search
    published("Juru Las", kelurahan="64.74.02.1001")
    other = JobseekerProfileFactory().user
    save(other, "q=las")
    SavedSearch.objects.update(last_checked_at=timezone.now() - datetime.timedelta(hours=2))
    # when beat's task runs twice and each queued task runs
    with patch.object(tasks.send_saved_search_digest_task, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            assert tasks.send_saved_search_digests_task() == 2
        with django_capture_on_commit_callbacks(execute=True):
            tasks.send_saved_search_digests_task()
    for call in delay.call_args_list:
        tasks.send_saved_search_digest_task(*call.args)
    # then each person got exactly one mail
    assert sorted(message.to[0] for message in mail.outbox) == sorted([jobseeker.email, other.email])


def test_no_mail_when_nothing_is_new(jobseeker, searches):
    published("Juru Las Lama", hours_ago=5, kelurahan="64.74.02.1001")
    assert services.saved_search_digest_send(user_id=jobseeker.pk) is False
    assert mail.outbox == []
    assert SavedSearchDigest.objects.get(user=jobseeker).sent_at is None


def test_searches_with_the_mail_off_are_left_out(jobseeker, searches):
    SavedSearch.objects.update(email_alerts=False)
    published("Juru Las", kelurahan="64.74.02.1001")
    assert services.saved_search_digest_send(user_id=jobseeker.pk) is False
    assert mail.outbox == []


def test_a_failed_send_can_be_retried(jobseeker, searches):
    published("Juru Las", kelurahan="64.74.02.1001")
    with patch("portal.saved_searches.EmailMessage.send", side_effect=OSError("smtp down")):
        with pytest.raises(OSError):
            services.saved_search_digest_send(user_id=jobseeker.pk)
    assert not SavedSearchDigest.objects.exists()
    assert services.saved_search_digest_send(user_id=jobseeker.pk) is True
    assert "Juru Las" in mail.outbox[0].body


# Unsubscribing by the signed link ---------------------------------------------------------------------------


def test_the_link_asks_first_and_the_post_unsubscribes(english, jobseeker, searches):
    url = reverse("portal:saved_search_unsubscribe", args=[services.unsubscribe_token(jobseeker)])
    # a GET (a mail scanner following the link) changes nothing
    page = english.get(url)
    assert page.status_code == 200 and "Stop the e-mails" in page.content.decode()
    assert SavedSearch.objects.filter(email_alerts=True).count() == 2
    # the button's POST, without logging in, switches every search's mail off; the searches stay
    done = english.post(url)
    assert done.status_code == 200 and "no more saved-search e-mails" in done.content.decode()
    assert SavedSearch.objects.filter(user=jobseeker).count() == 2
    assert not SavedSearch.objects.filter(email_alerts=True).exists()


def test_the_rfc_8058_one_click_post_unsubscribes_without_csrf(jobseeker, searches):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    url = reverse("portal:saved_search_unsubscribe", args=[services.unsubscribe_token(jobseeker)])
    response = client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert not SavedSearch.objects.filter(email_alerts=True).exists()


@pytest.mark.parametrize(
    "mangle", [lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"), lambda t: "x" + t, lambda t: "nope"]
)
def test_a_tampered_link_says_so_and_changes_nothing(english, jobseeker, searches, mangle):
    url = reverse("portal:saved_search_unsubscribe", args=[mangle(services.unsubscribe_token(jobseeker))])
    for response in (english.get(url), english.post(url)):
        assert response.status_code == 400
        assert "This unsubscribe link is not valid" in response.content.decode()
    assert SavedSearch.objects.filter(email_alerts=True).count() == 2


def test_a_link_signed_for_another_purpose_is_refused(english, jobseeker, searches):
    from django.core import signing

    token = signing.dumps({"u": jobseeker.pk}, salt="something-else")
    response = english.post(reverse("portal:saved_search_unsubscribe", args=[token]))
    assert response.status_code == 400
    assert SavedSearch.objects.filter(email_alerts=True).count() == 2


def test_the_admin_lists_saved_searches_and_digests(client, superuser, jobseeker):
    search = save(jobseeker, "q=operator")
    client.force_login(superuser)
    assert client.get(reverse("admin:portal_savedsearch_changelist")).status_code == 200
    assert client.get(reverse("admin:portal_savedsearch_change", args=[search.pk])).status_code == 200
    assert client.get(reverse("admin:portal_savedsearchdigest_changelist")).status_code == 200
