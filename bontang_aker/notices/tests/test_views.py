import pytest
from django.urls import reverse

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.notices.models import Notice
from bontang_aker.notices.tests.factories import NoticeFactory

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def user(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_the_list_needs_a_login(client):
    # when
    response = client.get(reverse("notices:list"))
    # then
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_the_list_shows_only_the_users_own_notices_newest_first(client, user):
    # given
    older = NoticeFactory(recipient=user, subject="Older notice")
    newer = NoticeFactory(recipient=user, subject="Newer notice")
    NoticeFactory(subject="Someone else's notice")
    # when
    response = client.get(reverse("notices:list"), **EN)
    # then
    assert list(response.context["notices"]) == [newer, older]
    content = response.content.decode()
    assert "Newer notice" in content and "Older notice" in content
    assert "Someone else" not in content


def test_unread_notices_are_marked_and_counted_in_the_header(client, user):
    # given
    NoticeFactory.create_batch(3, recipient=user)
    NoticeFactory(recipient=user, read_at="2026-01-01T08:00:00+08:00")
    NoticeFactory()  # another user's unread notice is not counted
    # when
    response = client.get(reverse("portal:dashboard"), **EN)
    # then
    assert response.context["unread_notice_count"] == 3
    content = response.content.decode()
    assert f'href="{reverse("notices:list")}"' in content
    assert 'Notices <span aria-hidden="true">(3)</span>' in content
    assert "3 unread notices" in content


def test_anonymous_pages_do_not_count_notices(client):
    # when
    response = client.get(reverse("home"))
    # then
    assert "unread_notice_count" not in response.context


def test_the_list_highlights_unread_ones(client, user):
    # given
    NoticeFactory(recipient=user, subject="Fresh")
    NoticeFactory(recipient=user, subject="Seen", read_at="2026-01-01T08:00:00+08:00")
    # when
    content = client.get(reverse("notices:list"), **EN).content.decode()
    # then
    assert content.count("notice--unread") == 1
    assert content.count(">Unread<") == 1


def test_an_empty_list_says_so(client, user):
    # when
    response = client.get(reverse("notices:list"), **EN)
    # then
    assert "You have no notices yet." in response.content.decode()
    assert reverse("notices:mark_all_read") not in response.content.decode()


def test_the_list_is_paginated_by_twenty(client, user):
    # given
    NoticeFactory.create_batch(21, recipient=user)
    # when
    first = client.get(reverse("notices:list"), **EN)
    second = client.get(reverse("notices:list") + "?page=2", **EN)
    bad = client.get(reverse("notices:list") + "?page=x", **EN)
    # then
    assert len(first.context["notices"]) == 20
    assert len(second.context["notices"]) == 1
    assert 'rel="next"' in first.content.decode()
    assert bad.status_code == 404


def test_opening_a_notice_marks_it_read_and_follows_its_link(client, user):
    # given
    notice = NoticeFactory(recipient=user, url="/akun/dasbor/")
    # when
    response = client.post(reverse("notices:open", args=[notice.pk]))
    # then
    assert response.status_code == 302
    assert response.url == "/akun/dasbor/"
    notice.refresh_from_db()
    assert notice.read_at is not None


@pytest.mark.parametrize("url", ["", "https://evil.example/phish", "//evil.example/"])
def test_a_notice_without_a_safe_link_opens_the_list(client, user, url):
    # given a stored link that is empty or leads elsewhere (the service never stores one)
    notice = NoticeFactory(recipient=user, url=url)
    # when
    response = client.post(reverse("notices:open", args=[notice.pk]))
    # then
    assert response.url == reverse("notices:list")


def test_another_persons_notice_is_not_found(client, user):
    # given
    notice = NoticeFactory()
    # when
    response = client.post(reverse("notices:open", args=[notice.pk]))
    # then
    assert response.status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_opening_is_a_post_only(client, user):
    # given
    notice = NoticeFactory(recipient=user)
    # when
    response = client.get(reverse("notices:open", args=[notice.pk]))
    # then
    assert response.status_code == 405
    notice.refresh_from_db()
    assert notice.read_at is None


def test_mark_all_as_read(client, user):
    # given
    NoticeFactory.create_batch(2, recipient=user)
    # when
    response = client.post(reverse("notices:mark_all_read"), follow=True, **EN)
    # then
    assert not Notice.objects.filter(recipient=user, read_at__isnull=True).exists()
    assert "2 notices marked as read." in response.content.decode()
    assert response.context["unread_notice_count"] == 0
