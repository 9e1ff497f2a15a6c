"""Every write on a company's members: invite a colleague, accept, make admin or not, remove.

Only a company admin (`can_manage_company`) invites, changes roles and removes; a company
always keeps at least one admin. The invitation mail is written inside the caller's
transaction (a `CompanyInvitation` row) and sent by a Celery task after commit, in the
invitee's language when they have an account, else the inviter's. Its link holds a signed
token made when the mail is sent (`django.core.signing`), so no token is stored.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import password_validation
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from bontang_aker.accounts.models import User
from bontang_aker.notices.services import language_of, render_text
from employers.models import Company, CompanyInvitation, CompanyMember
from employers.permissions import can_manage_company

logger = logging.getLogger(__name__)

INVITATION_SALT = "employers.company_invitation"


class InvitationResult(enum.Enum):
    VALID = "valid"
    EXPIRED = "expired"
    USED = "used"
    INVALID = "invalid"  # tampered, unknown or cancelled


@dataclass(frozen=True)
class InvitationOutcome:
    result: InvitationResult
    invitation: CompanyInvitation | None = None


def _admin_required(*, company: Company, by: User) -> None:
    if not can_manage_company(by, company):
        raise PermissionDenied(_("Only an administrator of the company can manage its members."))


def _normalize(email: str) -> str:
    return User.objects.normalize_email(email or "").strip().lower()


def _address_refusal(*, email: str, company: Company) -> str | None:
    """Why an address cannot join `company`, or None when it can."""
    user = User.objects.filter(email__iexact=email).select_related("company_membership").first()
    if user is None:
        return None
    membership = getattr(user, "company_membership", None)
    if membership is not None:
        if membership.company_id == company.pk:
            return _("This address already belongs to a member of your company.")
        return _(
            "This address belongs to a member of another company. An account can belong to one company only; "
            "ask your colleague for another work address."
        )
    if user.role != User.Role.EMPLOYER:
        return _(
            "This address belongs to a jobseeker or Disnaker account, which cannot join a company. "
            "Ask your colleague for another work address."
        )
    return None


# Tokens ------------------------------------------------------------------------------------


def _hash(invitation: CompanyInvitation) -> str:
    parts = (invitation.pk, invitation.email.lower(), invitation.company_id, invitation.created_at.isoformat())
    return salted_hmac(INVITATION_SALT, "|".join(str(p) for p in parts), algorithm="sha256").hexdigest()[:32]


def invitation_token(invitation: CompanyInvitation) -> str:
    return signing.dumps({"i": invitation.pk, "h": _hash(invitation)}, salt=INVITATION_SALT)


def invitation_check(*, token: str) -> InvitationOutcome:
    """What a link is worth: valid (pending, not expired), expired, used or invalid."""
    max_age = settings.COMPANY_INVITATION_DAYS * 24 * 60 * 60
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=max_age)
    except signing.SignatureExpired:
        data = signing.loads(token, salt=INVITATION_SALT)
        invitation = CompanyInvitation.objects.filter(pk=data.get("i")).first() if isinstance(data, dict) else None
        if invitation is not None and invitation.accepted_at is not None:
            return InvitationOutcome(InvitationResult.USED, invitation)
        return InvitationOutcome(InvitationResult.EXPIRED, invitation)
    except signing.BadSignature:
        return InvitationOutcome(InvitationResult.INVALID)
    if not isinstance(data, dict) or not isinstance(data.get("i"), int) or not isinstance(data.get("h"), str):
        return InvitationOutcome(InvitationResult.INVALID)
    invitation = CompanyInvitation.objects.select_related("company", "invited_by").filter(pk=data["i"]).first()
    if invitation is None or not constant_time_compare(data["h"], _hash(invitation)):
        return InvitationOutcome(InvitationResult.INVALID)
    if invitation.accepted_at is not None:
        return InvitationOutcome(InvitationResult.USED, invitation)
    if invitation.cancelled_at is not None:
        return InvitationOutcome(InvitationResult.INVALID, invitation)
    if invitation.is_expired:
        return InvitationOutcome(InvitationResult.EXPIRED, invitation)
    return InvitationOutcome(InvitationResult.VALID, invitation)


# Inviting ----------------------------------------------------------------------------------


def _queue(invitation: CompanyInvitation) -> CompanyInvitation:
    from employers.tasks import send_company_invitation_task

    def queue_mail():
        send_company_invitation_task.delay(invitation.pk)

    # robust: the invitation is committed; a broker outage leaves it unsent (visible in the admin).
    transaction.on_commit(queue_mail, robust=True)
    return invitation


@transaction.atomic
def invitation_create(*, company: Company, by: User, email: str) -> CompanyInvitation:
    """Invite `email` to `company`; refused (ValidationError on `email`) when the address cannot join."""
    _admin_required(company=company, by=by)
    email = _normalize(email)
    if not email:
        raise ValidationError({"email": _("Enter the email address of your colleague.")})
    refusal = _address_refusal(email=email, company=company)
    if refusal:
        raise ValidationError({"email": refusal})
    pending = _("An invitation to this address is already waiting. You can send it again from the list.")
    if CompanyInvitation.objects.filter(
        company=company, email__iexact=email, accepted_at__isnull=True, cancelled_at__isnull=True
    ).exists():
        raise ValidationError({"email": pending})
    try:
        with transaction.atomic():  # the partial unique constraint decides a race between two invites
            invitation = CompanyInvitation.objects.create(company=company, email=email, invited_by=by)
    except IntegrityError:
        raise ValidationError({"email": pending}) from None
    return _queue(invitation)


def _pending_of(*, company: Company, invitation_id: int) -> CompanyInvitation:
    """Raises CompanyInvitation.DoesNotExist for another company's invitation, as for a missing one."""
    return CompanyInvitation.objects.select_for_update().get(
        pk=invitation_id, company=company, accepted_at__isnull=True, cancelled_at__isnull=True
    )


