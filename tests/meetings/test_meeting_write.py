"""The one write path of a meeting's record: replacing it (the recording page) or adding to
it (the notes import), and writing history only for what changed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from committees.models import (
    ActionNotes,
    AgendaItem,
    Attendance,
    Declaration,
    Meeting,
    Resolution,
)
from tests.factories import AgendaItemFactory, MeetingFactory, PersonFactory
from tracker.meetings.services import (
    AttendanceWrite,
    DeclarationWrite,
    ItemWrite,
    Policy,
    RequestWrite,
    meeting_write,
)
from tracker.models import InformationRequest

pytestmark = pytest.mark.django_db

HISTORIES = (Meeting, AgendaItem, Resolution, Attendance, Declaration, InformationRequest)


def history_rows() -> int:
    return sum(model.history.count() for model in (*HISTORIES, ActionNotes))


@pytest.fixture
def recorded():
    """A meeting that has one item with two resolutions, a request, two people attending
    and a declaration; the committee meets again on 13 March 2019."""
    meeting = MeetingFactory(date=dt.date(2019, 2, 13))
    MeetingFactory(committee=meeting.committee, date=dt.date(2019, 3, 13))
    item = AgendaItemFactory(meeting=meeting, number=1, title="Ofsted inspection")
    chair, member = PersonFactory(name="Jane Wood"), PersonFactory(name="Amir Khan")
    meeting_write(
        meeting=meeting,
        policy=Policy.REPLACE,
        by_user=None,
        reason="Recorded",
        items=[
            ItemWrite(
                item=item,
                title="Ofsted inspection",
                notes="The report was presented.",
                resolutions=["The report was noted.", "An update in six months."],
                requests=[RequestWrite("The action plan.", owner_person=chair)],
            )
        ],
        attendance=[
            AttendanceWrite(chair, Attendance.Kind.PRESENT, capacity="Chair"),
            AttendanceWrite(member, Attendance.Kind.APOLOGIES),
        ],
        declarations=[DeclarationWrite(member, "He is a school governor.")],
    )
    return meeting, item, chair, member


def write(meeting, policy, items, **parts):
    return meeting_write(
        meeting=meeting, policy=policy, by_user=None, reason="Written", items=items, **parts
    )


def test_the_first_write_records_the_meeting_as_held_with_draft_notes(recorded):
    meeting, item, chair, _ = recorded
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert list(meeting.action_notes.values_list("part", "status")) == [("public", "draft")]
    request = item.requests.get()
    # No due date given: the report deadline of the next meeting, 13 March 2019.
    assert request.due_date == dt.date(2019, 3, 4)
    assert request.owner_person == chair


def test_a_meeting_still_to_come_is_not_recorded_as_held():
    meeting = MeetingFactory(date=dt.date(2100, 1, 6))
    item = AgendaItemFactory(meeting=meeting)
    write(meeting, Policy.ADD, [ItemWrite(item=item, title=item.title, notes="Heard.")])
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED


def test_writing_what_is_recorded_again_writes_no_history(recorded):
    meeting, item, chair, member = recorded
    before = history_rows()
    same_item = ItemWrite(
        item=item,
        title="Ofsted inspection",
        notes="The report was presented.",
        resolutions=["The report was noted.", "An update in six months."],
    )
    declaration = meeting.declarations.get()
    for policy in (Policy.REPLACE, Policy.ADD):
        written = write(
            meeting,
            policy,
            [same_item],
            attendance=[
                AttendanceWrite(chair, Attendance.Kind.PRESENT, capacity="Chair"),
                AttendanceWrite(member, Attendance.Kind.APOLOGIES),
            ],
            declarations=[
                DeclarationWrite(member, "He is a school governor.", instance=declaration)
            ],
        )
        assert (written.items_updated, written.resolutions, written.attendance) == (0, 0, 0)
    assert history_rows() == before


def test_replacing_removes_what_is_not_given_and_changes_only_what_differs(recorded):
    meeting, item, chair, member = recorded
    first = item.resolutions.get(order=1)
    write(
        meeting,
        Policy.REPLACE,
        [ItemWrite(item=item, title="Ofsted inspection", resolutions=["The report was noted."])],
        attendance=[AttendanceWrite(chair, Attendance.Kind.PRESENT, capacity="Chair")],
        declarations=[],
    )
    assert list(item.resolutions.values_list("text", flat=True)) == ["The report was noted."]
    assert first.history.count() == 1  # kept as it was: no new row
    assert list(meeting.attendances.values_list("person", flat=True)) == [chair.pk]
    assert not meeting.declarations.exists()
    item.refresh_from_db()
    assert item.notes == ""  # the page showed it empty: the record is what it shows
    assert item.requests.count() == 1  # requests are only ever added
    removed = Declaration.history.filter(history_type="-").get()
    assert removed.history_change_reason == "Written"


def test_adding_keeps_what_is_recorded_and_skips_repeats(recorded):
    meeting, item, chair, member = recorded
    newcomer = PersonFactory(name="Sam Price")
    written = write(
        meeting,
        Policy.ADD,
        [
            ItemWrite(
                item=item,
                title="Ofsted inspection",
                notes="The report was presented.",
                resolutions=["the report was noted", "Officers to report back."],
                requests=[
                    RequestWrite("The action plan", owner_person=chair),
                    RequestWrite("Figures for each area.", owner_person=chair, resolution=1),
                ],
            ),
            ItemWrite(number=2, title="Work programme", resolutions=["Agreed."]),
        ],
        attendance=[
            AttendanceWrite(chair, Attendance.Kind.PRESENT, capacity="Chair of the day"),
            AttendanceWrite(newcomer, Attendance.Kind.ALSO_PRESENT),
        ],
        declarations=[
            DeclarationWrite(member, "He is a school governor"),
            DeclarationWrite(chair, "She is a magistrate.", interest="other", item=1),
        ],
    )
    assert (written.items_created, written.items_updated) == (1, 0)
    assert (written.resolutions, written.requests) == (2, 1)
    assert (written.attendance, written.declarations) == (1, 1)
    assert list(item.resolutions.values_list("text", flat=True)) == [
        "The report was noted.",
        "An update in six months.",
        "Officers to report back.",
    ]
    figures = item.requests.get(text="Figures for each area.")
    assert figures.resolution.text == "Officers to report back."
    # What the meeting records stands: the chair's capacity is not overwritten.
    assert meeting.attendances.get(person=chair).capacity == "Chair"
    assert meeting.attendances.count() == 3
    magistrate = meeting.declarations.get(person=chair)
    assert (magistrate.agenda_item.number, magistrate.interest) == (2, "other")
    assert meeting.declarations.count() == 2


def test_an_exempt_item_is_made_public_only_by_replacing_with_a_reason(recorded):
    meeting, item, _, _ = recorded
    exempt = ItemWrite(
        item=item,
        title=item.title,
        exempt_paragraph=1,
        exemption_justification="It names a child.",
    )
    write(meeting, Policy.REPLACE, [exempt])
    item.refresh_from_db()
    assert (item.is_exempt, item.exempt_paragraph) == (True, 1)
    assert set(meeting.action_notes.values_list("part", flat=True)) == {"public", "private"}

    public = ItemWrite(item=item, title=item.title)
    with pytest.raises(ValidationError, match="importing notes cannot make it public"):
        write(meeting, Policy.ADD, [public])
    public.declassification_reason = "The child is no longer named."
    write(meeting, Policy.REPLACE, [public])
    item.refresh_from_db()
    assert not item.is_exempt
