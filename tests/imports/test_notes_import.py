"""Importing action notes that already exist: the seeds' notes read as the demo records them,
from text, Word and PDF; and the upload -> review -> confirm journey through the pages.

The inputs are the action notes of 25 July 2018, 8 January 2019 and 16 January 2019 (its
private part included), copied verbatim from the agenda packs in the seeds into
tests/data/action_notes/.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import time
from pathlib import Path

import pdfplumber
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from committees.models import (
    ActionNotes,
    AgendaItem,
    Attendance,
    Committee,
    Declaration,
    Meeting,
    Person,
    Post,
    Resolution,
)
from committees.services import names_on_record
from tests.notes_documents import make_docx, make_pdf, make_scanned_pdf
from tests.support.review_forms import form_data
from tracker.imports.notes.reader import (
    NotesImportError,
    extract_text,
    parse_notes,
)
from tracker.imports.notes.services import REASON
from tracker.models import InformationRequest
from tracker.uploads import UploadLimits

DATA = Path(__file__).parents[1] / "data" / "action_notes"
MEETINGS = ["2018-07-25", "2019-01-08", "2019-01-16"]


def seed_text(date: str) -> str:
    return (DATA / f"{date}.txt").read_text(encoding="utf-8")


# -- the seeds against the demo record ----------------------------------------------------

# Where the draft read from the notes and the demo record differ, and why. Each entry
# gives both values, so the list itself is checked: if the parser or the demo record
# changes, the entry has to be looked at again.
KNOWN_TITLES = {
    # The demo record corrects the notes' typo "MEMEBR".
    ("2018-07-25", 6): (
        "Cabinet memebr for Children's Wellbeing",
        "Cabinet Member for Children's Wellbeing",
    ),
    # The notes write "Terms of Reference" in capitals in their text too, so the draft keeps
    # them; the demo record writes the heading in sentence case.
    ("2018-07-25", 5): ("Terms of Reference", "Terms of reference"),
    # "Chairman" appears only in the heading of these notes, so nothing says it takes a
    # capital; the notes of 16 January write "The Chairman advised", and there it keeps one.
    ("2019-01-08", 6): ("Authority to chairman and officers", "Authority to Chairman and officers"),
    # The demo record puts the heading in the singular.
    ("2019-01-16", 11): ("Exclusions of the public", "Exclusion of the public"),
    # The demo record tells the private item apart from item 5 in its title.
    ("2019-01-16", 12): ("Action notes", "Action notes (private)"),
}
KNOWN_RESOLUTIONS = {
    # The notes record the exclusion of the public, and the private part's confirmation of
    # notes, in the discussion with no "RESOLVED:"; the demo record lists both as
    # resolutions. The draft keeps them in the item's notes, where the officer can move them.
    ("2019-01-16", 11): ([], ["The Committee agreed the resolution."]),
    ("2019-01-16", 12): (
        [],
        [
            "The action notes for the private part of the meeting held on the 17th December "
            "2018 were agreed."
        ],
    ),
}
KNOWN_REQUEST_TEXTS = {
    # The demo record adds a comma the notes do not have.
    ("2018-07-25", 7, 0): (
        "The number of Birmingham children who are placed out of the city who go missing and "
        "a breakdown of first time and repeat missing episodes.",
        "The number of Birmingham children who are placed out of the city who go missing, "
        "and a breakdown of first time and repeat missing episodes.",
    ),
    # The notes give this request in the discussion, over two sentences; the demo record
    # rewords it as one.
    ("2018-07-25", 7, 2): (
        "Further information on the exclusion data analysis. This includes reasons for the "
        "large increase in female exclusions in 2016/17.",
        "Further information on the exclusion data analysis, including the reasons for the "
        "large increase in female exclusions in 2016/17.",
    ),
    # The demo record names the risk register it means: the committee was also waiting for
    # a risk assessment of the Written Statement of Action, a different request.
    ("2019-01-08", 3, 1): (
        "The risk assessment / register to be forwarded to the Committee.",
        "The Travel Assist risk assessment / register to be forwarded to the Committee.",
    ),
}
# Undertakings the record takes from the discussion by hand, each with its source line: the
# notes do not word them as requests, so the draft has none of them.
KNOWN_UNDERTAKINGS = {
    ("2018-07-25", 6): ["Cllr Jayne Francis"],
    ("2018-07-25", 7): [
        "Another staff survey",
        "Members' visits",
        "The Council and the Trust will review",
        "Members to receive the monthly key performance report",
    ],
    ("2019-01-08", 3): [
        "The Cabinet Member and the Acting Corporate Director will come back",
        "Travel Assist: a consultation",
        "Travel Assist: the policy",
    ],
    ("2019-01-16", 6): ["The next Youth Justice Strategic Plan"],
}
KNOWN_CAPACITIES = {
    # The notes write "Head Of"; the demo record "Head of".
    ("2019-01-16", "Trevor Brown"): (
        "Head Of Youth Offending Service",
        "Head of Youth Offending Service",
    ),
}


def _known(table: dict, key, drafted, recorded):
    """The value to expect, after checking a listed difference is still exactly as listed."""
    if key not in table:
        return recorded
    expected_draft, expected_record = table[key]
    assert (drafted, recorded) == (expected_draft, expected_record), f"{key} is listed as known"
    return drafted


def _holds(person: Person | None, request: InformationRequest, day: dt.date) -> bool:
    if person is None:
        return False
    if request.owner_person_id:
        return request.owner_person_id == person.pk
    return request.owner_post.holders_on(day).filter(pk=person.pk).exists()


@pytest.mark.parametrize("date", MEETINGS)
def test_it_reads_each_seed_as_the_demo_records_the_meeting(demo, date):
    draft = parse_notes(seed_text(date))
    meeting = Meeting.objects.get(date=dt.date.fromisoformat(date), kind__in=["formal", "call_in"])
    names = names_on_record()
    recorded = list(meeting.agenda_items.prefetch_related("resolutions", "requests"))

    assert draft.meeting_date == meeting.date
    assert [item.number for item in draft.items] == [item.number for item in recorded]
    for drafted, item in zip(draft.items, recorded, strict=True):
        key = (date, item.number)
        assert drafted.title == _known(KNOWN_TITLES, key, drafted.title, item.title)
        assert drafted.is_exempt == item.is_exempt, key
        if item.is_exempt:
            assert draft.exempt_paragraph == item.exempt_paragraph
        resolutions = [r.text for r in item.resolutions.all()]
        assert drafted.resolutions == _known(
            KNOWN_RESOLUTIONS, key, drafted.resolutions, resolutions
        )
        if item.presenters_text:
            assert drafted.presenters_text == item.presenters_text, key
        if item.notes:
            assert drafted.notes, f"{key}: the demo has notes, the draft none"

        undertakings = KNOWN_UNDERTAKINGS.get(key, [])
        requests = [
            r for r in item.requests.all() if not any(r.text.startswith(u) for u in undertakings)
        ]
        taken_by_hand = [r for r in item.requests.all() if r not in requests]
        assert len(taken_by_hand) == len(undertakings), key
        assert all(r.source and r.resolution_id is None for r in taken_by_hand), key
        assert len(drafted.requests) == len(requests), key
        for index, (request, held) in enumerate(zip(drafted.requests, requests, strict=True)):
            text = _known(KNOWN_REQUEST_TEXTS, (*key, index), request.text, held.text)
            assert request.text == text
            assert request.kind == held.kind, (key, index)
            # Part of the resolution in both, or raised in the discussion in both.
            assert (request.resolution_index is not None) == (held.resolution_id is not None)
            owner = Person.objects.filter(pk=names.person(request.owner_as_written)).first()
            assert _holds(owner, held, meeting.date), (key, index, request.owner_as_written)

    drafted_attendance = {}
    for attendee in draft.attendance:
        person = names.person(attendee.name)
        assert person is not None, f"{attendee.name} matches no one on record"
        drafted_attendance[(attendee.kind, person)] = (attendee.capacity, attendee.note)
    recorded_attendance = {
        (a.kind, a.person_id): (a.capacity, a.note) for a in meeting.attendances.all()
    }
    assert set(drafted_attendance) == set(recorded_attendance)
    for (kind, person_pk), (capacity, note) in drafted_attendance.items():
        name = Person.objects.get(pk=person_pk).name
        recorded_capacity, recorded_note = recorded_attendance[(kind, person_pk)]
        assert capacity == _known(KNOWN_CAPACITIES, (date, name), capacity, recorded_capacity)
        assert note == recorded_note


# -- Word, PDF and text: the same draft ---------------------------------------------------


@pytest.mark.parametrize("date", MEETINGS)
def test_it_reads_the_same_draft_from_a_word_document(date):
    text = seed_text(date)
    extracted = extract_text(f"{date}.docx", make_docx(text))
    # Word numbered the items itself: the numbers are not in the paragraphs' text.
    assert "1. " in extracted
    assert parse_notes(extracted) == parse_notes(text)


@pytest.mark.parametrize("date", MEETINGS)
def test_it_reads_the_same_draft_from_a_pdf(date):
    text = seed_text(date)
    pdf = make_pdf(text)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        pages = [page.extract_text() for page in document.pages]
    # The PDF has what real ones have: several pages with footers, lines wrapped mid-sentence.
    assert len(pages) > 1
    assert f"Page 1 of {len(pages)}" in pages[0]
    longest = max(len(line) for page in pages for line in page.splitlines())
    assert longest < 120 < max(len(line) for line in text.splitlines())

    assert parse_notes(extract_text(f"{date}.pdf", pdf)) == parse_notes(text)


def test_it_reads_text_files_as_windows_and_notepad_save_them():
    text = (
        "1. APOLOGIES\n\nApologies were submitted on behalf of Councillor Debbie Clancy – late.\n"
    )
    for encoding in ("utf-8", "utf-8-sig", "cp1252", "utf-16"):
        assert extract_text("notes.txt", text.encode(encoding)) == text


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.doc", b"\xd0\xcf\x11\xe0 old Word", "save it as a Word document (.docx)"),
        ("notes.xlsx", b"PK\x03\x04", "must be a Word document (.docx), a PDF"),
        ("notes.txt", b"   \n", "The file is empty"),
        ("notes.pdf", b"Not a PDF at all", "is not a PDF"),
        ("notes.docx", b"PK\x03\x04 not really a zip", "damaged"),
        ("notes.docx", b"%PDF-1.7 renamed", "is not a Word document"),
        ("notes.pdf", b"%PDF-1.7\n garbage that is no PDF", "cannot be read"),
        ("notes.txt", b"\x81\x8d\x8f\x90\x9d" * 10, "could not be read"),
        ("notes.txt", b"x" * (UploadLimits().document_bytes + 1), "larger than"),
    ],
)
def test_it_refuses_files_it_cannot_read_and_says_why(name, data, message):
    with pytest.raises(NotesImportError, match=re.escape(message)):
        extract_text(name, data)


def test_a_scanned_pdf_has_no_text_to_read():
    with pytest.raises(NotesImportError, match="may be a scan"):
        extract_text("scan.pdf", make_scanned_pdf())


# -- the parser on the quirks of converted documents --------------------------------------

QUIRKS = """\
CHILDREN'S SOCIAL CARE OVERVIEW AND SCRUTINY (O&S) COMMITTEE – PUBLIC MEETING
10:00 hours on Wednesday 13th March 2019, Committee Room 2 - Actions

