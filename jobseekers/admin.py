"""Jobseekers and AK/I cards in the admin; cards are issued and rejected only through services.

Lists show the NIK masked (6474********0001); the full NIK is on the jobseeker's own change
page, and each opening of that page is logged for the person (ProfileAccess). The disability
note is specific personal data and stays on the change page, out of the lists.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from bontang_aker.core.admin import (
    AuditHistoryMixin,
    Decision,
    DecisionsMixin,
    EventAdmin,
    EventInline,
    KelurahanFilter,
    LocalDisplayMixin,
    QueueOrderingMixin,
    ServiceActionsMixin,
)
from bontang_aker.core.admin_lists import LargeListMixin
from bontang_aker.core.client_address import client_ip
from bontang_aker.core.masking import mask_nik
from jobseekers import (
    privacy_admin,  # noqa: F401  (registers the privacy models' admins)
    selectors,
    services,
)
from jobseekers.card_pdf import card_pdf_response
from jobseekers.decision_reasons import AKI_CARD_REJECT_REASONS
from jobseekers.document_files import document_file_clean
from jobseekers.models import (
    AkiCard,
    AkiCardEvent,
    Document,
    DocumentAccess,
    EducationEntry,
    ExperienceEntry,
    JobseekerProfile,
    ProfileAccess,
)
from jobseekers.nik_admin import CounterRegistrationAdminMixin  # and the NIK conflicts' admins (issue 8)
from jobseekers.privacy import profile_access_log


class DomicileFilter(admin.SimpleListFilter):
    """Local means a KTP address in Bontang, which is what the local-worker quota counts."""

    title = _("KTP domicile")
    parameter_name = "domicile"
    field_prefix = ""

    def lookups(self, request, model_admin):
        return (("bontang", _("Bontang")), ("outside", _("Outside Bontang")))

    def queryset(self, request, queryset):
        if self.value() in ("bontang", "outside"):
            return queryset.filter(**{f"{self.field_prefix}kelurahan__isnull": self.value() == "outside"})
        return queryset


class CardDomicileFilter(DomicileFilter):
    field_prefix = "jobseeker__"


class EducationEntryInline(admin.TabularInline):
    model = EducationEntry
    fields = ("level", "institution", "major", "graduation_year", "score")
    extra = 0


class ExperienceEntryInline(admin.TabularInline):
    model = ExperienceEntry
    fields = ("employer_name", "position", "occupation", "start_date", "end_date", "description")
    autocomplete_fields = ("occupation",)
    extra = 0


def document_download_link(document: Document):
    """The checked, logged download; a document's file.url (/media/…) is never served."""
    if not document.pk or not document.file:
        return "-"
    url = reverse("jobseekers:document_download", args=[document.pk])
    return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, document.download_name)


class _DocumentDownload:
    """What the file widget's template shows for a stored file: `url` and the name."""

    def __init__(self, document: Document):
        self.url = reverse("jobseekers:document_download", args=[document.pk])
        self.name = document.download_name

    def __str__(self) -> str:
        return self.name


class DocumentFileWidget(AdminFileWidget):
    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        document = getattr(value, "instance", None)
        if context["widget"]["is_initial"] and document is not None and document.pk:
            context["widget"]["value"] = _DocumentDownload(document)
        return context


