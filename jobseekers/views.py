"""Pages of the jobseekers app."""

import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from bontang_aker.accounts.services import user_email_verified
from bontang_aker.core.client_address import client_ip
from bontang_aker.core.forms import add_service_errors
from bontang_aker.core.rate_limits import CARD_CHECK, SIGNUP, TAKEOVER, form_limited, limit_hit
from bontang_aker.reference.models import Skill
from jobseekers import selectors, services
from jobseekers.card_pdf import card_pdf_response
from jobseekers.forms import (
    DocumentUploadForm,
    EducationEntryForm,
    ExperienceEntryForm,
    JobseekerRegistrationForm,
    PersonalDataForm,
    PreferencesForm,
    SkillSearchForm,
    SkillsForm,
    TakeOverForm,
)
from jobseekers.mixins import JobseekerRequiredMixin
from jobseekers.models import AkiCard, Document, EducationEntry, ExperienceEntry
from jobseekers.selectors import REQUIRED_DOCUMENT_KINDS

# The type comes from the stored extension, never from the upload's claimed type or content.
DOCUMENT_CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}


class JobseekerRegisterView(FormView):
    template_name = "jobseekers/register.html"
    form_class = JobseekerRegistrationForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            messages.info(request, _("You are already logged in."))
            return redirect("portal:dashboard")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        limited = form_limited(self, form, SIGNUP)
        if limited is not None:
            return limited
        account, data = form.account_data()
        try:
            profile = services.jobseeker_register(**account, **data)
        except ValidationError as error:
            add_service_errors(form, error, field_map={"email": "account_email"})
            return self.form_invalid(form)
        login(self.request, profile.user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            self.request, _("Welcome! Your account is ready. Next: complete your profile and request your AK/I card.")
        )
        return redirect("portal:dashboard")


