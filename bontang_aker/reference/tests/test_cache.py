"""The in-process copy of the reference tables: checked once per request, reloaded when a row changes."""

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from bontang_aker.reference.cache import reference_data
from bontang_aker.reference.models import EducationLevel, KbjiGroup, Kelurahan

pytestmark = pytest.mark.django_db


def test_rows_by_id_and_by_code_in_the_models_order():
    # when
    data = reference_data()

    # then
    levels = data.ordered(EducationLevel)
    assert [level.rank for level in levels] == sorted(level.rank for level in levels)
    assert data.by_code(KbjiGroup)["8"] == KbjiGroup.objects.get(code="8")
    kelurahan = Kelurahan.objects.get(code="64.74.01.1003")
    assert data.get(Kelurahan, kelurahan.pk) == kelurahan


def test_a_kelurahan_names_its_kecamatan_without_a_query():
    # given
    row = reference_data().by_code(Kelurahan)["64.74.01.1003"]

    # when / then
    with CaptureQueriesContext(connection) as queries:
        text = str(row)
    assert text.endswith(row.kecamatan.name) and len(queries) == 0


def test_within_a_request_the_tables_are_checked_once():
    # given: the signals of a request, without Django's receivers that close the test's connection
    reference_data()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        request_started.send(sender=None)
        # when
        with CaptureQueriesContext(connection) as queries:
            for _ in range(5):
                reference_data()
        request_finished.send(sender=None)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)

    # then
    assert len(queries) == 1


def test_a_change_is_seen_at_the_next_check():
    # given
    before = reference_data()
    level = EducationLevel.objects.get(code="SMK")
    level.name = "Sekolah Menengah Kejuruan"
    level.save()

    # when
    after = reference_data()

    # then
    assert after.version != before.version
    assert after.by_code(EducationLevel)["SMK"].name == "Sekolah Menengah Kejuruan"


def test_outside_a_request_every_use_checks():
    # given
    reference_data()

    # when
    with CaptureQueriesContext(connection) as queries:
        reference_data()
        reference_data()

    # then
    assert len(queries) == 2
