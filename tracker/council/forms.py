"""The administrators' forms: the council's settings, and a committee's rules."""

from __future__ import annotations

from django import forms

from committees.models import StandingItem
from tracker.models import AssessmentScale
from tracker.web.forms import RedrawnRows, redrawn_rows

MAX_STANDING_ROWS = 30
REASON_LABEL = "Why are you making this change?"


def _reason() -> forms.CharField:
    return forms.CharField(
        label=REASON_LABEL,
        help_text="Kept in the history with your name.",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say why you are making this change"},
    )


class CouncilSettingsForm(forms.Form):
    name = forms.CharField(
        label="The council's name",
        max_length=200,
        help_text="As its documents give it, for example Kent County Council.",
        error_messages={"required": "Enter the council's name"},
    )
    full_council = forms.CharField(
        label="What the meeting of all councillors is called",
        max_length=100,
        help_text="For example Council, City Council or County Council. Pages say an "
        "inquiry was reported to it.",
        error_messages={"required": "Enter what the full council is called"},
    )
    executive = forms.CharField(
        label="What the executive is called",
        max_length=100,
        help_text="For example Cabinet, Executive or Policy and Resources Committee. The "
        "forward plan lists its decisions.",
        error_messages={"required": "Enter what the executive is called"},
    )
    reason = _reason()


class CommitteeSettingsForm(forms.Form):
    report_deadline_days_before = forms.IntegerField(
        label="Report deadline: days before the meeting",
        min_value=0,
        max_value=90,
        help_text="Reports are due on the Monday on or before the day this many days before "
        "each committee meeting. 9 gives the Monday of the week before a Wednesday meeting. "
        "Meetings still to come whose deadline followed the old rule move with it.",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter the number of days before the meeting",
            "invalid": "Enter the number of days as a whole number, like 9",
            "min_value": "The number of days must be 0 or more",
            "max_value": "The number of days must be 90 or fewer",
        },
    )
    assessment_scale = forms.ModelChoiceField(
        AssessmentScale.objects.all(),
        label="Assessment scale of new inquiries",
        empty_label="Choose a scale",
        help_text="Chosen for a new inquiry of this committee; the officer may choose another.",
        error_messages={
            "required": "Choose the assessment scale",
            "invalid_choice": "Choose an assessment scale from the list",
        },
    )
    reason = _reason()


class StandingItemRowForm(forms.Form):
    position = forms.ChoiceField(
        label="Where on the agenda",
        choices=StandingItem.Position.choices,
        error_messages={"invalid_choice": "Choose before or after the business"},
    )
    title = forms.CharField(label="Title", required=False, max_length=300)
    description = forms.CharField(
        label="What the agenda says (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def has_changed(self) -> bool:
        # A row is an item when it has a title or a description; the position alone,
        # which always has a value, does not make one.
        return bool(self["title"].value() or self["description"].value())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("description", "").strip() and not cleaned.get("title", "").strip():
            self.add_error("title", "Enter the standing item's title, or clear its row")
        return cleaned

    def item(self) -> tuple[str, str, str]:
        data = self.cleaned_data
        return data["position"], " ".join(data["title"].split()), data["description"].strip()


class StandingItemRows(RedrawnRows):
    """The standing items, one row each. Rows left empty are left out (that removes one)."""

    def items(self) -> list[tuple[str, str, str]]:
        return [form.item() for form in self.filled()]


def standing_item_rows(extra: int):
    return redrawn_rows(
        StandingItemRowForm, formset=StandingItemRows, extra=extra, max_rows=MAX_STANDING_ROWS
    )
