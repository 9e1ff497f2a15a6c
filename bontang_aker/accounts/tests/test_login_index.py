"""The login's case-insensitive e-mail lookup is served by an index, not a scan of every account."""

import pytest
from django.db import connection

from bontang_aker.accounts.models import User
from bontang_aker.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_natural_key_lookup_uses_the_upper_email_index():
    UserFactory(email="Pencaker@Demo.Local")
    query = User.objects.filter(email__iexact="pencaker@demo.local")
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny test table would be scanned anyway
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "user_email_upper" in plan
    assert User.objects.get_by_natural_key("PENCAKER@demo.local").email == "Pencaker@Demo.Local"
