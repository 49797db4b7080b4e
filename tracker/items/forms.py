"""Forms for the pages. They validate input; the services decide what it means."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef

from committees import clock
from committees.dates import check_due_date, in_window, long_date, window_text
from committees.models import Committee, Meeting, Person, Post
from tracker.access import Access
from tracker.models import AssessmentCategory, InformationRequest, Inquiry, Recommendation
from tracker.outstanding.selectors import (
    KIND_RECOMMENDATION,
    KIND_REQUEST,
    OutstandingFilters,
    assessment_filter_categories,
    assessment_filter_choices,
)

from .versions import NOT_STATED, EditConflict, version_of


class GovukDateInput(forms.MultiWidget):
    """Day, month and year boxes in GOV.UK date input markup."""

    template_name = "govuk/widgets/date_input.html"
    use_fieldset = True

    def __init__(self, attrs=None):
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)

    def decompress(self, value):
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date entered as day, month and year, with GOV.UK wording for its errors: each
    names the field ("Due date must be a real date"), by its label without a closing
    "(optional)", or by `name` where the label alone would not read as a noun."""

    widget = GovukDateInput

    def __init__(self, *, name: str = "", error_messages: dict | None = None, **kwargs):
        label = kwargs.get("label") or "Date"
        name = name or re.sub(r"\s*\(.*\)\s*$", "", label) or "Date"
        name = name[0].upper() + name[1:]
        messages = {
            "required": f"Enter the {name[0].lower()}{name[1:]}",
            "incomplete": f"{name} must include a day, month and year",
            "invalid": f"{name} must be a real date",
            "out_of_range": f"{name} must be {window_text()}",
            **(error_messages or {}),
        }
        fields = [forms.CharField(), forms.CharField(), forms.CharField()]
        super().__init__(fields, require_all_fields=False, error_messages=messages, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        try:
            day, month, year = (int(str(v).strip()) for v in data_list)
            if year < 1000:
                raise ValueError
            value = dt.date(year, month, day)
        except (TypeError, ValueError, OverflowError):  # OverflowError: a year like 2**31
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not in_window(value):  # committees.dates: the window every entered date is in
            raise ValidationError(self.error_messages["out_of_range"], code="out_of_range")
        return value


class DefinedRadioSelect(forms.RadioSelect):
    """GOV.UK radios for assessment categories: each option's hint is its category's
    definition, so those who assess see what each label means."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        category = getattr(value, "instance", None)
        option["hint"] = getattr(category, "description", "")
        if option["hint"]:
            option["attrs"]["aria-describedby"] = f"{option['attrs']['id']}-hint"
        return option


CHOOSE_COMMITTEE = "Choose a committee to list its inquiries, meetings and owners"


class OutstandingFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    committee = forms.ModelChoiceField(
        Committee.objects.all(), required=False, empty_label="All committees", to_field_name="slug"
    )
    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[
            ("", "Recommendations and requests"),
            (KIND_RECOMMENDATION, "Recommendations"),
            (KIND_REQUEST, "Requested information and actions"),
        ],
    )
    source = forms.ChoiceField(label="Inquiry or meeting", required=False)
    owner = forms.ModelChoiceField(
        Post.objects.all(), label="Owner", required=False, empty_label="Any owner"
    )
    assessment = forms.ModelChoiceField(
        AssessmentCategory.objects.none(),
        label="Latest assessment",
        required=False,
        empty_label="Any assessment",
    )
    overdue = forms.BooleanField(label="Only overdue items", required=False)
    due_from = GovukDateField(label="Due on or after", required=False)
    due_to = GovukDateField(label="Due on or before", required=False)

    # Longer lists than this are not offered until a committee narrows them: a select of
    # thousands of options helps nobody and costs every page view.
    CHOICES_CAP = 150

    def __init__(self, *args, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        categories = assessment_filter_categories()
        self.fields["assessment"].queryset = categories
        # Listed only when the field is drawn: a page that shows no filters asks nothing.
        self.fields["assessment"].choices = lambda: (
            [("", "Any assessment")] + (assessment_filter_choices(list(categories)))
        )
        slug = self.data.get("committee")
        committee = Committee.objects.filter(slug=slug).first() if slug else None
        if committee is None:
            # With one committee there is nothing to choose; with many, these lists wait
            # until one is chosen, so an unfiltered page asks for none of them.
            only = list(Committee.objects.all()[:2])
            committee = only[0] if len(only) == 1 else None
        if committee is None:
            self.fields["source"].choices = [("", "Choose a committee first")]
            self.fields["source"].help_text = CHOOSE_COMMITTEE
            self.fields["owner"].choices = [("", "Choose a committee first")]
            self.fields["owner"].queryset = Post.objects.none()
            return
        inquiries = _capped(
            Inquiry.objects.filter(
                Exists(Recommendation.objects.outstanding().filter(inquiry=OuterRef("pk")))
            ).order_by("title"),
            committee,
            self.CHOICES_CAP,
        )
        meetings = _capped(
            Meeting.objects.filter(
                Exists(
                    InformationRequest.objects.outstanding()
                    .filter(access.visible_requests())
                    .filter(meeting=OuterRef("pk"))
                )
            )
            .select_related("committee")
            .order_by("-date"),
            committee,
            self.CHOICES_CAP,
        )
        if inquiries is None or meetings is None:
            self.fields["source"].choices = [("", "Too many to list")]
            self.fields["source"].help_text = "Search by the inquiry's or item's title instead"
        else:
            self.fields["source"].choices = [
                ("", "Any inquiry or meeting"),
                ("Inquiries", [(f"inquiry-{i.pk}", i.title) for i in inquiries]),
                ("Meetings", [(f"meeting-{m.pk}", f"{m.committee.name}, {long_date(m.date)}")
                              for m in meetings]),
            ]  # fmt: skip
        owning = Post.objects.filter(
            Exists(
                Recommendation.objects.outstanding().filter(
                    owner_post=OuterRef("pk"), inquiry__committee=committee
                )
            )
            | Exists(
                InformationRequest.objects.outstanding()
                .filter(access.visible_requests())
                .filter(owner_post=OuterRef("pk"), meeting__committee=committee)
            )
        ).order_by("title")
        posts = list(owning[: self.CHOICES_CAP + 1])
        if len(posts) > self.CHOICES_CAP:
            posts = []
            self.fields["owner"].help_text = "Too many owners to list: search by name instead."
        self.fields["owner"].queryset = Post.objects.filter(pk__in=[p.pk for p in posts])
        self.fields["owner"].choices = [("", "Any owner")] + [(p.pk, p.title) for p in posts]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("due_from"), cleaned.get("due_to")
        if start and end and start > end:
            self.add_error("due_to", "The end of the range must be on or after its start")
            cleaned.pop("due_from", None)  # half a range would filter wrongly
        return cleaned

    def filters(self, today: dt.date) -> OutstandingFilters:
        # Fields with errors are left out; the valid ones still narrow the list.
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        source = data.get("source") or ""
        kind, _, pk = source.partition("-")
        return OutstandingFilters(
            committee=data.get("committee"),
            inquiry=Inquiry.objects.filter(pk=pk).first() if kind == "inquiry" else None,
            meeting=Meeting.objects.filter(pk=pk).first() if kind == "meeting" else None,
            kind=data.get("kind") or "",
            owner_post=data.get("owner"),
            assessment=data.get("assessment"),
            overdue_on=today if data.get("overdue") else None,
            due_from=data.get("due_from"),
            due_to=data.get("due_to"),
            text=(data.get("q") or "").strip(),
        )


def _capped(queryset, committee: Committee | None, cap: int) -> list | None:
    """The queryset's rows for the committee (or all), or None when there are too many."""
    if committee is not None:
        queryset = queryset.filter(committee=committee)
    rows = list(queryset[: cap + 1])
    return None if len(rows) > cap else rows


class OwnerUpdateForm(forms.Form):
    progress_note = forms.CharField(
        label="Progress since the last update",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the progress made since the last update"},
        max_length=10000,
    )
    evidence_link = forms.URLField(
        label="Link to evidence (optional)",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a full web address, starting https://"},
    )
    evidence_text = forms.CharField(
        label="Evidence (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
    )
    proposed_assessment = forms.ModelChoiceField(
        AssessmentCategory.objects.none(),
        label="Your proposed assessment (optional)",
        required=False,
        blank=True,
        empty_label="No proposal",
        widget=DefinedRadioSelect,
    )
    provided_on = GovukDateField(
        label="Date the information was provided (if it has been)", required=False
    )
    provided_how = forms.CharField(
        label="How it was provided (optional)",
        required=False,
        help_text="For example: circulated to Members by email.",
        max_length=500,
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        if isinstance(item, Recommendation):
            self.fields["proposed_assessment"].queryset = item.inquiry.assessment_scale.categories
            del self.fields["provided_on"], self.fields["provided_how"]
        else:
            del self.fields["proposed_assessment"]

    def clean_provided_on(self):
        provided_on = self.cleaned_data.get("provided_on")
        if provided_on and provided_on > clock.today():
            raise ValidationError("The date provided must be today or in the past")
        return provided_on


class VersionedForm(forms.Form):
    """A form that changes a tracked item carries the version of it the user saw.

    The service refuses the change if the item has moved on since (tracker.items.versions).
    The page then shows what changed and keeps the user's answers, now against the current
    version, so that sending them again is a choice made knowing the change.
    """

    seen_version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)
    conflict: EditConflict | None = None

    def __init__(self, *args, versioned: models.Model, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["seen_version"].initial = version_of(versioned)

    def clean_seen_version(self) -> str | None:
        return self.cleaned_data["seen_version"] or NOT_STATED

    def add_error(self, field, error):
        if isinstance(error, EditConflict):
            self.conflict = error
            self.data = self.data.copy()
            self.data[self.add_prefix("seen_version")] = error.current_version
        super().add_error(field, error)


class ReviewForm(VersionedForm):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("accept", "Accept the update"), ("return", "Send it back to the owner")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to accept the update or send it back"},
    )
    note = forms.CharField(
        label="Reason or note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when sending an update back: say what the owner should put right.",
        max_length=5000,
    )

    delivered = forms.BooleanField(
        label="This update delivers what was due (for example, the report was presented)",
        required=False,
        help_text="The recommendation is then no longer overdue while the committee assesses it.",
    )

    def __init__(self, *args, update, **kwargs):
        super().__init__(*args, versioned=update, **kwargs)
        if not update.recommendation_id:
            del self.fields["delivered"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "return" and not (cleaned.get("note") or "").strip():
            self.add_error("note", "Say why the update is sent back")
        if cleaned.get("decision") == "return" and cleaned.get("delivered"):
            self.add_error("delivered", "Only an update you accept can deliver what was due")
        return cleaned


class CommitteeAssessmentForm(VersionedForm):
    assessment = forms.ModelChoiceField(
        AssessmentCategory.objects.none(),
        label="The committee's assessment",
        empty_label=None,
        widget=DefinedRadioSelect,
        error_messages={"required": "Choose the committee's assessment"},
    )
    meeting = forms.ModelChoiceField(
        Meeting.objects.none(),
        label="Meeting that decided it",
        empty_label="Choose a meeting",
        error_messages={
            "required": "Choose the meeting that decided the assessment",
            "invalid_choice": "Choose a meeting that has taken place: the committee's "
            "assessment is recorded once the meeting has decided it",
        },
        help_text="Only meetings that have taken place.",
    )
    next_tracking_date = GovukDateField(
        label="Next tracking date (optional)",
        required=False,
        help_text="Left empty, the inquiry's review cadence sets it, if it has one.",
    )
    reason = forms.CharField(
        label="The committee's reason (required to reopen a closed recommendation)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
    evidence_link = forms.URLField(
        label="Evidence: link (needed to close, unless the owner's update gives evidence)",
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
    note = forms.CharField(
        label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, recommendation: Recommendation, **kwargs):
        super().__init__(*args, versioned=recommendation, **kwargs)
        self.fields["assessment"].queryset = recommendation.inquiry.assessment_scale.categories
        self.fields["meeting"].queryset = (
            recommendation.inquiry.committee.meetings.taken_place(clock.today())
            .filter(kind__in=[Meeting.Kind.FORMAL, Meeting.Kind.CALL_IN])
            .order_by("-date")
        )
        self.fields["meeting"].label_from_instance = lambda m: long_date(m.date)

    def clean(self):
        cleaned = super().clean()
        assessment = cleaned.get("assessment")
        if assessment and assessment.ends_tracking and cleaned.get("next_tracking_date"):
            self.add_error(
                "next_tracking_date",
                f"'{assessment.label}' ends tracking, so leave the next tracking date empty",
            )
        return cleaned


class DueDateRevisionForm(VersionedForm):
    new_date = GovukDateField(
        label="New due date",
        error_messages={"required": "Enter the new due date"},
    )
    reason = forms.CharField(
        label="Why the date changed",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: the committee agreed a new date at its meeting of 13 March 2019.",
        error_messages={"required": "Say why the due date changed"},
        max_length=5000,
    )
    decided_on = GovukDateField(
        label="Date the new date was agreed",
        error_messages={"required": "Enter the date the new date was agreed"},
    )

    def __init__(self, *args, item: Recommendation | InformationRequest, **kwargs):
        super().__init__(*args, versioned=item, **kwargs)
        self.item = item

    def clean_new_date(self):
        new_date = self.cleaned_data["new_date"]
        if new_date == self.item.due_date:
            raise ValidationError("The new due date is the same as the current one")
        anchor, anchor_text = self.item.due_date_anchor()
        check_due_date(new_date, anchor=anchor, anchor_text=anchor_text, what="The new due date")
        return new_date


REASON_MAX = 5000


class RequestOwnerForm(VersionedForm):
    """The new owner: one post or one person, from one select of both."""

    owner = forms.ChoiceField(
        label="New owner",
        help_text="A post follows whoever holds it; a person stays the owner by name.",
        error_messages={
            "required": "Choose the new owner",
            "invalid_choice": "Choose an owner from the list",
        },
    )
    reason = forms.CharField(
        label="Why the owner changed",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the owner changed"},
        max_length=REASON_MAX,
    )

    def __init__(self, *args, item: InformationRequest, **kwargs):
        super().__init__(*args, versioned=item, **kwargs)
        self.fields["owner"].choices = [
            ("", "Choose an owner"),
            ("Posts", [(f"post-{pk}", title) for pk, title in Post.objects.values_list(
                "pk", "title")]),
            ("People", [(f"person-{p.pk}", str(p)) for p in Person.objects.all()]),
        ]  # fmt: skip
        if not self.is_bound and item.owner is not None:
            kind = "post" if item.owner_post_id else "person"
            self.fields["owner"].initial = f"{kind}-{item.owner.pk}"

    def clean_owner(self) -> dict:
        kind, _, pk = self.cleaned_data["owner"].partition("-")
        model = Post if kind == "post" else Person
        found = model.objects.filter(pk=pk).first()
        if found is None:  # removed since the page was drawn
            raise ValidationError("Choose an owner from the list")
        return {"owner_post": found} if kind == "post" else {"owner_person": found}


class RequestWithdrawForm(VersionedForm):
    reason = forms.CharField(
        label="Why the request is withdrawn",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: the committee agreed it is no longer needed.",
        error_messages={"required": "Say why the request is withdrawn"},
        max_length=REASON_MAX,
    )

    def __init__(self, *args, item: InformationRequest, **kwargs):
        super().__init__(*args, versioned=item, **kwargs)


class RequestProvidedForm(VersionedForm):
    provided_on = GovukDateField(
        label="Date the information was provided",
        error_messages={"required": "Enter the date the information was provided"},
    )
    how = forms.CharField(
        label="How it was provided",
        required=False,
        help_text="For example: circulated to Members by email.",
        max_length=REASON_MAX,
    )

    def __init__(self, *args, item: InformationRequest, **kwargs):
        super().__init__(*args, versioned=item, **kwargs)
