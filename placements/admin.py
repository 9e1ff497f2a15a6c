"""Applications, referrals, placements, matches and reports in the admin.

These rows are created by the portal's services (numbering, events, side effects), so the admin
shows them and runs the review decisions, but never adds them or edits their status.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from bontang_aker.core.admin import (
    AuditHistoryMixin,
    Decision,
    DecisionsMixin,
    EventAdmin,
    EventInline,
    LocalDisplayMixin,
    QueueOrderingMixin,
    ServiceActionsMixin,
)
from bontang_aker.core.admin_lists import LargeListMixin
from employers.models import Vacancy
from jobseekers.models import JobseekerProfile
from placements import callups, hire_reports, services
from placements.decision_reasons import (
    APPLICATION_DECLINE_REASONS,
    HIRE_REPORT_REJECT_REASONS,
    PLACEMENT_REJECT_REASONS,
)
from placements.letters import callup_letter_response, referral_letter_response
from placements.models import (
    Application,
    ApplicationEvent,
    CallUp,
    CallUpEvent,
    JobseekerHireReport,
    JobseekerHireReportEvent,
    OutsideHireReport,
    Placement,
    PlacementEvent,
    Referral,
    ReferralEvent,
)
from placements.reconciliation import (
    FLAG_PREFIX,
    PLACEMENT_CONFLICT_KINDS,
    ConflictKind,
    outside_hire_report_conflicts,
    outside_hire_reports_with_conflict_flags,
    placement_conflict_flags,
    placement_conflicts,
    placements_with_conflict,
    placements_with_conflict_flags,
)
from placements.selectors import placement_review, referrals_with_overdue_hire_report


class CreatedByServicesAdmin(LocalDisplayMixin, admin.ModelAdmin):
    def has_add_permission(self, request):
        return False


class ComputedRecordAdmin(CreatedByServicesAdmin):
    """Every field is written by a service or a computation, so the page is view-only."""

    def has_change_permission(self, request, obj=None):
        return False


class ApplicationEventInline(EventInline):
    model = ApplicationEvent


@admin.register(Application)
class ApplicationAdmin(
    QueueOrderingMixin, AuditHistoryMixin, LargeListMixin, DecisionsMixin, ServiceActionsMixin, CreatedByServicesAdmin
):
    queue_ordering = {Application.Status.SUBMITTED: ("created_at", "pk")}
    digit_search_fields = ("jobseeker__nik", "vacancy__company__nib")
    list_display = ("jobseeker", "vacancy", "status", "created_at", "updated_at")
    list_filter = (
        "status",
        "jobseeker__kelurahan__kecamatan",
        "jobseeker__sex",
        "vacancy__company__ownership",
        "created_at",
    )
    search_fields = (
        "jobseeker__full_name",
        "^jobseeker__nik",
        "vacancy__title",
        "vacancy__company__name",
        "^vacancy__company__nib",
    )
    search_help_text = _("Jobseeker name or NIK, vacancy title, company name or NIB.")
    list_select_related = ("jobseeker", "vacancy__company")
    # Newest first by the primary key's index; no date_hierarchy: its DISTINCT dates query reads the whole table.
    ordering = ("-pk",)
    fields = ("jobseeker", "vacancy", "motivation", "status", "referral_letter", "created_at", "updated_at")
    readonly_fields = ("jobseeker", "vacancy", "status", "referral_letter", "created_at", "updated_at")
    inlines = (ApplicationEventInline,)
    actions = ("refer", "decline")
    decisions = (
        Decision(
            name="refer",
            label=_("Refer to the employer"),
            target=Application.Status.REFERRED,
            permission="refer",
            service=lambda application, user, note: services.referral_create(
                application_id=application.pk, by=user, note=note
            ),
            done_message=_("The applicant is referred; the AK/V letter is numbered."),
            intro=_("The applicant goes to the employer's selection with a numbered AK/V letter."),
        ),
        Decision(
            name="decline",
            label=_("Do not refer"),
            target=Application.Status.NOT_REFERRED,
            permission="refer",
            needs_reason=True,
            service=lambda application, user, reason: services.application_decline(
                application_id=application.pk, by=user, reason=reason
            ),
            done_message=_("The application is not referred; the jobseeker sees the reason."),
            intro=_("Give the reason; the jobseeker will see it."),
            reasons=APPLICATION_DECLINE_REASONS,
        ),
    )

    def has_refer_permission(self, request):
        return request.user.has_perm("placements.refer_candidate")

    @admin.display(description=_("AK/V letter"))
    def referral_letter(self, application):
        """Once referred, the letter's number (its referral page) and the PDF, right where the decision was taken."""
        referral = Referral.objects.filter(application=application).first()
        if referral is None:
            return None
        return format_html(
            '<a href="{}">{}</a> <a class="button" href="{}">{}</a>',
            reverse("admin:placements_referral_change", args=[referral.pk]),
            referral.letter_number,
            reverse("admin:placements_referral_letter", args=[referral.pk]),
            gettext("AK/V letter (PDF)"),
        )

    @admin.action(description=_("Refer the selected applicants to the employer"), permissions=["refer"])
    def refer(self, request, queryset):
        return self.run_service_confirmed(
            request,
            queryset.select_related("jobseeker", "vacancy__company"),
            lambda application, note: self.run_decision(request, application, "refer", note),
            action_name="refer",
            title=gettext("Refer applicants"),
            intro=gettext("Each applicant goes to the employer's selection with a numbered AK/V letter."),
            submit_label=gettext("Refer"),
            done_message=ngettext_lazy("%(count)d applicant referred.", "%(count)d applicants referred.", "count"),
            failed_message=gettext("%(object)s was not referred: %(error)s"),
        )

    @admin.action(description=_("Do not refer the selected applications…"), permissions=["refer"])
    def decline(self, request, queryset):
        return self.run_service_with_reason(
            request,
            queryset.select_related("jobseeker", "vacancy__company"),
            lambda application, reason: self.run_decision(request, application, "decline", reason),
            action_name="decline",
            title=gettext("Do not refer applications"),
            intro=gettext("These applications will not be referred. Give the reason; each jobseeker will see it."),
            submit_label=gettext("Do not refer"),
            reasons=APPLICATION_DECLINE_REASONS,
            done_message=ngettext_lazy(
                "%(count)d application not referred.", "%(count)d applications not referred.", "count"
            ),
            failed_message=gettext("%(object)s was not changed: %(error)s"),
        )


