from __future__ import annotations

from django import forms


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label="Why are the notes corrected?",
        help_text="For example, what was wrong and who pointed it out. Everyone who reads the "
        "notes sees this beside the correction.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say why the notes are corrected."},
    )
