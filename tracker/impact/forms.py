"""The forms of the impact pages: a note in the impact log, and the statistics' period."""

from __future__ import annotations

import datetime as dt

from django import forms

from committees.dates import long_date
from committees.models import Committee, Meeting
from tracker.items.forms import GovukDateField, VersionedForm
from tracker.models import Recommendation

from .statistics import Period


class ImpactNoteForm(forms.Form):
    noted_on = GovukDateField(
        label="Date noted", error_messages={"required": "Enter the date the impact was noted"}
    )
    difference = forms.CharField(
        label="The difference the recommendation made",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
        error_messages={"required": "Say what difference the recommendation made"},
    )
    evidence_link = forms.URLField(
        label="Evidence: link",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": "Enter the link as a web address, like https://..."},
    )
    evidence_text = forms.CharField(
        label="Evidence: description",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=20000,
    )

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("evidence_link")
            and not cleaned.get("evidence_text")
            and "evidence_link" not in self.errors
        ):
            self.add_error("evidence_text", "Give the evidence: a link or a description")
        return cleaned


class WithdrawForm(VersionedForm):
    meeting = forms.ModelChoiceField(
        Meeting.objects.none(),
        label="Meeting at which the committee withdrew it",
        empty_label="Choose a meeting",
        error_messages={"required": "Choose the meeting that withdrew the recommendation"},
    )
    reason = forms.CharField(
        label="The committee's reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": "Say why the committee withdrew the recommendation"},
    )

    def __init__(self, *args, recommendation: Recommendation, **kwargs):
        super().__init__(*args, versioned=recommendation, **kwargs)
        self.fields["meeting"].queryset = recommendation.inquiry.committee.meetings.filter(
            kind__in=[Meeting.Kind.FORMAL, Meeting.Kind.CALL_IN]
        ).order_by("-date")
        self.fields["meeting"].label_from_instance = lambda m: long_date(m.date)


class PeriodForm(forms.Form):
    """Which committee, and which dates: `?committee=slug&from=2018-05-01&to=2019-04-30`."""

    committee = forms.ModelChoiceField(
        Committee.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        label="Committee",
        empty_label="All committees",
        error_messages={"invalid_choice": "Choose a committee from the list"},
    )
    start = forms.DateField(
        label="From (yyyy-mm-dd)",
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Enter the start as a date like 2018-05-01"},
    )
    end = forms.DateField(
        label="To (yyyy-mm-dd)",
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Enter the end as a date like 2019-04-30"},
    )

    def add_prefix(self, field_name):
        return {"start": "from", "end": "to"}.get(field_name, field_name)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The end of the period must be on or after its start")
        for name in ("start", "end"):
            day = cleaned.get(name)
            if day and not dt.date(1990, 1, 1) <= day <= dt.date(2100, 12, 31):
                self.add_error(name, "Enter a date between 1990 and 2100")
        return cleaned

    def period(self) -> Period:
        if not self.is_bound or not self.is_valid():
            return Period()
        data = self.cleaned_data
        return Period(committee=data["committee"], start=data["start"], end=data["end"])