class DocumentDownloadView(LoginRequiredMixin, View):
    """A jobseeker's document for its owner or Disnaker staff; /media/ is never served.

    Anyone else gets a 404, so document numbers reveal nothing; staff openings are logged.
    """

    def get(self, request, pk):
        try:
            document = services.document_open(document_id=pk, user=request.user, ip_address=client_ip(request))
            handle = document.file.open("rb")
        except (Document.DoesNotExist, FileNotFoundError, ValueError):  # ValueError: no file attached
            raise Http404 from None
        content_type = DOCUMENT_CONTENT_TYPES.get(document.extension, "application/octet-stream")
        response = FileResponse(
            handle,
            # Images show in the browser; PDFs and anything else download, away from the site's origin.
            as_attachment=not content_type.startswith("image/"),
            filename=document.download_name,
            content_type=content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'; sandbox"
        return response


# The jobseeker's own profile, documents and AK/I card (/pencaker/profil/..., /pencaker/kartu/) -------------

# The profile steps in order: each saved step leads to the next, the last back to the overview.
PROFILE_STEPS = [
    ("jobseekers:profile_personal", gettext_lazy("Personal data")),
    ("jobseekers:profile_education", gettext_lazy("Education")),
    ("jobseekers:profile_experience", gettext_lazy("Work experience")),
    ("jobseekers:profile_skills", gettext_lazy("Skills")),
    ("jobseekers:profile_preferences", gettext_lazy("Preferences")),
    ("jobseekers:profile_documents", gettext_lazy("Documents")),
]


def _next_step_url(current: str) -> str:
    names = [name for name, _label in PROFILE_STEPS]
    index = names.index(current)
    return reverse(names[index + 1]) if index + 1 < len(names) else reverse("jobseekers:profile")


class ProfileStepMixin(JobseekerRequiredMixin):
    """A page of the profile: knows its place among the steps for the step list and the "next" link."""

    step: str = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        names = [name for name, _label in PROFILE_STEPS]
        context.update(
            {
                "profile": self.profile,
                "steps": [
                    {"url": reverse(name), "label": label, "current": name == self.step}
                    for name, label in PROFILE_STEPS
                ],
                "step_number": names.index(self.step) + 1 if self.step in names else None,
                "step_count": len(names),
                "next_step_url": _next_step_url(self.step) if self.step in names else reverse("jobseekers:profile"),
            }
        )
        return context


class ProfileView(ProfileStepMixin, TemplateView):
    """The overview: how complete the profile is, what is missing, and a link to each step."""

    template_name = "jobseekers/profile_overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        checklist = selectors.profile_checklist(self.profile)
        percent, missing = selectors.profile_completeness(self.profile)
        context.update(
            {
                "checklist": checklist,
                "missing_items": [item for item in checklist if not item.done],
                "percent": percent,
                "card": selectors.card_current(self.profile),
                "can_request_card": selectors.can_request_card(self.profile),
            }
        )
        return context


class ProfileFormStepView(ProfileStepMixin, FormView):
    """A step that is one form; `save(form)` calls the service, whose errors go to the fields."""

    success_message = gettext_lazy("Saved.")

    def save(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.save(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())

    def get_success_url(self):
        return _next_step_url(self.step)


class ProfilePersonalView(ProfileFormStepView):
    template_name = "jobseekers/profile_personal.html"
    form_class = PersonalDataForm
    step = "jobseekers:profile_personal"
    success_message = gettext_lazy("Your personal data is saved.")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": self.profile,
            "identity_locked": services.identity_locked(self.profile),
        }

    def save(self, form):
        fields = {name: form.cleaned_data[name] for name in form.fields if not form.fields[name].disabled}
        services.profile_update_personal(profile=self.profile, **fields)


class EntryListView(ProfileStepMixin, TemplateView):
    """Education or work experience: the list, each entry with its edit and delete buttons."""

    related_name = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = getattr(self.profile, self.related_name).select_related(
            "level" if self.related_name == "education_entries" else "occupation"
        )
        return context


class EntryFormView(ProfileFormStepView):
    """Add an entry, or change one of the jobseeker's own (anyone else's is a 404)."""

    model = None
    save_service = None
    list_url = ""

    def dispatch(self, request, *args, **kwargs):
        self.entry = None
        return super().dispatch(request, *args, **kwargs)

    def get_entry(self):
        if "pk" in self.kwargs and self.entry is None:
            self.entry = get_object_or_404(self.model, pk=self.kwargs["pk"], jobseeker=self.profile)
        return self.entry

    def get(self, request, *args, **kwargs):
        self.get_entry()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.get_entry()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.entry}

    def get_context_data(self, **kwargs):
        return super().get_context_data(entry=self.entry, **kwargs)

    def save(self, form):
        entry_id = self.entry.pk if self.entry else None
        type(self).save_service(profile=self.profile, entry_id=entry_id, **form.cleaned_data)

    def get_success_url(self):
        return reverse(self.list_url)


class EntryDeleteView(JobseekerRequiredMixin, View):
    model = None
    delete_service = None
    list_url = ""

    def post(self, request, pk):
        try:
            type(self).delete_service(profile=self.profile, entry_id=pk)
        except self.model.DoesNotExist:  # another's, or deleted already (a second click): as DocumentDeleteView
            raise Http404 from None
        messages.success(request, _("The entry is deleted."))
        return redirect(self.list_url)


class EducationListView(EntryListView):
    template_name = "jobseekers/education_list.html"
    step = "jobseekers:profile_education"
    related_name = "education_entries"


class EducationFormView(EntryFormView):
    template_name = "jobseekers/education_form.html"
    form_class = EducationEntryForm
    step = "jobseekers:profile_education"
    model = EducationEntry
    save_service = services.education_entry_save
    list_url = "jobseekers:profile_education"
    success_message = gettext_lazy("The education entry is saved.")


class EducationDeleteView(EntryDeleteView):
    model = EducationEntry
    delete_service = services.education_entry_delete
    list_url = "jobseekers:profile_education"


class ExperienceListView(EntryListView):
    template_name = "jobseekers/experience_list.html"
    step = "jobseekers:profile_experience"
    related_name = "experience_entries"


class ExperienceFormView(EntryFormView):
    template_name = "jobseekers/experience_form.html"
    form_class = ExperienceEntryForm
    step = "jobseekers:profile_experience"
    model = ExperienceEntry
    save_service = services.experience_entry_save
    list_url = "jobseekers:profile_experience"
    success_message = gettext_lazy("The work experience is saved.")


