"""Other councils' minutes read as their councils wrote them.

The inputs are short excerpts of published minutes in tests/data/notes_layouts/, each with
its source address in sources.yaml: Maidstone (a "Committee Members:" list and title-case
headings), Epping Forest (a modern.gov page: the minute number alone on its line, "Minutes:",
"pdf icon PDF 365 KB"), Gravesham (modern.gov's "<AI1>" item markers), Bromsgrove (the
year's minute numbers, "108/23") and the RESOLVED forms of several councils.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.urls import reverse

from committees.clock import today
from committees.models import Attendance, Committee, Declaration, Meeting, Person
from committees.services import meetings_schedule
from tests.support.review_forms import form_data
from tracker.imports.notes.reader import (
    ACTION,
    ALSO_PRESENT,
    APOLOGIES,
    INFORMATION,
    INTEREST_LABELS,
    NO_INTEREST,
    OTHER_INTEREST,
    PECUNIARY,
    PREJUDICIAL,
    PRESENT,
    NotesImportError,
    parse_notes,
)
from tracker.models import InformationRequest

DATA = Path(__file__).parents[1] / "data" / "notes_layouts"


def layout(name: str) -> str:
    return (DATA / f"{name}.txt").read_text(encoding="utf-8")


def by_kind(draft, kind: str) -> list[tuple[str, str]]:
    return [(a.name, a.capacity) for a in draft.attendance if a.kind == kind]


# -- reading ------------------------------------------------------------------------------


def test_it_reads_title_case_headings_and_a_committee_members_list():
    draft = parse_notes(layout("maidstone_2023-06-20"))

    assert draft.meeting_date is None  # the page gives it only in its title
    assert [(i.number, i.title) for i in draft.items] == [
        (1, "Apologies for Absence"),
        (2, "Notification of Substitute Members"),
        (3, "Urgent Items"),
        (4, "Election of Vice-Chairman"),
        (5, "Notification of Visiting Members"),
        (6, "Disclosures by Members and Officers"),
        (7, "Disclosures of Lobbying"),
        (9, "Minutes of the Meeting Held on 13 April 2023"),
        (10, "Minutes of the Meeting held on 23 May 2023"),
    ]
    present = by_kind(draft, Attendance.Kind.PRESENT)
    assert len(present) == 12
    assert present[0] == ("English", "Chairman")
    assert ("S Thompson", "") in present
    assert by_kind(draft, Attendance.Kind.APOLOGIES) == [("Hastie", ""), ("S Webb", "")]
    assert [(s.name, s.substitute_for) for s in draft.substitutes] == [("Forecast", "Webb")]
    # Each decision stays with its own item: none is swallowed by the item before it.
    resolutions = {i.number: i.resolutions for i in draft.items}
    assert resolutions[7] == ["That all items be taken in public as proposed."]
    assert resolutions[9] == [
        "That the Minutes of the meeting held on 13 April 2023 be approved as a correct record "
        "and signed."
    ]
    # The published page itself has no heading for item 8: the review says so.
    assert [(p.line, p.reason.split(":")[0]) for p in draft.problems] == [
        (19, "No item 8 was found before item 9")
    ]


def test_members_listed_without_a_label_and_those_also_present():
    draft = parse_notes(layout("maidstone_2022-06-21"))

    present = by_kind(draft, Attendance.Kind.PRESENT)
    assert len(present) == 13
    assert ("English", "Chairman") in present
    assert ("D Wilkinson", "") in present
    assert by_kind(draft, Attendance.Kind.ALSO_PRESENT) == [("Round", "")]
    assert by_kind(draft, Attendance.Kind.APOLOGIES) == [("Cleator", "")]
    assert [(s.name, s.substitute_for) for s in draft.substitutes] == [("D Wilkinson", "Cleator")]
    assert [i.number for i in draft.items] == [1, 2, 3]


def test_numbering_that_continues_the_year_and_a_list_of_substitutes():
    draft = parse_notes(layout("maidstone_2024-06-12"))

    assert [(i.number, i.title) for i in draft.items] == [
        (19, "Apologies for Absence"),
        (20, "Notification of Substitute Members"),
        (21, "Urgent Items"),
    ]
    assert by_kind(draft, Attendance.Kind.PRESENT)[0] == ("Russell", "Chairman")
    assert by_kind(draft, Attendance.Kind.APOLOGIES) == [("Field", ""), ("Parfitt-Reid", "")]
    assert [(s.name, s.substitute_for) for s in draft.substitutes] == [
        ("Khadka", "Field"),
        ("Fort", "Parfitt-Reid"),
    ]
    assert draft.problems == []


def test_attendees_and_officers_lists():
    draft = parse_notes(layout("maidstone_2013-02-20"))

    assert [name for name, _ in by_kind(draft, Attendance.Kind.PRESENT)] == [
        "Blackmore",
        "Burton",
        "English",
        "Gooch",
        "D Mortimer",
        "Paterson",
    ]
    assert by_kind(draft, Attendance.Kind.ALSO_PRESENT) == [
        ("Angela Woodhouse", ""),
        ("Orla Sweeney", ""),
    ]
    # The notes number no items: their headings stand apart, in title case.
    assert [(i.number, i.title) for i in draft.items] == [
        (1, "Enhanced Scrutiny"),
        (2, "Which Model?"),
    ]


def test_every_excerpt_has_its_source():
    sources = yaml.safe_load((DATA / "sources.yaml").read_text(encoding="utf-8"))
    for path in DATA.glob("*.txt"):
        entry = sources[path.name]
        assert entry.get("source") or entry.get("sources"), path.name
        assert entry["layout"], path.name


def test_resolved_that_with_lettered_points_is_one_decision_a_point():
    # Maidstone Borough Council, Overview and Scrutiny Coordinating Committee, 28 March 2013.
    text = (
        "1. Post Decision Scrutiny\n\nResolved: That\n\na) Cabinet Members attend Committee "
        "meetings to present completed SCRAIPs; and\n\nb) The Overview and Scrutiny "
        "Coordinating Committee meet quarterly and monitor recommendations as part of their "
        "role.\n"
    )
    [item] = parse_notes(text).items
    assert item.resolutions == [
        "That Cabinet Members attend Committee meetings to present completed SCRAIPs.",
        "That the Overview and Scrutiny Coordinating Committee meet quarterly and monitor "
        "recommendations as part of their role.",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Cllr Khadka substituting for Cllr Field.",
        "Councillor Khadka attended as a substitute for Councillor Field.",
        "The Committee noted that Councillor Khadka had been appointed as substitute for "
        "Councillor Field.",
        "Cllr Field (Cllr Khadka substituting)",
    ],
)
def test_a_substitute_as_councils_write_it(sentence):
    text = f"1. APOLOGIES\n\n{sentence}\n\n2. URGENT ITEMS\n\nThere were no urgent items."
    draft = parse_notes(text)
    assert [(s.name, s.substitute_for) for s in draft.substitutes] == [("Khadka", "Field")]


def test_it_reads_a_modern_gov_page_without_its_furniture():
    draft = parse_notes(layout("epping_2021-04-15"))

    assert [(i.number, i.title) for i in draft.items] == [
        (87, "Webcasting Introduction"),
        (88, "Substitute members"),
        (89, "Minute's Silence for HRH The Prince Philip, Duke of Edinburgh"),
        (90, "Minutes"),
    ]
    # What the agenda said before "Minutes:" is not the record of the meeting.
    assert draft.items[0].notes.startswith("The Chairman reminded everyone present")
    text = " ".join(i.title + i.notes for i in draft.items)
    for furniture in ("pdf icon", "PDF 365 KB", "Additional documents", "Minutes:"):
        assert furniture not in text
    assert [(s.name, s.substitute_for) for s in draft.substitutes] == [("H Kane", "P Stalker")]
    assert draft.problems == []


def test_a_page_that_numbers_no_items_is_read_in_order_and_says_so():
    draft = parse_notes(layout("gravesham_2023-09-21"))

    assert [(i.number, i.title) for i in draft.items] == [
        (1, "Apologies for absence"),
        (2, "To sign the minutes of the previous meeting"),
        (
            3,
            "To declare any interests which members may have on the items contained on this "
            "agenda. When declaring an interest members must state what their interest is.",
        ),
    ]
    assert draft.items[2].notes == "No declarations of interest were made."
    assert "numbered from 1 here" in draft.problems[0].reason
    assert by_kind(draft, Attendance.Kind.APOLOGIES) == [("Ejaz Aslam", "")]
    assert [(s.name, s.substitute_for) for s in draft.substitutes] == [
        ("Gary Harding", "Ejaz Aslam")
    ]
    assert draft.declarations == []
    assert all(not i.requests for i in draft.items)


def test_item_markers_start_items():
    # modern.gov's exported minutes mark each item "<AI1>" ... "</AI1>".
    text = (
        "<AI1>\nApologies for absence\n\nApologies were received from Councillor Yip.\n"
        "</AI1>\n<AI2>\nMinutes pdf icon PDF 136 KB\n\nRESOLVED: That the minutes be "
        "agreed.\n</AI2>\n"
    )
    draft = parse_notes(text)
    assert [(i.number, i.title, i.resolutions) for i in draft.items] == [
        (1, "Apologies for absence", []),
        (2, "Minutes", ["That the minutes be agreed."]),
    ]


def test_a_declaration_naming_an_agenda_item_and_a_minute():
    draft = parse_notes(layout("bromsgrove_2024-04-22"))

    assert [i.title for i in draft.items] == [
        "Apologies for Absence and Named Substitutes",
        "Declarations of Interest and Whipping Arrangements",
    ]
    assert by_kind(draft, Attendance.Kind.APOLOGIES) == [("J D Stanley", "")]
    [declaration] = draft.declarations
    assert declaration.name == "A. Bailes"
    assert declaration.interest == OTHER_INTEREST
    # "Agenda Item Number 15, Minute Number 112/23": neither is an item of this excerpt.
    assert declaration.item_number is None
    assert declaration.text.startswith("Councillor A. Bailes declared an Other Disclosable")
    assert not draft.items[1].requests


def test_every_form_of_resolved_is_a_decision():
    draft = parse_notes(layout("resolutions"))
    resolutions = {i.number: i.resolutions for i in draft.items}

    assert resolutions[5] == [
        "That the size and composition of the overview and scrutiny committee, as agreed by "
        "annual council assembly on 11 June 2014, be noted.",
        "That the following three scrutiny sub-committees be constituted for the municipal "
        "year 2014/15, each composed of five Labour members and two Liberal Democrat members.",
    ]
    assert resolutions[6] == [
        "That the Committee: notes the contents of the report now submitted; requests that "
        "external contractors, to be considered as part of performance and budget monitoring, "
        "be included on the Committee's Work Programme 2014/15."
    ]
    assert resolutions[8] == ["That the report be noted."]
    assert resolutions[9] == ["To note the report."]
    assert resolutions[10] == ["That the work programme be agreed."]
    assert resolutions[11] == [
        "That the Chair write to the Leader about live streaming of meetings."
    ]
    assert resolutions[7] == []


def test_a_declaration_is_never_a_request():
    draft = parse_notes(layout("resolutions"))

    assert [(d.name, d.interest, d.item_number) for d in draft.declarations] == [
        ("Grewal", PREJUDICIAL, 8),
        ("S. J. Baxter", PECUNIARY, 9),
        ("S. R. Colella", PECUNIARY, 9),
    ]
    # "... requested that their objection ... would be sent to the Monitoring Officer" is
    # part of a declaration: the reminders must not chase it.
    assert [r.text for i in draft.items for r in i.requests] == []


@pytest.mark.parametrize(
    "sentence, interest",
    [
        ("Councillor Yip declared a disclosable pecuniary interest in item 3.", PECUNIARY),
        ("Councillor Yip declared a non-pecuniary interest in item 3.", OTHER_INTEREST),
        ("Councillor Yip made a transparency statement in respect of item 3.", NO_INTEREST),
    ],
)
def test_the_kind_of_interest_is_read(sentence, interest):
    text = f"1. DECLARATIONS OF INTEREST\n\n{sentence}\n\n3. BUDGET\n\nRESOLVED: Noted."
    [declaration] = parse_notes(text).declarations
    assert (declaration.name, declaration.interest, declaration.item_number) == (
        "Yip",
        interest,
        3,
    )


@pytest.mark.parametrize("number", ["48/18", "CSC/48", "48.", "48"])
def test_item_numbers_as_councils_write_them(number):
    text = (
        f"{number} Apologies for Absence\n\nApologies were received from Councillor Yip.\n\n"
        f"{number.replace('48', '49')} Work Programme\n\nRESOLVED: That the work programme "
        "be agreed."
    )
    draft = parse_notes(text)
    assert [(i.number, i.title) for i in draft.items] == [
        (48, "Apologies for Absence"),
        (49, "Work Programme"),
    ]
    assert by_kind(draft, Attendance.Kind.APOLOGIES) == [("Yip", "")]


def test_a_lost_heading_is_flagged_with_its_line_not_swallowed():
    # The same minutes with the number of item 9 lost in the conversion.
    text = layout("maidstone_2023-06-20").replace(
        "9. Minutes of the Meeting Held", "Minutes of the Meeting Held"
    )
    draft = parse_notes(text)

    [lost] = [p for p in draft.problems if p.line == 19]
    assert lost.text == "Minutes of the Meeting Held on 13 April 2023"
    assert "looks like an item's heading" in lost.reason
    item = next(i for i in draft.items if i.number == 7)
    assert item.resolutions[0] == "That all items be taken in public as proposed."
    assert "Minutes of the Meeting Held on 13 April 2023" not in item.resolutions


def test_a_heading_out_of_sequence_is_flagged():
    text = (
        "1. APOLOGIES\n\nNone.\n\n2. WORK PROGRAMME\n\nRESOLVED: That it be agreed.\n\n"
        "1. Budget Monitoring\n\nThe report was noted.\n"
    )
    draft = parse_notes(text)
    assert [i.number for i in draft.items] == [1, 2]
    [problem] = draft.problems
    assert (problem.line, problem.text) == (9, "1. Budget Monitoring")
    assert "does not follow item 2" in problem.reason


def test_minutes_with_no_numbered_items_are_refused_with_the_reason():
    with pytest.raises(NotesImportError, match="No numbered items were found"):
        parse_notes("Apologies for absence\n\nNo declarations of interest were made.\n")


# -- importing ----------------------------------------------------------------------------


@pytest.fixture
def officer(client, demo):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="officer")
    client.force_login(user)
    return user


def scheduled_meeting(day: dt.date) -> Meeting:
    """A meeting scheduled as the app schedules one: with the committee's standing items."""
    [meeting] = meetings_schedule(
        committee=Committee.objects.get(),
        dates=[day],
        start_time=dt.time(18, 30),
        kind=Meeting.Kind.FORMAL,
        by_user=None,
    )
    return meeting


