"""The published documents: a meeting's action notes and the committee's work programme, as
print pages and Word files, in a public version for anyone and a full version for those
entitled to the committee's exempt business.

Word files are opened with python-docx and read as a person would read them.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from html.parser import HTMLParser

import docx
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx.table import Table

from committees.models import (
    ActionNotes,
    AgendaItem,
    Attendance,
    CallIn,
    Committee,
    ForwardPlanDecision,
    Meeting,
    Membership,
    Person,
    Post,
    ProgrammeMatter,
    Resolution,
    WorkProgrammeEntry,
)
from committees.services import action_notes_confirm
from tests.factories import InformationRequestFactory, RecommendationFactory
from tracker.access import Access
from tracker.models import InformationRequest, Inquiry, TrackingRound
from tracker.outstanding.selectors import KIND_RECOMMENDATION, OutstandingFilters, outstanding_items
from tracker.roles import ROLE_MEMBERS

pytestmark = pytest.mark.django_db

JANUARY = dt.date(2019, 1, 16)
CANARY = "Exempt canary 4K"
SLUG = "childrens-social-care"
FULL_MARKING = "FULL VERSION: Contains exempt information — not for publication"
PUBLIC_MARKING = "PUBLIC VERSION: No exempt information is included"
PRIVATE_LABEL = (
    "Taken in private under paragraph 3 of Schedule 12A to the Local Government Act 1972. "
    "Its notes and decisions are not published."
)
# What the public may know of exempt item 12, published as its meeting page shows it.
PRIVATE_TITLE = "Placement sufficiency: provider contracts"
PRIVATE_REASON = "The report names providers and the prices they charge."


# -- reading the documents ----------------------------------------------------------------


def _normal(text: str) -> str:
    return " ".join(text.split())


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)


def page_text(response) -> str:
    """The text of the document on a print page, as a reader sees it (no links around it)."""
    html = response.content.decode()
    start = html.index('<article class="app-document">')
    parser = _TextOf()
    parser.feed(html[start : html.index("</article>", start)])
    return _normal(" ".join(parser.chunks))


def word(response) -> docx.document.Document:
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    return docx.Document(io.BytesIO(response.content))


def word_lines(document) -> list[str]:
    """Every paragraph of the body and of its tables' cells, in order."""
    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    lines += [p.text for p in cell.paragraphs]
        else:
            lines.append(block.text)
    return [_normal(line) for line in lines if line.strip()]


def word_text(document) -> str:
    return " ".join(word_lines(document))


def every_part(response) -> str:
    """All the XML of a .docx: body, headers, footers and document properties."""
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        return " ".join(
            package.read(name).decode("utf-8", "replace") for name in package.namelist()
        )


def headings(document) -> list[tuple[str, str]]:
    return [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]


def tables_after(document) -> dict[str, list[list[str]]]:
    """The rows of the first table under each heading."""
    return {heading: tables[0] for heading, tables in all_tables_after(document).items()}


def all_tables_after(document) -> dict[str, list[list[list[str]]]]:
    """Each heading's tables, each a list of rows of cell texts."""
    found: dict[str, list] = {}
    heading = ""
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            rows = [[_normal(cell.text) for cell in row.cells] for row in block.rows]
            found.setdefault(heading, []).append(rows)
        elif block.style.name.startswith("Heading"):
            heading = block.text
    return found


# -- fixtures and helpers -----------------------------------------------------------------


def sign_in(client, username: str):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def notes_url(meeting: Meeting, version: str, kind: str = "print") -> str:
    name = "meeting_notes_print" if kind == "print" else "meeting_notes_docx"
    return reverse(name, kwargs={"pk": meeting.pk, "version": version})


def programme_url(version: str, kind: str = "print", month: str | None = "2019-02") -> str:
    name = "work_programme_print" if kind == "print" else "work_programme_docx"
    url = reverse(name, kwargs={"slug": SLUG, "version": version})
    return f"{url}?month={month}" if month else url


