from __future__ import annotations

from django import forms

from .highlight import search_terms
from .selectors import KINDS

MAX_QUERY = 200


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search the record",
        required=False,
        max_length=MAX_QUERY,
        widget=forms.TextInput(attrs={"type": "search", "spellcheck": "false"}),
        help_text="Recommendations, requests, action notes, resolutions, meetings, people, "
        "posts and inquiries, open or closed.",
        error_messages={
            "max_length": f"Enter {MAX_QUERY} characters or fewer to search for.",
        },
    )
    kind = forms.ChoiceField(
        label="Search in",
        required=False,
        choices=[("", "Everything")] + [(slug, kind.heading) for slug, kind in KINDS.items()],
        error_messages={"invalid_choice": "Choose what to search from the list."},
    )

    def clean_q(self) -> str:
        query = " ".join(self.cleaned_data["q"].split())
        if query and not search_terms(query):
            raise forms.ValidationError("Enter words or numbers to search for.")
        return query