class DocumentAdminForm(forms.ModelForm):
    """A file chosen in the admin passes the same checks as the jobseeker's own upload, and is stored cleaned."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if not isinstance(file, UploadedFile):  # unchanged, or cleared
            return file
        try:
            return document_file_clean(file=file)
        except ValidationError as error:
            raise ValidationError(error.message_dict["file"]) from None

    def clean(self):
        # The rows on the jobseeker's page have no certificate fields, so the constraints on them would be
        # checked only by the database (a 500): say what to do instead, and drop details a kind does not have.
        cleaned_data = super().clean()
        if "certificate_name" in self.fields:
            return cleaned_data
        document = self.instance
        if cleaned_data.get("kind") == Document.Kind.CERTIFICATE:
            if not (document.certificate_name and document.certificate_issuer and document.certificate_number):
                self.add_error(
                    "kind",
                    gettext(
                        "A certificate needs its name, issuer and number: add it from the documents list, "
                        "where these can be filled in."
                    ),
                )
        elif cleaned_data.get("kind"):
            document.certificate_name = document.certificate_issuer = document.certificate_number = ""
            document.certificate_valid_until = None
        return cleaned_data


class DocumentFileAdminMixin:
    """Shows a document's file as a link to the download view, on edit and read-only pages alike."""

    form = DocumentAdminForm

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "file":
            kwargs["widget"] = DocumentFileWidget
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self.has_change_permission(request, obj):
            return fields
        # A read-only model field is shown by display_for_field, which would link file.url.
        return [("file_link" if name == "file" else name) for name in fields]

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "file_link")

    @admin.display(description=_("file"))
    def file_link(self, document):
        return document_download_link(document)


class DocumentInline(DocumentFileAdminMixin, admin.TabularInline):
    model = Document
    fields = ("kind", "file", "description", "uploaded_at")
    readonly_fields = ("uploaded_at",)
    extra = 0


class AkiCardInline(LocalDisplayMixin, admin.TabularInline):
    """The jobseeker's cards, for reference; a card changes only through the card's actions."""

    model = AkiCard
    fields = ("number", "status", "requested_at", "issued_at", "expires_on", "last_reported_at")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The profile's page shows this many of the latest views of each kind.
DATA_VIEW_ROWS = 50


@admin.register(JobseekerProfile)
class JobseekerProfileAdmin(
    AuditHistoryMixin, CounterRegistrationAdminMixin, LargeListMixin, LocalDisplayMixin, admin.ModelAdmin
):
    list_display = ("full_name", "masked_nik", "sex", "birth_date", "domicile", "phone", "created_at")
    list_filter = (
        DomicileFilter,
        "kelurahan__kecamatan",
        ("kelurahan", KelurahanFilter),
        "sex",
        "marital_status",
        "has_disability",
        "is_poor_household",
        "created_at",
    )
    search_fields = ("^nik", "full_name", "user__email", "^phone")
    digit_search_fields = ("nik",)  # a number typed is a NIK: its index, not a scan of every name
    search_help_text = _("NIK (from the start), name, email or phone.")
    list_select_related = ("kelurahan__kecamatan",)
    autocomplete_fields = ("user", "kelurahan", "skills", "preferred_occupations")
    # Newest first by the primary key's index; no date_hierarchy: its DISTINCT dates query reads the whole table.
    ordering = ("-pk",)
    readonly_fields = ("consent_at", "consent_version", "created_at", "updated_at")
    fieldsets = (
        (
            None,
            {"fields": ("user", "nik", "full_name", "birth_place", "birth_date", "sex", "marital_status", "religion")},
        ),
        (_("Address and contact"), {"fields": ("ktp_address", "kelurahan", "outside_city", "resident_since", "phone")}),
        (_("Specific personal data"), {"fields": ("has_disability", "disability_note", "is_poor_household")}),
        (_("Job search"), {"fields": ("skills", "preferred_occupations", "expected_wage", "about")}),
        (_("Record"), {"fields": ("consent_at", "consent_version", "created_at", "updated_at")}),
    )
    inlines = (EducationEntryInline, ExperienceEntryInline, DocumentInline, AkiCardInline)
    rupiah_fields = ("expected_wage",)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        # The account a profile belongs to never moves to another user.
        return (*readonly, "user", "data_views") if obj else readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (title, {**options, "fields": [name for name in options["fields"] if name != "data_views"]})
            for title, options in super().get_fieldsets(request, obj)
        ]
        if obj is None:
            return fieldsets
        # Before the change history, which AuditHistoryMixin puts last.
        views = (_("Who looked at this person's data"), {"fields": ["data_views"]})
        return [*fieldsets[:-1], views, fieldsets[-1]]

    @admin.display(description=_("views"))
    def data_views(self, profile):
        """The latest openings of this person's profile, CV and documents by staff and companies (UU 27/2022)."""
        profile_views = list(ProfileAccess.objects.filter(profile=profile).select_related("document")[:DATA_VIEW_ROWS])
        document_views = list(
            DocumentAccess.objects.filter(document__jobseeker=profile).select_related("document", "viewer")[
                :DATA_VIEW_ROWS
            ]
        )
        return render_to_string(
            "admin/jobseekers/data_views.html",
            {"profile_views": profile_views, "document_views": document_views, "limit": DATA_VIEW_ROWS},
        )

    @admin.display(description=_("NIK"), ordering="nik")
    def masked_nik(self, profile):
        """Lists show the NIK masked (UU 27/2022); the full NIK is on the person's own page, whose views are logged."""
        return mask_nik(profile.nik)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and getattr(response, "status_code", None) == 200:
            profile = JobseekerProfile.objects.filter(pk=unquote(object_id)).first() if object_id.isdigit() else None
            if profile is not None:
                profile_access_log(
                    viewer=request.user,
                    what=ProfileAccess.What.PROFILE,
                    profiles=[profile],
                    ip_address=client_ip(request),
                )
        return response

    @admin.display(description=_("KTP domicile"), ordering="kelurahan__name")
    def domicile(self, profile):
        return profile.kelurahan.name if profile.kelurahan_id else profile.outside_city


