"""Publishing a meeting's action notes: the draft made public, a confirmed version frozen as
it was confirmed, and a correction published as a version of its own.

The versions themselves are written by committees.services; what a version freezes is the
document that tracker.publishing.documents builds from the record as it stands.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from committees.models import ActionNotes, Committee, Meeting, ProgrammePublication
from committees.services import (
    action_notes_confirm,
    action_notes_correct,
    action_notes_publish,
    programme_publish,
)
from tracker.access import access_for

from .documents import notes_snapshot


@transaction.atomic
def notes_publish(*, meeting: Meeting, by_user: AbstractBaseUser) -> list[ActionNotes]:
    """Publish the meeting's draft notes: from now on the public reads them."""
    return action_notes_publish(meeting=meeting, by_user=by_user)


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
    version, with who, when and why; the confirmed version stays as it was."""
    return action_notes_correct(
        notes=notes,
        reason=reason,
        by_user=by_user,
        snapshot=notes_snapshot(notes.meeting, part=notes.part, access=access_for(by_user)),
    )


@transaction.atomic
def work_programme_publish(
    *, committee: Committee, month: dt.date, by_user: AbstractBaseUser
) -> ProgrammePublication:
    """Publish the work programme going to the committee's meeting in `month`."""
    return programme_publish(committee=committee, month=month, by_user=by_user)