@pytest.fixture
def january(demo) -> Meeting:
    """16 January 2019, with a canary in every part of its exempt item 12 that is not
    published (notes, who attended for it, a resolution and a request), and the title and
    public-interest reason that are."""
    meeting = Meeting.objects.get(date=JANUARY)
    item = AgendaItem.objects.get(meeting=meeting, number=12)
    item.title = PRIVATE_TITLE
    item.notes += f"\n{CANARY} in the notes."
    item.presenters_text = f"{CANARY} attended for this item."
    item.exemption_justification = PRIVATE_REASON
    item.save()
    Resolution.objects.create(agenda_item=item, order=2, text=f"{CANARY} resolution.")
    InformationRequest.objects.create(
        meeting=meeting,
        agenda_item=item,
        text=f"{CANARY} request: the confidential annex.",
        owner_post=Post.objects.get(title="Assistant Director, Early Help"),
    )
    return meeting


def outsider(username: str, *, person: Person | None = None, committee: Committee | None = None):
    """A signed-in councillor who is not (or no longer) a member of the committee."""
    user = get_user_model().objects.create_user(username)
    user.groups.add(Group.objects.get(name=ROLE_MEMBERS))
    if person is None:
        person = Person.objects.create(name=f"Councillor {username}", is_councillor=True)
        Membership.objects.create(committee=committee, person=person)
    person.user = user
    person.save()
    return user


# -- action notes -------------------------------------------------------------------------


@pytest.mark.parametrize("username", [None, "councillor", "officer", "admin"])
def test_the_public_action_notes_carry_nothing_of_the_exempt_items(client, january, username):
    """Whoever downloads it, the public version is the one the public may read."""
    if username:
        sign_in(client, username)
    document = word(client.get(notes_url(january, "public", "docx")))
    text = word_text(document)
    assert CANARY not in text
    assert CANARY not in every_part(client.get(notes_url(january, "public", "docx")))
    assert "Councillor Alex Yip queried" not in text  # item 12's own notes
    assert f"12. {PRIVATE_TITLE.upper()} {PRIVATE_LABEL} Why: {PRIVATE_REASON}" in text
    assert f"13. OTHER URGENT BUSINESS (EXEMPT INFORMATION) {PRIVATE_LABEL}" in text
    # The public business is all there.
    assert "6. YOUTH JUSTICE STRATEGIC PLAN" in text
    assert "Breakdown of ethnicity (including Gypsy Roma Traveller)." in text
    assert document.sections[0].header.paragraphs[0].text == PUBLIC_MARKING

    page = client.get(notes_url(january, "public"))
    assert CANARY not in page.content.decode()
    assert f"12. {PRIVATE_TITLE.upper()} {PRIVATE_LABEL} Why: {PRIVATE_REASON}" in page_text(page)
    assert page_text(page).startswith(PUBLIC_MARKING)


@pytest.mark.parametrize("username", ["councillor", "officer", "admin"])
def test_the_full_action_notes_carry_the_private_part(client, january, username):
    sign_in(client, username)
    document = word(client.get(notes_url(january, "full", "docx")))
    text = word_text(document)
    for part in ("in the notes", "attended for this item", "resolution", "request"):
        assert f"{CANARY} {part}" in text, part
    assert "Councillor Alex Yip queried" in text
    assert document.sections[0].header.paragraphs[0].text == FULL_MARKING
    assert word_lines(document)[0] == FULL_MARKING
    # The private part comes after the public business, under its own heading.
    found = headings(document)
    private = found.index(("Heading 2", "PRIVATE"))
    assert found[private + 1] == ("Heading 3", f"12. {PRIVATE_TITLE.upper()}")
    assert found[private - 1] == ("Heading 2", "11. EXCLUSION OF THE PUBLIC")
    assert "The notes of the private part are a draft, not yet confirmed." in text

    page = page_text(client.get(notes_url(january, "full")))
    assert f"{CANARY} resolution." in page
    assert page.startswith(FULL_MARKING) and page.endswith(FULL_MARKING)


