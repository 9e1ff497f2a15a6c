"""Forms of the match pages: "this is wrong" (any match) and the staff call-up from the candidate list."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from matching.models import MatchFeedback


class MatchFeedbackForm(forms.Form):
    """Why a match is wrong; the service (matching.feedback.feedback_give) checks the same rules again."""

    reason = forms.ChoiceField(
        label=_("What is wrong with this match?"),
        choices=MatchFeedback.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose why this match is wrong.")},
    )
    comment = forms.CharField(
        label=pgettext_lazy("match feedback", "In a few words"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
        help_text=_("Needed when you choose another reason. At most 500 characters."),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, prefix_id: int | None = None, **kwargs):
        # One form per match on a list page: distinct ids keep every label tied to its own field.
        if prefix_id is not None:
            kwargs.setdefault("auto_id", f"id_feedback_{prefix_id}_%s")
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("reason") == MatchFeedback.Reason.OTHER and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say in a few words what is wrong."))
        return data


class StaffMatchFeedbackForm(forms.Form):
    """The same feedback from the staff candidate list: one select, so that a row stays one line high."""

    match = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", _("— why is it wrong? —")), *MatchFeedback.Reason.choices],
        error_messages={"required": _("Choose why this match is wrong.")},
    )
    comment = forms.CharField(label=_("Comment"), required=False, max_length=500)


class StaffCallUpForm(forms.Form):
    jobseeker = forms.IntegerField(widget=forms.HiddenInput)
    message = forms.CharField(label=_("Message to the jobseeker"), required=False, max_length=1000)
