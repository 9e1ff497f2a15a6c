"""Every write on an account's own e-mail: verifying the address, resetting the password, changing the address.

Each e-mail is an `AccountMail` row written inside the caller's transaction and sent by a
Celery task once the transaction commits, in the recipient's language. The links in them
are signed (`django.core.signing`, Django's token generator for the password) when the
message is sent; a link stops working after its time, and as soon as the address it was
made for is no longer the account's.
"""

from __future__ import annotations

import datetime
import enum
import hashlib
import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework.authtoken.models import Token

from bontang_aker.accounts.models import AccountMail, User
from bontang_aker.accounts.permissions import has_staff_privileges
from bontang_aker.accounts.tasks import send_account_mail_task
from bontang_aker.core.throttling import CACHE_ERRORS
from bontang_aker.notices.services import language_of, render_text

logger = logging.getLogger(__name__)

VERIFY_SALT = "bontang_aker.accounts.email_verification"
CHANGE_SALT = "bontang_aker.accounts.email_change"

# Mails a person can ask for themselves (a new verification link, a change of address):
# one every two minutes, five a day.
MIN_INTERVAL = datetime.timedelta(minutes=2)
DAILY_LIMIT = 5
DAY = datetime.timedelta(days=1)
# Password reset requests, counted in the cache whether or not the address has an account:
# per address as above, and per client address (a whole office may share one).
RESET_PER_IP_LIMIT = 20
RESET_PER_IP_WINDOW = 60 * 60

CHANGE_KINDS = (AccountMail.Kind.EMAIL_CHANGE, AccountMail.Kind.EMAIL_CHANGE_TAKEN)


class RateLimited(Exception):
    """Too many mails asked for; `retry_after` seconds until the next one is allowed."""

    def __init__(self, retry_after: float):
        self.retry_after = max(1, math.ceil(retry_after))
        super().__init__(self.message)

    @property
    def message(self) -> str:
        minutes = max(1, math.ceil(self.retry_after / 60))
        return ngettext(
            "You have asked for this too often. Please try again in %(minutes)d minute.",
            "You have asked for this too often. Please try again in %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}


class LinkResult(enum.Enum):
    DONE = "done"
    ALREADY_DONE = "already_done"
    EXPIRED = "expired"
    INVALID = "invalid"
    # A change of address whose new address got an account in the meantime.
    TAKEN = "taken"


@dataclass(frozen=True)
class LinkOutcome:
    result: LinkResult
    user: User | None = None


# The rule others call ----------------------------------------------------------------------


def user_email_verified(user) -> bool:
    """Whether the account's e-mail address is shown to be the person's own.

    Staff accounts are created by Disnaker and need no link. Accounts registered at the counter
    (no address to verify) are decided by the counter registration, which may extend this rule.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return user.email_verified_at is not None or has_staff_privileges(user)


def email_verification_hours() -> int:
    return settings.EMAIL_VERIFICATION_HOURS


# Sending -----------------------------------------------------------------------------------


def _queue(mail: AccountMail) -> AccountMail:
    def queue_mail():
        send_account_mail_task.delay(mail.pk)

    # robust: what was asked for is committed already; a broker outage must not turn it into
    # an error. The row stays unsent, visible in the admin.
    transaction.on_commit(queue_mail, robust=True)
    return mail


def _mail_create(*, user: User, kind: str, address: str) -> AccountMail:
    return _queue(AccountMail.objects.create(user=user, kind=kind, address=address))


def _hash(salt: str, *parts) -> str:
    """Ties a link to the account's state: once a part changes (the address), the link is dead."""
    return salted_hmac(salt, "|".join(str(part) for part in parts), algorithm="sha256").hexdigest()[:32]


def email_verification_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "h": _hash(VERIFY_SALT, user.pk, user.email.lower())}, salt=VERIFY_SALT)


def email_change_token(mail: AccountMail) -> str:
    user = mail.user
    return signing.dumps(
        {"m": mail.pk, "h": _hash(CHANGE_SALT, user.pk, user.email.lower(), mail.address.lower())}, salt=CHANGE_SALT
    )


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _link_for(mail: AccountMail) -> str:
    user = mail.user
    kind = mail.kind
    if kind == AccountMail.Kind.VERIFY:
        return _absolute(reverse("accounts:email_verify", kwargs={"token": email_verification_token(user)}))
    if kind == AccountMail.Kind.PASSWORD_RESET:
        return _absolute(
            reverse(
                "accounts:password_reset_confirm",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": default_token_generator.make_token(user),
                },
            )
        )
    if kind == AccountMail.Kind.EMAIL_CHANGE:
        return _absolute(reverse("accounts:email_change_confirm", kwargs={"token": email_change_token(mail)}))
    if kind == AccountMail.Kind.EMAIL_CHANGE_TAKEN:
        return _absolute(reverse("accounts:password_reset"))
    return _absolute(reverse("accounts:account"))