class ExperienceDeleteView(EntryDeleteView):
    model = ExperienceEntry
    delete_service = services.experience_entry_delete
    list_url = "jobseekers:profile_experience"


class ProfileSkillsView(ProfileFormStepView):
    """Skills from the vocabulary: a checkbox list that a GET `?cari=` box narrows, without JavaScript."""

    template_name = "jobseekers/profile_skills.html"
    form_class = SkillsForm
    step = "jobseekers:profile_skills"
    success_message = gettext_lazy("Your skills are saved.")

    def get_search(self) -> tuple[SkillSearchForm, str]:
        search = SkillSearchForm(self.request.GET or None)
        return search, search.cleaned_data["cari"] if search.is_bound and search.is_valid() else ""

    def get_form_kwargs(self):
        _search, query = self.get_search()
        chosen = list(self.profile.skills.values_list("pk", flat=True))
        shown = (
            Skill.objects.active()
            .filter(Q(pk__in=selectors.skills_search(query).values("pk")) | Q(pk__in=chosen))
            .order_by("name")
        )
        return {**super().get_form_kwargs(), "choices_queryset": shown, "initial": {"skills": chosen}}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search, query = self.get_search()
        form = context["form"]
        selected = {str(value) for value in (form["skills"].value() or [])}
        context.update(
            {
                "search": search,
                "query": query,
                "shown_skills": [(skill, str(skill.pk) in selected) for skill in form.shown],
                "chosen_count": len(selected),
            }
        )
        return context

    def save(self, form):
        services.profile_set_skills(profile=self.profile, skills=form.cleaned_data["skills"])


