"""Forms of the membership pages. They validate input; the services decide what it means."""

from __future__ import annotations

from django import forms

from committees.models import Membership, Person
from tracker.items.forms import GovukDateField
from tracker.meetings.forms import reason_field

# A substitute is recorded for one meeting (tracker.meetings), not as a membership.
ROLES = [(r.value, r.label) for r in Membership.Role if r != Membership.Role.SUBSTITUTE]


class MembershipAddForm(forms.Form):
    person = forms.ModelChoiceField(
        Person.objects.filter(is_councillor=True),
        label="Councillor",
        empty_label="Choose a councillor",
        error_messages={"required": "Choose the councillor who joins"},
    )
    role = forms.ChoiceField(
        label="Role",
        choices=ROLES,
        initial=Membership.Role.MEMBER,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the role"},
    )
    party = forms.CharField(label="Party (optional)", required=False, max_length=100)
    start = GovukDateField(
        label="Member from",
        name="The date the membership starts",
        help_text="For example 22 5 2018.",
        error_messages={"required": "Enter the date the membership starts"},
    )
    reason = reason_field()


class EndForm(forms.Form):
    """The last day of a membership or of an officer's support, and why."""

    end = GovukDateField(
        label="Last day",
        help_text="For example 31 3 2019.",
        error_messages={"required": "Enter the last day"},
    )
    reason = reason_field()


class SupportOfficerAddForm(forms.Form):
    person = forms.ModelChoiceField(
        Person.objects.filter(is_councillor=False),
        label="Officer",
        empty_label="Choose a person",
        error_messages={"required": "Choose the officer"},
    )
    role = forms.CharField(
        label="Role",
        max_length=200,
        initial="Scrutiny Officer",
        error_messages={"required": "Enter the officer's role, for example Scrutiny Officer"},
    )
    phone = forms.CharField(label="Phone (optional)", required=False, max_length=50)
    start = GovukDateField(
        label="Supports the committee from",
        name="The date the support starts",
        help_text="For example 1 4 2019.",
        error_messages={"required": "Enter the date the support starts"},
    )
    reason = reason_field()


class MembersOnForm(forms.Form):
    """The day the committee page shows the membership of."""

    on = GovukDateField(
        label="Show the membership on", name="The date to show the membership on", required=False
    )
