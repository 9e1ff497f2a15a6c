"""Fixtures shared by every app's tests."""

import os

import pytest

# Playwright's sync API runs an asyncio loop in the test thread; Django's ORM refuses to run
# there without this (../shared/e2e.md, pitfall 2). It only affects the test process.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


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
