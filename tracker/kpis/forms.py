from __future__ import annotations

from django import forms

from committees.models import SCHEDULE_12A_PARAGRAPHS

SUGGESTED_QUESTION = (
    "Why is this indicator outside its tolerance band, and what is being done about it?"
)


class AskForm(forms.Form):
    question = forms.CharField(
        label="What the committee asks",
        help_text="The request is owned by the indicator's owner and due at the committee's "
        "next report deadline.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter what the committee asks"},
    )


class ExemptionForm(forms.Form):
    paragraph = forms.TypedChoiceField(
        label="Is the report exempt?",
        choices=[("", "No: the report is public")]
        + [
            (str(n), f"Exempt under paragraph {n}: {text}")
            for n, text in SCHEDULE_12A_PARAGRAPHS.items()
        ],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Why",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why"},
    )
