"""The import pages: upload a tracker file, see what it would do, confirm it.

For scrutiny officers and administrators. The file's rows wait in the session between
the steps; the confirm form carries only a digest of the preview, never values, and the
plan is worked out again from the session and the record when it is confirmed.

A council's own tracker (any file without the export's Kind column) has a step between:
the officer says what each column holds and which inquiry the rows belong to, and on the
preview how each outcome the file writes reads on the inquiry's scale. Both wait in the
session with the file; nothing is saved, the mapping included, until the import is
confirmed.
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
from tracker.models import AssessmentCategory, Inquiry
from tracker.uploads import UploadLimits, size_text

from ..tables import ImportFileError, Sheet, quoted_list
from . import mapping as mappings
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


class ColumnMappingForm(forms.Form):
    """What each column of a council's own tracker holds, and the inquiry of its rows."""

    inquiry = forms.ModelChoiceField(
        queryset=Inquiry.objects.none(),
        label="Inquiry the recommendations belong to",
        help_text="References are unique within an inquiry. Only the inquiries of the "
        "committees whose record you keep are listed.",
        error_messages={
            "required": "Choose the inquiry the recommendations belong to",
            "invalid_choice": "Choose one of the inquiries listed",
        },
    )

    def __init__(self, *args, headings: list[str], samples: list[str], inquiries, **kwargs):
        super().__init__(*args, **kwargs)
        self.headings = headings
        self.fields["inquiry"].queryset = inquiries
        self.fields["inquiry"].label_from_instance = lambda i: f"{i.committee.name}: {i.title}"
        for index, (heading, sample) in enumerate(zip(headings, samples, strict=True)):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=f"Column '{heading}'",
                choices=mappings.CHOICES,
                help_text=f"For example: {sample}" if sample else "Empty in every row.",
                error_messages={"invalid_choice": "Choose what the column holds from the list"},
            )

    def clean(self):
        cleaned = super().clean()
        seen: dict[str, str] = {}
        for index, heading in enumerate(self.headings):
            name = f"column_{index}"
            field = cleaned.get(name)
            if not field or field == mappings.IGNORE:
                continue
            if field in seen:
                self.add_error(
                    name,
                    f"Only one column can hold the {mappings.FIELD_LABELS[field].lower()}: "
                    f"'{seen[field]}' already does. Choose another, or ignore this column",
                )
            else:
                seen[field] = heading
        if not self.errors:
            missing = [f for f in mappings.REQUIRED_FIELDS if f not in seen]
            if missing:
                labels = quoted_list([mappings.FIELD_LABELS[f] for f in missing])
                raise ValidationError(f"Say which column holds the {labels}")
        return cleaned

    def columns(self) -> list[str]:
        return [self.cleaned_data[f"column_{i}"] for i in range(len(self.headings))]


class OutcomesForm(forms.Form):
    """How each outcome a council's tracker writes reads on the inquiry's scale."""

    def __init__(self, *args, outcomes: list[str], categories: list[AssessmentCategory], **kwargs):
        super().__init__(*args, **kwargs)
        self.outcomes = outcomes
        self.categories = {str(c.pk): c for c in categories}
        choices = [("", "Leave unassessed"), *[(str(c.pk), c.label) for c in categories]]
        for index, outcome in enumerate(outcomes):
            self.fields[f"outcome_{index}"] = forms.ChoiceField(
                label=f"'{outcome}'",
                choices=choices,
                required=False,
                error_messages={"invalid_choice": "Choose an assessment from the list"},
            )

    def chosen(self) -> dict[str, AssessmentCategory | None]:
        return {
            outcome: self.categories.get(self.cleaned_data[f"outcome_{index}"] or "")
            for index, outcome in enumerate(self.outcomes)
        }


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


def _store(request: HttpRequest, key: str, stored: dict) -> None:
    waiting = dict(_waiting(request))
    waiting[key] = stored
    request.session[SESSION_KEY] = waiting


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
            if sheet.own_columns:
                return redirect("tracker_import_mapping", key=key)
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


def _gone(request: HttpRequest) -> HttpResponse:
    messages.info(request, "That upload is no longer waiting to be imported: upload it again.")
    return redirect("tracker_import")


