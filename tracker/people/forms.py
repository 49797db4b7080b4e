"""Forms of the people pages: inviting someone to a role, and ending a role."""

from __future__ import annotations

from django import forms

from tracker.items.forms import GovukDateField

from .services import Role


class InviteForm(forms.Form):
    name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={"required": "Enter the person's full name"},
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="The invitation, with a link to set a password, goes to this address.",
        error_messages={
            "required": "Enter the person's email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    role = forms.ChoiceField(
        label="Role on this committee",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the role"},
    )
    start = GovukDateField(
        label="From",
        name="The day the role starts",
        help_text="For a member or a scrutiny officer, the day the role starts. "
        "For example 13 2 2019.",
        error_messages={"required": "Enter the day the role starts"},
    )
    reason = forms.CharField(
        label="Reason",
        max_length=300,
        help_text="Kept in the record's history, for example: appointed at the annual meeting.",
        error_messages={"required": "Enter the reason for giving this role"},
    )
