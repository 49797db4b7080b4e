"""The forward plan import pages: upload an extract, see what it would do, confirm it.

For scrutiny officers of any committee and administrators, as the forward plan is the
council's. The file's rows wait in the session between the steps; the confirm form
carries only a digest of the preview, and the plan is worked out again on confirming.
"""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from tracker.access import access_for
from tracker.imports.trackers.views import TrackerUploadForm
from tracker.uploads import UploadLimits

from ..tables import ImportFileError, Sheet
from .importer import (
    COLUMNS,
    REQUIRED_COLUMNS,
    ForwardPlanImport,
    forward_plan_import_apply,
    plan_forward_plan_import,
    read_forward_plan_file,
)

SESSION_KEY = "forward_plan_imports"
MAX_WAITING = 3


class ConfirmForm(forms.Form):
    plan = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, plan: ForwardPlanImport, **kwargs):
        super().__init__(*args, initial={"plan": plan.fingerprint}, **kwargs)
        self.expected = plan.fingerprint

    def clean_plan(self) -> str:
        if self.cleaned_data["plan"] != self.expected:
            raise ValidationError(
                "The forward plan has changed since the preview was shown: check the rows "
                "below again, then confirm"
            )
        return self.cleaned_data["plan"]


def _require_officer(request: HttpRequest) -> None:
    if not access_for(request.user).is_officer:
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def forward_plan_import(request: HttpRequest) -> HttpResponse:
    _require_officer(request)
    limits = UploadLimits.from_settings()
    form = TrackerUploadForm(request.POST or None, request.FILES or None, limits=limits)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            sheet = read_forward_plan_file(
                filename=upload.name, content=upload.read(), limits=limits
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            key = str(uuid.uuid4())
            waiting = dict(request.session.get(SESSION_KEY, {}))
            while len(waiting) >= MAX_WAITING:
                waiting.pop(next(iter(waiting)))
            waiting[key] = sheet.to_dict()
            request.session[SESSION_KEY] = waiting
            return redirect("forward_plan_import_preview", key=key)
    return render(
        request,
        "tracker/imports/forward_plan/forward_plan_import.html",
        {
            "form": form,
            "columns": COLUMNS,
            "required_columns": REQUIRED_COLUMNS,
            "max_rows": limits.rows,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def forward_plan_import_preview(request: HttpRequest, key: uuid.UUID) -> HttpResponse:
    _require_officer(request)
    stored = request.session.get(SESSION_KEY, {}).get(str(key))
    if stored is None:
        messages.info(request, "That upload is no longer waiting to be imported: upload it again.")
        return redirect("forward_plan_import")
    sheet = Sheet.from_dict(stored)
    plan = plan_forward_plan_import(sheet=sheet)
    confirmable = request.method == "POST" and plan.has_changes and not plan.has_errors
    form = ConfirmForm(request.POST if confirmable else None, plan=plan)
    if form.is_bound and form.is_valid():
        try:
            created, changed = forward_plan_import_apply(plan=plan, by_user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            waiting = dict(request.session.get(SESSION_KEY, {}))
            waiting.pop(str(key), None)
            request.session[SESSION_KEY] = waiting
            messages.success(
                request,
                f"Imported {sheet.filename}: {created} new decision{'s' if created != 1 else ''} "
                f"and {changed} changed.",
            )
            return redirect("forward_plan")
    return render(
        request,
        "tracker/imports/forward_plan/forward_plan_import_preview.html",
        {"plan": plan, "form": form, "counts": plan.counts},
    )