def test_the_full_version_is_not_found_by_anyone_not_entitled(client, january):
    """Not 403: they may not know what it contains, or that it contains anything."""
    committee = january.committee
    other = Committee.objects.create(name="Housing and Neighbourhoods O&S", slug="housing")
    readers = [
        None,  # the public
        get_user_model().objects.get(username="owner"),  # owns things, sits on no committee
        outsider("elsewhere", committee=other),  # a member of another committee
        # Councillor Hodivala left the committee on 15 January 2019.
        outsider("former", person=Person.objects.get(name="Charlotte Hodivala")),
    ]
    for reader in readers:
        client.logout()
        if reader:
            client.force_login(reader)
        for url in (
            notes_url(january, "full"),
            notes_url(january, "full", "docx"),
            programme_url("full"),
            programme_url("full", "docx"),
            programme_url("full", month="not-a-month"),
        ):
            response = client.get(url)
            assert response.status_code == 404, (reader, url)
            assert CANARY.encode() not in response.content
    assert Access(readers[3]).sees_exempt_of(committee.pk) is False


def test_the_word_notes_are_laid_out_like_the_councils(client, january):
    response = client.get(notes_url(january, "public", "docx"))
    assert response["Content-Disposition"] == (
        'attachment; filename="action-notes-2019-01-16-public.docx"'
    )
    document = word(response)
    lines = word_lines(document)
    assert lines[:7] == [
        PUBLIC_MARKING,
        "BIRMINGHAM CITY COUNCIL",
        "CHILDREN'S SOCIAL CARE OVERVIEW AND SCRUTINY COMMITTEE",
        "ACTION NOTES",
        "Wednesday 16 January 2019, 10:00 hours",
        "Committee Room 2",
        "These notes are a draft, not yet confirmed.",
    ]
    title = document.paragraphs[3]
    assert (title.style.name, title.alignment) == ("Heading 1", 1)  # centred
    # As the council lists them: the Chair, then by surname.
    assert lines[lines.index("PRESENT") + 1 : lines.index("ALSO PRESENT")] == [
        "Councillor Mohammed Aikhlaq (Chair)",
        "Councillor Diane Donaldson",
        "Councillor Shabrana Hussain",
        "Councillor Kerry Jenkins",
        "Councillor Kath Scott",
        "Councillor Alex Yip",
    ]
    assert lines[
        lines.index("ALSO PRESENT") + 1 : lines.index("1. NOTICE OF RECORDING/WEBCAST")
    ] == [
        "Trevor Brown, Head of Youth Offending Service",
        "Rose Kiely, Group Overview & Scrutiny Manager",
        "Dawn Roberts, AD, Early Help",
        "Amanda Simcox, Scrutiny Officer",
    ]
    # The apologies and declarations recorded are set out under their own items, as the
    # council sets them out, not as empty headings.
    assert "APOLOGIES" not in lines
    assert lines[lines.index("4. APOLOGIES") + 1] == (
        "Apologies were received from Councillor Debbie Clancy."
    )
    declared = lines.index("2. DECLARATIONS OF INTERESTS") + 1
    assert lines[declared].startswith("Councillor Mohammed Aikhlaq: The Chair declared")
    items = [text for style, text in headings(document) if text[0].isdigit()]
    assert items[:3] == [
        "1. NOTICE OF RECORDING/WEBCAST",
        "2. DECLARATIONS OF INTERESTS",
        "3. OTHER URGENT BUSINESS",
    ]
    assert len(items) == 13
    resolved = [p for p in document.paragraphs if p.text == "RESOLVED:"]
    assert resolved and all(p.runs[0].bold for p in resolved)
    # Two resolutions of item 5 are a list, as the council sets them out.
    confirmed = [p for p in document.paragraphs if p.text.startswith("The action notes of the")]
    assert [p.style.name for p in confirmed] == ["List Bullet", "List Bullet"]
    requests = tables_after(document)["6. YOUTH JUSTICE STRATEGIC PLAN"]
    assert requests[0] == ["Requested", "Kind", "From", "Due", "Status"]
    assert requests[1] == [
        "Breakdown of ethnicity (including Gypsy Roma Traveller).",
        "Information requested",
        "Assistant Director, Early Help",
        "No date set",  # the documents give no due date
        "Open",
    ]
    assert lines[-1] == "The meeting ended at 11:25 hours."


def test_the_notes_show_how_a_request_ended(client, demo):
    eighth = Meeting.objects.get(date=dt.date(2019, 1, 8))
    document = word(client.get(notes_url(eighth, "public", "docx")))
    rows = tables_after(document)["3. REQUEST FOR CALL IN: TRAVEL ASSIST"]
    assert rows[2][-1] == (
        "Provided 24 January 2019: The risk register was circulated to Members on the 24th "
        "January 2019."
    )
    assert "Call-in meeting" in word_lines(document)


