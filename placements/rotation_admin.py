"""The fair rotation for TA work in the admin (issue 10): pools, their queue, proposals and history.

A pool's change page shows its queue now, each person with the reasons, and a "propose the next
N" form; its open proposals are listed below with their decisions. A proposal's page has the
decisions skip (a reason from the list plus words) and refer (an AK/IV call-up, or the AK/V
referral of an applicant). Everything runs `placements.rotation`'s services, as the API does.
Supervisors (kepala_bidang) see the pools, the proposals and their events, but decide nothing.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from bontang_aker.core.admin import (
    AuditHistoryMixin,
    Decision,
    DecisionsMixin,
    EventAdmin,
    EventInline,
    LocalDisplayMixin,
)
from bontang_aker.core.validators import MAX_NOTE_LENGTH, validate_no_control_characters_multiline
from employers.models import Vacancy
from placements import rotation
from placements.models import RotationPool, RotationProposal, RotationProposalEvent

QUEUE_SHOWN = 30


def _open_vacancies():
    """Published vacancies still open, short work first: what a rotation proposal can be for."""
    return (
        Vacancy.objects.filter(status=Vacancy.Status.PUBLISHED, close_date__gte=timezone.localdate())
        .filter(
            employment_type__in=[
                Vacancy.EmploymentType.TURNAROUND,
                Vacancy.EmploymentType.DAILY,
                Vacancy.EmploymentType.CONTRACT,
            ]
        )
        .select_related("company")
        .order_by("close_date", "pk")
    )


class VacancyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, vacancy):
        return f"{vacancy.title} — {vacancy.company.name} ({vacancy.get_employment_type_display()})"


class ProposeForm(forms.Form):
    count = forms.IntegerField(label=_("How many people"), min_value=1, max_value=rotation.PROPOSE_MAX_COUNT, initial=5)
    vacancy = VacancyChoiceField(
        label=_("For the vacancy"),
        queryset=Vacancy.objects.none(),
        required=False,
        help_text=_("Optional; needed later to refer or call them up."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vacancy"].queryset = _open_vacancies()


class SkipForm(forms.Form):
    category = forms.ChoiceField(label=_("Why"), choices=RotationProposal.SkipCategory.choices)
    reason = forms.CharField(
        label=_("Reason, in words"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 70}),
        help_text=_("Recorded in the history; the person keeps their place in the queue."),
        strip=True,
        max_length=MAX_NOTE_LENGTH,
        validators=[validate_no_control_characters_multiline],
    )


class ReferForm(forms.Form):
    vacancy = VacancyChoiceField(
        label=_("Vacancy"),
        queryset=Vacancy.objects.none(),
        required=False,
        help_text=_("Leave empty to use the proposal's vacancy."),
    )
    message = forms.CharField(
        label=_("Message for a call-up (optional)"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 70}),
        required=False,
        strip=True,
        max_length=MAX_NOTE_LENGTH,
        validators=[validate_no_control_characters_multiline],
        help_text=_("Shown to the jobseeker and printed on the AK/IV letter."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vacancy"].queryset = _open_vacancies()


def _reasons_html(components) -> str:
    if not components:
        return "—"
    return format_html(
        "<ul>{}</ul>",
        format_html_join(
            "", "<li>{} ({})</li>", ((rotation.component_text(c), f"{c.get('points', 0):+g}") for c in components)
        ),
    )


class OpenProposalInline(LocalDisplayMixin, admin.TabularInline):
    """The pool's proposals awaiting a decision; the whole history is the proposals' list."""

    model = RotationProposal
    fields = ("rank", "jobseeker", "vacancy", "score", "reasons", "created_at", "proposed_by", "decide")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    verbose_name = _("open proposal")
    verbose_name_plural = _("open proposals")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(status=RotationProposal.Status.PROPOSED)
            .select_related("jobseeker", "vacancy__company", "proposed_by")
            .order_by("rank", "pk")
        )

    @admin.display(description=_("reasons"))
    def reasons(self, proposal):
        return _reasons_html(proposal.components)

    @admin.display(description=_("decide"))
    def decide(self, proposal):
        links = [
            (reverse("admin:placements_rotationproposal_decide", args=[quote(proposal.pk), name]), label)
            for name, label in (("refer", gettext("Refer…")), ("skip", gettext("Skip…")))
        ]
        return format_html_join(" ", '<a class="button" href="{}">{}</a>', links)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RotationPool)
class RotationPoolAdmin(AuditHistoryMixin, LocalDisplayMixin, admin.ModelAdmin):
    list_display = ("name", "is_active", "require_all_skills", "occupation", "updated_at")
    list_filter = ("is_active",)
    search_fields = ("name",)
    filter_horizontal = ("skills",)
    autocomplete_fields = ("occupation",)
    fields = ("name", "description", "skills", "require_all_skills", "occupation", "is_active", "created_by")
    readonly_fields = ("created_by",)
    inlines = (OpenProposalInline,)
    change_form_template = "admin/placements/rotationpool/change_form.html"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_propose_permission(self, request) -> bool:
        return request.user.has_perm("placements.refer_candidate")

    def get_urls(self):
        propose = path(
            "<path:object_id>/propose/",
            self.admin_site.admin_view(self.propose_view),
            name="placements_rotationpool_propose",
        )
        return [propose, *super().get_urls()]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and change:
            context["queue"] = [
                (entry, _reasons_html(entry.components))
                for entry in rotation.rotation_queue(pool=obj, limit=QUEUE_SHOWN)
            ]
            context["queue_shown"] = QUEUE_SHOWN
            context["history_url"] = (
                reverse("admin:placements_rotationproposal_changelist") + f"?pool__id__exact={obj.pk}"
            )
            if self.has_propose_permission(request) and obj.is_active:
                context["propose_form"] = ProposeForm()
                context["propose_url"] = reverse("admin:placements_rotationpool_propose", args=[quote(obj.pk)])
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def propose_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        pool = self.get_object(request, unquote(object_id))
        if pool is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not (self.has_view_or_change_permission(request, pool) and self.has_propose_permission(request)):
            raise PermissionDenied
        change_url = reverse("admin:placements_rotationpool_change", args=[quote(pool.pk)])
        form = ProposeForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    self.message_user(request, error, messages.ERROR)
            return HttpResponseRedirect(change_url)
        vacancy = form.cleaned_data["vacancy"]
        try:
            proposals = rotation.rotation_propose(
                pool=pool, by=request.user, count=form.cleaned_data["count"], vacancy_id=vacancy.pk if vacancy else None
            )
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return HttpResponseRedirect(change_url)
        if proposals:
            self.message_user(
                request,
                ngettext("%(count)d person proposed.", "%(count)d people proposed.", len(proposals))
                % {"count": len(proposals)},
                messages.SUCCESS,
            )
        else:
            self.message_user(request, gettext("Nobody left in the queue to propose."), messages.WARNING)
        return HttpResponseRedirect(change_url)


class RotationProposalEventInline(EventInline):
    model = RotationProposalEvent


@admin.register(RotationProposal)
class RotationProposalAdmin(AuditHistoryMixin, DecisionsMixin, LocalDisplayMixin, admin.ModelAdmin):
    list_display = ("created_at", "pool", "rank", "jobseeker", "vacancy", "score", "status", "decided_by")
    list_filter = ("status", "pool", "skip_category", "created_at")
    search_fields = ("jobseeker__full_name", "^jobseeker__nik", "pool__name", "skip_reason")
    list_select_related = ("pool", "jobseeker", "vacancy__company", "decided_by")
    ordering = ("-created_at", "rank", "pk")
    list_per_page = 50
    fields = (
        "pool",
        "vacancy",
        "jobseeker",
        "rank",
        "score",
        "reasons",
        "status",
        "proposed_by",
        "created_at",
        "skip_category",
        "skip_reason",
        "decided_by",
        "decided_at",
        "callup",
        "referral",
    )
    readonly_fields = fields
    inlines = (RotationProposalEventInline,)
    decisions = (
        Decision(
            name="refer",
            label=_("Refer or call up"),
            target=RotationProposal.Status.REFERRED,
            permission="refer",
            service=lambda proposal, user, note: rotation.rotation_refer(proposal_id=proposal.pk, by=user),
            done_message=_("Sent on: the AK/IV call-up or the AK/V referral is numbered."),
            intro=_("An applicant to the vacancy is referred (AK/V); anyone else is called up to apply (AK/IV)."),
        ),
        Decision(
            name="skip",
            label=_("Skip"),
            target=RotationProposal.Status.SKIPPED,
            permission="refer",
            needs_reason=True,
            service=lambda proposal, user, reason: rotation.rotation_skip(
                proposal_id=proposal.pk, by=user, category=RotationProposal.SkipCategory.OTHER, reason=reason
            ),
            done_message=_("Skipped; the person keeps their place in the queue."),
            intro=_("Say why; supervisors read it in the history. The person keeps their place in the queue."),
        ),
    )

    @admin.display(description=_("reasons"))
    def reasons(self, proposal):
        return _reasons_html(proposal.components)

    def get_decision_form(self, decision, data=None):
        if decision.name == "skip":
            return SkipForm(data)
        if decision.name == "refer":
            return ReferForm(data)
        return super().get_decision_form(decision, data)

    def run_decision_form(self, request, obj, decision, form):
        data = form.cleaned_data
        if decision.name == "skip":
            return rotation.rotation_skip(
                proposal_id=obj.pk, by=request.user, category=data["category"], reason=data["reason"]
            )
        if decision.name == "refer":
            vacancy = data["vacancy"]
            return rotation.rotation_refer(
                proposal_id=obj.pk, by=request.user, vacancy_id=vacancy.pk if vacancy else None, message=data["message"]
            )
        return super().run_decision_form(request, obj, decision, form)

    def has_refer_permission(self, request) -> bool:
        return request.user.has_perm("placements.refer_candidate")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RotationProposalEvent)
class RotationProposalEventAdmin(EventAdmin):
    parent_field = "proposal"
    parent_related = ("proposal__pool", "proposal__jobseeker")
    search_fields = ("proposal__jobseeker__full_name", "proposal__pool__name", "note", "actor__email")
