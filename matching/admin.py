"""Matches and the feedback on them in the admin: read-only, computed by matching.services."""

from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from bontang_aker.core.admin_lists import LargeListMixin
from matching import admin_views, explain
from matching.models import Match, MatchFeedback
from placements.admin import ComputedRecordAdmin


@admin.register(Match)
class MatchAdmin(LargeListMixin, ComputedRecordAdmin):
    digit_search_fields = ("jobseeker__nik",)
    list_display = (
        "vacancy",
        "jobseeker",
        "score",
        "among_vacancy_best",
        "among_jobseeker_best",
        "computed_at",
        "candidates_link",
    )
    list_filter = ("among_vacancy_best", "among_jobseeker_best", "computed_at")
    search_fields = ("vacancy__title", "vacancy__company__name", "jobseeker__full_name", "^jobseeker__nik")
    search_help_text = _("Vacancy title, company name, jobseeker name or NIK.")
    list_select_related = ("vacancy__company", "jobseeker")
    show_full_result_count = False  # one COUNT(*) fewer per page on a table that grows large
    ordering = ("-score", "pk")
    fields = (
        "vacancy",
        "jobseeker",
        "score",
        "reasons",
        "matched_skills",
        "missing_skills",
        "among_vacancy_best",
        "among_jobseeker_best",
        "computed_at",
    )
    readonly_fields = fields

    def get_urls(self):
        # The vacancy's ranked candidates (matching.admin_views), linked from each row and from the vacancy.
        def wrap(view):
            return self.admin_site.admin_view(lambda request, vacancy_id: view(self, request, vacancy_id))

        return [
            path(
                "vacancy/<str:vacancy_id>/candidates/",
                wrap(admin_views.candidates_view),
                name="matching_match_vacancy_candidates",
            ),
            path("vacancy/<str:vacancy_id>/call-up/", wrap(admin_views.callup_view), name="matching_match_callup"),
            path("vacancy/<str:vacancy_id>/feedback/", wrap(admin_views.feedback_view), name="matching_match_feedback"),
            *super().get_urls(),
        ]

    @admin.display(description=_("best candidates"))
    def candidates_link(self, obj):
        url = reverse("admin:matching_match_vacancy_candidates", args=[obj.vacancy_id])
        return format_html('<a href="{}">{}</a>', url, _("Best candidates"))

    @admin.display(description=_("points per component"))
    def reasons(self, obj):
        return format_html_join(
            "\n",
            "<div>{}: {} / {}</div>",
            ((c.label, f"{c.points:g}", f"{c.max:g}") for c in explain.components(obj.explanation)),
        )

    @admin.display(description=_("skills found"))
    def matched_skills(self, obj):
        return ", ".join(obj.explanation.get("matched_skills", []) + obj.explanation.get("related_skills", [])) or "-"

    @admin.display(description=_("skills missing"))
    def missing_skills(self, obj):
        return ", ".join(obj.explanation.get("missing_skills", [])) or "-"


@admin.register(MatchFeedback)
class MatchFeedbackAdmin(LargeListMixin, ComputedRecordAdmin):
    list_display = ("vacancy", "jobseeker", "reason", "score", "given_by", "created_at", "reviewed_at")
    list_filter = ("reason", ("reviewed_at", admin.EmptyFieldListFilter), "created_at")
    search_fields = ("vacancy__title", "jobseeker__full_name", "comment")
    list_select_related = ("vacancy", "jobseeker", "given_by")
    fields = (
        "vacancy",
        "jobseeker",
        "reason",
        "comment",
        "score",
        "given_by",
        "created_at",
        "reviewed_at",
        "reviewed_by",
    )
    readonly_fields = fields
    actions = ["mark_reviewed"]

    def has_review_permission(self, request):
        return request.user.has_perm("matching.review_matchfeedback")

    @admin.action(description=_("Mark as reviewed"), permissions=["review"])
    def mark_reviewed(self, request, queryset):
        from matching.feedback import feedback_mark_reviewed

        count = feedback_mark_reviewed(feedback_ids=list(queryset.values_list("pk", flat=True)), by=request.user)
        self.message_user(
            request,
            ngettext("%(count)d feedback marked reviewed.", "%(count)d marked reviewed.", count) % {"count": count},
        )