class ProfilePreferencesView(ProfileFormStepView):
    template_name = "jobseekers/profile_preferences.html"
    form_class = PreferencesForm
    step = "jobseekers:profile_preferences"
    success_message = gettext_lazy("Your preferences are saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.profile}

    def save(self, form):
        services.profile_update_preferences(profile=self.profile, **form.cleaned_data)


class ProfileDocumentsView(ProfileFormStepView):
    """Upload the KTP, the last diploma and a photo (and other papers); list and delete one's own."""

    template_name = "jobseekers/document_list.html"
    form_class = DocumentUploadForm
    step = "jobseekers:profile_documents"
    success_message = gettext_lazy("The document is uploaded.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "max_mb": settings.DOCUMENT_UPLOAD_MAX_MB}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        documents = list(self.profile.documents.select_related("jobseeker"))
        kinds = {document.kind for document in documents}
        context.update(
            {
                "max_mb": settings.DOCUMENT_UPLOAD_MAX_MB,
                "documents": [
                    (document, _document_url(document), services.document_can_delete(document))
                    for document in documents
                ],
                "required_missing": [
                    label
                    for kind, label in Document.Kind.choices
                    if kind in REQUIRED_DOCUMENT_KINDS and kind not in kinds
                ],
            }
        )
        # The documents are the last step of the profile: once they are there, offer what comes next.
        if not context["required_missing"]:
            context["next_step"] = selectors.jobseeker_next_step(self.profile)
        return context

    def save(self, form):
        services.document_upload(jobseeker=self.profile, **form.cleaned_data)

    def get_success_url(self):
        return reverse("jobseekers:profile_documents")


def _document_url(document: Document) -> str:
    """The checked download view, once it exists; never the file's storage path."""
    try:
        return reverse("jobseekers:document_download", args=[document.pk])
    except NoReverseMatch:
        return ""


class DocumentDeleteView(JobseekerRequiredMixin, View):
    def post(self, request, pk):
        try:
            services.document_delete(jobseeker=self.profile, document_id=pk)
        except Document.DoesNotExist:
            raise Http404 from None
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The document is deleted."))
        return redirect("jobseekers:profile_documents")


class CardView(JobseekerRequiredMixin, TemplateView):
    """My AK/I card: status, number, validity, next report date, the report button, a returned card's reason."""

    template_name = "jobseekers/card_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        card = selectors.card_current(self.profile)
        percent, missing = selectors.profile_completeness(self.profile)
        next_report = selectors.card_next_report_date(card) if card else None
        context.update(
            {
                "profile": self.profile,
                "card": card,
                "next_report": next_report,
                "report_overdue": next_report is not None and next_report < timezone.localdate(),
                "can_request_card": selectors.can_request_card(self.profile),
                "email_verified": user_email_verified(self.request.user),
                "percent": percent,
                "missing_items": [item for item in selectors.profile_checklist(self.profile) if not item.done],
                "history": self.profile.aki_cards.exclude(pk=card.pk) if card else [],
                "report_months": settings.AKI_CARD_REPORT_INTERVAL_MONTHS,
                "card_printable": selectors.card_is_printable(card),
                "can_reactivate": card is not None and selectors.card_can_reactivate(card),
            }
        )
        return context


class CardRequestView(JobseekerRequiredMixin, View):
    def post(self, request):
        try:
            services.aki_card_request(jobseeker=self.profile, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Your AK/I card request is sent. Disnaker checks your documents."))
        return redirect("jobseekers:card")


class CardReportView(JobseekerRequiredMixin, View):
    """The one-click report ("lapor"): still looking for work. It also makes a lapsed card active again."""

    def post(self, request):
        card = selectors.card_current(self.profile)
        if card is None or card.status not in (AkiCard.Status.ACTIVE, AkiCard.Status.LAPSED):
            messages.error(request, _("You can report only on an active AK/I card."))
            return redirect("jobseekers:card")
        was_lapsed = card.status == AkiCard.Status.LAPSED
        try:
            services.aki_card_report(card_id=card.pk, by=request.user)
        except services.TransitionError:
            messages.error(request, _("You can report only on an active AK/I card."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            done = _("Thank you: your report (lapor) is recorded.")
            if was_lapsed:
                done = _("Thank you: your report (lapor) is recorded and your card is active again.")
            messages.success(request, done)
        return redirect("jobseekers:card")


class CardPrintView(JobseekerRequiredMixin, View):
    """My AK/I card as a PDF to print (A6), for an issued card with a number; otherwise back with a message."""

    def get(self, request):
        card = selectors.card_current(self.profile)
        if not selectors.card_is_printable(card):
            messages.error(request, _("You can print your AK/I card once Disnaker has issued it."))
            return redirect("jobseekers:card")
        return card_pdf_response(card)


class CardCheckView(TemplateView):
    """The public check of an AK/I card (/kartu/<number>/, the QR code's address): masked name, status, dates.

    Anything that is not an issued card's number is the 404 page; rate-limited per address with the API.
    """

    template_name = "jobseekers/card_check.html"

    def get(self, request, *args, **kwargs):
        allowed, wait = limit_hit(request, CARD_CHECK)
        if not allowed:
            response = self.render_to_response({"throttled": True}, status=429)
            response["Retry-After"] = str(max(1, math.ceil(wait or 60)))
            return response
        card = selectors.card_for_public_check(kwargs["number"])
        if card is None:
            raise Http404
        response = self.render_to_response({"check": selectors.card_public_check(card)})
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "no-store"
        return response


class TakeOverView(FormView):
    """/pencaker/ambil-alih/: a person registered at the counter makes the account theirs (issue 8).

    NIK and the code from the sheet, then their own email and password; the code is used up. Every
    failed attempt counts against the address (TAKEOVER_ATTEMPT_LIMIT) and gets one neutral message.
    """

    template_name = "jobseekers/take_over.html"
    form_class = TakeOverForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            messages.info(request, _("You are already logged in."))
            return redirect("portal:dashboard")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        limited = form_limited(self, form, TAKEOVER)
        if limited is not None:
            return limited
        try:
            profile = services.jobseeker_take_over(
                nik=form.cleaned_data["nik"],
                code=form.cleaned_data["code"],
                email=form.cleaned_data["account_email"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            add_service_errors(form, error, field_map={"email": "account_email"})
            return self.form_invalid(form)
        login(self.request, profile.user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            self.request, _("The account is yours now. From now on, log in with your email address and password.")
        )
        return redirect("portal:dashboard")
