"""Shorter sessions for staff: they end when the browser closes, and after a few hours anyway.

One call cannot ask for both: `set_expiry(0)` makes a browser-session cookie, but the row
in the database then lives `SESSION_COOKIE_AGE` (two weeks), so a copied cookie would
work that long. This session engine (`SESSION_ENGINE`) takes the server-side age from the
session itself through `get_session_cookie_age()`, the hook Django documents for custom
session backends: a staff login stores `STAFF_SESSION_AGE_SECONDS` there and asks for a
browser-session cookie; everyone else keeps the project-wide age.
"""

from django.conf import settings
from django.contrib.sessions.backends import db

from bontang_aker.accounts.permissions import has_staff_privileges

# Session key holding the server-side age, in seconds, of a shortened session.
SESSION_AGE_KEY = "_bontang_session_age"


class SessionStore(db.SessionStore):
    def get_session_cookie_age(self) -> int:
        return self.get(SESSION_AGE_KEY) or super().get_session_cookie_age()


def shorten_staff_session(sender, request, user, **kwargs) -> None:
    """`user_logged_in` receiver: every login (site form, admin, test client) passes here."""
    session = getattr(request, "session", None)
    if session is None:
        return
    if not has_staff_privileges(user):
        session.pop(SESSION_AGE_KEY, None)
        return
    session[SESSION_AGE_KEY] = settings.STAFF_SESSION_AGE_SECONDS
    # 0 = a browser-session cookie; the database row then expires after the age above.
    session.set_expiry(0)