def test_the_notes_say_whether_and_where_they_were_confirmed(client, demo):
    # The documents hold no confirmed notes (those of 12 and 17 December 2018 were confirmed
    # on 16 January 2019 but are not among them): the call-in of 8 January 2019 is confirmed
    # here, with an amendment, as the next meeting would.
    call_in = Meeting.objects.get(date=dt.date(2019, 1, 8))
    action_notes_confirm(
        notes=call_in.action_notes.get(part=ActionNotes.Part.PUBLIC),
        at_meeting=Meeting.objects.get(date=dt.date(2019, 2, 13)),
        amendments="The Chair asked that the risk register be circulated to all Members.",
        by_user=None,
    )
    public = word_lines(word(client.get(notes_url(call_in, "public", "docx"))))
    assert public[public.index("Committee Rooms 3 & 4") + 1].startswith(
        "These notes were confirmed with amendments at the meeting of 13 February 2019. "
        "Amendments: The Chair asked that the risk register"
    )
    sign_in(client, "officer")
    full = word_text(word(client.get(notes_url(call_in, "full", "docx"))))
    # It had no private items, so there is no private part to show.
    assert "PRIVATE" not in full


def test_a_request_of_no_particular_item_is_listed_after_the_items(client, january):
    InformationRequest.objects.create(
        meeting=january,
        text="The Committee's report to City Council to be drafted.",
        kind=InformationRequest.Kind.ACTION,
        owner_post=Post.objects.get(title="Assistant Director, Early Help"),
    )
    document = word(client.get(notes_url(january, "public", "docx")))
    rows = tables_after(document)["OTHER REQUESTS AND ACTIONS"]
    assert rows[1][:2] == ["The Committee's report to City Council to be drafted.", "Action"]
    found = [text for style, text in headings(document)]
    assert found.index("OTHER REQUESTS AND ACTIONS") == found.index("PRIVATE") - 1


def test_a_meeting_without_action_notes_has_no_documents(client, demo):
    scheduled = Meeting.objects.get(date=dt.date(2019, 2, 13))  # not held yet
    visit = Meeting.objects.get(date=dt.date(2018, 9, 19))  # held, but no items
    for meeting in (scheduled, visit):
        for kind in ("print", "docx"):
            assert client.get(notes_url(meeting, "public", kind)).status_code == 404
        page = client.get(meeting.get_absolute_url()).content.decode()
        assert notes_url(meeting, "public") not in page


def test_the_meeting_page_offers_the_full_version_only_to_those_entitled(client, january):
    public_link = 'Print (public)<span class="govuk-visually-hidden">, action notes</span>'
    page = client.get(january.get_absolute_url()).content.decode()
    assert public_link in page
    assert notes_url(january, "public", "docx") in page
    assert notes_url(january, "full") not in page
    assert notes_url(january, "full", "docx") not in page
    sign_in(client, "councillor")
    page = client.get(january.get_absolute_url()).content.decode()
    assert notes_url(january, "full") in page
    assert notes_url(january, "full", "docx") in page
    assert "Download Word (full)" in page


# -- work programme -----------------------------------------------------------------------


