"""The import pages: upload a tracker file, see what it would do, confirm it.

For scrutiny officers and administrators. The file's rows wait in the session between
the steps; the confirm form carries only a digest of the preview, never values, and the
plan is worked out again from the session and the record when it is confirmed.
"""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from committees import clock
from tracker.access import Access, access_for
from tracker.items.forms import GovukDateField
from tracker.uploads import UploadLimits, size_text

from ..tables import ImportFileError, Sheet
from .importer import (
    DERIVED_COLUMNS,
    DUE_DATE_REASON,
    RECORD_ID,
    REQUIRED_COLUMNS,
    ImportPlan,
    plan_tracker_import,
    read_tracker_file,
    tracker_import_apply,
)

SESSION_KEY = "tracker_imports"
# Uploads waiting in one session. An older one is dropped when a new one arrives, so a
# session never carries more than a few files.
MAX_WAITING = 3


class GovukFileInput(forms.FileInput):
    template_name = "tracker/imports/trackers/tracker_import_file_input.html"


class TrackerUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        widget=GovukFileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={
            "required": "Select a CSV or XLSX file",
            "empty": "The selected file is empty",
            "invalid": "Select a CSV or XLSX file",
        },
    )

    def __init__(self, *args, limits: UploadLimits, **kwargs):
        super().__init__(*args, **kwargs)
        self.limits = limits
        self.fields[
            "file"
        ].help_text = f"A CSV or Excel (.xlsx) file, at most {size_text(limits.spreadsheet_bytes)}."

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.limits.spreadsheet_bytes:  # refused before it is read
            raise ValidationError(
                f"The selected file must be smaller than {size_text(self.limits.spreadsheet_bytes)}"
            )
        return upload


class TrackerImportConfirmForm(forms.Form):
    """Confirms the plan the officer saw. Asks why and when only if the plan needs it."""

    plan = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, plan: ImportPlan, **kwargs):
        super().__init__(*args, initial={"plan": plan.fingerprint}, **kwargs)
        self.expected = plan.fingerprint
        if plan.needs_reason:
            self.fields["reason"] = forms.CharField(
                label="Why the due dates changed",
                help_text="Recorded with each revised date that has no reason of its own in "
                f"the file's '{DUE_DATE_REASON}' column.",
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=2000,
                error_messages={"required": "Say why the due dates changed"},
            )
        if plan.needs_decision_date:
            self.fields["decided_on"] = GovukDateField(
                label="Date the committee agreed these changes",
                help_text="For revised due dates and assessments. For example, 13 3 2019.",
                error_messages={"required": "Enter the date the committee agreed these changes"},
            )

    def clean_plan(self) -> str:
        if self.cleaned_data["plan"] != self.expected:
            raise ValidationError(
                "The record has changed since the preview was shown: check the rows below "
                "again, then confirm"
            )
        return self.cleaned_data["plan"]

    def clean_decided_on(self):
        decided_on = self.cleaned_data["decided_on"]
        if decided_on and decided_on > clock.today():
            raise ValidationError("The date the changes were agreed must be today or in the past")
        return decided_on


def _require_officer(request: HttpRequest) -> Access:
    access = access_for(request.user)
    if not access.is_officer:
        raise PermissionDenied
    return access


def _waiting(request: HttpRequest) -> dict:
    return request.session.get(SESSION_KEY, {})


def _keep(request: HttpRequest, sheet: Sheet) -> str:
    key = str(uuid.uuid4())
    waiting = dict(_waiting(request))
    while len(waiting) >= MAX_WAITING:
        waiting.pop(next(iter(waiting)))  # the oldest (dicts keep their order)
    waiting[key] = sheet.to_dict()
    request.session[SESSION_KEY] = waiting
    return key


def _forget(request: HttpRequest, key: str) -> None:
    waiting = dict(_waiting(request))
    waiting.pop(key, None)
    request.session[SESSION_KEY] = waiting


@login_required
@require_http_methods(["GET", "POST"])
def tracker_import(request: HttpRequest) -> HttpResponse:
    _require_officer(request)
    limits = UploadLimits.from_settings()
    form = TrackerUploadForm(request.POST or None, request.FILES or None, limits=limits)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            sheet = read_tracker_file(filename=upload.name, content=upload.read(), limits=limits)
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            key = _keep(request, sheet)
            return redirect("tracker_import_preview", key=key)
    return render(
        request,
        "tracker/imports/trackers/tracker_import.html",
        {
            "form": form,
            "required_columns": REQUIRED_COLUMNS,
            "derived_columns": DERIVED_COLUMNS,
            "record_id": RECORD_ID,
            "reason_column": DUE_DATE_REASON,
            "max_rows": limits.rows,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def tracker_import_preview(request: HttpRequest, key: uuid.UUID) -> HttpResponse:
    """What the file would do, row by row; confirming applies it, all or nothing."""
    access = _require_officer(request)
    stored = _waiting(request).get(str(key))
    if stored is None:
        messages.info(request, "That upload is no longer waiting to be imported: upload it again.")
        return redirect("tracker_import")
    sheet = Sheet.from_dict(stored)
    plan = plan_tracker_import(sheet=sheet, access=access)
    # A plan with errors, or with nothing to do, has nothing to confirm.
    confirmable = request.method == "POST" and plan.has_changes and not plan.has_errors
    form = TrackerImportConfirmForm(request.POST if confirmable else None, plan=plan)
    if form.is_bound and form.is_valid():
        try:
            outcome = tracker_import_apply(
                plan=plan,
                by_user=request.user,
                reason=form.cleaned_data.get("reason", ""),
                decided_on=form.cleaned_data.get("decided_on"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _forget(request, str(key))
            messages.success(
                request,
                f"Imported {sheet.filename}: {outcome.created} new "
                f"item{'s' if outcome.created != 1 else ''} and {outcome.changed} changed.",
            )
            return redirect("outstanding")
    return render(
        request,
        "tracker/imports/trackers/tracker_import_preview.html",
        {
            "plan": plan,
            "form": form,
            "counts": plan.counts,
            "upload_again": reverse("tracker_import"),
        },
    )
