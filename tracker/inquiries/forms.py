"""The inquiry page's forms: the inquiry, and one row per recommendation."""

from __future__ import annotations

from django import forms

from committees.models import Committee, Post
from tracker.exported_text import validate_exported_text
from tracker.items.forms import GovukDateField, VersionedForm
from tracker.models import AssessmentScale, ExecutiveResponse, ReviewCadence, default_scale_of
from tracker.web.forms import redrawn_rows

from .services import NewRecommendation

MAX_ROWS = 100
FIRST_ROWS = 3


class InquiryForm(forms.Form):
    title = forms.CharField(
        label="Title of the inquiry",
        max_length=300,
        error_messages={"required": "Enter the title of the inquiry"},
    )
    committee = forms.ModelChoiceField(
        Committee.objects.none(),
        label="Committee",
        empty_label="Choose a committee",
        error_messages={
            "required": "Choose the committee that held the inquiry",
            "invalid_choice": "Choose one of the committees you keep the record of",
        },
    )
    summary = forms.CharField(
        label="Summary (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
    )
    reported_to_council_on = GovukDateField(
        label="Date reported to the executive or full council (optional)", required=False
    )
    assessment_scale = forms.ModelChoiceField(
        AssessmentScale.objects.all(),
        label="Assessment scale",
        required=False,
        empty_label="The committee's default scale",
        help_text="The categories the committee will assess its recommendations against. "
        "Its default is set by the administrators.",
        error_messages={"invalid_choice": "Choose an assessment scale from the list"},
    )

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees

    def clean(self):
        cleaned = super().clean()
        committee = cleaned.get("committee")
        if (
            committee
            and not cleaned.get("assessment_scale")
            and "assessment_scale" not in self.errors
        ):
            cleaned["assessment_scale"] = default_scale_of(committee.pk)
            if cleaned["assessment_scale"] is None:
                self.add_error(
                    "assessment_scale",
                    "Choose the assessment scale: the committee has no default scale",
                )
        return cleaned


class RecommendationRowForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="As the council writes it: R1, R01, SC18 or 1.3.",
        error_messages={"required": "Enter the recommendation's code"},
    )
    text = forms.CharField(
        label="Text of the recommendation",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[validate_exported_text],
    )
    text_not_known = forms.BooleanField(label="The text is not yet known", required=False)
    responsibility = forms.CharField(
        label="Responsibility, as the report words it (optional)", required=False, max_length=300
    )
    owner_post = forms.ModelChoiceField(
        Post.objects.all(),
        label="Owner post (optional)",
        required=False,
        empty_label="No owner post yet",
        error_messages={"invalid_choice": "Choose an owner post from the list"},
    )
    due_date = GovukDateField(label="Due date (optional)", required=False)

    def clean(self):
        cleaned = super().clean()
        text = (cleaned.get("text") or "").strip()
        if cleaned.get("text_not_known") and text:
            self.add_error("text", "Leave the text empty when it is not yet known")
        elif not cleaned.get("text_not_known") and not text and "text" not in self.errors:
            self.add_error("text", "Enter the text, or tick that it is not yet known")
        return cleaned

    def recommendation(self) -> NewRecommendation:
        data = self.cleaned_data
        return NewRecommendation(
            code=data["code"],
            text="" if data["text_not_known"] else data["text"],
            responsibility=data["responsibility"],
            owner_post=data["owner_post"],
            due_date=data["due_date"],
        )


def recommendation_rows(extra: int = FIRST_ROWS):
    """The recommendation rows. Blank rows are left out; redrawn rows keep what was typed."""
    return redrawn_rows(RecommendationRowForm, extra=extra, max_rows=MAX_ROWS)


class ExecutiveClockForm(forms.Form):
    """When the report went to the executive, and how often progress is reviewed."""

    sent_to_executive_on = GovukDateField(
        label="Date the recommendations were sent to the executive",
        required=False,
        help_text="The executive's response falls due the committee's response period later.",
    )
    review_cadence = forms.ChoiceField(
        label="How often the committee reviews progress",
        choices=[("", "Not set"), *ReviewCadence.choices],
        required=False,
        widget=forms.RadioSelect,
        help_text="After each round the next tracking date is set from this.",
    )


class ExecutiveResponseForm(VersionedForm):
    response = forms.ChoiceField(
        label="The executive's response",
        choices=ExecutiveResponse.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the executive's response"},
    )
    responded_on = GovukDateField(
        label="Date of the response",
        error_messages={"required": "Enter the date of the response"},
    )
    reason = forms.CharField(
        label="The executive's reason (required unless it accepted)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=20000,
    )
    action_plan = forms.CharField(
        label="Action plan (for what it accepted)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
    )
    target_date = GovukDateField(label="Target date of the action plan", required=False)

    def __init__(self, *args, recommendation, **kwargs):
        super().__init__(*args, versioned=recommendation, **kwargs)

    def clean(self):
        cleaned = super().clean()
        response = cleaned.get("response")
        accepts = response in {ExecutiveResponse.ACCEPTED, ExecutiveResponse.ACCEPTED_IN_PART}
        if response and response != ExecutiveResponse.ACCEPTED and not cleaned.get("reason"):
            self.add_error(
                "reason", "Give the executive's reason: it is required unless it accepted"
            )
        if accepts and not cleaned.get("action_plan"):
            self.add_error("action_plan", "Give the action plan for what the executive accepted")
        if accepts and not cleaned.get("target_date") and "target_date" not in self.errors:
            self.add_error("target_date", "Enter the target date of the action plan")
        if response == ExecutiveResponse.REJECTED and (
            cleaned.get("action_plan") or cleaned.get("target_date")
        ):
            self.add_error(
                "action_plan", "Leave the action plan and target date empty for a rejection"
            )
        return cleaned