def test_the_work_programme_has_the_outstanding_tracking_rows(client, demo):
    """Row by row as the February 2019 work programme prints them: each inquiry still
    tracked with all its recommendations, achieved ones too (Corporate Parenting R01 and
    R05), the codes as written (Children Missing "R2"), the statuses as printed at the last
    update and the dates of tracking as printed."""
    document = word(client.get(programme_url("public", "docx")))
    tables = tables_after(document)
    found = {
        (inquiry, row[0].split(" – ")[0])
        for inquiry in ("Children Missing from Home and Care", "Corporate Parenting")
        for row in tables[inquiry][1:]
    }
    assert found == {("Children Missing from Home and Care", "R2")} | {
        ("Corporate Parenting", f"R0{n}") for n in range(1, 8)
    }
    rows = outstanding_items(
        access=Access(AnonymousUser()),
        filters=OutstandingFilters(
            committee=Committee.objects.get(slug=SLUG), kind=KIND_RECOMMENDATION
        ),
        today=timezone.localdate(),
    )
    # Everything still tracked is printed; only the achieved R01 and R05 besides.
    assert found - {(row["row_source"], row["row_reference"]) for row in rows} == {
        ("Corporate Parenting", "R01"),
        ("Corporate Parenting", "R05"),
    }
    by_code = {row[0].split(" – ")[0]: row for row in tables["Corporate Parenting"][1:]}
    assert by_code["R04"][1:4] == [
        "District Corporate Parent Champions",
        "July 2017 (overdue)",
        "Not Achieved - Progress Made at the last update",
    ]
    assert by_code["R04"][4] == (
        "Update rec'd 18 Oct 17 & Annual Report 14 Feb 18 Next update due 13 March 2019."
    )
    assert by_code["R01"][3] == "Achieved – late"
    assert by_code["R02"][3] == "this was in progress at the last update"
    assert by_code["R05"][3] == "Achieved"
    assert by_code["R06"][3] == "Annual report received 14 February 2018"
    assert by_code["R07"][0] == "R07 – The text of this recommendation is not yet known."
    missing = tables["Children Missing from Home and Care"][1]
    assert missing[4].startswith(
        "Update received: 12 October 2016, 26 April 2017 and 18 October 2017."
    )


def test_a_past_work_programme_is_reproduced_as_it_stood_on_its_day(client, demo):
    """The October 2018 programme, read later, is the record as at 17 October 2018: only
    the requests raised by then, those provided later among them still open, and no
    request raised afterwards."""
    document = word(client.get(programme_url("public", "docx", month="2018-10")))
    assert "Outstanding tracking as at 17 October 2018." in word_lines(document)
    requests = tables_after(document)["6 Requested Information and Actions Outstanding"][1:]
    raised = {row[0].split(":")[0] for row in requests}
    assert raised == {"25 July 2018"}
    # In February 2019 the same table lists what was raised since, and drops the two
    # requests provided in January 2019.
    february = word(client.get(programme_url("public", "docx")))
    later = tables_after(february)["6 Requested Information and Actions Outstanding"][1:]
    assert {"25 July 2018", "8 January 2019"} <= {row[0].split(":")[0] for row in later}
    texts = " ".join(row[1] for row in later)
    assert "risk assessment / register" not in texts


def test_a_request_provided_after_a_day_was_outstanding_on_it(demo):
    provided = InformationRequest.objects.get(provided_on=dt.date(2019, 1, 24))
    open_then = InformationRequest.objects.outstanding_on
    assert provided in open_then(dt.date(2019, 1, 23))
    assert provided not in open_then(dt.date(2019, 1, 24))
    assert provided not in open_then(dt.date(2019, 1, 7))  # not yet raised


def test_the_work_programme_is_set_out_like_the_councils(client, demo):
    response = client.get(programme_url("public", "docx"))
    assert response["Content-Disposition"] == (
        'attachment; filename="work-programme-childrens-social-care-2019-02-public.docx"'
    )
    document = word(response)
    lines = word_lines(document)
    assert lines[:5] == [
        PUBLIC_MARKING,
        "BIRMINGHAM CITY COUNCIL",
        "Children's Social Care Overview and Scrutiny Committee: Work Programme 2018/19",
        "February 2019",
        "For the meeting of 13 February 2019",
    ]
    assert "Chair: Cllr Mohammed Aikhlaq" in lines
    assert (
        "Committee Members: Cllrs: Debbie Clancy, Shabrana Hussain, Morriam Jan, Kerry Jenkins, "
        "Kath Scott and Alex Yip"
    ) in lines
    assert "Rose Kiely, Group Overview & Scrutiny Manager (303 1730)" in lines
    assert [text for style, text in headings(document) if style == "Heading 2"] == [
        "1 Terms of Reference",
        "2 Priority Issues and Items to be Scheduled",
        "3 Meeting Schedule",
        "4 Other Meetings",
        "5 Outstanding Tracking",
        "6 Requested Information and Actions Outstanding",
        "7 Forward Plan for Cabinet Decisions",
    ]
    schedule = tables_after(document)["3 Meeting Schedule"]
    february = [row for row in schedule if row[0].startswith("13 February 2019")]
    assert [row[1] for row in february] == [
        "Ofsted Inspection of Children's Social Care Services",
        "Update on the Child Poverty Action Forum",
    ]
    assert february[0][0] == (
        "13 February 2019, 10:00 Committee Room 2 Report deadline: 4 February 2019 "
        "This programme goes to this meeting"
    )
    # The meeting's cell spans its sessions, as in the council's table.
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Meeting")
    first = [row.cells[0] for row in table.rows if row.cells[0].text.startswith("13 February")]
    assert first[0]._tc is first[1]._tc
    text = word_text(document)
    assert "8 January 2019 – 005449/2018 Travel Assist Service. Outcome: Not called in." in text
    cabinet, joint = all_tables_after(document)["7 Forward Plan for Cabinet Decisions"]
    assert cabinet[0] == [
        "ID Number",
        "Title",
        "Cabinet Member",
        "Proposed Date",
        "Date of Decision",
    ]
    assert [
        "005449/2018",
        "Travel Assist Service",
        "Education, Skills & Culture",
        "11 December 2018",
        "11 December 2018",
    ] in cabinet
    assert [
        "005639/2018",
        "Options for Next Stage of Early Years Health & Wellbeing Contract",
        "Children's Wellbeing",
        "22 January 2019",
        "",
    ] in cabinet
    assert [row[0] for row in joint[1:]] == ["004965/2018", "005968/2018", "005969/2018"]


