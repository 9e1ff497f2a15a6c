"""Pages of a company's members: the list with invitations, and accepting an invitation.

Every lookup is within the member's own company: another company's member or invitation is
a 404, exactly like a missing one. Only admins change anything (others get 403).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from bontang_aker.core.forms import add_service_errors
from employers import members
from employers.member_forms import InvitationForm, InvitationSignupForm
from employers.members import InvitationResult
from employers.models import CompanyInvitation, CompanyMember
from employers.permissions import can_manage_company, company_of
from employers.views import CompanyMemberMixin


class MemberListView(CompanyMemberMixin, TemplateView):
    template_name = "employers/member_list.html"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        is_admin = can_manage_company(self.request.user, self.company)
        context.update(
            members=CompanyMember.objects.filter(company=self.company)
            .select_related("user")
            .order_by("-is_company_admin", "user__full_name", "pk"),
            invitations=CompanyInvitation.objects.filter(
                company=self.company, accepted_at__isnull=True, cancelled_at__isnull=True
            ).order_by("-created_at"),
            is_admin=is_admin,
            form=form or (InvitationForm(days=settings.COMPANY_INVITATION_DAYS) if is_admin else None),
        )
        return context

    def post(self, request, *args, **kwargs):
        if not can_manage_company(request.user, self.company):
            raise PermissionDenied(_("Only an administrator of the company can manage its members."))
        form = InvitationForm(request.POST, days=settings.COMPANY_INVITATION_DAYS)
        if form.is_valid():
            try:
                invitation = members.invitation_create(
                    company=self.company, by=request.user, email=form.cleaned_data["email"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The invitation is on its way to %(email)s.") % {"email": invitation.email})
                return redirect("employers:member_list")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class _MemberAction(CompanyMemberMixin, View):
    """A POST by an admin on one member or invitation of their own company; back to the list."""

    http_method_names = ["post"]

    def post(self, request, pk):
        if not can_manage_company(request.user, self.company):
            raise PermissionDenied(_("Only an administrator of the company can manage its members."))
        try:
            message = self.act(pk)
        except (CompanyMember.DoesNotExist, CompanyInvitation.DoesNotExist):
            raise Http404 from None
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, message)
        return redirect("employers:member_list")


class MemberRoleView(_MemberAction):
    def act(self, pk):
        make_admin = self.request.POST.get("is_admin") == "1"
        member = members.member_set_admin(company=self.company, by=self.request.user, member_id=pk, is_admin=make_admin)
        name = member.user.get_full_name() or member.user.email
        if make_admin:
            return _("%(name)s is now an administrator.") % {"name": name}
        return _("%(name)s is no longer an administrator.") % {"name": name}


class MemberRemoveView(_MemberAction):
    def act(self, pk):
        members.member_remove(company=self.company, by=self.request.user, member_id=pk)
        return _("The member is removed; the account no longer acts for your company.")


class InvitationResendView(_MemberAction):
    def act(self, pk):
        invitation = members.invitation_resend(company=self.company, by=self.request.user, invitation_id=pk)
        return _("A new invitation is on its way to %(email)s.") % {"email": invitation.email}


class InvitationCancelView(_MemberAction):
    def act(self, pk):
        invitation = members.invitation_cancel(company=self.company, by=self.request.user, invitation_id=pk)
        return _("The invitation to %(email)s is cancelled; its link no longer works.") % {"email": invitation.email}


class InvitationAcceptView(TemplateView):
    """Open to anyone holding the link: a logged-in account accepts, a new visitor signs up."""

    template_name = "employers/invitation_accept.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.outcome = members.invitation_check(token=kwargs["token"])
        self.invitation = self.outcome.invitation

    def _refusal(self) -> str | None:
        """Why this visitor cannot accept (shown instead of the button), or None."""
        user = self.request.user
        if self.outcome.result != InvitationResult.VALID:
            return None
        if not user.is_authenticated:
            return None
        if user.email.lower() != self.invitation.email.lower():
            return _("This invitation was sent to %(email)s. Log in with that address to accept it.") % {
                "email": self.invitation.email
            }
        membership = company_of(user)
        if membership is not None and membership.pk == self.invitation.company_id:
            return _("You are already a member of this company.")
        return members._address_refusal(email=user.email, company=self.invitation.company)

    def get_context_data(self, form=None, error=None, **kwargs):
        context = super().get_context_data(**kwargs)
        valid = self.outcome.result == InvitationResult.VALID
        needs_signup = valid and not self.request.user.is_authenticated
        account_exists = needs_signup and members.User.objects.filter(email__iexact=self.invitation.email).exists()
        context.update(
            result=self.outcome.result.value,
            invitation=self.invitation if valid else None,
            refusal=error or self._refusal(),
            account_exists=account_exists,
            login_url=f"{reverse('accounts:login')}?next={self.request.path}",
            form=(form or InvitationSignupForm(initial={"email": self.invitation.email}))
            if needs_signup and not account_exists
            else None,
        )
        return context

    def get(self, request, *args, **kwargs):
        status = 200 if self.outcome.result == InvitationResult.VALID else 410
        if self.outcome.result == InvitationResult.INVALID:
            status = 404
        return self.render_to_response(self.get_context_data(), status=status)

    def post(self, request, *args, **kwargs):
        if self.outcome.result != InvitationResult.VALID:
            return self.get(request, *args, **kwargs)
        form = None
        try:
            if request.user.is_authenticated:
                member = members.invitation_accept(invitation_id=self.invitation.pk, user=request.user)
            else:
                form = InvitationSignupForm(request.POST, initial={"email": self.invitation.email})
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(form=form), status=400)
                member = members.invitation_accept_signup(
                    invitation_id=self.invitation.pk,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password1"],
                )
                login(request, member.user, backend="django.contrib.auth.backends.ModelBackend")
        except ValidationError as error:
            if form is not None:
                add_service_errors(form, error, field_map={})
                return self.render_to_response(self.get_context_data(form=form), status=400)
            return self.render_to_response(self.get_context_data(error=" ".join(error.messages)), status=400)
        messages.success(
            request, _("Welcome to %(company)s. You can now act for the company.") % {"company": member.company.name}
        )
        return redirect("portal:dashboard")
