"""The notification settings form."""

from __future__ import annotations

from django import forms

from .models import NotificationPreference


class NotificationPreferenceForm(forms.Form):
    delivery = forms.ChoiceField(
        label="How do you want to hear about updates and publications?",
        help_text="For example, when your update is accepted or sent back, or when the action "
        "notes or work programme of a committee you sit on are published. Reminders of due "
        "dates always come in the daily digest.",
        choices=[
            (
                NotificationPreference.Delivery.IMMEDIATE,
                "By email straight away, one email for each",
            ),
            (
                NotificationPreference.Delivery.DIGEST,
                "In the daily digest, with your reminders",
            ),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you want to hear about updates and publications"},
    )