def test_requests_from_private_items_are_only_in_the_full_programme(client, january):
    public = word_text(word(client.get(programme_url("public", "docx"))))
    assert CANARY not in public
    assert "Breakdown of ethnicity (including Gypsy Roma Traveller)." in public
    sign_in(client, "councillor")
    assert CANARY not in word_text(word(client.get(programme_url("public", "docx"))))
    document = word(client.get(programme_url("full", "docx")))
    rows = tables_after(document)["6 Requested Information and Actions Outstanding"]
    private = next(row for row in rows if CANARY in row[1])
    assert private[0] == f"16 January 2019: {PRIVATE_TITLE} Taken in private"
    assert document.sections[0].header.paragraphs[0].text == FULL_MARKING
    assert CANARY in page_text(client.get(programme_url("full")))


def test_without_a_month_the_programme_is_for_the_next_meeting(client, demo):
    response = client.get(programme_url("public", month=None))
    # The demo record's meetings have all passed: the last ordinary one, 13 March 2019.
    assert "For the meeting of 13 March 2019" in page_text(response)
    committee_page = reverse("committee_detail", kwargs={"slug": SLUG})
    page = client.get(committee_page).content.decode()
    assert programme_url("public", month="2019-03") in page
    assert programme_url("full", month="2019-03") not in page
    sign_in(client, "officer")
    page = client.get(committee_page).content.decode()
    assert programme_url("full", "docx", month="2019-03") in page


@pytest.mark.parametrize("month", ["2019-13", "February", "2019-2", "0000-01", " "])
def test_a_month_that_is_not_one_is_refused_with_a_message(client, demo, month):
    for kind in ("print", "docx"):
        response = client.get(programme_url("public", kind, month=month))
        assert response.status_code == 400
        assert "Give the year and month, for example 2019-02" in response.content.decode()


# -- one document, two renderings -----------------------------------------------------------


@pytest.mark.parametrize("version", ["public", "full"])
@pytest.mark.parametrize("document", ["notes", "programme"])
def test_the_print_page_and_the_word_file_say_the_same(client, january, document, version):
    sign_in(client, "officer")
    if document == "notes":
        printed, word_file = notes_url(january, version), notes_url(january, version, "docx")
    else:
        printed, word_file = programme_url(version), programme_url(version, "docx")
    page = page_text(client.get(printed))
    lines = word_lines(word(client.get(word_file)))
    assert [line for line in lines if line not in page] == []
    # and in the same order, heading by heading
    position = 0
    for _style, text in headings(word(client.get(word_file))):
        position = page.index(text, position)