@transaction.atomic
def invitation_cancel(*, company: Company, by: User, invitation_id: int) -> CompanyInvitation:
    _admin_required(company=company, by=by)
    invitation = _pending_of(company=company, invitation_id=invitation_id)
    invitation.cancelled_at = timezone.now()
    invitation.save(update_fields=["cancelled_at"])
    return invitation


@transaction.atomic
def invitation_resend(*, company: Company, by: User, invitation_id: int) -> CompanyInvitation:
    """A new invitation (new link, another COMPANY_INVITATION_DAYS) replacing the pending one."""
    _admin_required(company=company, by=by)
    old = _pending_of(company=company, invitation_id=invitation_id)
    old.cancelled_at = timezone.now()
    old.save(update_fields=["cancelled_at"])
    refusal = _address_refusal(email=old.email, company=company)
    if refusal:
        raise ValidationError({"email": refusal})
    return _queue(CompanyInvitation.objects.create(company=company, email=old.email, invited_by=by))


def invitation_mail_send(*, invitation_id: int) -> bool:
    """Send one invitation mail unless sent already or no longer pending; returns whether it went out."""
    with transaction.atomic():
        invitation = (
            CompanyInvitation.objects.select_for_update(of=("self",))
            .select_related("company", "invited_by")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or invitation.sent_at is not None or not invitation.is_pending:
            return False
        invitee = User.objects.filter(email__iexact=invitation.email).first()
        reader = invitee or invitation.invited_by
        language = language_of(reader) if reader is not None else settings.LANGUAGE_CODE
        with translation.override(language):
            context = {
                "invitation": invitation,
                "company": invitation.company,
                "inviter": invitation.invited_by,
                "link": settings.SITE_URL + reverse("employers:invitation_accept", args=[invitation_token(invitation)]),
                "days": settings.COMPANY_INVITATION_DAYS,
                "site_url": settings.SITE_URL,
            }
            subject = " ".join(render_text("employers/email/company_invitation_subject.txt", context).split())
            body = render_text("employers/email/company_invitation_body.txt", context).strip()
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
    return True


# Accepting ---------------------------------------------------------------------------------


def _accept(*, invitation_id: int, user: User) -> CompanyMember:
    invitation = CompanyInvitation.objects.select_for_update().get(pk=invitation_id)
    if invitation.accepted_at is not None or invitation.cancelled_at is not None or invitation.is_expired:
        raise ValidationError(_("This invitation is no longer valid. Ask the company for a new one."))
    refusal = _address_refusal(email=user.email, company=invitation.company)
    if refusal:
        raise ValidationError(refusal)
    try:
        with transaction.atomic():  # the one-to-one on the user decides a race with another company
            member = CompanyMember.objects.create(user=user, company=invitation.company, is_company_admin=False)
    except IntegrityError:
        raise ValidationError(_("Your account already belongs to a company.")) from None
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    if user.email_verified_at is None:  # the link came to this mailbox
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return member


@transaction.atomic
def invitation_accept(*, invitation_id: int, user: User) -> CompanyMember:
    """A logged-in account with the invited address and no company joins as a member."""
    invitation = CompanyInvitation.objects.get(pk=invitation_id)
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(
            _("This invitation was sent to %(email)s. Log in with that address to accept it.")
            % {"email": invitation.email}
        )
    return _accept(invitation_id=invitation_id, user=user)


@transaction.atomic
def invitation_accept_signup(*, invitation_id: int, full_name: str, password: str) -> CompanyMember:
    """A new visitor signs up with the invited address and joins as a member."""
    invitation = CompanyInvitation.objects.get(pk=invitation_id)
    email = invitation.email.lower()
    exists = _("An account with this address already exists. Log in to accept the invitation.")
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(exists)
    candidate = User(email=email, full_name=full_name, role=User.Role.EMPLOYER)
    password_validation.validate_password(password, candidate)  # ValidationError without a field: shown on password
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email=email, password=password, full_name=full_name, role=User.Role.EMPLOYER
            )
    except IntegrityError:
        raise ValidationError(exists) from None
    return _accept(invitation_id=invitation_id, user=user)


# Roles and removal -------------------------------------------------------------------------


def _member_of(*, company: Company, member_id: int) -> CompanyMember:
    """Locks the company (one role change at a time); another company's member is DoesNotExist."""
    Company.objects.select_for_update().filter(pk=company.pk).first()
    return CompanyMember.objects.select_related("user").get(pk=member_id, company=company)


def _last_admin(member: CompanyMember) -> bool:
    return member.is_company_admin and not (
        CompanyMember.objects.filter(company_id=member.company_id, is_company_admin=True).exclude(pk=member.pk).exists()
    )


@transaction.atomic
def member_set_admin(*, company: Company, by: User, member_id: int, is_admin: bool) -> CompanyMember:
    _admin_required(company=company, by=by)
    member = _member_of(company=company, member_id=member_id)
    if not is_admin and _last_admin(member):
        raise ValidationError(
            _("The company needs at least one administrator. Make another member an administrator first.")
        )
    if member.is_company_admin != is_admin:
        member.is_company_admin = is_admin
        member.save(update_fields=["is_company_admin", "updated_at"])
    return member


@transaction.atomic
def member_remove(*, company: Company, by: User, member_id: int) -> None:
    """The account stays (an employer account without a company); it no longer acts for the company."""
    _admin_required(company=company, by=by)
    member = _member_of(company=company, member_id=member_id)
    if _last_admin(member):
        raise ValidationError(
            _("The last administrator cannot be removed. Make another member an administrator first.")
        )
    member.delete()