def import_text(client, meeting: Meeting, text: str, choose=None) -> object:
    url = reverse("notes_import", kwargs={"pk": meeting.pk})
    assert client.post(url, {"text": text}).status_code == 302
    review_url = reverse("notes_import_review", kwargs={"pk": meeting.pk})
    review = client.get(review_url)
    data = form_data(review, "confirm")
    # Whoever the notes name that is not on record is left out, as an officer would.
    for key, value in list(data.items()):
        if re.fullmatch(r"(?:attendance|declarations)-\d+-person", key) and not value:
            data[key.replace("-person", "-leave_out")] = "on"
    data.update(choose or {})
    data.setdefault("other_date", "on")
    return review, client.post(review_url, data, follow=True)


def test_imported_items_never_take_a_standing_items_place_unasked(client, officer):
    meeting = scheduled_meeting(dt.date(2019, 3, 20))
    standing = dict(meeting.agenda_items.values_list("number", "title"))
    for name in ("Councillor Forecast", "Councillor Webb"):
        Person.objects.create(name=name, is_councillor=True)

    review, response = import_text(
        client,
        meeting,
        layout("maidstone_2023-06-20"),
        # The officer merges item 1 into the standing item with its number.
        choose={"items-0-merge_into_standing": "on"},
    )
    page = review.content.decode()
    assert "Merge it into the meeting&#x27;s standing item with this number" in page
    assert f"The meeting's item 2 is the standing item “{standing[2]}”" in page.replace(
        "&#x27;", "'"
    )
    assert "No item 8 was found before item 9" in page
    assert "Lines that could not be read" in page
    assert response.redirect_chain, response.content.decode()[:3000]

    items = dict(meeting.agenda_items.values_list("number", "title"))
    # The standing items keep their numbers and titles; item 1 took the notes of item 1.
    for number, title in standing.items():
        assert items[number] == title
    assert "Apologies for Absence were received" in meeting.agenda_items.get(number=1).notes
    # The other items of the notes are new items after the meeting's own.
    assert items[9] == "Minutes of the Meeting Held on 13 April 2023"
    assert items[10] == "Minutes of the Meeting held on 23 May 2023"
    new = {title for number, title in items.items() if number > 10}
    assert new == {
        "Notification of Substitute Members",
        "Urgent Items",
        "Election of Vice-Chairman",
        "Notification of Visiting Members",
        "Disclosures by Members and Officers",
        "Disclosures of Lobbying",
    }
    # The substitute is recorded with the member they sat for.
    forecast = meeting.attendances.get(person__name="Councillor Forecast")
    assert forecast.kind == Attendance.Kind.PRESENT
    assert forecast.substitute_for.name == "Councillor Webb"
    assert not InformationRequest.objects.filter(meeting=meeting).exists()


