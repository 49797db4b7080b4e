"""The published documents: a meeting's action notes and a committee's work programme, as
print pages and Word files, each in a public and a full version.

The full version of anything is 404 to a reader not entitled to the committee's exempt
business: they may not know what it holds, or that it holds anything.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from committees import clock
from committees.models import Committee, Meeting
from tracker.access import access_for

from . import documents, word
from .documents import ActionNotesDocument, Version, WorkProgrammeDocument


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


def _action_notes(
    request: HttpRequest, pk: int, version: str
) -> tuple[Meeting, ActionNotesDocument]:
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    try:
        notes = documents.action_notes(meeting, version=version, access=access_for(request.user))
    except documents.NotEntitled:
        raise Http404("No such document") from None
    except documents.NoActionNotes:
        raise Http404("This meeting has no action notes") from None
    return meeting, notes


@require_safe
def meeting_notes_print(request: HttpRequest, pk: int, version: str) -> HttpResponse:
    meeting, notes = _action_notes(request, pk, version)
    return render(request, "tracker/publish_action_notes.html", {"doc": notes, "meeting": meeting})


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
            "tracker/publish_error.html",
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
        "tracker/publish_work_programme.html",
        {"doc": programme, "committee": committee, "month": month},
    )


@require_safe
def work_programme_docx(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    built = _work_programme(request, slug, version)
    if isinstance(built, HttpResponse):
        return built
    _committee, _month_start, programme = built
    return _docx(word.work_programme_docx(programme), programme.filename)