Present:
Councillor Mohammed Aikhlaq (Chair)
Councillors: Diane Donaldson and Alex Yip
Also Present:
Andy Pepper, AD, Children in Care Provider Services
Natalie Loon, Corporate Parenting Support Officer

1. APOLOGIES

Apologies were submitted on behalf of Councillor Kath Scott.

Page 3 of 40

2. Corporate Parenting Board Report

Andy Pepper presented the report. Members were
informed that the Board meets

Page 4 of 40

monthly. Members requested the attendance figures of the Board.

RESOLVED:

(i) That the report be noted.
(ii) That a progress update on R02, R03 and R04 is to be brought to the Committee.

3. Other Urgent Business

• None.
"""


def test_it_reads_the_usual_quirks_of_converted_notes():
    draft = parse_notes(QUIRKS)

    assert draft.meeting_date == dt.date(2019, 3, 13)
    assert [(a.kind, a.name, a.capacity) for a in draft.attendance] == [
        ("present", "Mohammed Aikhlaq", "Chair"),
        ("present", "Diane Donaldson", ""),
        ("present", "Alex Yip", ""),
        ("also_present", "Andy Pepper", "AD, Children in Care Provider Services"),
        ("also_present", "Natalie Loon", "Corporate Parenting Support Officer"),
        ("apologies", "Kath Scott", ""),
    ]
    # Headings in title case are items too; page footers vanish; a sentence cut by a page
    # break is one sentence again.
    assert [(i.number, i.title) for i in draft.items] == [
        (1, "Apologies"),
        (2, "Corporate Parenting Board Report"),
        (3, "Other Urgent Business"),
    ]
    board = draft.items[1]
    assert board.notes == (
        "Andy Pepper presented the report. Members were informed that the Board meets monthly. "
        "Members requested the attendance figures of the Board."
    )
    # Numbered sub-resolutions are resolutions of their own.
    assert board.resolutions == [
        "That the report be noted.",
        "That a progress update on R02, R03 and R04 is to be brought to the Committee.",
    ]
    assert [(r.text, r.kind, r.owner_as_written, r.resolution_index) for r in board.requests] == [
        (
            "A progress update on R02, R03 and R04 to be brought to the Committee.",
            "information",
            "Andy Pepper",
            1,
        ),
        ("The attendance figures of the Board.", "information", "Andy Pepper", None),
    ]
    assert draft.items[2].notes == "• None."


def test_a_list_of_requests_in_the_discussion_is_read():
    draft = parse_notes(
        "7. WORK PROGRAMME\n\nThe Committee requested the following:\n\n"
        "- A visit to the Children's Advice and Support Service;\n"
        "- The Ofsted report when it is published.\n"
    )
    assert [(r.text, r.resolution_index) for r in draft.items[0].requests] == [
        ("A visit to the Children's Advice and Support Service.", None),
        ("The Ofsted report when it is published.", None),
    ]


def test_the_private_part_read_on_its_own_is_private():
    notes = seed_text("2019-01-16")
    private_part = "Exempt Paragraph 3\n\n" + notes[notes.index("**PRIVATE AGENDA**") :]
    draft = parse_notes(private_part)
    assert [(i.number, i.title, i.is_exempt) for i in draft.items] == [
        (12, "Action notes", True),
        (13, "Other urgent business (exempt information)", True),
    ]
    assert draft.exempt_paragraph == 3


FRAGMENTS = [
    "1. APOLOGIES", "2. Youth Justice Strategic Plan", "12. ACTION NOTES", "PRIVATE AGENDA",
    "RESOLVED:", "Further information requested:", "Members requested the data.", "Present:",
    "Also Present:", "Councillors: Diane Donaldson and Alex Yip", "- a point;", "  • a sub-point",
    "(i) That the report is to be forwarded to the Committee.", "Page 3 of 40", "",
    "Exempt Paragraph 3", "Andy Couldrick presented the paper.", "(cid:127) a bullet",
    "10:00 hours on Wednesday 31st February 2019", "The meeting ended at 12.15 hours.",
]  # fmt: skip


@settings(max_examples=150, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=80), max_size=40))
def test_any_text_gives_a_draft_or_says_why_not(lines):
    try:
        draft = parse_notes("\n".join(lines))
    except NotesImportError as error:
        assert str(error)
    else:
        numbers = [item.number for item in draft.items]
        assert numbers == sorted(set(numbers)) and draft.items


def test_a_long_text_is_read_in_one_pass():
    # Each line joined to the paragraph once, not the paragraph copied at every line: this
    # took over a minute when it was.
    started = time.monotonic()
    draft = parse_notes("1. APOLOGIES\n\n" + "No\n" * 66_000)
    assert time.monotonic() - started < 15
    assert draft.items[0].notes == " ".join(["No"] * 66_000)


def test_it_says_when_the_text_is_not_action_notes():
    with pytest.raises(NotesImportError, match="No numbered items were found"):
        parse_notes("Dear colleagues, please find the papers attached.\n\nKind regards")


def test_names_are_matched_to_people_by_their_recorded_spellings(demo):
    names = names_on_record()
    hodivala = Person.objects.get(name="Charlotte Hodivala").pk
    assert names.person("Charlotte Hodiola") == hodivala  # a spelling the notes use
    assert names.person("Councillor Hodivala") == hodivala
    assert names.person("Cllr Charlotte Hodivala (Chair)") == hodivala
    assert names.person("Wood") == Person.objects.get(name="Ken Wood").pk
    assert names.person("Sarah Stride") == Person.objects.get(name="Sarah Stride").pk
    # Two people on record are called Scott: a surname alone is not enough.
    assert names.person("Councillor Scott") is None
    assert names.person("Kath Scott") == Person.objects.get(name="Kath Scott").pk
    assert names.person("Someone Unknown") is None


# -- the pages: upload, review, confirm ---------------------------------------------------


def record_counts() -> dict[str, int]:
    models = (AgendaItem, Resolution, InformationRequest, Attendance, ActionNotes)
    counts = {m.__name__: m.objects.count() for m in models}
    counts.update({f"{m.__name__} history": m.history.count() for m in models})
    return counts


@pytest.fixture
def officer(client, demo):
    user = get_user_model().objects.get(username="officer")
    client.force_login(user)
    return user


@pytest.fixture
def empty_meeting(demo) -> Meeting:
    """A second meeting of the committee on 16 January 2019, with nothing recorded yet."""
    return Meeting.objects.create(
        committee=Committee.objects.get(),
        date=dt.date(2019, 1, 16),
        start_time=dt.time(14, 0),
        kind=Meeting.Kind.FORMAL,
        status=Meeting.Status.SCHEDULED,
    )


def upload(client, meeting, date="2019-01-16", **extra):
    url = reverse("notes_import", kwargs={"pk": meeting.pk})
    file = SimpleUploadedFile(f"{date}.txt", seed_text(date).encode("utf-8"), "text/plain")
    return client.post(url, {"file": file, "text": "", **extra})


def test_the_meeting_page_offers_the_import_only_to_those_who_may_use_it(client, demo):
    meeting = Meeting.objects.get(date=dt.date(2019, 1, 16))
    url = reverse("notes_import", kwargs={"pk": meeting.pk})
    for username, shown in [("officer", True), ("admin", True), ("councillor", False),
                            ("owner", False)]:  # fmt: skip
        client.force_login(get_user_model().objects.get(username=username))
        response = client.get(meeting.get_absolute_url())
        assert (url in response.content.decode()) is shown, username
    client.logout()
    assert url not in client.get(meeting.get_absolute_url()).content.decode()


def test_it_imports_notes_into_an_empty_meeting(client, officer, empty_meeting):
    before = record_counts()
    response = upload(client, empty_meeting)
    review_url = reverse("notes_import_review", kwargs={"pk": empty_meeting.pk})
    assert response.status_code == 302 and response.url == review_url
    # Read and waiting in the session: nothing is written before the officer confirms.
    assert record_counts() == before

    review = client.get(review_url)
    assert review.status_code == 200
    page = review.content.decode()
    assert "Youth Justice Strategic Plan" in page
    assert "Breakdown of ethnicity (including Gypsy Roma Traveller)." in page
    assert record_counts() == before

    response = client.post(review_url, form_data(review, "confirm"), follow=True)
    assert response.redirect_chain == [(empty_meeting.get_absolute_url(), 302)]
    assert (
        "Imported from the action notes: 13 new items, 5 resolutions, 2 requests, 11 "
        "attendance records and 2 declarations."
    ) in response.content.decode()

    items = list(empty_meeting.agenda_items.order_by("number"))
    assert [(i.number, i.title) for i in items][:3] == [
        (1, "Notice of recording/webcast"),
        (2, "Declarations of interests"),
        (3, "Other urgent business"),
    ]
    assert len(items) == 13
    youth = items[5]
    assert youth.title == "Youth Justice Strategic Plan"
    assert youth.presenters_text.startswith("Dawn Roberts, AD, Early Help and Trevor Brown")
    assert "968 young people" in youth.notes
    assert [r.text for r in youth.resolutions.all()] == [
        "The Committee discussed the Youth Justice Strategic Plan and requested: breakdown of "
        "ethnicity (including Gypsy Roma Traveller); latest re-offending data broken down to "
        "include type of offences etc."
    ]
    requests = list(youth.requests.order_by("pk"))
    assert [r.text for r in requests] == [
        "Breakdown of ethnicity (including Gypsy Roma Traveller).",
        "Latest re-offending data broken down to include type of offences etc.",
    ]
    early_help = Post.objects.get(title="Assistant Director, Early Help")
    for request in requests:
        assert request.owner_post == early_help  # Dawn Roberts holds the post: it owns them
        assert request.resolution == youth.resolutions.get()
        assert request.responsibility == "Dawn Roberts, AD, Early Help"
        # The report deadline of the next ordinary meeting, 13 February 2019.
        assert request.due_date == dt.date(2019, 2, 4)
        assert request.status == InformationRequest.Status.OPEN

    private = [i for i in items if i.is_exempt]
    assert [(i.number, i.exempt_paragraph) for i in private] == [(12, 3), (13, 3)]
    for item in private:
        assert item.exemption_decided_by == officer
        assert "public be now excluded" in item.exemption_justification

    attendance = {
        (a.person.name, a.kind) for a in empty_meeting.attendances.select_related("person")
    }
    assert ("Mohammed Aikhlaq", "present") in attendance
    assert ("Debbie Clancy", "apologies") in attendance
    assert ("Trevor Brown", "also_present") in attendance
    assert len(attendance) == 11
    # The declarations are saved as declarations, as the demo records them, never as requests.
    assert {
        (d.person.name, d.text, d.agenda_item_id)
        for d in empty_meeting.declarations.select_related("person")
    } == {
        (
            "Mohammed Aikhlaq",
            "The Chair declared that he is on the Board of Directors for the Leigh Academy Trust.",
            None,
        ),
        ("Alex Yip", "Councillor Yip declared he is a magistrate.", None),
    }

    assert set(empty_meeting.action_notes.values_list("part", "status")) == {
        ("public", "draft"),
        ("private", "draft"),
    }
    empty_meeting.refresh_from_db()
    assert empty_meeting.status == Meeting.Status.HELD

    # Every row written is in its history with who imported it and why.
    for model in (AgendaItem, Resolution, InformationRequest, Attendance, ActionNotes, Declaration):
        rows = model.history.filter(history_date__gte=empty_meeting.history.earliest().history_date)
        imported = rows.exclude(history_change_reason=None)
        assert imported.exists(), model
        assert set(imported.values_list("history_user", "history_change_reason")) == {
            (officer.pk, REASON)
        }, model
    # The draft is gone from the session: going back to the review starts again.
    assert client.get(review_url).status_code == 302


def test_the_officer_corrects_the_draft_before_confirming(client, officer, empty_meeting):
    upload(client, empty_meeting, date="2018-07-25")
    review_url = reverse("notes_import_review", kwargs={"pk": empty_meeting.pk})
    review = client.get(review_url)
    data = form_data(review, "confirm")
    data["other_date"] = "on"  # notes of 25 July into a meeting of 16 January: checked
    # Item 6: the notes' typo corrected. Item 7: the third request left out, and the first
    # owned by Andy Couldrick in person rather than by the post he holds.
    assert data["items-5-title"] == "Cabinet memebr for Children's Wellbeing"
    data["items-5-title"] = "Cabinet Member for Children's Wellbeing"
    data["item-6-requests-2-leave_out"] = "on"
    couldrick = Person.objects.get(name="Andy Couldrick")
    data["item-6-requests-0-owner"] = f"person:{couldrick.pk}"
    data["items-1-leave_out"] = "on"  # declarations: not wanted

    response = client.post(review_url, data)
    assert response.status_code == 302

    titles = dict(empty_meeting.agenda_items.values_list("number", "title"))
    assert titles[6] == "Cabinet Member for Children's Wellbeing"
    assert 2 not in titles
    trust = empty_meeting.agenda_items.get(number=7)
    assert [(r.text[:30], r.owner_person, r.owner_post) for r in trust.requests.order_by("pk")] == [
        ("The number of Birmingham child", couldrick, None),
        (
            "A breakdown of first time and ",
            None,
            Post.objects.get(title="Chief Executive, Birmingham Children's Trust"),
        ),
    ]


def test_notes_of_another_date_need_a_check_before_they_are_saved(client, officer, empty_meeting):
    upload(client, empty_meeting, date="2019-01-08")
    review_url = reverse("notes_import_review", kwargs={"pk": empty_meeting.pk})
    review = client.get(review_url)
    assert "These notes are of a meeting held on 8 January 2019" in review.content.decode()
    before = record_counts()

    response = client.post(review_url, form_data(review, "confirm"))
    assert response.status_code == 200
    assert "Check that these are the notes of this meeting before confirming" in (
        response.content.decode()
    )
    assert response.content.decode().count("<title>Error: ") == 1
    assert record_counts() == before


def test_importing_into_a_meeting_that_has_its_record_keeps_it_and_adds_no_repeats(client, officer):
    meeting = Meeting.objects.get(date=dt.date(2019, 1, 16))
    before = record_counts()
    upload(client, meeting)
    review_url = reverse("notes_import_review", kwargs={"pk": meeting.pk})
    review = client.get(review_url)
    page = review.content.decode()
    # Where the draft and the record differ, the review says so; the record stands.
    assert (
        "The meeting has item 12 as “Action notes (private)”; the notes call it “Action notes”."
        in page
    )
    assert 'value="Action notes (private)"' in page

    response = client.post(review_url, form_data(review, "confirm"), follow=True)
    assert "nothing new: the meeting already holds everything in these notes" in (
        response.content.decode()
    )
    # Everything in the notes was already recorded: nothing is added twice, nothing deleted.
    assert record_counts() == before
    item = meeting.agenda_items.get(number=11)
    assert [r.text for r in item.resolutions.all()] == ["The Committee agreed the resolution."]


def test_nothing_is_saved_until_confirmed_and_a_discarded_draft_is_gone(
    client, officer, empty_meeting
):
    before = record_counts()
    upload(client, empty_meeting)
    review_url = reverse("notes_import_review", kwargs={"pk": empty_meeting.pk})
    review = client.get(review_url)
    # Corrections and added rows stay in the draft, not in the record.
    data = form_data(review, "add-request-5")
    data["items-5-title"] = "Youth Justice Strategic Plan 2019"
    response = client.post(review_url, data)
    assert response.status_code == 302 and response.url == f"{review_url}#item-5"
    review = client.get(review_url)
    assert 'value="Youth Justice Strategic Plan 2019"' in review.content.decode()
    assert "item-5-requests-2-text" in review.content.decode()
    assert record_counts() == before

    response = client.post(review_url, form_data(review, "discard"))
    assert response.status_code == 302
    assert record_counts() == before
    assert client.get(review_url).url == reverse("notes_import", kwargs={"pk": empty_meeting.pk})


def test_a_blank_added_request_is_ignored(client, officer, empty_meeting):
    upload(client, empty_meeting)
    review_url = reverse("notes_import_review", kwargs={"pk": empty_meeting.pk})
    client.post(review_url, form_data(client.get(review_url), "add-request-2"))
    response = client.post(review_url, form_data(client.get(review_url), "confirm"))
    assert response.status_code == 302
    assert not empty_meeting.agenda_items.get(number=3).requests.exists()


def test_corrections_with_errors_are_shown_and_save_nothing(client, officer, empty_meeting):
    upload(client, empty_meeting)
    review_url = reverse("notes_import_review", kwargs={"pk": empty_meeting.pk})
    data = form_data(client.get(review_url), "confirm")
    before = record_counts()
    data["items-3-title"] = ""
    data["items-4-number"] = "3"
    data["items-11-exemption_justification"] = ""
    data["item-5-requests-0-due_date_1"] = "13"

    response = client.post(review_url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Item 4: Enter the item&#x27;s title, or leave the item out" in page
    assert "Two items have the number 3: give each its own" in page
    assert "Say why the public interest favours taking this item in private" in page
    assert "Due date must be a real date" in page
    assert record_counts() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "   \n "}, "Choose a file to upload, or paste the text of the notes"),
        ({"text": "Thank you all for coming."}, "No numbered items were found"),
        (
            {"file": SimpleUploadedFile("notes.odt", b"PK\x03\x04...", "application/vnd.oasis")},
            "A .odt file cannot be read here",
        ),
        (
            {
                "file": SimpleUploadedFile("notes.txt", b"1. APOLOGIES\n", "text/plain"),
                "text": "1. APOLOGIES",
            },
            "Upload a file or paste the text, not both",
        ),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(
    client, officer, empty_meeting, data, message
):
    before = record_counts()
    url = reverse("notes_import", kwargs={"pk": empty_meeting.pk})
    response = client.post(url, {"text": "", **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.content.decode().count("<title>Error: ") == 1
    assert record_counts() == before
    assert f"notes_import:{empty_meeting.pk}" not in client.session


def test_pasted_notes_and_a_word_document_are_read_like_a_text_file(client, officer, empty_meeting):
    url = reverse("notes_import", kwargs={"pk": empty_meeting.pk})
    key = f"notes_import:{empty_meeting.pk}"
    client.post(url, {"text": seed_text("2019-01-16")})
    pasted = client.session[key]
    docx = SimpleUploadedFile(
        "notes.docx",
        make_docx(seed_text("2019-01-16")),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    client.post(url, {"file": docx, "text": ""})
    uploaded = client.session[key]
    assert pasted["source"] == "pasted text" and uploaded["source"] == "notes.docx"
    assert pasted["items"] == uploaded["items"]


def test_only_the_committees_officers_may_import(client, demo, empty_meeting):
    before = record_counts()
    for username in ("owner", "councillor"):
        client.force_login(get_user_model().objects.get(username=username))
        response = upload(client, empty_meeting)
        assert response.status_code == 403
        assert f"notes_import:{empty_meeting.pk}" not in client.session
    assert record_counts() == before


def test_the_review_without_a_draft_sends_the_officer_to_the_upload(client, officer, empty_meeting):
    response = client.get(reverse("notes_import_review", kwargs={"pk": empty_meeting.pk}))
    assert response.url == reverse("notes_import", kwargs={"pk": empty_meeting.pk})


def test_a_page_from_before_the_draft_changed_in_another_tab_saves_nothing(
    client, officer, empty_meeting
):
    upload(client, empty_meeting)
    review_url = reverse("notes_import_review", kwargs={"pk": empty_meeting.pk})
    first_tab = client.get(review_url)
    client.post(review_url, form_data(client.get(review_url), "add-request-0"))
    before = record_counts()

    response = client.post(review_url, form_data(first_tab, "confirm"))
    assert response.status_code == 200
    assert "The draft changed in another window or tab" in response.content.decode()
    assert record_counts() == before


def test_a_request_missing_from_the_record_is_added_under_its_recorded_resolution(client, officer):
    meeting = Meeting.objects.get(date=dt.date(2019, 1, 16))
    youth = meeting.agenda_items.get(number=6)
    youth.requests.all().delete()  # the record has the resolution but lost its requests
    upload(client, meeting)
    review_url = reverse("notes_import_review", kwargs={"pk": meeting.pk})
    review = client.get(review_url)
    assert "already recorded, so not added again" in review.content.decode()

    assert client.post(review_url, form_data(review, "confirm")).status_code == 302
    resolution = youth.resolutions.get()  # no second copy of it
    assert [(r.text, r.resolution) for r in youth.requests.order_by("pk")] == [
        ("Breakdown of ethnicity (including Gypsy Roma Traveller).", resolution),
        ("Latest re-offending data broken down to include type of offences etc.", resolution),
    ]
