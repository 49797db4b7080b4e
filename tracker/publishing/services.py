"""Publishing a meeting's action notes: the draft made public, a confirmed version frozen as
it was confirmed, and a correction published as a version of its own.

The versions themselves are written by committees.services; what a version freezes is the
document that tracker.publishing.documents builds from the record as it stands.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.urls import reverse

from committees.dates import long_date
from committees.models import ActionNotes, Committee, Meeting, ProgrammePublication
from committees.services import (
    action_notes_confirm,
    action_notes_correct,
    action_notes_publish,
    programme_publish,
)
from tracker.access import access_for
from tracker.notifications.services import publication_notify

from .documents import Version, month_label, notes_snapshot


def _notes_title(meeting: Meeting) -> str:
    return f"Action notes of {long_date(meeting.date)}"


def _notes_path(meeting: Meeting) -> str:
    return reverse("meeting_notes_print", kwargs={"pk": meeting.pk, "version": Version.PUBLIC})


@transaction.atomic
def notes_publish(*, meeting: Meeting, by_user: AbstractBaseUser) -> list[ActionNotes]:
    """Publish the meeting's draft notes: from now on the public reads them, and the
    committee's members are told."""
    published = action_notes_publish(meeting=meeting, by_user=by_user)
    public = [n for n in published if n.part == ActionNotes.Part.PUBLIC]
    if public:
        publication_notify(
            committee=meeting.committee,
            kind="notes",
            title=_notes_title(meeting),
            path=_notes_path(meeting),
            key=f"notes:{meeting.pk}:v{public[0].version}",
        )
    return published


@transaction.atomic
def notes_confirm(
    *, notes: ActionNotes, at_meeting: Meeting, amendments: str, by_user: AbstractBaseUser
) -> ActionNotes:
    """Confirm draft notes at a later meeting, freezing the document as confirmed."""
    return action_notes_confirm(
        notes=notes,
        at_meeting=at_meeting,
        amendments=amendments,
        by_user=by_user,
        snapshot=notes_snapshot(notes.meeting, part=notes.part, access=access_for(by_user)),
    )


@transaction.atomic
def notes_correct(*, notes: ActionNotes, reason: str, by_user: AbstractBaseUser) -> ActionNotes:
    """Correct confirmed notes: the record as it now stands becomes a new, published
    version, with who, when and why; the confirmed version stays as it was. The members
    are told of a correction to the public part."""
    corrected = action_notes_correct(
        notes=notes,
        reason=reason,
        by_user=by_user,
        snapshot=notes_snapshot(notes.meeting, part=notes.part, access=access_for(by_user)),
    )
    if corrected.part == ActionNotes.Part.PUBLIC:
        meeting = corrected.meeting
        publication_notify(
            committee=meeting.committee,
            kind="notes",
            title=f"{_notes_title(meeting)}, corrected",
            path=_notes_path(meeting),
            key=f"notes:{meeting.pk}:v{corrected.version}",
        )
    return corrected


@transaction.atomic
def work_programme_publish(
    *, committee: Committee, month: dt.date, by_user: AbstractBaseUser
) -> ProgrammePublication:
    """Publish the work programme going to the committee's meeting in `month`, and tell
    the committee's members."""
    publication = programme_publish(committee=committee, month=month, by_user=by_user)
    path = reverse(
        "work_programme_print", kwargs={"slug": committee.slug, "version": Version.PUBLIC}
    )
    publication_notify(
        committee=committee,
        kind="programme",
        title=f"Work programme, {month_label(publication.month)}",
        path=f"{path}?month={publication.month:%Y-%m}",
        key=f"programme:{committee.pk}:{publication.month:%Y-%m}",
    )
    return publication
