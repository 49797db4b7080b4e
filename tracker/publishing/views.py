"""The published documents: a meeting's action notes and a committee's work programme, as
print pages and Word files, each in a public and a full version.

The full version of anything is 404 to a reader not entitled to the committee's exempt
business: they may not know what it holds, or that it holds anything.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from committees import clock
from committees.models import ActionNotes, Committee, Meeting
from tracker.access import access_for

from . import documents, services, word
from .documents import ActionNotesDocument, Version, WorkProgrammeDocument
from .forms import CorrectionForm


class VersionConverter:
    """`<version:version>` in a URL: the public or the full version, nothing else."""

    regex = "|".join(Version.values)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        if value not in Version.values:
            raise ValueError(f"{value!r} is not a version of a document")
        return value


def _docx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=word.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


docx_response = _docx  # for the other documents' pages (tracker.impact.views)


# -- action notes -------------------------------------------------------------------------


def _number(request: HttpRequest) -> int | None:
    """`?v=2`: an earlier version of the notes. Anything else is no such version."""
    value = request.GET.get("v")
    if value is None:
        return None
    if not value.isdigit() or len(value) > 4:
        raise Http404("No such version of these notes")
    return int(value)


def _action_notes(
    request: HttpRequest, pk: int, version: str
) -> tuple[Meeting, ActionNotesDocument]:
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    try:
        notes = documents.action_notes(
            meeting, version=version, access=access_for(request.user), number=_number(request)
        )
    except documents.NotEntitled:
        raise Http404("No such document") from None
    except documents.NoActionNotes:
        raise Http404("This meeting has no action notes") from None
    return meeting, notes


@require_safe
def meeting_notes_print(request: HttpRequest, pk: int, version: str) -> HttpResponse:
    meeting, notes = _action_notes(request, pk, version)
    return render(
        request,
        "tracker/publishing/publish_action_notes.html",
        {
            "doc": notes,
            "meeting": meeting,
            "version": version,
            "keeps_record": access_for(request.user).keeps_record_of(meeting.committee_id),
        },
    )


def _meeting_for_keeper(request: HttpRequest, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    if not access_for(request.user).keeps_record_of(meeting.committee_id):
        raise PermissionDenied
    return meeting


@login_required
@require_POST
def meeting_notes_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish the meeting's draft notes (a button on the meeting's and the notes' pages)."""
    meeting = _meeting_for_keeper(request, pk)
    try:
        published = services.notes_publish(meeting=meeting, by_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if published:
            messages.success(request, "The notes are published: the public can now read them.")
        else:
            messages.info(request, "These notes were already published.")
    return redirect(meeting.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def meeting_notes_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish a correction to confirmed notes, as a new version saying why."""
    meeting = _meeting_for_keeper(request, pk)
    latest = meeting.action_notes.filter(part=ActionNotes.Part.PUBLIC).order_by("version").last()
    if latest is None or latest.is_draft:
        # Nothing confirmed to correct: the page says where drafts are changed.
        return render(
            request, "tracker/publishing/notes_correct.html", {"meeting": meeting, "latest": latest}
        )
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            corrected = services.notes_correct(
                notes=latest, reason=form.cleaned_data["reason"], by_user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"Version {corrected.version} of the notes is published. Version "
                f"{latest.version} stays as it was.",
            )
            return redirect(
                reverse("meeting_notes_print", kwargs={"pk": meeting.pk, "version": "public"})
            )
    return render(
        request,
        "tracker/publishing/notes_correct.html",
        {"meeting": meeting, "form": form, "latest": latest},
    )


@require_safe
def meeting_notes_docx(request: HttpRequest, pk: int, version: str) -> HttpResponse:
    _meeting, notes = _action_notes(request, pk, version)
    return _docx(word.action_notes_docx(notes), notes.filename)


# -- work programme -----------------------------------------------------------------------


def _month(request: HttpRequest, committee: Committee) -> dt.date:
    value = request.GET.get("month")
    if value is None:
        return documents.default_month(documents.ordinary_meeting_dates(committee), clock.today())
    return documents.parse_month(value)


def _work_programme(
    request: HttpRequest, slug: str, version: str
) -> tuple[Committee, dt.date, WorkProgrammeDocument] | HttpResponse:
    committee = get_object_or_404(Committee, slug=slug)
    access = access_for(request.user)
    if version == Version.FULL and not access.sees_exempt_of(committee.pk):
        raise Http404("No such document")
    try:
        month = _month(request, committee)
    except ValueError as error:
        return render(
            request,
            "tracker/publishing/publish_error.html",
            {"committee": committee, "message": str(error)},
            status=400,
        )
    document = documents.work_programme(
        committee, month=month, version=version, access=access, today=clock.today()
    )
    return committee, month, document


@require_safe
def work_programme_print(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    built = _work_programme(request, slug, version)
    if isinstance(built, HttpResponse):
        return built
    committee, month, programme = built
    return render(
        request,
        "tracker/publishing/publish_work_programme.html",
        {
            "doc": programme,
            "committee": committee,
            "month": month,
            "publication": committee.programme_publications.filter(month=month)
            .select_related("published_by")
            .first(),
            "keeps_record": access_for(request.user).keeps_record_of(committee.pk),
        },
    )


@login_required
@require_POST
def work_programme_publish(request: HttpRequest, slug: str) -> HttpResponse:
    """Publish the month's work programme: its members are told."""
    committee = get_object_or_404(Committee, slug=slug)
    if not access_for(request.user).keeps_record_of(committee.pk):
        raise PermissionDenied
    try:
        month = _month(request, committee)
    except ValueError as error:
        messages.error(request, str(error))
        return redirect(committee.get_absolute_url())
    try:
        services.work_programme_publish(committee=committee, month=month, by_user=request.user)
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"The work programme for {documents.month_label(month)} is published: the "
            "committee's members are told.",
        )
    url = reverse("work_programme_print", kwargs={"slug": slug, "version": Version.PUBLIC})
    return redirect(f"{url}?month={month:%Y-%m}")


@require_safe
def work_programme_docx(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    built = _work_programme(request, slug, version)
    if isinstance(built, HttpResponse):
        return built
    _committee, _month_start, programme = built
    return _docx(word.work_programme_docx(programme), programme.filename)