def test_declarations_are_saved_as_declarations_and_a_future_meeting_stays_scheduled(
    client, officer
):
    meeting = scheduled_meeting(today() + dt.timedelta(days=30))
    grewal = Person.objects.create(name="Councillor Grewal", is_councillor=True)

    review, response = import_text(client, meeting, layout("resolutions"))
    assert "is still to come: confirming adds the notes but does not record it as held" in (
        review.content.decode()
    )
    assert response.redirect_chain, response.content.decode()[:3000]

    [declaration] = meeting.declarations.all()  # the others name no one on record
    assert declaration.person == grewal
    assert declaration.text.startswith("The Chair, Councillor Grewal, declared a personal")
    assert declaration.interest == Declaration.Interest.PREJUDICIAL  # as the notes say
    assert not InformationRequest.objects.filter(meeting=meeting).exists()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED


# -- lines of other councils' minutes, each as its page prints it ---------------------------


def test_a_long_list_of_members_with_honours_and_officers():
    # Kent County Council, minutes of 27 March 2014 (the minutes corpus gives the source).
    text = (
        "PRESENT: Mr E E C Hotson (Chairman) Mr P J Homewood (Vice-Chairman)\n\n"
        "Mrs A D Allen, Mr M J Angell, Mr P B Carter, CBE, Mr P M Hill, OBE, Mr R L H Long, "
        "TD and Mrs Z Wiltshire\n\n"
        "1. Apologies\n\nThe General Secretary reported apologies.\n"
    )
    draft = parse_notes(text)
    assert by_kind(draft, Attendance.Kind.PRESENT) == [
        ("E E C Hotson", "Chairman"),
        ("P J Homewood", "Vice-Chairman"),
        ("A D Allen", ""),
        ("M J Angell", ""),
        ("P B Carter", ""),
        ("P M Hill", ""),
        ("R L H Long", ""),
        ("Z Wiltshire", ""),
    ]