class ReferralEventInline(EventInline):
    model = ReferralEvent


class HireReportOverdueFilter(admin.SimpleListFilter):
    """Accepted candidates whose hire report is overdue (the staff dashboard's "overdue" queue)."""

    title = _("hire report")
    parameter_name = "hire_report"

    def lookups(self, request, model_admin):
        return (("overdue", _("Overdue (accepted, not reported in time)")),)

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.filter(pk__in=referrals_with_overdue_hire_report().values("pk"))
        return queryset


@admin.register(Referral)
class ReferralAdmin(AuditHistoryMixin, LargeListMixin, ComputedRecordAdmin):
    digit_search_fields = ("application__jobseeker__nik",)
    list_display = ("letter_number", "jobseeker", "vacancy", "status", "referred_by", "created_at")
    list_filter = ("status", HireReportOverdueFilter, "application__vacancy__company__ownership", "created_at")
    search_fields = (
        "letter_number",
        "application__jobseeker__full_name",
        "^application__jobseeker__nik",
        "application__vacancy__title",
        "application__vacancy__company__name",
    )
    search_help_text = _("AK/V letter number, jobseeker name or NIK, vacancy or company.")
    list_select_related = ("application__jobseeker", "application__vacancy__company", "referred_by")
    # Newest first by the primary key's index; no date_hierarchy: its DISTINCT dates query reads the whole table.
    ordering = ("-pk",)
    fields = (
        "letter_number",
        "letter_pdf",
        "application",
        "referred_by",
        "reasons",
        "status",
        "selection_notes",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields
    inlines = (ReferralEventInline,)

    def get_urls(self):
        letter = path(
            "<path:object_id>/surat/",
            self.admin_site.admin_view(self.letter_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_letter",
        )
        return [letter, *super().get_urls()]

    def letter_view(self, request, object_id):
        """The AK/V letter, for staff who may view the referral."""
        referral = self.get_object(request, unquote(object_id))
        if referral is None or not self.has_view_permission(request, referral):
            raise Http404
        return referral_letter_response(referral)

    @admin.display(description=_("AK/V letter"))
    def letter_pdf(self, referral):
        url = reverse("admin:placements_referral_letter", args=[referral.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, gettext("AK/V letter (PDF)"))

    @admin.display(description=_("jobseeker"), ordering="application__jobseeker__full_name")
    def jobseeker(self, referral):
        return referral.application.jobseeker

    @admin.display(description=_("vacancy"), ordering="application__vacancy__title")
    def vacancy(self, referral):
        return referral.application.vacancy


class PlacementEventInline(EventInline):
    model = PlacementEvent


# Short labels for the narrow "Conflicts" column (placements/reconciliation.py has the rules).
CONFLICT_SHORT_LABELS = {
    ConflictKind.TWO_COMPANIES: _("2 companies"),
    ConflictKind.NOT_REFERRED: _("not referred"),
    ConflictKind.JOBSEEKER_NAMES_OTHER_COMPANY: _("jobseeker: other company"),
}


class PlacementConflictFilter(admin.SimpleListFilter):
    """Placements with a reconciliation conflict (the queryset is annotated by `get_queryset`)."""

    title = _("conflict")
    parameter_name = "conflict"

    def lookups(self, request, model_admin):
        return (("any", _("Any conflict")), *((kind.value, kind.label) for kind in PLACEMENT_CONFLICT_KINDS))

    def queryset(self, request, queryset):
        if self.value() == "any" or self.value() in {str(kind) for kind in PLACEMENT_CONFLICT_KINDS}:
            return placements_with_conflict(queryset, self.value())
        return queryset


@admin.register(Placement)
class PlacementAdmin(
    QueueOrderingMixin, AuditHistoryMixin, LargeListMixin, DecisionsMixin, ServiceActionsMixin, CreatedByServicesAdmin
):
    queue_ordering = {Placement.Status.REPORTED: ("created_at", "pk")}
    digit_search_fields = ("jobseeker__nik", "company__nib")
    list_display = (
        "jobseeker",
        "company",
        "position",
        "start_date",
        "placement_type",
        "is_local",
        "status",
        "conflict_list",
        "reported_by_role",
        "created_at",
    )
    list_filter = (
        "status",
        PlacementConflictFilter,
        "placement_type",
        "is_local",
        "reported_by_role",
        "company__ownership",
        "company__kelurahan__kecamatan",
        "start_date",
        "created_at",
    )
    search_fields = (
        "jobseeker__full_name",
        "^jobseeker__nik",
        "company__name",
        "^company__nib",
        "position",
        "referral__letter_number",
    )
    search_help_text = _("Jobseeker name or NIK, company name or NIB, position or AK/V letter number.")
    list_select_related = ("jobseeker", "company")
    autocomplete_fields = ("occupation",)
    date_hierarchy = "start_date"
    fields = (
        "jobseeker",
        "company",
        "vacancy",
        "referral",
        "position",
        "occupation",
        "employment_type",
        "start_date",
        "placement_type",
        "is_local",
        "reported_by",
        "reported_by_role",
        "status",
        "review_note",
        "created_at",
        "updated_at",
    )
    readonly_fields = (
        "jobseeker",
        "company",
        "vacancy",
        "referral",
        "is_local",
        "reported_by",
        "reported_by_role",
        "status",
        "review_note",
        "created_at",
        "updated_at",
    )
    inlines = (PlacementEventInline,)
    actions = ("verify", "reject")
    rupiah_fields = ("wage",)
    change_form_template = "admin/placement_review_change_form.html"
    decisions = (
        Decision(
            name="verify",
            label=_("Verify the placement"),
            target=Placement.Status.VERIFIED,
            permission="review",
            service=lambda placement, user, note: services.placement_verify(
                placement_id=placement.pk, by=user, note=note
            ),
            done_message=_("The placement is verified; the AK/I card is marked placed."),
            intro=_(
                "The hire is confirmed: the jobseeker's active AK/I card becomes placed and a referred "
                "application hired."
            ),
        ),
        Decision(
            name="reject",
            label=_("Reject the report"),
            target=Placement.Status.REJECTED,
            permission="review",
            needs_reason=True,
            service=lambda placement, user, reason: services.placement_reject(
                placement_id=placement.pk, by=user, reason=reason
            ),
            done_message=_("The placement report is rejected; whoever reported it sees the reason."),
            intro=_("Give the reason; whoever reported the hire will see it and can correct the report."),
            reasons=PLACEMENT_REJECT_REASONS,
        ),
    )

    def has_review_permission(self, request):
        return request.user.has_perm("placements.review_placement")

    def get_queryset(self, request):
        return placements_with_conflict_flags(super().get_queryset(request))

    @admin.display(description=_("conflicts"))
    def conflict_list(self, placement):
        return ", ".join(str(CONFLICT_SHORT_LABELS[kind]) for kind in placement_conflict_flags(placement)) or "—"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and change:
            context["review"] = placement_review(placement=obj)
            context["conflicts"] = placement_conflicts(obj)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    @admin.action(description=_("Verify selected placements"), permissions=["review"])
    def verify(self, request, queryset):
        return self.run_service_confirmed(
            request,
            queryset.select_related("jobseeker", "company"),
            lambda placement, note: self.run_decision(request, placement, "verify", note),
            action_name="verify",
            title=gettext("Verify placements"),
            intro=gettext("Verify only hires checked with the company and the person: they count for the local quota."),
            submit_label=gettext("Verify"),
            done_message=ngettext_lazy("%(count)d placement verified.", "%(count)d placements verified.", "count"),
            failed_message=gettext("%(object)s was not verified: %(error)s"),
        )

    @admin.action(description=_("Reject selected placements…"), permissions=["review"])
    def reject(self, request, queryset):
        return self.run_service_with_reason(
            request,
            queryset.select_related("jobseeker", "company"),
            lambda placement, reason: self.run_decision(request, placement, "reject", reason),
            action_name="reject",
            title=gettext("Reject placement reports"),
            intro=gettext("These placement reports will be rejected. Give the reason; whoever reported will see it."),
            submit_label=gettext("Reject"),
            reasons=PLACEMENT_REJECT_REASONS,
            done_message=ngettext_lazy("%(count)d placement rejected.", "%(count)d placements rejected.", "count"),
            failed_message=gettext("%(object)s was not rejected: %(error)s"),
        )


@admin.register(ApplicationEvent)
class ApplicationEventAdmin(LargeListMixin, EventAdmin):
    digit_search_fields = ("application__jobseeker__nik",)
    parent_field = "application"
    parent_related = ("application__jobseeker", "application__vacancy__company")
    search_fields = ("application__jobseeker__full_name", "^application__jobseeker__nik", "note", "actor__email")


@admin.register(ReferralEvent)
class ReferralEventAdmin(EventAdmin):
    parent_field = "referral"
    search_fields = ("referral__letter_number", "note", "actor__email")


@admin.register(PlacementEvent)
class PlacementEventAdmin(LargeListMixin, EventAdmin):
    digit_search_fields = ("placement__jobseeker__nik",)
    parent_field = "placement"
    parent_related = ("placement__jobseeker", "placement__company")
    search_fields = ("placement__jobseeker__full_name", "^placement__jobseeker__nik", "note", "actor__email")


class NumberOfAnotherPersonFilter(admin.SimpleListFilter):
    """Reports with no match whose number is a registered jobseeker's (the queryset is annotated by `get_queryset`)."""

    title = _("number belongs to another person")
    parameter_name = "number_of_another_person"

    def lookups(self, request, model_admin):
        return (("yes", _("Yes")), ("no", _("No")))

    def queryset(self, request, queryset):
        if self.value() in {"yes", "no"}:
            return queryset.filter(**{FLAG_PREFIX + ConflictKind.NUMBER_OF_ANOTHER_PERSON: self.value() == "yes"})
        return queryset


@admin.register(OutsideHireReport)
class OutsideHireReportAdmin(AuditHistoryMixin, ComputedRecordAdmin):
    """Every hire a company reported outside the portal, as typed, with what it matched.

    Open to whoever may view hire reports: the follow-ups (no match, a referred candidate) and a
    company trying many numbers are found here.
    """

    list_display = (
        "full_name",
        "company",
        "vacancy",
        "start_date",
        "outcome",
        "number_of_another_person",
        "reported_by",
        "created_at",
    )
    list_filter = ("outcome", NumberOfAnotherPersonFilter, "created_at")
    search_fields = ("full_name", "^nik", "card_number", "company__name", "^company__nib")
    search_help_text = _("Name, NIK or AK/I card number as typed, company name or NIB.")
    list_select_related = ("company", "vacancy", "reported_by")
    date_hierarchy = "created_at"
    rupiah_fields = ("wage",)
    fields = (
        "company",
        "vacancy",
        "reported_by",
        "card_number",
        "nik",
        "full_name",
        "birth_date",
        "start_date",
        "employment_type",
        "wage",
        "outcome",
        "conflict_detail",
        "placement",
        "created_at",
    )
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("placements.view_placement")

    def get_queryset(self, request):
        return outside_hire_reports_with_conflict_flags(super().get_queryset(request))

    @admin.display(description=_("number of another person"))
    def number_of_another_person(self, report):
        # A short word, not an icon: the list stays narrow on a laptop and reads the same in a screen reader.
        return gettext("yes") if getattr(report, FLAG_PREFIX + ConflictKind.NUMBER_OF_ANOTHER_PERSON) else "—"

    @admin.display(description=_("conflict"))
    def conflict_detail(self, report):
        conflicts = outside_hire_report_conflicts(report)
        if not conflicts:
            return gettext("No conflicts found.")
        return format_html_join(
            mark_safe("<br>"),
            '{} <a href="{}">{}</a>',
            (
                (
                    conflict.message,
                    reverse("admin:jobseekers_jobseekerprofile_change", args=[conflict.other_jobseeker.pk]),
                    gettext("Open the jobseeker"),
                )
                for conflict in conflicts
            ),
        )


class JobseekerHireReportEventInline(EventInline):
    model = JobseekerHireReportEvent


class HireReportMatchedFilter(admin.SimpleListFilter):
    title = _("joined to the employer's report")
    parameter_name = "matched"

    def lookups(self, request, model_admin):
        return (("yes", _("Yes")), ("no", _("No: the employer has not reported it")))

    def queryset(self, request, queryset):
        if self.value() in {"yes", "no"}:
            return queryset.filter(placement__isnull=self.value() == "no")
        return queryset


class HireReportFlagFilter(admin.SimpleListFilter):
    title = _("flag")
    parameter_name = "flag"

    def lookups(self, request, model_admin):
        return JobseekerHireReport.Flag.choices

    def queryset(self, request, queryset):
        if self.value() in JobseekerHireReport.Flag.values:
            return queryset.filter(flags__contains=[self.value()])
        return queryset


@admin.register(JobseekerHireReport)
class JobseekerHireReportAdmin(
    QueueOrderingMixin, AuditHistoryMixin, LargeListMixin, DecisionsMixin, ServiceActionsMixin, ComputedRecordAdmin
):
    """Jobseekers' own hire reports: the ones without the employer's report are the queue to check.

    A report joined to the employer's is decided on that placement's review page (verifying it
    confirms both); the others are confirmed here once checked with the company (the card becomes
    placed) or not confirmed, with a reason the jobseeker sees.
    """

    digit_search_fields = ("jobseeker__nik",)
    list_display = (
        "jobseeker",
        "company_name",
        "position",
        "start_date",
        "reported_at",
        "flag_list",
        "placement",
        "status",
    )
    list_filter = ("status", HireReportMatchedFilter, HireReportFlagFilter, "reported_at", "start_date")
    search_fields = ("jobseeker__full_name", "^jobseeker__nik", "company_name", "company__name", "position")
    search_help_text = _("Jobseeker name or NIK, company name or position.")
    list_select_related = ("jobseeker", "company", "placement")
    ordering = ("-pk",)
    queue_ordering = {JobseekerHireReport.Status.REPORTED: ("reported_at", "pk")}
    fields = (
        "jobseeker",
        "company",
        "company_name",
        "position",
        "start_date",
        "reported_at",
        "flag_list",
        "placement",
        "status",
        "review_note",
        "updated_at",
    )
    readonly_fields = fields
    inlines = (JobseekerHireReportEventInline,)
    actions = ("reject",)
    decisions = (
        Decision(
            name="confirm",
            label=_("Confirm the hire"),
            target=JobseekerHireReport.Status.CONFIRMED,
            permission="review",
            service=lambda report, user, note: hire_reports.jobseeker_hire_report_confirm(
                report_id=report.pk, by=user, note=note
            ),
            done_message=_("The hire is confirmed; the jobseeker's AK/I card is marked placed."),
            intro=_(
                "Confirm only after checking the hire with the company. The jobseeker's active AK/I card "
                "becomes placed. A report joined to the employer's report is decided on that placement instead."
            ),
        ),
        Decision(
            name="reject",
            label=_("Do not confirm"),
            target=JobseekerHireReport.Status.REJECTED,
            permission="review",
            needs_reason=True,
            service=lambda report, user, reason: hire_reports.jobseeker_hire_report_reject(
                report_id=report.pk, by=user, reason=reason
            ),
            done_message=_("The report is not confirmed; the jobseeker sees the reason."),
            intro=_("Give the reason; the jobseeker will see it and may report again."),
            reasons=HIRE_REPORT_REJECT_REASONS,
        ),
    )

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("placements.view_placement")

    def has_review_permission(self, request):
        return request.user.has_perm("placements.review_placement")

    @admin.display(description=_("flags"))
    def flag_list(self, report):
        return ", ".join(report.flag_labels) or "—"

    @admin.action(description=_("Do not confirm the selected reports…"), permissions=["review"])
    def reject(self, request, queryset):
        return self.run_service_with_reason(
            request,
            queryset.select_related("jobseeker"),
            lambda report, reason: self.run_decision(request, report, "reject", reason),
            action_name="reject",
            title=gettext("Do not confirm hire reports"),
            intro=gettext("These reports will not be confirmed. Give the reason; each jobseeker will see it."),
            submit_label=gettext("Do not confirm"),
            reasons=HIRE_REPORT_REJECT_REASONS,
            done_message=ngettext_lazy("%(count)d report not confirmed.", "%(count)d reports not confirmed.", "count"),
            failed_message=gettext("%(object)s was not changed: %(error)s"),
        )


@admin.register(JobseekerHireReportEvent)
class JobseekerHireReportEventAdmin(EventAdmin):
    parent_field = "report"
    parent_related = ("report__jobseeker",)
    search_fields = ("report__jobseeker__full_name", "report__company_name", "note", "actor__email")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("placements.view_placement")


class CallUpEventInline(EventInline):
    model = CallUpEvent


class CallUpAddForm(forms.ModelForm):
    """Only active AK/I card holders and open vacancies; the service's checks run as the form's errors."""

    class Meta:
        model = CallUp
        fields = ("jobseeker", "vacancy", "message")
        help_texts = {
            "jobseeker": _("A jobseeker with an active AK/I card who has not applied to the vacancy."),
            "vacancy": _("A published vacancy still open for applications."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jobseeker"].queryset = JobseekerProfile.objects.filter(aki_cards__status="active").distinct()
        self.fields["vacancy"].queryset = Vacancy.objects.filter(
            status=Vacancy.Status.PUBLISHED, close_date__gte=timezone.localdate()
        ).select_related("company")

    def clean(self):
        cleaned = super().clean()
        jobseeker, vacancy = cleaned.get("jobseeker"), cleaned.get("vacancy")
        if jobseeker is not None and vacancy is not None:
            for message in callups.callup_blockers(jobseeker=jobseeker, vacancy=vacancy):
                self.add_error("jobseeker", message)
        return cleaned


@admin.register(CallUp)
class CallUpAdmin(AuditHistoryMixin, LargeListMixin, LocalDisplayMixin, admin.ModelAdmin):
    """Call-ups (AK/IV): staff add one here (the service numbers it and tells the jobseeker); then view-only."""

    digit_search_fields = ("jobseeker__nik",)
    list_display = ("letter_number", "jobseeker", "vacancy", "status", "created_by", "created_at")
    list_filter = ("status", "created_at")
    search_fields = (
        "letter_number",
        "jobseeker__full_name",
        "^jobseeker__nik",
        "vacancy__title",
        "vacancy__company__name",
    )
    search_help_text = _("AK/IV letter number, jobseeker name or NIK, vacancy or company.")
    list_select_related = ("jobseeker", "vacancy__company", "created_by")
    ordering = ("-pk",)
    autocomplete_fields = ("jobseeker", "vacancy")
    fields = (
        "letter_number",
        "letter_pdf",
        "jobseeker",
        "vacancy",
        "message",
        "status",
        "application",
        "created_by",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields
    inlines = (CallUpEventInline,)

    def has_add_permission(self, request):
        return request.user.has_perm("placements.refer_candidate")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("placements.view_callup") or request.user.has_perm("placements.refer_candidate")

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = CallUpAddForm
            kwargs["fields"] = CallUpAddForm.Meta.fields
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return CallUpAddForm.Meta.fields if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else super().get_readonly_fields(request, obj)

    def get_inlines(self, request, obj):
        return () if obj is None else self.inlines

    def save_model(self, request, obj, form, change):
        created = callups.callup_create(
            jobseeker_id=obj.jobseeker_id, vacancy_id=obj.vacancy_id, by=request.user, message=obj.message
        )
        for field in CallUp._meta.concrete_fields:
            setattr(obj, field.attname, getattr(created, field.attname))

    def log_addition(self, request, obj, message):
        return super().log_addition(request, obj, gettext("Called up; the AK/IV letter is numbered."))

    def get_urls(self):
        letter = path(
            "<path:object_id>/surat/",
            self.admin_site.admin_view(self.letter_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_letter",
        )
        return [letter, *super().get_urls()]

    def letter_view(self, request, object_id):
        callup = self.get_object(request, unquote(object_id))
        if callup is None or not self.has_view_permission(request, callup):
            raise Http404
        return callup_letter_response(callup)

    @admin.display(description=_("AK/IV letter"))
    def letter_pdf(self, callup):
        url = reverse("admin:placements_callup_letter", args=[callup.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, gettext("AK/IV letter (PDF)"))


@admin.register(CallUpEvent)
class CallUpEventAdmin(EventAdmin):
    parent_field = "callup"
    search_fields = ("callup__letter_number", "note", "actor__email")


# Fair rotation for TA work (issue 10): registered from its own module to keep this one short.
from placements import rotation_admin  # noqa: E402, F401