class JobseekerChildAdmin(AuditHistoryMixin, LargeListMixin, admin.ModelAdmin):
    """Education, experience and documents on their own, for searches across jobseekers."""

    digit_search_fields = ("jobseeker__nik",)
    # Newest first by the primary key's index; no date_hierarchy: its DISTINCT dates query reads the whole table.
    ordering = ("-pk",)
    list_select_related = ("jobseeker",)
    autocomplete_fields = ("jobseeker",)

    @admin.display(description=_("NIK"), ordering="jobseeker__nik")
    def jobseeker_nik(self, obj):
        return mask_nik(obj.jobseeker.nik)


@admin.register(EducationEntry)
class EducationEntryAdmin(JobseekerChildAdmin):
    list_display = ("jobseeker", "jobseeker_nik", "level", "institution", "major", "graduation_year")
    list_filter = ("level", "graduation_year")
    search_fields = ("jobseeker__full_name", "^jobseeker__nik", "institution", "major")
    list_select_related = ("jobseeker", "level")


@admin.register(ExperienceEntry)
class ExperienceEntryAdmin(JobseekerChildAdmin):
    list_display = ("jobseeker", "jobseeker_nik", "position", "employer_name", "start_date", "end_date")
    list_filter = ("start_date", "end_date")
    search_fields = ("jobseeker__full_name", "^jobseeker__nik", "employer_name", "position")
    autocomplete_fields = ("jobseeker", "occupation")


@admin.register(Document)
class DocumentAdmin(DocumentFileAdminMixin, JobseekerChildAdmin):
    list_display = ("jobseeker", "jobseeker_nik", "kind", "description", "uploaded_at")
    list_filter = ("kind", "uploaded_at")
    search_fields = ("jobseeker__full_name", "^jobseeker__nik", "description", "original_name")
    fields = (
        "jobseeker",
        "kind",
        "file",
        "original_name",
        "description",
        "certificate_name",
        "certificate_issuer",
        "certificate_number",
        "certificate_valid_until",
        "uploaded_at",
    )
    readonly_fields = ("original_name", "uploaded_at")