# -- cost ---------------------------------------------------------------------------------


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def grow_meeting(meeting: Meeting, count: int) -> None:
    """More items of every kind, half of them exempt, each with a resolution, a request and
    someone attending for it."""
    post = Post.objects.get(title="Assistant Director, Early Help")
    for n in range(count):
        person = Person.objects.create(name=f"Officer attending {n}")
        item = AgendaItem.objects.create(
            meeting=meeting,
            number=20 + n,
            title=f"Further business {n}",
            notes="Discussed.\nNoted.",
            is_exempt=n % 2 == 1,
            exempt_paragraph=1 if n % 2 else None,
        )
        item.presenters.add(person)
        Resolution.objects.create(agenda_item=item, text=f"Resolved {n}.")
        InformationRequest.objects.create(
            meeting=meeting, agenda_item=item, text=f"Figures {n}.", owner_post=post
        )
        Attendance.objects.create(meeting=meeting, person=person, kind=Attendance.Kind.ALSO_PRESENT)


def grow_programme(committee: Committee, count: int) -> None:
    inquiry = Inquiry.objects.get(title="Corporate Parenting")
    post = Post.objects.get(title="Cabinet Member for Children's Wellbeing")
    january = Meeting.objects.get(date=JANUARY)
    exempt = AgendaItem.objects.get(meeting=january, number=12)
    for n in range(count):
        meeting = Meeting.objects.create(
            committee=committee, date=dt.date(2018, 5, 1) + dt.timedelta(days=n)
        )
        WorkProgrammeEntry.objects.create(committee=committee, meeting=meeting, topic=f"Topic {n}")
        WorkProgrammeEntry.objects.create(committee=committee, topic=f"Later topic {n}")
        for kind in ProgrammeMatter.Kind.values:
            ProgrammeMatter.objects.create(
                committee=committee, kind=kind, text=f"{kind} {n}", listed_from=JANUARY
            )
        decision = ForwardPlanDecision.objects.create(reference=f"9{n:05d}/2018", title=f"D {n}")
        decision.committees.add(committee)
        call_in = CallIn.objects.create(
            meeting=Meeting.objects.create(
                committee=committee,
                date=dt.date(2018, 6, 1) + dt.timedelta(days=n),
                kind=Meeting.Kind.CALL_IN,
            )
        )
        call_in.decisions.add(decision)
        recommendation = RecommendationFactory(
            inquiry=inquiry, code=f"R{20 + n:02d}", owner_post=post
        )
        TrackingRound.objects.create(recommendation=recommendation, update_received_on=JANUARY)
        InformationRequestFactory(meeting=january, owner_post=post, text=f"More figures {n}")
        InformationRequestFactory(meeting=january, agenda_item=exempt, text=f"Private {n}")


# Every request runs in a transaction (ATOMIC_REQUESTS): SAVEPOINT and RELEASE are two of
# the queries counted. Signed in adds the session and the user with their person, and what
# the user may see: their groups, committees supported and committees sat on.
COSTS = [
    # savepoint, meeting, the versions of the notes, items, their resolutions, their
    # presenters, what the public may know of the exempt items, requests, attendance,
    # declarations, release
    ("notes", "public", None, 12),
    # the same without the exempt items' numbers, with the session, user with person,
    # groups, committees supported and sat on, and the posts the officer holds (requests
    # they own)
    ("notes", "full", "officer", 17),
    # savepoint, committee, meetings, their sessions, forward plan, members, officer
    # support, sessions to schedule, priority issues, petitions and calls for action,
    # call-ins, their decisions, outstanding recommendations, their tracking rounds,
    # outstanding requests, release
    ("programme", "public", None, 16),
    # the same, with the session, user with person, groups, committees supported and sat
    # on, the posts the officer holds, and which requests come from private items
    ("programme", "full", "officer", 23),
]


@pytest.mark.parametrize(("document", "version", "username", "expected"), COSTS)
def test_a_document_costs_the_same_whatever_its_length(
    client, january, document, version, username, expected
):
    if username:
        sign_in(client, username)
    if document == "notes":
        urls = [notes_url(january, version), notes_url(january, version, "docx")]
    else:
        urls = [programme_url(version), programme_url(version, "docx")]
    before = [queries_for(client, url) for url in urls]
    if document == "notes":
        grow_meeting(january, 12)
    else:
        grow_programme(january.committee, 12)
    # Each document names the council (its settings: one query). The print page reads them
    # again for its header, and the programme's also reads whether the month's programme
    # is published.
    page_reads = expected + 1 + (1 if document == "programme" else 0)
    assert [queries_for(client, url) for url in urls] == before == [page_reads, expected]
