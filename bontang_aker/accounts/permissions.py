"""Who counts as staff for the security rules (lockout limit, session length)."""

from django.db.models import Q


def has_staff_privileges(user) -> bool:
    """An account that can open the admin or acts for Disnaker: guessing its password is worth more."""
    return bool(user.is_staff or user.is_superuser or user.role == user.Role.STAFF)


def staff_privileges_q(prefix: str = "") -> Q:
    """The same rule as `has_staff_privileges`, as a filter on users (`prefix` for a relation)."""
    return Q(**{f"{prefix}is_staff": True}) | Q(**{f"{prefix}is_superuser": True}) | Q(**{f"{prefix}role": "staff"})
