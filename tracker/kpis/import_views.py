"""Importing a month's values: upload, preview, confirm. For the officers of the set's
committee (and administrators). The rows wait in the session between the steps; the
confirm form carries only a digest of the preview, and the plan is worked out again."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from tracker.access import access_for
from tracker.imports.tables import ImportFileError, Sheet
from tracker.imports.trackers.views import TrackerUploadForm
from tracker.models import KpiSet
from tracker.uploads import UploadLimits

from .exports import HEADERS
from .importer import (
    REQUIRED_COLUMNS,
    kpi_import_apply,
    plan_kpi_import,
    read_kpi_file,
)

SESSION_KEY = "kpi_imports"
MAX_WAITING = 3


class ConfirmForm(forms.Form):
    plan = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, initial={"plan": plan.fingerprint}, **kwargs)
        self.expected = plan.fingerprint

    def clean_plan(self) -> str:
        if self.cleaned_data["plan"] != self.expected:
            raise ValidationError(
                "The values have changed since the preview was shown: check the rows below "
                "again, then confirm"
            )
        return self.cleaned_data["plan"]


def _kpi_set(request: HttpRequest, slug: str) -> KpiSet:
    kpi_set = get_object_or_404(KpiSet.objects.select_related("committee"), slug=slug)
    if not access_for(request.user).keeps_record_of(kpi_set.committee_id):
        raise PermissionDenied
    return kpi_set


@login_required
@require_http_methods(["GET", "POST"])
def kpi_import(request: HttpRequest, slug: str) -> HttpResponse:
    kpi_set = _kpi_set(request, slug)
    limits = UploadLimits.from_settings()
    form = TrackerUploadForm(request.POST or None, request.FILES or None, limits=limits)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            sheet = read_kpi_file(filename=upload.name, content=upload.read(), limits=limits)
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            key = str(uuid.uuid4())
            waiting = dict(request.session.get(SESSION_KEY, {}))
            while len(waiting) >= MAX_WAITING:
                waiting.pop(next(iter(waiting)))
            waiting[key] = {"set": kpi_set.slug, "sheet": sheet.to_dict()}
            request.session[SESSION_KEY] = waiting
            return redirect("kpi_import_preview", slug=kpi_set.slug, key=key)
    return render(
        request,
        "tracker/kpis/kpi_import.html",
        {
            "kpi_set": kpi_set,
            "form": form,
            "columns": HEADERS,
            "required_columns": REQUIRED_COLUMNS,
            "max_rows": limits.rows,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def kpi_import_preview(request: HttpRequest, slug: str, key: uuid.UUID) -> HttpResponse:
    kpi_set = _kpi_set(request, slug)
    stored = request.session.get(SESSION_KEY, {}).get(str(key))
    if stored is None or stored.get("set") != kpi_set.slug:
        messages.info(request, "That upload is no longer waiting to be imported: upload it again.")
        return redirect("kpi_import", slug=kpi_set.slug)
    sheet = Sheet.from_dict(stored["sheet"])
    plan = plan_kpi_import(sheet=sheet, kpi_set=kpi_set)
    confirmable = request.method == "POST" and plan.has_changes and not plan.has_errors
    form = ConfirmForm(request.POST if confirmable else None, plan=plan)
    if form.is_bound and form.is_valid():
        try:
            created, changed = kpi_import_apply(plan=plan, by_user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            waiting = dict(request.session.get(SESSION_KEY, {}))
            waiting.pop(str(key), None)
            request.session[SESSION_KEY] = waiting
            messages.success(
                request,
                f"Imported {sheet.filename}: {created} new value{'s' if created != 1 else ''} "
                f"and {changed} changed.",
            )
            return redirect("kpi_index")
    return render(
        request,
        "tracker/kpis/kpi_import_preview.html",
        {"kpi_set": kpi_set, "plan": plan, "form": form, "counts": plan.counts},
    )
