"""Forms of the work programme, forward plan and call-in pages. They check input only."""

from __future__ import annotations

from django import forms

from committees.dates import long_date
from committees.models import CallIn, Committee, ForwardPlanDecision, Meeting, ProgrammeMatter
from committees.services import council_settings
from tracker.items.forms import GovukDateField
from tracker.models import InformationRequest

REFERENCE_HELP = "The council's reference, for example 005449/2018."


def _meeting_label(meeting: Meeting) -> str:
    kind = "" if meeting.kind == Meeting.Kind.FORMAL else f" ({meeting.get_kind_display()})"
    return f"{long_date(meeting.date)}{kind}"


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        return _meeting_label(obj)


class TopicForm(forms.Form):
    meeting = MeetingChoiceField(
        label="Meeting",
        queryset=Meeting.objects.none(),
        required=False,
        empty_label="To be scheduled",
        help_text="Leave as 'To be scheduled' while the topic has no meeting yet.",
    )
    topic = forms.CharField(
        label="Topic",
        max_length=300,
        error_messages={"required": "Enter the topic"},
    )
    detail = forms.CharField(
        label="Detail (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    lead_officer = forms.CharField(
        label="Lead officer (optional)",
        required=False,
        max_length=300,
        help_text="For example Service Director, Children's Services.",
    )
    attendees = forms.CharField(
        label="Officers invited (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The officers and others invited to attend for this topic.",
    )

    def __init__(self, *args, committee: Committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = committee.meetings.order_by("date", "start_time")


class ProgrammeMatterForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is it?",
        choices=ProgrammeMatter.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what it is"},
    )
    text = forms.CharField(
        label="What the programme should say",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what the programme should say"},
    )
    meeting = MeetingChoiceField(
        label="Meeting (optional)",
        queryset=Meeting.objects.none(),
        required=False,
        empty_label="Not scheduled",
        help_text="The meeting that takes it, once scheduled.",
    )

    def __init__(self, *args, committee: Committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = committee.meetings.order_by("date", "start_time")


class ProgrammeMatterEndForm(forms.Form):
    reason = forms.CharField(
        label="Why is it coming off the programme?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in its history. Editions of the programme before today still list it.",
        error_messages={"required": "Say why it is coming off the programme"},
    )


class TopicMoveForm(forms.Form):
    meeting = MeetingChoiceField(
        label="Move to",
        queryset=Meeting.objects.none(),
        required=False,
        empty_label="To be scheduled",
    )
    reason = forms.CharField(
        label="Why is it moving?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the topic is moving"},
    )

    def __init__(self, *args, committee: Committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = committee.meetings.order_by("date", "start_time")


class TopicDropForm(forms.Form):
    reason = forms.CharField(
        label="Why is it being dropped?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the topic's history. The topic leaves the published programme.",
        error_messages={"required": "Say why the topic is being dropped"},
    )


class DecisionForm(forms.Form):
    reference = forms.CharField(
        label="Reference",
        max_length=30,
        help_text=REFERENCE_HELP,
        error_messages={"required": "Enter the council's reference for the decision"},
    )
    title = forms.CharField(
        label="Title", max_length=300, error_messages={"required": "Enter the decision's title"}
    )
    portfolio = forms.CharField(
        label="Portfolio (optional)",
        required=False,
        max_length=200,
        help_text="The portfolio of the member of the executive who decides.",
    )
    proposed_date = GovukDateField(
        label="Proposed date of decision (optional)",
        required=False,
        help_text="For example, 13 3 2019.",
    )
    decision_date = GovukDateField(
        label="Date decided (optional)", required=False, help_text="For example, 13 3 2019."
    )
    lead_officer = forms.CharField(label="Lead officer (optional)", required=False, max_length=300)
    is_joint_decision = forms.BooleanField(
        label="A joint decision of a member of the executive and a chief officer", required=False
    )
    committees = forms.ModelMultipleChoiceField(
        label="Committees it concerns (optional)",
        queryset=Committee.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, decision: ForwardPlanDecision | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision = decision
        member = council_settings().executive_member  # the council's own words
        self.fields["portfolio"].help_text = f"The {member}'s portfolio."
        self.fields[
            "is_joint_decision"
        ].label = f"A joint decision of a {member} and a chief officer"

    def clean_reference(self) -> str:
        reference = self.cleaned_data["reference"].strip()
        taken = ForwardPlanDecision.objects.filter(reference=reference)
        if self.decision is not None:
            taken = taken.exclude(pk=self.decision.pk)
        if taken.exists():
            raise forms.ValidationError(f"The forward plan already has a decision {reference}")
        return reference


class DecisionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: ForwardPlanDecision) -> str:
        return f"{obj.reference} {obj.title}"


class RequestChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: InformationRequest) -> str:
        return f"{long_date(obj.meeting.date)}: {obj.text[:120]}"


class CallInForm(forms.Form):
    decisions = DecisionChoiceField(
        label="Decisions called in",
        queryset=ForwardPlanDecision.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one decision that was called in"},
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=CallIn.Outcome.choices,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--small"}),
    )
    outcome_text = forms.CharField(
        label="What the committee decided (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    requests = RequestChoiceField(
        label="Requests that followed it (optional)",
        queryset=InformationRequest.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, decisions, requests, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decisions"].queryset = decisions
        self.fields["requests"].queryset = requests
