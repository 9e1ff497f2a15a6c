"""NIK conflicts and registration at the Disnaker counter in the admin (issue 8).

A NIK is claimed, not owned, until staff check the KTP. Staff who verify AK/I cards
(jobseekers.verify_akicard) see the registrations that claim one NIK and resolve them through
the services, and register people at the counter, printing the take-over sheet.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bontang_aker.core.admin import AuditHistoryMixin, EventAdmin, EventInline, LocalDisplayMixin, wita
from bontang_aker.core.forms import add_service_errors
from bontang_aker.core.masking import mask_nik
from bontang_aker.core.validators import MAX_NOTE_LENGTH, validate_no_control_characters_multiline
from bontang_aker.core.workflow import TransitionError
from jobseekers import services
from jobseekers.forms import CounterRegistrationForm
from jobseekers.models import AkiCard, JobseekerProfile, NikConflict, NikConflictEvent


def _can_resolve_nik(request) -> bool:
    """The officers who check KTPs and issue cards resolve NIK conflicts and register at the counter."""
    return request.user.has_perm("jobseekers.verify_akicard")


class NikConflictEventInline(EventInline):
    model = NikConflictEvent
    fields = ("created_at", "from_status_label", "to_status_label", "actor", "profile", "note")
    readonly_fields = fields


class NikConflictResolveForm(forms.Form):
    class Action:
        RELEASE = "release"
        DISABLE = "disable"
        TYPO = "typo"

    action = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            ("release", _("Release the NIK to the chosen person, its verified owner (the others are disabled)")),
            ("disable", _("Disable the chosen registration: it does not own the NIK (a squatter)")),
            ("typo", _("Not a conflict: the chosen person mistyped their NIK; enter the NIK from their KTP")),
        ],
    )
    profile = forms.TypedChoiceField(label=_("Person"), coerce=int, widget=forms.RadioSelect)
    corrected_nik = forms.CharField(label=_("Corrected NIK (only for a mistyped NIK)"), required=False, max_length=32)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=MAX_NOTE_LENGTH,
        validators=[validate_no_control_characters_multiline],
        widget=forms.Textarea(attrs={"rows": 3, "cols": 70}),
        help_text=_("Recorded with the decision: what you checked (KTP seen, phone call…)."),
    )

    def __init__(self, *args, claimants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profile"].choices = [(p.pk, claimant_label(p)) for p in claimants]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "typo" and not cleaned.get("corrected_nik"):
            self.add_error("corrected_nik", gettext("Enter the NIK from this person's KTP."))
        return cleaned


def claimant_label(profile: JobseekerProfile) -> str:
    card = profile.aki_cards.open().first()
    parts = [
        f"#{profile.pk} {profile.full_name}",
        profile.user.email,
        gettext("registered %(date)s") % {"date": wita(profile.created_at)},
        gettext("card: %(status)s") % {"status": card.get_status_display()} if card else gettext("no card request"),
    ]
    if profile.nik_verified_at:
        parts.append(gettext("NIK verified %(date)s") % {"date": wita(profile.nik_verified_at)})
    if profile.registered_at_counter:
        parts.append(gettext("registered at the counter"))
    return " — ".join(parts)


@admin.register(NikConflict)
class NikConflictAdmin(AuditHistoryMixin, LocalDisplayMixin, admin.ModelAdmin):
    """Registrations that claim the same NIK, oldest first; resolved only through the services."""

    list_display = ("__str__", "status", "opened_at", "claimant_list", "any_card_request", "resolution")
    list_filter = ("status", "resolution", "opened_at")
    search_fields = ("^nik", "claimants__full_name", "claimants__user__email")
    search_help_text = _("NIK (from the start), a claimant's name or email.")
    ordering = ("opened_at", "pk")
    fields = (
        "masked_nik",
        "status",
        "opened_at",
        "claimant_list",
        "resolution",
        "owner",
        "resolved_by",
        "resolved_at",
        "note",
    )
    readonly_fields = fields
    inlines = (NikConflictEventInline,)
    change_form_template = "admin/jobseekers/nikconflict/change_form.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("claimants", JobseekerProfile.objects.select_related("user").order_by("created_at", "pk")),
                Prefetch(
                    "claimants__aki_cards",
                    AkiCard.objects.filter(status__in=[AkiCard.Status.REQUESTED, AkiCard.Status.ACTIVE]),
                    to_attr="open_cards",
                ),
            )
            .distinct()
        )

    def has_add_permission(self, request):
        return False  # opened by the registration services

    def has_change_permission(self, request, obj=None):
        return False  # resolved through the resolve page, which calls the services

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or _can_resolve_nik(request)

    def has_module_permission(self, request):
        return super().has_module_permission(request) or _can_resolve_nik(request)

    @admin.display(description=_("NIK"), ordering="nik")
    def masked_nik(self, conflict):
        return mask_nik(conflict.nik)

    @admin.display(description=_("claimants (registered, email)"))
    def claimant_list(self, conflict):
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} — {} — {}{}{}</li>",
                (
                    (
                        p.full_name,
                        wita(p.created_at),
                        p.user.email,
                        format_html(" — <strong>{}</strong>", gettext("NIK verified")) if p.nik_verified_at else "",
                        format_html(" — {}", gettext("disabled")) if p.nik_revoked_at else "",
                    )
                    for p in conflict.claimants.all()
                ),
            ),
        )

    @admin.display(description=_("card request"), boolean=True)
    def any_card_request(self, conflict):
        return any(getattr(p, "open_cards", None) for p in conflict.claimants.all())

    def get_urls(self):
        resolve = path(
            "<int:object_id>/resolve/",
            self.admin_site.admin_view(self.resolve_view),
            name="jobseekers_nikconflict_resolve",
        )
        return [resolve, *super().get_urls()]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.status == NikConflict.Status.OPEN and _can_resolve_nik(request):
            context["resolve_url"] = reverse("admin:jobseekers_nikconflict_resolve", args=[obj.pk])
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def resolve_view(self, request, object_id: int):
        if not _can_resolve_nik(request):
            raise PermissionDenied
        conflict = NikConflict.objects.filter(pk=object_id).first()
        if conflict is None:
            raise Http404
        change_url = reverse("admin:jobseekers_nikconflict_change", args=[conflict.pk])
        if conflict.status != NikConflict.Status.OPEN:
            self.message_user(request, gettext("This NIK conflict is already resolved."), messages.WARNING)
            return HttpResponseRedirect(change_url)
        claimants = list(conflict.live_claimants().select_related("user").order_by("created_at", "pk"))
        form = NikConflictResolveForm(request.POST if request.method == "POST" else None, claimants=claimants)
        if form.is_valid():
            data = form.cleaned_data
            common = {"conflict_id": conflict.pk, "by": request.user, "note": data["note"]}
            try:
                if data["action"] == "release":
                    services.nik_conflict_release(owner_id=data["profile"], **common)
                elif data["action"] == "disable":
                    services.nik_conflict_disable_claimant(profile_id=data["profile"], **common)
                else:
                    services.nik_conflict_correct_typo(
                        profile_id=data["profile"], corrected_nik=data["corrected_nik"], **common
                    )
            except ValidationError as error:
                add_service_errors(form, error)
            except TransitionError:
                self.message_user(request, gettext("This NIK conflict is already resolved."), messages.WARNING)
                return HttpResponseRedirect(change_url)
            else:
                self.message_user(request, gettext("The decision on the NIK conflict is recorded."), messages.SUCCESS)
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Resolve NIK conflict %(conflict)s") % {"conflict": conflict},
            "original": conflict,
            "intro": gettext(
                "Decide only after seeing the KTP. Disabled accounts cannot log in; the reason is recorded."
            ),
            "change_url": change_url,
            "form": form,
            "submit_label": gettext("Record the decision"),
            "error_note": gettext("Please correct the error below."),
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/jobseekers/nikconflict/resolve.html", context)


@admin.register(NikConflictEvent)
class NikConflictEventAdmin(EventAdmin):
    parent_field = "conflict"
    search_fields = ("^conflict__nik", "profile__full_name", "note", "actor__email")


class CounterRegistrationAdminMixin:
    """ "Register at the counter" on the jobseekers' changelist: staff saw the KTP, the paper form is signed."""

    NIK_FIELDS = (
        "nik_verified_at",
        "nik_revoked_at",
        "registered_at_counter",
        "consent_method",
        "consent_recorded_by",
        "takeover_code_expires_at",
    )

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *self.NIK_FIELDS)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "nik" in form.changed_data:
            # A NIK corrected by staff is claimed like any other: a conflict if someone else claims it.
            services.nik_claim_after_correction(profile_id=obj.pk, by=request.user)

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        shown = {name for _title, options in fieldsets for name in options["fields"] if isinstance(name, str)}
        extra = tuple(name for name in self.NIK_FIELDS if name not in shown)
        return [*fieldsets, (_("NIK and counter registration"), {"fields": extra})] if extra else fieldsets

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.registered_at_counter and _can_resolve_nik(request):
            if services.is_counter_placeholder_email(obj.user.email):
                context["takeover_sheet_url"] = reverse(
                    "admin:jobseekers_jobseekerprofile_takeover_sheet", args=[obj.pk]
                )
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def get_urls(self):
        urls = [
            path(
                "counter-register/",
                self.admin_site.admin_view(self.counter_register_view),
                name="jobseekers_jobseekerprofile_counter_register",
            ),
            path(
                "<int:object_id>/takeover-sheet/",
                self.admin_site.admin_view(self.takeover_sheet_view),
                name="jobseekers_jobseekerprofile_takeover_sheet",
            ),
        ]
        return [*urls, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_register_at_counter": _can_resolve_nik(request)}
        return super().changelist_view(request, extra_context)

    def _sheet(self, request, profile: JobseekerProfile, code: str):
        context = {
            "profile": profile,
            "code": code,
            "valid_until": profile.takeover_code_expires_at,
            "take_over_url": request.build_absolute_uri(reverse("jobseekers:take_over")),
            "staff": request.user,
            "has_email": not services.is_counter_placeholder_email(profile.user.email),
        }
        response = TemplateResponse(request, "jobseekers/counter_sheet.html", context)
        response["Cache-Control"] = "private, no-store"  # the code is shown once
        return response

    def counter_register_view(self, request):
        if not _can_resolve_nik(request):
            raise PermissionDenied
        form = CounterRegistrationForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                profile, code = services.jobseeker_register_at_counter(by=request.user, **data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return self._sheet(request, profile, code)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Register at the counter"),
            "form": form,
            "error_note": gettext("Please correct the error below."),
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/jobseekers/jobseekerprofile/counter_register.html", context)

    def takeover_sheet_view(self, request, object_id: int):
        """A new sheet with a new code (POST only: the old code stops working)."""
        if not _can_resolve_nik(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        try:
            code = services.takeover_code_renew(profile_id=object_id, by=request.user)
        except JobseekerProfile.DoesNotExist:
            raise Http404 from None
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:jobseekers_jobseekerprofile_change", args=[object_id]))
        profile = JobseekerProfile.objects.select_related("user").get(pk=object_id)
        return self._sheet(request, profile, code)