def _still_wanted(mail: AccountMail) -> bool:
    """A link made for an address the account no longer has, or no longer needs, is not sent."""
    user = mail.user
    if not user.is_active:
        return False
    if mail.kind == AccountMail.Kind.VERIFY:
        return user.email_verified_at is None and user.email.lower() == mail.address.lower()
    if mail.kind == AccountMail.Kind.PASSWORD_RESET:
        return user.email.lower() == mail.address.lower()
    if mail.kind == AccountMail.Kind.EMAIL_CHANGE:
        return user.email.lower() != mail.address.lower()
    return True


def account_mail_send(*, mail_id: int) -> bool:
    """Send one account e-mail unless it was sent already or is no longer wanted; returns whether it went out.

    The row stays locked while the message goes out, so two deliveries of the task cannot both
    send; a failure rolls back and leaves `sent_at` empty for the retry.
    """
    with transaction.atomic():
        mail = AccountMail.objects.select_for_update(of=("self",)).select_related("user").filter(pk=mail_id).first()
        if mail is None or mail.sent_at is not None:
            return False
        if not mail.address or not _still_wanted(mail):
            logger.info("Account mail %s (%s) not sent: no longer wanted.", mail.pk, mail.kind)
            return False
        user = mail.user
        with translation.override(language_of(user)):
            context = {
                "recipient": user,
                "mail": mail,
                "link": _link_for(mail),
                "hours": email_verification_hours(),
                "reset_hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600),
                "site_url": settings.SITE_URL,
                "complaint_email": settings.DISNAKER_COMPLAINT_EMAIL,
            }
            template = f"accounts/email/{mail.kind}"
            subject = " ".join(render_text(f"{template}_subject.txt", context).split())
            body = render_text(f"{template}_body.txt", context).strip()
            html = render_to_string(
                "accounts/email/message.html",
                {**context, "subject": subject, "body": body, "lang": translation.get_language()},
            )
        message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [mail.address])
        message.attach_alternative(html, "text/html")
        message.send()
        mail.sent_at = timezone.now()
        mail.save(update_fields=["sent_at"])
    return True


# Limits ------------------------------------------------------------------------------------


def _check_limits(*, user: User, kinds, now: datetime.datetime) -> None:
    """At most one mail of `kinds` per MIN_INTERVAL and DAILY_LIMIT a day; raises RateLimited.

    Counted on the rows, so the limit holds without Redis; the caller holds the user's row lock,
    so two requests at once cannot both pass.
    """
    recent = list(
        AccountMail.objects.filter(user=user, kind__in=kinds, created_at__gt=now - DAY)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:DAILY_LIMIT]
    )
    if recent and recent[0] > now - MIN_INTERVAL:
        raise RateLimited((recent[0] + MIN_INTERVAL - now).total_seconds())
    if len(recent) >= DAILY_LIMIT:
        raise RateLimited((recent[-1] + DAY - now).total_seconds())


