"""Accounts in the audit trail: who changed a user's role, e-mail, staff status or groups.

The password hash and the last login (changed at every login) are never logged.
"""

from bontang_aker.accounts.models import User
from bontang_aker.core.audit import register


def register_models() -> None:
    register(User, exclude_fields=("password", "last_login"), m2m_fields={"groups", "user_permissions"})
