"""Fixtures shared by every app's tests."""

import os

import pytest

# Playwright's sync API runs an asyncio loop in the test thread; Django's ORM refuses to run
# there without this (../shared/e2e.md, pitfall 2). It only affects the test process.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def ensure_reference_data() -> None:
    """Put back the rows that data migrations load, if a flush removed them.

    Transactional tests (live server, real Celery worker) end with a flush of every table,
    which also empties reference data and the staff groups; with --reuse-db that would
    carry over to the next run.
    """
    from django.apps import apps
    from django.contrib.auth.models import Group

    from bontang_aker.accounts.roles import ROLE_PERMISSIONS, sync_role_groups
    from bontang_aker.reference.models import Kelurahan
    from bontang_aker.reference.services import reference_load

    if not Kelurahan.objects.exists():
        reference_load()
    if Group.objects.filter(name__in=ROLE_PERMISSIONS).count() != len(ROLE_PERMISSIONS):
        sync_role_groups(apps=apps)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        ensure_reference_data()
        # Statistics outlive rolled-back tests (and a kept test database): long lists are counted
        # from the planner's estimate (bontang_aker.core.pagination), so start from the real, empty tables.
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


@pytest.fixture(autouse=True)
def _reference_data_for_transactional_tests(request, django_db_blocker):
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if transactional:
        request.getfixturevalue("django_db_setup")
        with django_db_blocker.unblock():
            ensure_reference_data()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def petugas(db):
    from bontang_aker.accounts.tests.factories import UserFactory

    return UserFactory(petugas=True)


@pytest.fixture
def kabid(db):
    from bontang_aker.accounts.tests.factories import UserFactory

    return UserFactory(kabid=True)


@pytest.fixture
def superuser(db):
    from bontang_aker.accounts.models import User
    from bontang_aker.accounts.tests.factories import UserFactory

    return UserFactory(is_staff=True, is_superuser=True, role=User.Role.STAFF)
