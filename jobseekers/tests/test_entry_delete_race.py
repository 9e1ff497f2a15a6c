"""An entry deleted meanwhile (a double click, a second tab) is a 404 or a 400, never a 500."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from jobseekers import services, views
from jobseekers.models import EducationEntry, ExperienceEntry
from jobseekers.tests.factories import EducationEntryFactory, ExperienceEntryFactory, JobseekerProfileFactory

pytestmark = pytest.mark.django_db

KINDS = {
    "education": (EducationEntryFactory, EducationEntry, views.EducationDeleteView, "jobseekers:education_delete"),
    "experience": (ExperienceEntryFactory, ExperienceEntry, views.ExperienceDeleteView, "jobseekers:experience_delete"),
}


@pytest.fixture
def profile():
    return JobseekerProfileFactory()


@pytest.fixture
def web(profile):
    client = Client(headers={"accept-language": "en"})
    client.force_login(profile.user)
    return client


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_second_of_two_simultaneous_deletes_is_not_found(web, profile, kind, monkeypatch):
    # given an entry, and a first click whose delete commits while the second request runs
    factory, model, view, url_name = KINDS[kind]
    entry = factory(jobseeker=profile)
    real_delete = view.delete_service

    def delete_after_the_first_click(*, profile, entry_id):
        model.objects.filter(pk=entry_id).delete()  # the first request, committed in between
        real_delete(profile=profile, entry_id=entry_id)

    monkeypatch.setattr(view, "delete_service", delete_after_the_first_click)
    # when the second request deletes it
    response = web.post(reverse(url_name, args=[entry.pk]))
    # then it is not found instead of a server error
    assert response.status_code == 404
    assert not model.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_deleting_twice_in_a_row_is_not_found_the_second_time(web, profile, kind):
    factory, model, _view, url_name = KINDS[kind]
    entry = factory(jobseeker=profile)
    url = reverse(url_name, args=[entry.pk])
    assert web.post(url).status_code == 302
    assert web.post(url).status_code == 404


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_another_jobseekers_entry_is_not_found_and_stays(web, kind):
    factory, model, _view, url_name = KINDS[kind]
    entry = factory()
    assert web.post(reverse(url_name, args=[entry.pk])).status_code == 404
    assert model.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize(
    ("kind", "save_name", "item"),
    [
        ("education", "education_entry_save", {"level": "SMK", "institution": "SMK Negeri 2 Bontang"}),
        (
            "experience",
            "experience_entry_save",
            {"employer_name": "PT Pupuk Kaltim", "position": "Operator", "start_date": "2019-01-01"},
        ),
    ],
)
def test_the_api_answers_400_when_an_entry_of_the_list_was_deleted_meanwhile(
    profile, kind, save_name, item, monkeypatch
):
    # given an entry the PATCH keeps, deleted by another request once the list was checked
    factory, model, _view, _url = KINDS[kind]
    entry = factory(jobseeker=profile)
    real_save = getattr(services, save_name)

    def save_after_a_concurrent_delete(*, profile, entry_id=None, **fields):
        model.objects.filter(pk=entry_id).delete()
        return real_save(profile=profile, entry_id=entry_id, **fields)

    monkeypatch.setattr(services, save_name, save_after_a_concurrent_delete)
    api = APIClient(headers={"accept-language": "en"})
    api.force_authenticate(profile.user)
    # when
    response = api.patch(reverse("api:my-profile"), {kind: [{"id": entry.pk, **item}]}, format="json")
    # then
    assert response.status_code == 400
    assert response.json()[kind] == ["An entry in this list no longer exists; reload your profile and try again."]
