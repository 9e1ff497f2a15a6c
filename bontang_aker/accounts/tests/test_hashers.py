"""The production password hasher: Argon2id at OWASP's setting; older hashes upgraded at login."""

import pytest
from django.conf import settings
from django.contrib.auth.hashers import (
    Argon2PasswordHasher,
    PBKDF2PasswordHasher,
    check_password,
    make_password,
)
from django.test import override_settings

from bontang_aker.settings import base

pytestmark = pytest.mark.django_db

PRODUCTION = override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS)


@PRODUCTION
def test_new_passwords_are_argon2id_with_owasp_parameters():
    encoded = make_password("bontang2026")
    assert encoded.startswith("argon2$argon2id$v=19$m=47104,t=1,p=1$")
    assert check_password("bontang2026", encoded) and not check_password("bontang2025", encoded)


@PRODUCTION
@pytest.mark.parametrize("older", [PBKDF2PasswordHasher, Argon2PasswordHasher])  # Django's own Argon2 parameters
def test_an_older_hash_is_accepted_and_upgraded_at_login(older):
    encoded = older().encode("bontang2026", older().salt())
    upgraded = []
    assert check_password("bontang2026", encoded, setter=lambda raw: upgraded.append(make_password(raw)))
    assert upgraded and upgraded[0].startswith("argon2$argon2id$v=19$m=47104,t=1,p=1$")


def test_the_test_settings_keep_a_fast_hasher():
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
