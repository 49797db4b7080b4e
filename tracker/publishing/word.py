"""Word (.docx) versions of the published documents, laid out as the council's own.

These functions only lay out what tracker.publishing.documents built: every line of text
comes from the document's data, in the order the print page shows it. Each page carries the
version's marking in its header, so a page that strays from the rest still says what it is.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.table import Table

from .documents import (
    ActionNotesDocument,
    Marking,
    NotesItem,
    RequestLine,
    WorkProgrammeDocument,
)

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Arial"
BLACK = RGBColor(0, 0, 0)
REQUEST_COLUMNS = ("Requested", "Kind", "From", "Due", "Status")


# -- the page -----------------------------------------------------------------------------


def _plain_font(style, size: int | None = None) -> None:
    """Arial in black: the council's documents, not Word's themed blue headings."""
    style.font.name = FONT
    style.font.color.rgb = BLACK
    if size:
        style.font.size = Pt(size)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:eastAsia"), FONT)


def _page_number(paragraph) -> None:
    paragraph.add_run("Page ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _new_document(marking: Marking, *, title: str, author: str) -> DocxDocument:
    document = Document()
    _plain_font(document.styles["Normal"], 11)
    for name, size in (("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11)):
        _plain_font(document.styles[name], size)
    properties = document.core_properties
    properties.title = title
    properties.author = author
    properties.subject = marking.line
    properties.category = marking.label.capitalize()
    properties.keywords = "exempt" if marking.is_full else "public"
    section = document.sections[0]
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.add_run(marking.line).bold = True
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{marking.label.capitalize()}. ")
    _page_number(footer)
    _marking(document, marking)
    return document


def _marking(document: DocxDocument, marking: Marking) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{marking.label}: ").bold = True
    paragraph.add_run(marking.notice).bold = marking.is_full


def _centred(document: DocxDocument, text: str, *, bold: bool = False) -> None:
    if not text:
        return
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(text).bold = bold


def _labelled(document: DocxDocument, label: str, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(text)


def _italic(document: DocxDocument, text: str) -> None:
    if text:
        document.add_paragraph().add_run(text).italic = True


def _table(document: DocxDocument, headers: Sequence[str], rows: Sequence[Sequence]) -> Table:
    """A grid with a bold header row repeated on every page the table runs onto. A cell is
    a string, or a sequence of strings for one paragraph each."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header_row = table.rows[0]
    header_row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, text in zip(header_row.cells, headers, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            _fill(cell, value)
    document.add_paragraph()
    return table


def _fill(cell, value: str | Sequence[str]) -> None:
    lines = [line for line in ([value] if isinstance(value, str) else value) if line]
    for number, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if number == 0 else cell.add_paragraph()
        paragraph.add_run(line)


def _saved(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# -- action notes -------------------------------------------------------------------------


def _names(document: DocxDocument, heading: str, names: Sequence[str]) -> None:
    document.add_heading(heading, level=2)
    for name in names or ("None recorded.",):
        document.add_paragraph(name)


def _requests(document: DocxDocument, requests: Sequence[RequestLine]) -> None:
    document.add_paragraph().add_run("Requested information and actions").bold = True
    _table(
        document,
        REQUEST_COLUMNS,
        [(r.text, r.kind, r.owner, r.due, r.status) for r in requests],
    )


def _notes_item(document: DocxDocument, item: NotesItem, level: int) -> None:
    document.add_heading(item.heading, level=level)
    _italic(document, item.exempt_label)
    _italic(document, item.presenters)
    for text in (*item.recorded, *item.paragraphs):
        document.add_paragraph(text)
    if item.resolutions:
        document.add_paragraph().add_run("RESOLVED:").bold = True
        style = "List Bullet" if len(item.resolutions) > 1 else None
        for text in item.resolutions:
            document.add_paragraph(text, style=style)
    if item.requests:
        _requests(document, item.requests)


def action_notes_docx(notes: ActionNotesDocument) -> bytes:
    document = _new_document(notes.marking, title=notes.title, author=notes.heading.council)
    heading = notes.heading
    _centred(document, heading.council, bold=True)
    _centred(document, heading.committee, bold=True)
    document.add_heading(heading.title, level=1).alignment = WD_ALIGN_PARAGRAPH.CENTER
    _centred(document, heading.kind)
    _centred(document, heading.when)
    _centred(document, heading.room)
    _italic(document, notes.status)
    _names(document, "PRESENT", notes.present)
    _names(document, "ALSO PRESENT", notes.also_present)
    if not notes.apologies_under_item:
        _names(document, "APOLOGIES", notes.apologies)
    if notes.declarations:
        _names(document, "DECLARATIONS OF INTERESTS", notes.declarations)
    for item in notes.items:
        _notes_item(document, item, level=2)
    if notes.other_requests:
        document.add_heading("OTHER REQUESTS AND ACTIONS", level=2)
        _requests(document, notes.other_requests)
    if notes.private_items:
        document.add_heading("PRIVATE", level=2)
        _italic(document, notes.private_status)
        for item in notes.private_items:
            _notes_item(document, item, level=3)
    if notes.ended:
        document.add_paragraph(notes.ended)
    return _saved(document)


# -- work programme -----------------------------------------------------------------------


def _schedule(document: DocxDocument, programme: WorkProgrammeDocument) -> None:
    """One row per session, as the council sets it out; a meeting's cell spans its rows."""
    rows, spans = [], []
    for meeting in programme.meetings:
        first = len(rows)
        for number, session in enumerate(meeting.sessions):
            rows.append(
                (
                    meeting.details if number == 0 else "",
                    (session.topic, session.detail),
                    session.attendees,
                )
            )
        spans.append((first, len(rows) - 1))
    table = _table(document, ("Meeting", "Session / Outcome", "Officers / Attendees"), rows)
    for first, last in spans:
        if last > first:
            # Row 0 is the header; the merged cell keeps the first row's text.
            table.cell(first + 1, 0).merge(table.cell(last + 1, 0))


def work_programme_docx(programme: WorkProgrammeDocument) -> bytes:
    document = _new_document(programme.marking, title=programme.title, author=programme.council)
    _centred(document, programme.council, bold=True)
    document.add_heading(programme.title, level=1)
    document.add_paragraph(programme.month)
    if programme.presented_at:
        document.add_paragraph(programme.presented_at)
    _labelled(document, "Chair", programme.chair)
    _labelled(document, "Deputy Chair", programme.deputy_chair)
    _labelled(document, "Committee Members", programme.members)
    document.add_paragraph().add_run("Officer Support:").bold = True
    for officer in programme.officers or ("Not recorded.",):
        document.add_paragraph(officer)

    document.add_heading("1 Terms of Reference", level=2)
    document.add_paragraph(programme.terms_of_reference)

    if programme.priorities:
        document.add_heading("2 Priority Issues and Items to be Scheduled", level=2)
        document.add_paragraph("The committee's priority issues for the year:")
        for priority in programme.priorities:
            document.add_paragraph(priority, style="List Bullet")
        if programme.to_schedule:
            document.add_paragraph("To be scheduled:")
    else:
        document.add_heading("2 Items to be Scheduled", level=2)
    for topic in programme.to_schedule or (() if programme.priorities else ("None.",)):
        document.add_paragraph(topic, style="List Bullet" if programme.to_schedule else None)

    document.add_heading("3 Meeting Schedule", level=2)
    if programme.meetings:
        _schedule(document, programme)
    else:
        document.add_paragraph("No meetings are recorded for this municipal year.")

    document.add_heading("4 Other Meetings", level=2)
    document.add_heading("Call in Meetings", level=3)
    for call_in in programme.call_ins:
        document.add_paragraph(f"{call_in.when} – {call_in.decisions}. Outcome: {call_in.outcome}.")
    if not programme.call_ins:
        document.add_paragraph("None scheduled.")
    for heading, lines in (
        ("Petitions", programme.petitions),
        ("Councillor Call for Action requests", programme.calls_for_action),
    ):
        document.add_heading(heading, level=3)
        for line in lines or ("None scheduled.",):
            document.add_paragraph(line)

    document.add_heading("5 Outstanding Tracking", level=2)
    document.add_paragraph(programme.as_at)
    for inquiry in programme.inquiries:
        document.add_heading(inquiry.title, level=3)
        if inquiry.reported:
            document.add_paragraph(inquiry.reported)
        _table(
            document,
            ("Outstanding Recommendation", "Responsibility", "Due", "Assessment", "Tracking"),
            [
                (f"{r.reference} – {r.text}", r.owner, r.due, r.assessment, r.tracking)
                for r in inquiry.recommendations
            ],
        )
    if not programme.inquiries:
        document.add_paragraph("No recommendation is outstanding.")

    document.add_heading("6 Requested Information and Actions Outstanding", level=2)
    if programme.requests:
        _table(
            document,
            ("Raised at", "Requested", "From", "Due"),
            [
                ((r.raised, "Taken in private" if r.private else ""), r.text, r.owner, r.due)
                for r in programme.requests
            ],
        )
    else:
        document.add_paragraph("Nothing requested is outstanding.")

    executive, member = programme.executive, programme.executive_member
    document.add_heading(f"7 Forward Plan for {executive} Decisions", level=2)
    document.add_paragraph(
        f"The following decisions, extracted from the {executive} Forward Plan of "
        "Decisions, are likely to be relevant to the committee's remit."
    )
    if programme.executive_decisions:
        _table(
            document,
            ("ID Number", "Title", member, "Proposed Date", "Date of Decision"),
            [
                (d.reference, d.title, d.portfolio, d.proposed, d.decided)
                for d in programme.executive_decisions
            ],
        )
    else:
        document.add_paragraph("None.")
    document.add_paragraph(
        f"The following are joint decisions made by the relevant {member} and Chief Officers."
    )
    if programme.joint_decisions:
        _table(
            document,
            ("Ref No", "Title", f"{member} & Lead Officer", "Date of Decision"),
            [
                (d.reference, d.title, d.lead_officer or d.portfolio, d.decided)
                for d in programme.joint_decisions
            ],
        )
    else:
        document.add_paragraph("None.")
    return _saved(document)


# -- the page, for other documents (tracker.impact.word) ------------------------------------

new_document = _new_document
add_table = _table
add_labelled = _labelled
as_bytes = _saved