@login_required
@require_http_methods(["GET", "POST"])
def tracker_import_mapping(request: HttpRequest, key: uuid.UUID) -> HttpResponse:
    """A council's own tracker: what each of its columns holds, and the inquiry of its rows."""
    access = _require_officer(request)
    stored = _waiting(request).get(str(key))
    if stored is None:
        return _gone(request)
    sheet = Sheet.from_dict(stored)
    if not sheet.own_columns:  # the export's own columns need no mapping
        return redirect("tracker_import_preview", key=key)
    remembered = mappings.remembered_mapping(headings=sheet.columns, access=access)
    waiting = stored.get("mapping")
    if waiting is not None:
        columns, inquiry_id = waiting["columns"], waiting["inquiry"]
    else:
        columns = mappings.proposed_columns(sheet.columns, remembered)
        inquiry_id = remembered.inquiry_id if remembered else None
    inquiries = (
        Inquiry.objects.filter(committee__in=access.officer_of)
        .select_related("committee")
        .order_by("committee__name", "title")
    )
    initial = {f"column_{i}": field for i, field in enumerate(columns)} | {"inquiry": inquiry_id}
    samples = [
        next((cells[i] for _n, cells in sheet.rows if cells[i]), "")[:80]
        for i in range(len(sheet.columns))
    ]
    form = ColumnMappingForm(
        request.POST or None,
        initial=initial,
        headings=sheet.columns,
        samples=samples,
        inquiries=inquiries,
    )
    if request.method == "POST" and form.is_valid():
        inquiry = form.cleaned_data["inquiry"]
        columns = form.columns()
        categories = list(inquiry.assessment_scale.categories.all())
        before = (
            remembered if remembered and remembered.committee_id == inquiry.committee_id else None
        )
        outcomes = mappings.proposed_outcomes(
            mappings.distinct_outcomes(sheet, columns), categories, before
        )
        stored = dict(stored)
        stored["mapping"] = {"columns": columns, "inquiry": inquiry.pk, "outcomes": outcomes}
        _store(request, str(key), stored)
        return redirect("tracker_import_preview", key=key)
    return render(
        request,
        "tracker/imports/trackers/tracker_import_mapping.html",
        {
            "form": form,
            "sheet": sheet,
            "remembered": remembered if waiting is None else None,
            "upload_again": reverse("tracker_import"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def tracker_import_preview(request: HttpRequest, key: uuid.UUID) -> HttpResponse:
    """What the file would do, row by row; confirming applies it, all or nothing."""
    access = _require_officer(request)
    stored = _waiting(request).get(str(key))
    if stored is None:
        return _gone(request)
    sheet = Sheet.from_dict(stored)
    mapping = outcomes_form = None
    if sheet.own_columns:
        mapping = mappings.Mapping.from_dict(stored.get("mapping") or {}, access=access)
        if mapping is None:  # not mapped yet, or its inquiry is no longer the officer's
            return redirect("tracker_import_mapping", key=key)
        outcomes_form = OutcomesForm(
            request.POST if "outcomes" in request.POST else None,
            initial={
                f"outcome_{i}": str(category.pk) if category else ""
                for i, category in enumerate(mapping.outcomes.values())
            },
            outcomes=list(mapping.outcomes),
            categories=list(mapping.inquiry.assessment_scale.categories.all()),
        )
        if outcomes_form.is_bound and outcomes_form.is_valid():
            mapping = mappings.Mapping(
                columns=mapping.columns, inquiry=mapping.inquiry, outcomes=outcomes_form.chosen()
            )
            _store(request, str(key), dict(stored) | {"mapping": mapping.to_dict()})
            return redirect("tracker_import_preview", key=key)
        plan = plan_tracker_import(
            sheet=mappings.mapped_sheet(sheet, mapping), access=access, own_columns=True
        )
        mappings.name_file_columns(plan, sheet.columns, mapping)
    else:
        plan = plan_tracker_import(sheet=sheet, access=access)
    # A plan with errors, or with nothing to do, has nothing to confirm.
    confirmable = (
        request.method == "POST"
        and "outcomes" not in request.POST
        and plan.has_changes
        and not plan.has_errors
    )
    form = TrackerImportConfirmForm(request.POST if confirmable else None, plan=plan)
    if form.is_bound and form.is_valid():
        decisions = {
            "plan": plan,
            "by_user": request.user,
            "reason": form.cleaned_data.get("reason", ""),
            "decided_on": form.cleaned_data.get("decided_on"),
        }
        try:
            if mapping is not None:
                outcome = mappings.mapped_tracker_import_apply(
                    headings=sheet.columns, mapping=mapping, **decisions
                )
            else:
                outcome = tracker_import_apply(**decisions)
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
            "mapping": mapping,
            "outcomes_form": outcomes_form,
            "mapping_url": reverse("tracker_import_mapping", kwargs={"key": key}),
        },
    )