def test_a_full_councils_list_with_its_presiding_member_and_absences():
    # Royal Borough of Kingston upon Thames, Council, 19 May 2020.
    text = (
        "19 May 2020\n\nThe Mayor (Councillor Margaret Thompson)\n\nCouncillors\n\n"
        "  Zain Abbas\n\n* Tricia Bamford\n\n  Rowena Bass\n\n* Absent\n\n<AI1>\n\n"
        "1.            Apologies\n\nApologies for absence were received on behalf of "
        "Councillor Patricia Bamford.\n\n</AI1>\n"
    )
    draft = parse_notes(text)
    assert draft.meeting_date == dt.date(2020, 5, 19)
    assert [(i.number, i.title) for i in draft.items] == [(1, "Apologies")]
    assert by_kind(draft, Attendance.Kind.PRESENT) == [
        ("Margaret Thompson", "Mayor"),
        ("Zain Abbas", ""),
        ("Rowena Bass", ""),
    ]
    assert by_kind(draft, Attendance.Kind.APOLOGIES) == [("Patricia Bamford", "")]
    [absent] = draft.problems
    assert absent.text == "* Tricia Bamford" and "absent" in absent.reason


def test_a_decision_whose_resolved_label_was_lost_is_still_a_decision():
    # Ryedale District Council, Overview and Scrutiny Committee, 7 July 2011, item 97: the
    # page's "RESOLVED" is an image, so the copied text keeps only the points.
    text = (
        "97 Scrutiny Reviews Progress Report\n\nSupporting documents:\n\n\n"
        "The Head of Transformation submitted a report (previously circulated).\n\n\n\n\n"
        "a.    That Councillor Mrs Shields, Cussons, Hawkins and Wainwright be appointed to the "
        "Healthy Weight Scrutiny Review Group.\n\n"
        "b.    That those Members absent from this meeting be given the opportunity to join "
        "either review group.\n"
    )
    [item] = parse_notes(text).items
    assert item.notes == "The Head of Transformation submitted a report (previously circulated)."
    assert len(item.resolutions) == 2
    assert item.resolutions[1].startswith("That those Members absent")


