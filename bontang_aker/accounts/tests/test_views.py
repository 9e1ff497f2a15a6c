import pytest
from django.urls import reverse

from bontang_aker.accounts.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_login_with_email_lands_on_dashboard(client):
    # given: a demo-like jobseeker account
    UserFactory(email="pencaker@demo.local")

    # when: the address is typed with capitals, as phones often do
    response = client.post(
        reverse("accounts:login"), {"username": "Pencaker@Demo.local", "password": TEST_PASSWORD}, follow=True
    )

    # then
    assert response.redirect_chain[-1][0] == reverse("portal:dashboard")
    assert response.context["user"].email == "pencaker@demo.local"


def test_login_page_labels_the_email_field(client):
    # when
    content = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    # then
    assert '<label class="field__label" for="id_username">Email</label>' in content
    assert 'type="email"' in content


def test_wrong_password_shows_an_error_tied_to_the_form(client):
    # given
    UserFactory(email="pencaker@demo.local")

    # when
    response = client.post(reverse("accounts:login"), {"username": "pencaker@demo.local", "password": "salah"})

    # then
    content = response.content.decode()
    assert response.status_code == 200
    assert not response.context["user"].is_authenticated
    assert 'class="error-summary"' in content
    assert response.context["form"].non_field_errors()


def test_login_respects_a_safe_next_and_ignores_an_external_one(client):
    # given
    UserFactory(email="pencaker@demo.local")
    credentials = {"username": "pencaker@demo.local", "password": TEST_PASSWORD}

    # when
    external = client.post(reverse("accounts:login") + "?next=https://evil.example/", credentials)
    client.logout()
    internal = client.post(reverse("accounts:login"), {**credentials, "next": "/#vacancies"})

    # then
    assert external["Location"] == reverse("portal:dashboard")
    assert internal["Location"] == "/#vacancies"


def test_logout_is_post_only(client):
    # given
    user = UserFactory()
    client.force_login(user)

    # when
    get_response = client.get(reverse("accounts:logout"))
    post_response = client.post(reverse("accounts:logout"))

    # then
    assert get_response.status_code == 405
    assert post_response.status_code == 302
    assert post_response["Location"] == reverse("home")
    assert "_auth_user_id" not in client.session