@admin.register(DocumentAccess)
class DocumentAccessAdmin(LargeListMixin, admin.ModelAdmin):
    """Who opened which jobseeker's document: written only by the download view, never edited."""

    digit_search_fields = ("document__jobseeker__nik",)

    list_display = ("accessed_at", "viewer", "document_jobseeker", "document_kind", "ip_address")
    list_filter = ("accessed_at", "document__kind")
    search_fields = ("document__jobseeker__full_name", "^document__jobseeker__nik", "viewer__email")
    search_help_text = _("Jobseeker name or NIK (from the start), or the viewer's email.")
    list_select_related = ("viewer", "document__jobseeker")
    # No date_hierarchy: its DISTINCT dates query reads the whole table (the accessed_at filter stays).
    fields = ("document", "viewer", "accessed_at", "ip_address")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("jobseeker"), ordering="document__jobseeker__full_name")
    def document_jobseeker(self, access):
        return access.document.jobseeker

    @admin.display(description=_("kind"), ordering="document__kind")
    def document_kind(self, access):
        return access.document.get_kind_display()


class AkiCardEventInline(EventInline):
    model = AkiCardEvent


@admin.register(AkiCard)
class AkiCardAdmin(
    QueueOrderingMixin,
    AuditHistoryMixin,
    LargeListMixin,
    DecisionsMixin,
    LocalDisplayMixin,
    ServiceActionsMixin,
    admin.ModelAdmin,
):
    queue_ordering = {AkiCard.Status.REQUESTED: ("requested_at", "pk")}
    list_display = (
        "__str__",
        "jobseeker",
        "jobseeker_nik",
        "status",
        "requested_at",
        "issued_at",
        "expires_on",
        "last_reported_at",
    )
    list_filter = (
        "status",
        CardDomicileFilter,
        "jobseeker__kelurahan__kecamatan",
        "jobseeker__sex",
        "requested_at",
        "issued_at",
        "expires_on",
    )
    search_fields = ("^number", "^jobseeker__nik", "jobseeker__full_name", "jobseeker__user__email")
    digit_search_fields = ("number", "jobseeker__nik")
    search_help_text = _("Card number or NIK (from the start), name or email.")
    list_select_related = ("jobseeker",)
    # Newest first by the primary key's index; no date_hierarchy: its DISTINCT dates query reads the whole table.
    ordering = ("-pk",)
    fields = (
        "jobseeker_link",
        "documents",
        "number",
        "card_pdf",
        "status",
        "requested_at",
        "issued_at",
        "expires_on",
        "last_reported_at",
        "placed_on",
        "verified_by",
        "rejection_reason",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields
    inlines = (AkiCardEventInline,)
    actions = ("issue", "reject")
    decisions = (
        Decision(
            name="issue",
            label=_("Issue the AK/I card"),
            target=AkiCard.Status.ACTIVE,
            permission="verify",
            service=lambda card, user, note: services.aki_card_issue(card_id=card.pk, by=user, note=note),
            done_message=_("The AK/I card is issued."),
            intro=_("Check the documents first. The card gets its number and is valid from today."),
        ),
        Decision(
            name="reject",
            label=_("Reject the request"),
            target=AkiCard.Status.REJECTED,
            permission="verify",
            needs_reason=True,
            service=lambda card, user, reason: services.aki_card_reject(card_id=card.pk, by=user, reason=reason),
            done_message=_("The card request is rejected; the jobseeker sees the reason."),
            intro=_("Give the reason; the jobseeker will see it and can request a card again."),
            reasons=AKI_CARD_REJECT_REASONS,
        ),
    )

    def has_add_permission(self, request):
        # Jobseekers request cards from their profile (`aki_card_request`), which checks the documents.
        return False

    def has_change_permission(self, request, obj=None):
        # Every field is set by the card services; the page is for reading and the actions.
        return False

    def has_verify_permission(self, request):
        return request.user.has_perm("jobseekers.verify_akicard")

    def available_decisions(self, request, obj):
        # Only a request is issued: a lapsed card (which may become active) comes back through a report.
        decisions = super().available_decisions(request, obj)
        return [d for d in decisions if d.name != "issue" or obj.status == AkiCard.Status.REQUESTED]

    def get_urls(self):
        print_card = path(
            "<path:object_id>/cetak/",
            self.admin_site.admin_view(self.card_pdf_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_pdf",
        )
        return [print_card, *super().get_urls()]

    def card_pdf_view(self, request, object_id):
        """The printable card (the holder's PDF) for staff who may view the card."""
        card = self.get_object(request, unquote(object_id))
        if card is None or not self.has_view_permission(request, card):
            raise Http404
        if not selectors.card_is_printable(card):
            self.message_user(request, gettext("This card has no number yet: it cannot be printed."), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:jobseekers_akicard_change", args=[card.pk]))
        response = card_pdf_response(card)
        # The card prints the full NIK and the photo: logged for the person like their profile page.
        profile_access_log(
            viewer=request.user,
            what=ProfileAccess.What.PROFILE,
            profiles=[card.jobseeker],
            ip_address=client_ip(request),
        )
        return response

    @admin.display(description=_("printable card"))
    def card_pdf(self, card):
        if not selectors.card_is_printable(card):
            return "-"
        url = reverse("admin:jobseekers_akicard_pdf", args=[card.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, gettext("Download the card (PDF)"))

    @admin.display(description=_("NIK"), ordering="jobseeker__nik")
    def jobseeker_nik(self, card):
        return mask_nik(card.jobseeker.nik)

    @admin.display(description=_("jobseeker"))
    def jobseeker_link(self, card):
        url = reverse("admin:jobseekers_jobseekerprofile_change", args=[card.jobseeker_id])
        # The full NIK is on the jobseeker's page (logged), a click away: check it against the KTP there.
        return format_html('<a href="{}">{} ({})</a>', url, card.jobseeker.full_name, mask_nik(card.jobseeker.nik))

    @admin.display(description=_("documents"))
    def documents(self, card):
        """What the officer checks before issuing the card."""
        documents = card.jobseeker.documents.all()
        if not documents:
            return gettext("No documents uploaded.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}" target="_blank" rel="noopener">{}</a> {}</li>',
                (
                    (reverse("jobseekers:document_download", args=[doc.pk]), doc.get_kind_display(), doc.description)
                    for doc in documents
                ),
            ),
        )

    @admin.action(description=_("Issue AK/I cards for the selected requests"), permissions=["verify"])
    def issue(self, request, queryset):
        return self.run_service_confirmed(
            request,
            queryset.select_related("jobseeker"),
            lambda card, note: self.run_decision(request, card, "issue", note),
            action_name="issue",
            title=gettext("Issue AK/I cards"),
            intro=gettext(
                "Check each person's documents first. These cards get their numbers and are valid from today."
            ),
            submit_label=gettext("Issue the cards"),
            done_message=ngettext_lazy("%(count)d AK/I card issued.", "%(count)d AK/I cards issued.", "count"),
            failed_message=gettext("%(object)s was not issued: %(error)s"),
        )

    @admin.action(description=_("Reject the selected card requests…"), permissions=["verify"])
    def reject(self, request, queryset):
        return self.run_service_with_reason(
            request,
            queryset.select_related("jobseeker"),
            lambda card, reason: self.run_decision(request, card, "reject", reason),
            action_name="reject",
            title=gettext("Reject AK/I card requests"),
            intro=gettext("These card requests will be rejected. Give the reason; the jobseeker will see it."),
            submit_label=gettext("Reject"),
            reasons=AKI_CARD_REJECT_REASONS,
            done_message=ngettext_lazy(
                "%(count)d card request rejected.", "%(count)d card requests rejected.", "count"
            ),
            failed_message=gettext("%(object)s was not rejected: %(error)s"),
        )


@admin.register(AkiCardEvent)
class AkiCardEventAdmin(LargeListMixin, EventAdmin):
    digit_search_fields = ("card__number", "card__jobseeker__nik")
    parent_field = "card"
    search_fields = ("^card__number", "^card__jobseeker__nik", "card__jobseeker__full_name", "note", "actor__email")