def test_matters_arising_after_a_decision_are_not_decisions():
    # Bracknell Forest Council, Overview and Scrutiny Commission, 19 November 2009, item 40.
    text = (
        "40 Minutes and Matters Arising pdf icon PDF 101 KB\n\nMinutes:\n\n"
        "RESOLVED that the minutes of the meeting of the Commission held on 24 September 2009 "
        "be approved as a correct record and signed by the Chairman\n\n \n\n"
        "Matters arising –\n\n \n\n"
        "Minute 29, Centre for Public Scrutiny Self Evaluation – it was reported that the CfPS "
        "Self Evaluation had now been completed and circulated to all Members for comments.\n"
    )
    [item] = parse_notes(text).items
    assert item.title == "Minutes and Matters Arising"
    assert len(item.resolutions) == 1
    assert "Minute 29, Centre for Public Scrutiny" in item.notes


@pytest.mark.parametrize(
    "sentence, apologies, substitutes",
    [
        # Bristol City Council, Committee Model Working Group, 28 April 2023.
        (
            "Apologies were received from Councillor Makawi who was substituted by Councillor "
            "Mack.",
            [("Makawi", "")],
            [("Mack", "Makawi")],
        ),
        # Camden Council, Joint Chairs of Scrutiny Committee, 7 October 2014.
        (
            "Apologies were received from Councillor Awale Olad, Chair of the Culture and "
            "Environment Scrutiny Committee.",
            [("Awale Olad", "")],
            [],
        ),
    ],
)
def test_apologies_with_a_substitute_or_a_role(sentence, apologies, substitutes):
    draft = parse_notes(f"2. APOLOGIES\n\n{sentence}\n\n3. MINUTES\n\nRESOLVED: Agreed.")
    assert by_kind(draft, Attendance.Kind.APOLOGIES) == apologies
    assert [(s.name, s.substitute_for) for s in draft.substitutes] == substitutes


