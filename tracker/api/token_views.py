"""The person's API tokens page: make one (its value shown once), see each one's last
use, and revoke one."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from .models import ApiToken
from .tokens import api_token_create, api_token_revoke, tokens_of


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name of the new token",
        help_text="Say what it is for, for example “Committee management system”.",
        max_length=100,
        error_messages={
            "required": "Enter a name for the token, saying what it is for",
            "max_length": "The token's name must be 100 characters or fewer",
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    made, value = None, None
    if request.method == "POST" and form.is_valid():
        try:
            made, value = api_token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error("name" if hasattr(error, "error_dict") else None, error)
        else:
            form = TokenForm()
    response = render(
        request,
        "tracker/api/api_tokens.html",
        {"form": form, "tokens": tokens_of(request.user), "made": made, "value": value},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
@require_POST
def api_token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    # Another person's token is not found: there is nothing of theirs to revoke here.
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    if api_token_revoke(token=token, by_user=request.user):
        messages.success(request, f"The token “{token.name}” was revoked: it no longer works.")
    else:
        messages.error(request, f"The token “{token.name}” had already been revoked.")
    return redirect("api_tokens")
