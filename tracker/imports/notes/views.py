"""Importing existing action notes into a meeting: upload or paste, review, confirm.

Only the scrutiny officers of the meeting's committee (and administrators) may import.
The draft is kept in the officer's session between the steps; nothing reaches the record
until the officer confirms on the review page.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from committees.models import Meeting
from tracker.access import access_for
from tracker.models import InformationRequest

from .forms import DraftReview, NotesUploadForm
from .services import (
    ReviewDraft,
    action_notes_import,
    prepare_review,
    review_warnings,
)

ADD_TO_ITEM = re.compile(r"^add-(resolution|request)-(\d+)$")


def _get_meeting_to_record(request: HttpRequest, pk: int) -> Meeting:
    """The meeting, if the user keeps the record of its committee; 403 otherwise."""
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    if not access_for(request.user).keeps_record_of(meeting.committee_id):
        raise PermissionDenied
    return meeting


def _session_key(meeting: Meeting) -> str:
    return f"notes_import:{meeting.pk}"


@login_required
@require_http_methods(["GET", "POST"])
def notes_import(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting_to_record(request, pk)
    posted = request.method == "POST"
    # An empty POST is still a submission: bound, so that it is told what is missing.
    form = NotesUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        draft = prepare_review(
            form.cleaned_data["draft"], meeting=meeting, source=form.cleaned_data["source"]
        )
        request.session[_session_key(meeting)] = draft.to_session()
        return redirect("notes_import_review", pk=meeting.pk)
    return render(
        request,
        "tracker/imports/notes/notes_import_upload.html",
        {
            "meeting": meeting,
            "form": form,
            "has_draft": _session_key(meeting) in request.session,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def notes_import_review(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting_to_record(request, pk)
    key = _session_key(meeting)
    stored = request.session.get(key)
    if stored is None:
        messages.info(
            request,
            "There is no draft of action notes to review for this meeting: upload or paste "
            "the notes first.",
        )
        return redirect("notes_import", pk=meeting.pk)
    try:
        draft = ReviewDraft.from_session(stored)
    except (KeyError, TypeError, ValueError):
        # A draft kept from before an upgrade of the app may no longer fit its forms.
        del request.session[key]
        messages.info(request, "The draft could not be read again: import the notes again.")
        return redirect("notes_import", pk=meeting.pk)
    action = request.POST.get("action", "check") if request.method == "POST" else ""
    if action == "discard":
        del request.session[key]
        messages.success(request, "The draft was discarded. Nothing was saved.")
        return redirect(meeting.get_absolute_url())
    due = InformationRequest.due_by_default(meeting)
    dates_differ = draft.notes_date is not None and draft.notes_date != meeting.date
    review = DraftReview(
        draft,
        default_due=due,
        dates_differ=dates_differ,
        data=request.POST if request.method == "POST" else None,
        meeting_date=meeting.date,
    )
    if request.method == "POST" and review.is_valid(confirming=action == "confirm"):
        corrected = review.cleaned_draft()
        if action == "confirm":
            try:
                summary = action_notes_import(
                    meeting=meeting, draft=corrected, by_user=request.user
                )
            except ValidationError as error:
                for message in error.messages:
                    review.add_error(message)
            else:
                del request.session[key]
                messages.success(request, f"Imported from the action notes: {summary}.")
                return redirect(meeting.get_absolute_url())
        else:
            anchor = _apply_addition(corrected, action, due)
            request.session[key] = corrected.to_session()
            return redirect(reverse("notes_import_review", kwargs={"pk": meeting.pk}) + anchor)
    shown = review.draft
    warnings = review_warnings(shown, meeting)
    return render(
        request,
        "tracker/imports/notes/notes_import_review.html",
        {
            "meeting": meeting,
            "review": review,
            "draft": shown,
            "sections": review.sections(warnings.by_item),
            "warnings": warnings,
            "errors": review.error_links(),
            "default_due": due,
        },
    )


def _apply_addition(draft: ReviewDraft, action: str, due) -> str:
    """Add the blank row an "Add" button asks for; the anchor to show it."""
    if action == "add-item":
        index = draft.add_item()
        return f"#item-{index}"
    if action == "add-attendee":
        draft.add_attendee()
        return "#attendance"
    match = ADD_TO_ITEM.match(action)
    if match and int(match.group(2)) < len(draft.items):
        index = int(match.group(2))
        if match.group(1) == "resolution":
            draft.add_resolution(index)
        else:
            draft.add_request(index, due)
        return f"#item-{index}"
    return ""