def _cache_hit(name: str, ident: str, *, limit: int, window: int) -> None:
    """Count one request in a fixed window of `window` seconds; RateLimited past `limit`.

    Without the cache (Redis down) the request goes through, as the API throttles do.
    """
    now = time.time()
    bucket = int(now // window)
    key = f"accounts:{name}:{hashlib.sha256(ident.encode()).hexdigest()[:32]}:{bucket}"
    try:
        if cache.add(key, 1, timeout=window + 5):
            count = 1
        else:
            count = cache.incr(key)
    except CACHE_ERRORS as exc:
        logger.warning("accounts limit %s: cache unavailable (%s), request let through", name, type(exc).__name__)
        return
    except ValueError:  # the key expired between add and incr
        return
    if count > limit:
        raise RateLimited((bucket + 1) * window - now)


# Verification ------------------------------------------------------------------------------


def email_verification_request(*, user: User) -> AccountMail | None:
    """Mail the link that verifies the address; called by the sign-up services, inside their transaction.

    Nothing for staff, for an address already verified, or for an account without an address.
    """
    if not user.email or user.email_verified_at is not None or has_staff_privileges(user):
        return None
    return _mail_create(user=user, kind=AccountMail.Kind.VERIFY, address=user.email)


@transaction.atomic
def email_verification_resend(*, user: User) -> AccountMail:
    """A new link, when the person asks for one; raises ValidationError or RateLimited."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.email:
        raise ValidationError(_("Your account has no email address to verify."), code="no_email")
    if user.email_verified_at is not None:
        raise ValidationError(_("Your email address is already verified."), code="already_verified")
    _check_limits(user=user, kinds=[AccountMail.Kind.VERIFY], now=timezone.now())
    return _mail_create(user=user, kind=AccountMail.Kind.VERIFY, address=user.email)


def _load(token: str, *, salt: str, hours: int) -> tuple[dict | None, LinkResult | None]:
    if not isinstance(token, str) or not token or len(token) > 500:
        return None, LinkResult.INVALID
    try:
        payload = signing.loads(token, salt=salt, max_age=datetime.timedelta(hours=hours))
    except signing.SignatureExpired:
        return None, LinkResult.EXPIRED
    except (signing.BadSignature, ValueError):
        return None, LinkResult.INVALID
    if not isinstance(payload, dict) or not isinstance(payload.get("h"), str):
        return None, LinkResult.INVALID
    return payload, None


def email_verification_check(*, token: str) -> LinkOutcome:
    """What the link would do, without doing it (the page shows it before the person confirms)."""
    payload, failure = _load(token, salt=VERIFY_SALT, hours=email_verification_hours())
    if failure is not None:
        return LinkOutcome(failure)
    user = _verification_user(payload)
    if user is None:
        return LinkOutcome(LinkResult.INVALID)
    if user.email_verified_at is not None:
        return LinkOutcome(LinkResult.ALREADY_DONE, user)
    return LinkOutcome(LinkResult.DONE, user)


def _verification_user(payload: dict, *, lock: bool = False) -> User | None:
    user_id = payload.get("u")
    if not isinstance(user_id, int) or isinstance(user_id, bool):
        return None
    users = User.objects.select_for_update() if lock else User.objects.all()
    user = users.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return None
    if not constant_time_compare(payload["h"], _hash(VERIFY_SALT, user.pk, user.email.lower())):
        return None
    return user


@transaction.atomic
def email_verify(*, token: str) -> LinkOutcome:
    """Mark the address verified when the token is good; a second use says it is done already."""
    payload, failure = _load(token, salt=VERIFY_SALT, hours=email_verification_hours())
    if failure is not None:
        return LinkOutcome(failure)
    user = _verification_user(payload, lock=True)
    if user is None:
        return LinkOutcome(LinkResult.INVALID)
    if user.email_verified_at is not None:
        return LinkOutcome(LinkResult.ALREADY_DONE, user)
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email_verified_at"])
    return LinkOutcome(LinkResult.DONE, user)


# Password reset ----------------------------------------------------------------------------


def _normalized(email: str) -> str:
    return User.objects.normalize_email(email or "").strip().lower()


@transaction.atomic
def password_reset_request(*, email: str, client_ip: str = "") -> None:
    """Mail a reset link if the address has an account that may log in; the caller says the same either way.

    RateLimited (per address and per client address) does not depend on whether the account exists.
    """
    email = _normalized(email)
    _cache_hit("reset-ip", client_ip or "-", limit=RESET_PER_IP_LIMIT, window=RESET_PER_IP_WINDOW)
    _cache_hit("reset-addr-min", email, limit=1, window=int(MIN_INTERVAL.total_seconds()))
    _cache_hit("reset-addr-day", email, limit=DAILY_LIMIT, window=int(DAY.total_seconds()))
    user = User.objects.select_for_update().filter(email__iexact=email, is_active=True).first()
    if user is None or not user.has_usable_password() or not user.email:
        return
    try:
        # The same limit on the rows, silent: it holds when the cache is down, and says nothing.
        _check_limits(user=user, kinds=[AccountMail.Kind.PASSWORD_RESET], now=timezone.now())
    except RateLimited:
        logger.info("Password reset for user %s not mailed: limit reached.", user.pk)
        return
    _mail_create(user=user, kind=AccountMail.Kind.PASSWORD_RESET, address=user.email)


@transaction.atomic
def password_changed(*, user: User, by_reset: bool = False) -> None:
    """After a new password: API tokens made with the old one stop working.

    A reset also proves the person reads mail at the address, so it verifies the address.
    """
    Token.objects.filter(user=user).delete()
    if by_reset and user.email_verified_at is None:
        User.objects.filter(pk=user.pk, email_verified_at__isnull=True).update(email_verified_at=timezone.now())
        user.refresh_from_db(fields=["email_verified_at"])


# Change of address -------------------------------------------------------------------------


@transaction.atomic
def email_change_request(*, user: User, new_email: str, password: str) -> AccountMail:
    """Mail the new address a link that makes the change; nothing changes until it is followed.

    If the new address already belongs to another account, that address is told so instead,
    and the person asking gets the same answer: this form does not tell which addresses exist.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.check_password(password):
        raise ValidationError({"password": _("Your password is not correct.")}, code="wrong_password")
    new_email = _normalized(new_email)
    if new_email == (user.email or "").lower():
        raise ValidationError({"new_email": _("This is already your email address.")}, code="same_email")
    _check_limits(user=user, kinds=CHANGE_KINDS, now=timezone.now())
    taken = User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists()
    kind = AccountMail.Kind.EMAIL_CHANGE_TAKEN if taken else AccountMail.Kind.EMAIL_CHANGE
    return _mail_create(user=user, kind=kind, address=new_email)


def email_change_pending(*, user: User) -> AccountMail | None:
    """The newest change of address still waiting for its link (shown the same whether the address is free)."""
    since = timezone.now() - datetime.timedelta(hours=email_verification_hours())
    latest = AccountMail.objects.filter(user=user, kind__in=CHANGE_KINDS, created_at__gt=since).first()
    if latest is None or latest.address.lower() == (user.email or "").lower():
        return None
    if AccountMail.objects.filter(
        user=user, kind=AccountMail.Kind.EMAIL_CHANGED, created_at__gte=latest.created_at
    ).exists():
        return None
    return latest


def _change_mail(payload: dict, *, lock: bool = False) -> tuple[AccountMail | None, LinkResult | None]:
    mail_id = payload.get("m")
    if not isinstance(mail_id, int) or isinstance(mail_id, bool):
        return None, LinkResult.INVALID
    mail = AccountMail.objects.select_related("user").filter(pk=mail_id, kind=AccountMail.Kind.EMAIL_CHANGE).first()
    if mail is None or not mail.user.is_active:
        return None, LinkResult.INVALID
    if lock:
        mail.user = User.objects.select_for_update().get(pk=mail.user_id)
    user = mail.user
    current = (user.email or "").lower()
    if current == mail.address.lower():
        return mail, LinkResult.ALREADY_DONE
    if not constant_time_compare(payload["h"], _hash(CHANGE_SALT, user.pk, current, mail.address.lower())):
        return None, LinkResult.INVALID
    return mail, None


def email_change_check(*, token: str) -> tuple[LinkOutcome, AccountMail | None]:
    payload, failure = _load(token, salt=CHANGE_SALT, hours=email_verification_hours())
    if failure is not None:
        return LinkOutcome(failure), None
    mail, result = _change_mail(payload)
    if result is not None:
        return LinkOutcome(result, mail.user if mail else None), mail
    return LinkOutcome(LinkResult.DONE, mail.user), mail


@transaction.atomic
def email_change_confirm(*, token: str) -> LinkOutcome:
    """Make the change the link was mailed for; the old address is told."""
    payload, failure = _load(token, salt=CHANGE_SALT, hours=email_verification_hours())
    if failure is not None:
        return LinkOutcome(failure)
    mail, result = _change_mail(payload, lock=True)
    if result is not None:
        return LinkOutcome(result, mail.user if mail else None)
    user = mail.user
    old_email = user.email
    if User.objects.filter(email__iexact=mail.address).exclude(pk=user.pk).exists():
        return LinkOutcome(LinkResult.TAKEN, user)
    user.email = mail.address.lower()
    user.email_verified_at = timezone.now()
    try:
        with transaction.atomic():  # another account may have taken the address a moment ago
            user.save(update_fields=["email", "email_verified_at"])
    except IntegrityError:
        user.refresh_from_db(fields=["email", "email_verified_at"])
        return LinkOutcome(LinkResult.TAKEN, user)
    if old_email:
        _mail_create(user=user, kind=AccountMail.Kind.EMAIL_CHANGED, address=old_email)
    return LinkOutcome(LinkResult.DONE, user)