# -- reading needs no Django ------------------------------------------------------------------

NO_DJANGO = """
import sys
from pathlib import Path

from tracker.imports.notes.reader import parse_notes
from tracker.uploads import UploadLimits

text = Path(sys.argv[1]).read_text(encoding="utf-8")
draft = parse_notes(text, limits=UploadLimits())
from django.apps import apps

assert not apps.ready, "the app registry was loaded"
assert not any(name.endswith(".models") for name in sys.modules if name.split(".")[0] in
               {"committees", "tracker"}), "a models module was imported"
print(len(draft.items), len(draft.attendance), len(draft.declarations))
"""


def test_reading_a_document_needs_no_django_setup():
    root = Path(__file__).resolve().parents[2]
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env["DJANGO_SETTINGS_MODULE"] = "no.such.settings"  # read, the import would fail
    result = subprocess.run(
        [sys.executable, "-c", NO_DJANGO, str(root / "tests/data/action_notes/2019-01-16.txt")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["13", "11", "2"]


def test_the_readers_kinds_are_the_records_kinds():
    assert {PRESENT, APOLOGIES, ALSO_PRESENT} == set(Attendance.Kind.values)
    assert {INFORMATION, ACTION} == set(InformationRequest.Kind.values)
    assert set(INTEREST_LABELS) == set(Declaration.Interest.values)


def test_a_decision_labelled_decision_and_apologies_listed_after_the_sentence():
    # Manchester City Council, Council, 4 October 2023, minute 67; Kent County Council,
    # 27 March 2014, minute 63.
    text = (
        "63. Apologies for Absence\n\nThe Director of Governance and Law reported apologies "
        "for absence from the following Members:\n\nMr Mike Harrison Mr Bob Neaves Mr Michael "
        "Northey\n\n"
        "67. Minutes pdf icon PDF 200 KB\n\nTo submit for approval the minutes of the meeting "
        "held on12 July 2023.\n\nMinutes:\n\nDecision\n\n \n\nThe Minutes of the meeting held "
        "on 12 July 2023 were approved as a correct record and signed by the Lord Mayor.\n"
    )
    draft = parse_notes(text)
    assert by_kind(draft, Attendance.Kind.APOLOGIES) == [
        ("Mike Harrison", ""),
        ("Bob Neaves", ""),
        ("Michael Northey", ""),
    ]
    minutes = draft.items[1]
    assert (minutes.number, minutes.title, minutes.notes) == (67, "Minutes", "")
    assert minutes.resolutions == [
        "The Minutes of the meeting held on 12 July 2023 were approved as a correct record and "
        "signed by the Lord Mayor."
    ]
