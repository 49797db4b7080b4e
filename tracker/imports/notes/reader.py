"""Reading action notes or minutes that already exist: from a file or pasted text to a draft.

Three steps, each on its own: `extract_text` reads a .txt, .docx or .pdf file;
`parse_notes` turns the text into a `NotesDraft` (attendance, substitutes, declarations,
items, resolutions and requests, with names as the notes write them, and the lines it could
not place, with why) without touching the database or Django's settings (pass `limits`);
`committees.names.NameIndex` matches those names to the people on record.
Nothing here writes: the officer reviews the draft, and `tracker.imports.notes.services`
saves it once confirmed.

Councils write their records in a few shapes, all read here: a heading with the meeting's
date; attendance as "Present:", "Committee Members:", "Attendees:", "Officers:" or "Also
present:" lists, or a list of names under the heading; items numbered "1.", "12", "48/18"
or "CSC/12" (before the title or alone on their line, continuing the year's sequence),
marked "<AI1>", or not numbered at all (a modern.gov page copied whole), with headings in
capitals or title case; the agenda's words, then "Minutes:" and the record; decisions as
"RESOLVED:", "RESOLVED –", "Resolved that", "The Committee RESOLVED to" or "Decision", with
numbered or lettered points. The text arrives with the quirks of conversion: page footers,
links to papers ("pdf icon PDF 186 KB"), lines wrapped mid-sentence, paragraphs split by a
page break, bullets as "-", "•" or unmapped glyphs, and (in text converted to Markdown)
"**bold**", "#" headings and <sup> tags.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import logging
import re
import statistics
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath

from committees.dates import WRITTEN_DATE, written_date
from committees.names import PARENTHESIS, strip_honorific
from tracker.uploads import (
    ReadingBudget,
    UploadLimitError,
    UploadLimits,
    check_pdf_streams,
    check_size,
    check_text,
    check_xml_parts,
    count_pdf_page_characters,
    count_pdf_pages,
    open_zip,
)

logger = logging.getLogger(__name__)

MAX_ITEMS = 150
SUPPORTED_SUFFIXES = (".docx", ".pdf", ".txt")

# The draft's kinds of attendance and of request, as plain strings: reading a document
# needs no database. They are the values of Attendance.Kind and InformationRequest.Kind,
# which the services save them as (a test holds them equal).
PRESENT = "present"
APOLOGIES = "apologies"
ALSO_PRESENT = "also_present"
INFORMATION = "information"
ACTION = "action"


class NotesImportError(ValueError):
    """Input that cannot be read as action notes; the message is for the officer."""


# -- the draft ----------------------------------------------------------------------------


@dataclass
class Attendee:
    kind: str  # PRESENT, APOLOGIES or ALSO_PRESENT
    name: str  # as the notes write it, without "Councillor"
    capacity: str = ""
    note: str = ""


@dataclass
class DraftRequest:
    text: str
    kind: str = INFORMATION  # or ACTION
    owner_as_written: str = ""
    responsibility: str = ""
    resolution_index: int | None = None  # the item's resolution it was part of, if any


@dataclass
class DraftItem:
    number: int
    title: str
    notes: str = ""
    presenters_text: str = ""
    resolutions: list[str] = field(default_factory=list)
    requests: list[DraftRequest] = field(default_factory=list)
    is_exempt: bool = False


@dataclass
class Substitute:
    """A member who sat in place of another: "Cllr X substituting for Cllr Y"."""

    name: str  # who attended, as written
    substitute_for: str  # the member they sat for, as written


# What a declared interest is, as the notes word it.
PECUNIARY = "pecuniary"  # a disclosable pecuniary interest
PREJUDICIAL = "prejudicial"  # a personal and prejudicial interest (the older code)
OTHER_INTEREST = "other"  # any other: "other disclosable", "personal", "affected"...
NO_INTEREST = "none"  # a statement made for openness, with no interest declared
INTEREST_LABELS = {
    PECUNIARY: "Disclosable pecuniary interest",
    PREJUDICIAL: "Prejudicial interest",
    OTHER_INTEREST: "Other interest",
    NO_INTEREST: "No interest (a statement for openness)",
}


@dataclass
class DraftDeclaration:
    name: str  # who declared, as written
    interest: str  # one of INTEREST_LABELS
    text: str  # the sentence that records it
    item_number: int | None = None  # the item it concerns, if the notes say


@dataclass
class ReadProblem:
    """A line the reader could not place, and why: shown to the officer in the review."""

    line: int  # in the text as given, counting from 1
    text: str
    reason: str


@dataclass
class NotesDraft:
    meeting_date: dt.date | None
    attendance: list[Attendee]
    items: list[DraftItem]
    exempt_paragraph: int | None = None
    exclusion_text: str = ""  # the resolution excluding the public, if the notes have one
    substitutes: list[Substitute] = field(default_factory=list)
    declarations: list[DraftDeclaration] = field(default_factory=list)
    problems: list[ReadProblem] = field(default_factory=list)


# -- reading files ------------------------------------------------------------------------


def extract_text(name: str, data: bytes, *, limits: UploadLimits | None = None) -> str:
    """The text of an uploaded file, or NotesImportError saying why it cannot be read.

    The limits (`tracker.uploads`: size, unpacked size, paragraphs, pages, characters,
    time) are checked while the file is read; a file over one is refused with a message
    that names it.
    """
    limits = limits or UploadLimits.from_settings()
    suffix = PurePath(name or "").suffix.lower()
    try:
        check_size(data, limits.document_bytes)
        if not data.strip():
            raise NotesImportError("The file is empty.")
        budget = ReadingBudget(limits)
        if suffix == ".txt":
            text = _text_from_txt(data)
        elif suffix == ".docx":
            text = _text_from_docx(data, budget)
        elif suffix == ".pdf":
            text = _text_from_pdf(data, budget)
        elif suffix in {".doc", ".rtf", ".odt"}:
            raise NotesImportError(
                f"A {suffix} file cannot be read here: save it as a Word document (.docx) or "
                "a PDF, or paste its text."
            )
        else:
            raise NotesImportError(
                "The file must be a Word document (.docx), a PDF (.pdf) or a text file (.txt)."
            )
        check_text(text, limits)
    except UploadLimitError as error:
        raise NotesImportError(str(error)) from None
    if not text.strip():
        raise NotesImportError("The file has no text in it.")
    return text


def _text_from_txt(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Notepad's "Unicode" is UTF-16
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8-sig", "cp1252"]  # UTF-8, else what Windows editors save
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise NotesImportError(
        "The text file could not be read: save it as UTF-8 text, or paste its text instead."
    )


WORD_PARAGRAPH = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"
WORD_TEXT = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"


def _text_from_docx(data: bytes, budget: ReadingBudget) -> str:
    if not data.startswith(b"PK\x03\x04"):
        raise NotesImportError("The file is called .docx but is not a Word document.")
    try:
        with open_zip(data, budget.limits) as archive:
            if "word/document.xml" not in archive.namelist():
                raise NotesImportError("The file is called .docx but is not a Word document.")
            # python-docx builds each part whole, so each is streamed through first:
            # its nesting, elements, paragraphs and characters counted against the limits.
            check_xml_parts(archive, budget, paragraph_tag=WORD_PARAGRAPH, text_tag=WORD_TEXT)
    except zipfile.BadZipFile as error:
        raise NotesImportError("The Word document is damaged and cannot be read.") from error
    budget.paragraphs = budget.characters = 0  # counted again as the text is read

    import docx  # python-docx; imported here as only uploads of .docx need it

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # a damaged package fails in many ways inside python-docx
        logger.info("Unreadable .docx upload: %r", error)
        raise NotesImportError("The Word document is damaged and cannot be read.") from error
    return "\n\n".join(_docx_blocks(document, budget))


def _docx_blocks(document, budget: ReadingBudget) -> list[str]:
    """The body's paragraphs and table rows in order, with list numbers written out.

    Word keeps the "1." of a numbered paragraph in its numbering definitions, not in the
    text, so the numbers are worked out here as Word would show them.
    """
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    numbering = _DocxNumbering(document)
    blocks = []
    for child in document.element.body.iterchildren():
        budget.tick()
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            budget.add_paragraph()
            paragraph = Paragraph(child, document)
            label, level = numbering.label(paragraph)
            text = paragraph.text.strip()
            budget.add_characters(len(text))
            if text or label:
                blocks.append("  " * level + (f"{label} {text}" if label else text))
        elif tag == "tbl":
            for row in Table(child, document).rows:
                budget.tick()
                cells = []
                for cell in row.cells:
                    if not cells or cell.text != cells[-1]:  # merged cells repeat their text
                        cells.append(cell.text.strip())
                        budget.add_characters(len(cells[-1]))
                blocks.append("\t".join(cells))
    return blocks


class _DocxNumbering:
    """Works out the label ("1.", "(ii)", "•") Word shows before a numbered paragraph."""

    def __init__(self, document) -> None:
        try:
            self.root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            self.root = None
        self.counters: dict[str, list[int]] = {}

    def label(self, paragraph) -> tuple[str, int]:
        num_id, level = self._numbering_of(paragraph)
        if self.root is None or num_id is None or num_id == "0":
            return "", 0
        definition = self._level(num_id, level)
        if definition is None:
            return "", level
        fmt, text, start = definition
        counters = self.counters.setdefault(num_id, [0] * 9)
        counters[level] = counters[level] + 1 if counters[level] else start
        for deeper in range(level + 1, 9):
            counters[deeper] = 0
        label = "•"
        if fmt != "bullet":
            label = text
            for index in range(level + 1):
                value = counters[index] or 1
                label = label.replace(f"%{index + 1}", _format_number(value, fmt))
        # Word's "List Bullet 2" is a list of its own at level 0, indented as a second level.
        style_level = re.search(r"^List(?: \w+)? (\d)$", paragraph.style.name or "")
        if style_level:
            level = max(level, int(style_level.group(1)) - 1)
        return label, level

    @staticmethod
    def _numbering_of(paragraph) -> tuple[str | None, int]:
        candidates = [paragraph._p.pPr]
        style = paragraph.style
        while style is not None:  # a list style such as "List Number" carries the numbering
            candidates.append(style.element.pPr)
            style = style.base_style
        for ppr in candidates:
            num_pr = ppr.numPr if ppr is not None else None
            if num_pr is not None and num_pr.numId is not None:
                level = num_pr.ilvl.val if num_pr.ilvl is not None else 0
                return str(num_pr.numId.val), int(level)
        return None, 0

    def _level(self, num_id: str, level: int) -> tuple[str, str, int] | None:
        from docx.oxml.ns import nsmap
        from lxml import etree

        def find(element, path: str) -> list:
            return etree.XPath(path, namespaces={"w": nsmap["w"]})(element)

        abstract = find(self.root, f'./w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')
        if not abstract:
            return None
        found = find(
            self.root, f'./w:abstractNum[@w:abstractNumId="{abstract[0]}"]/w:lvl[@w:ilvl="{level}"]'
        )
        if not found:
            return None
        lvl = found[0]
        fmt = (find(lvl, "./w:numFmt/@w:val") or ["decimal"])[0]
        text = (find(lvl, "./w:lvlText/@w:val") or [f"%{level + 1}."])[0]
        start = int((find(lvl, "./w:start/@w:val") or ["1"])[0])
        return fmt, text, start


def _format_number(value: int, fmt: str) -> str:
    if fmt in {"lowerLetter", "upperLetter"}:
        letter = chr(ord("a") + (value - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in {"lowerRoman", "upperRoman"}:
        roman = _roman(value)
        return roman.upper() if fmt == "upperRoman" else roman
    return str(value)


def _roman(value: int) -> str:
    numerals = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for amount, numeral in numerals:
        while value >= amount:
            out, value = out + numeral, value - amount
    return out


def _text_from_pdf(data: bytes, budget: ReadingBudget) -> str:
    if b"%PDF-" not in data[:1024]:
        raise NotesImportError("The file is called .pdf but is not a PDF.")
    check_pdf_streams(data, budget)

    import pdfplumber  # imported here as only uploads of .pdf need it

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            count_pdf_pages(pdf.doc, budget)
            pages = []
            for page in pdf.pages:
                # Counted first, keeping nothing: laying out a page keeps a large object
                # for each character.
                count_pdf_page_characters(pdf.rsrcmgr, page.page_obj, budget)
                pages.append(_pdf_page_lines(page))
                page.close()  # what was laid out is let go
    except (NotesImportError, UploadLimitError):
        raise
    except Exception as error:  # pdfminer fails in many ways on damaged or locked files
        logger.info("Unreadable PDF upload: %r", error)
        raise NotesImportError(
            "The PDF cannot be read: it may be damaged or password-protected. Paste its "
            "text instead."
        ) from error
    if not any(line.strip() for page in pages for line in page):
        raise NotesImportError(
            "The PDF has no text in it: it may be a scan. Paste the text of the notes instead."
        )
    return _join_pages(_without_running_heads(pages))


def _join_pages(pages: list[list[str]]) -> str:
    """The pages as one text. A page break is a paragraph break only after a full stop:
    a paragraph that runs on to the next page stays one paragraph."""
    out: list[str] = []
    for page in pages:
        lines = list(page)
        while lines and not lines[0].strip():
            lines.pop(0)
        if not lines:
            continue
        if out and out[-1].rstrip().endswith((".", "?", "!", ":")):
            out.append("")
        out.extend(lines)
    return "\n".join(out)


PDF_INDENT_STEP = 18  # points: the usual step between list levels (a quarter inch)
UNMAPPED_GLYPH = re.compile(r"(?:(?<=\s)|^)\(cid:\d+\)(?=\s)")


def _pdf_page_lines(page) -> list[str]:
    """A page's lines, with a blank line where the gap above a line shows a new paragraph.

    A PDF keeps no paragraphs, only lines at positions: a gap wider than usual between
    two lines is the space a document puts between paragraphs, and a line set further in
    than the page's margin is a nested bullet or the wrapped part of one. A glyph with no
    text standing alone (a Symbol-font bullet) becomes "•".
    """
    lines = [
        line
        for line in page.extract_text_lines(strip=True)
        if not PAGE_FURNITURE.match(line["text"].strip())
    ]
    if not lines:
        return []
    height = statistics.median(line["bottom"] - line["top"] for line in lines)
    margin = min(line["x0"] for line in lines)
    out: list[str] = []
    previous_bottom = None
    for line in lines:
        if previous_bottom is not None and line["top"] - previous_bottom > 0.6 * height:
            out.append("")
        indent = "  " * round((line["x0"] - margin) / PDF_INDENT_STEP)
        out.append(indent + UNMAPPED_GLYPH.sub("•", line["text"]))
        previous_bottom = line["bottom"]
    return out


def _without_running_heads(pages: list[list[str]]) -> list[list[str]]:
    """Drop a first or last line that repeats on most pages: a running header or footer."""
    if len(pages) < 3:
        return pages
    counts = Counter()
    for page in pages:
        text = [line for line in page if line.strip()]
        if text:
            counts.update({_digitless(text[0]), _digitless(text[-1])})
    repeated = {line for line, count in counts.items() if count > len(pages) / 2}
    return [[line for line in page if _digitless(line) not in repeated] for page in pages]


def _digitless(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip())


# -- cleaning lines -----------------------------------------------------------------------

PAGE_FURNITURE = re.compile(r"^(page\s+\d+(\s+of\s+\d+)?|\d+\s*\|\s*page|-\s*\d+\s*-)$", re.I)
MARKUP_TAG = re.compile(r"</?(?:sup|sub|u|b|i|em|strong|span|br)\b[^>]*>", re.I)
MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
RULE = re.compile(r"^[-*_=]{3,}$")
# References to papers in the agenda pack mean nothing once the notes stand alone.
DOCUMENT_REFERENCE = re.compile(r"^\(see documents?\s[\d,\sand]+\)\.?$", re.I)
BULLET = re.compile(r"^(?:[-–•*▪◦·●○\uf0b7\uf0a7]|\(cid:\d+\))\s+")
# What a modern.gov page or its printed minutes put around the minutes: item markers
# ("<AI1>"), links to the papers ("pdf icon PDF 186 KB"), and the labels of its parts.
ITEM_MARKER = re.compile(r"</?(?:AI|TITLE|HEADING)\d*>", re.I)
DOCUMENT_LINK = re.compile(r"\s*(?:pdf icon\s*)?\(?\bPDF\s+\d+(?:\.\d+)?\s*[KM]B\b\)?", re.I)
FURNITURE_LINE = re.compile(
    r"^(?:(?:supporting|additional|background)\s+documents?|documents?|view the reasons why"
    r"(?: the)? item is restricted|view the declarations of interest|"
    r"printed minutes.*|webcast for .*|link: .*|media)\s*:?$",
    re.I,
)
ITEM_START = re.compile(r"^<AI(\d{1,3})>$", re.I)
MINUTES_LABEL = re.compile(r"^minutes\s*:\s*", re.I)


@dataclass
class Line:
    indent: int
    text: str
    number: int = 0  # the line's number in the text as given, from 1
    marker: bool = False  # an item marker ("<AI3>"): the next line is the item's title
    linked: bool = False  # it carried a link to a paper, as only an item's heading does


def clean_lines(text: str) -> list[Line]:
    """The text's lines without page furniture or markup; blank lines kept as breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    lines = []
    for number, raw in enumerate(text.split("\n"), start=1):
        raw = raw.replace("\u00a0", " ").expandtabs(4).rstrip()
        indent = len(raw) - len(raw.lstrip(" "))
        marker = ITEM_START.match(raw.strip())
        if marker:
            lines.append(Line(0, marker.group(1), number, marker=True))
            continue
        line = ITEM_MARKER.sub("", MARKUP_TAG.sub("", raw))
        linked = bool(DOCUMENT_LINK.search(line))
        line = DOCUMENT_LINK.sub("", MARKDOWN_LINK.sub(r"\1", line)).strip()
        line = re.sub(r"^#{1,6}\s+", "", line).replace("**", "").replace("__", "").strip()
        if PAGE_FURNITURE.match(line) or FURNITURE_LINE.match(line):
            continue  # dropped whole: a page break is not a paragraph break
        if not line or RULE.match(line):
            lines.append(Line(0, "", number))
        elif not DOCUMENT_REFERENCE.match(line):
            lines.append(Line(indent, re.sub(r"\s{2,}", " ", line), number, linked=linked))
    return lines


# -- recognising the structure ------------------------------------------------------------

# An item's number as councils write it: "12.", "12", "48/18" (the year's minute 48),
# "CSC/12" (a committee's own prefix), before the title or alone on its line.
ITEM_NUMBER = r"(?:(?:item|minute)\s+)?(?:[A-Z]{1,6}/)?(\d{1,3})(?:/\d{2,4})?[.):]?"
ITEM_HEADING = re.compile(rf"^{ITEM_NUMBER}\s+(.+)$", re.I)
NUMBER_ALONE = re.compile(rf"^{ITEM_NUMBER}$", re.I)
MAX_NUMBER_GAP = 20  # items not minuted (withdrawn, taken elsewhere) leave gaps
SUB_NUMBER = re.compile(r"^(\((?:[ivx]+|[a-z]|\d{1,2})\)|(?:[ivx]+|[a-z]|\d{1,2})[.)])\s+(.+)$")
# "RESOLVED:", "RESOLVED –", "RESOLVED - That", "RESOLVED that", "Resolved that",
# "Resolved:", "The Committee RESOLVED to", "It was RESOLVED that".
RESOLVED = re.compile(
    r"^(?:(?:the|that the)\s+(?:[\w&'’-]+\s+){0,3}?(?:committee|board|panel|commission|"
    r"members)\s+|it\s+was\s+)?(?:(?-i:RESOLVED)|(?-i:Resolved|resolved)"
    r"(?=\s*(?:[:–—-]|that\b|to\b|,)))\s*(?:[:–—-]+\s*)?(.*)$",
    re.I,
)
# modern.gov's "Decision" label, where a council records its decisions under it.
DECISION_LABEL = re.compile(r"^(?-i:Decisions?|DECISIONS?)\s*(?::\s*(.*))?$")
PRESENT_HEADER = re.compile(
    r"^(?:present|members present|committee members|councillors present|attendees)"
    r"\s*(?::\s*(.*))?$",
    re.I,
)
COUNCILLORS_HEADER = re.compile(r"^(?:councillors|members)\s*(?::\s*(.*))?$", re.I)
ALSO_PRESENT_HEADER = re.compile(
    r"^(?:also present|also in attendance|in attendance|officers(?: present| in attendance)?|"
    r"visiting members)\s*(?::\s*(.*))?$",
    re.I,
)
APOLOGIES_HEADER = re.compile(r"^apologies(?: for absence)?\s*(?::\s*(.*))?$", re.I)
# A list of the members present with no label, straight after the heading:
# "Councillors Russell (Chairman), Cannon, Cooke and Fort".
UNLABELLED_MEMBERS = re.compile(r"^(?:councillors|cllrs)\s+[A-Z].*,", re.I)
HEADING_WORDS = re.compile(r"^[A-Z][^.!?]*$")
# "The Mayor (Councillor Margaret Thompson)" at the head of a full council's minutes.
PRESIDING = re.compile(
    r"^the\s+(?P<office>(?:deputy\s+|lord\s+|civic\s+)?(?:mayor|chair(?:man)?))\s+"
    r"\((?P<name>(?:councillor|cllr\.?)\s+[^)]+)\)$",
    re.I,
)
ABSENT_MARK = re.compile(r"^\*\s*\S")
PRIVATE_MARKER = re.compile(
    r"^(?:private (?:agenda|part|section|business)|exempt (?:business|items?)|part b)\b", re.I
)
PRIVATE_MEETING = re.compile(r"\bprivate (?:meeting|part)\b", re.I)
MEETING_END = re.compile(r"^the meeting (?:ended|closed|finished) at\b", re.I)
EXEMPT_PARAGRAPH = re.compile(
    r"\bexempt\s+paragraphs?\s+(\d)\b|\bparagraphs?\s+(\d)\s+of\s+(?:part\s+1\s+of\s+)?schedule\s+12a",
    re.I,
)


@dataclass
class Block:
    """A paragraph, bullet or numbered point of an item, with wrapped lines joined."""

    text: str
    kind: str = "para"  # para, bullet or numbered
    level: int = 0
    label: str = ""  # "(i)" for a numbered point


@dataclass
class _RawItem:
    number: int
    heading: str
    is_exempt: bool
    notes: list[Block] = field(default_factory=list)
    resolved: list[Block] = field(default_factory=list)
    in_resolution: bool = False
    line: int = 0  # where its heading is in the text
    discussion_after_resolution: bool = False

    @property
    def blocks(self) -> list[Block]:
        return self.resolved if self.in_resolution else self.notes


def _clean_title(title: str) -> str:
    """A heading without the furniture around it: "Minutes:", a trailing dash or colon."""
    title = MINUTES_LABEL.sub("", title.strip())
    return re.sub(r"\s*[-–:]+$", "", title).strip()


def _is_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) >= 0.8


def _looks_like_title(text: str) -> bool:
    """A heading written in title case: short, no closing punctuation, mostly capitals."""
    words = re.findall(r"[A-Za-z][\w'’&-]*", text)
    if not words or len(words) > 15 or text.rstrip().endswith((".", ",", ";", ":")):
        return False
    significant = [w for w in words if w.lower() not in SMALL_WORDS]
    return bool(significant) and sum(w[0].isupper() for w in significant) / len(significant) >= 0.75


MATTERS_ARISING = re.compile(r"^(?:matters arising\b|minute\s+\d+\s*[,.:–-])", re.I)
LOST_RESOLVED = re.compile(
    r"^(?:(?:\(?[a-z]{1,3}[.)]|\(?\d{1,2}[.)])\s+)?(?:that\s|to\s+(?:approve|note|agree|"
    r"endorse|recommend|refer|receive|accept)\b)",
    re.I,
)
AGENDA_TABLE_HEAD = re.compile(r"^no\.?\s+item$", re.I)


def number_unnumbered_items(lines: list[Line]) -> list[Line] | None:
    """The lines with a number put before each item's heading, for notes that number none
    (a modern.gov "Agenda and minutes" page copied whole); None if no heading is found.

    With no numbers, the layout says where an item starts: a heading carries the link to
    its paper ("pdf icon PDF 97 KB"), or stands apart from the text around it (blank lines
    on both sides, two on one), short and worded as a heading; a page that lists its items
    under "No. Item" starts them after that line. A "That ..." paragraph standing apart is
    a decision whose "RESOLVED" was an image on the page.
    """
    start = next((i + 1 for i, line in enumerate(lines) if AGENDA_TABLE_HEAD.match(line.text)), 0)
    out = list(lines[:start])
    count = 0
    for index in range(start, len(lines)):
        line = lines[index]
        if not line.text:
            out.append(line)
            continue
        before = _blank_run(lines, index, -1)
        after = _blank_run(lines, index, 1)
        if count and before >= 3 and re.match(r"^That\s", line.text):
            out.append(Line(line.indent, f"RESOLVED: {line.text}", line.number))
            continue
        if count == 0 and (WRITTEN_DATE.search(line.text) or _is_attendance_line(line.text)):
            out.append(line)  # the heading of the notes and who attended
            continue
        if _unnumbered_heading(line, before, after, first=count == 0 and start > 0):
            count += 1
            out.append(Line(0, str(count), line.number, marker=True))
        out.append(line)
    return out if count else None


def _is_attendance_line(text: str) -> bool:
    """A labelled list of who attended: "Attendees:", "Apologies:", "Officers:"."""
    label = text.partition(":")[0] + ":" if ":" in text else ""
    headers = (PRESENT_HEADER, ALSO_PRESENT_HEADER, APOLOGIES_HEADER, COUNCILLORS_HEADER)
    return bool(label) and (
        any(h.match(label) for h in headers)
        or bool(re.match(r"^(?:attendees|apologies|officers)\s*:", label, re.I))
    )


def _blank_run(lines: list[Line], index: int, step: int) -> int:
    """How many blank lines are next to a line, on one side. A line dropped as page
    furniture ends the run: the blank lines on its two sides are not one gap."""
    run, position = 0, index + step
    while 0 <= position < len(lines) and not lines[position].text:
        if abs(lines[position].number - lines[position - step].number) > 1:
            break
        run, position = run + 1, position + step
    if (
        0 <= position < len(lines)
        and abs(lines[position].number - lines[position - step].number) > 1
    ):
        return run
    return run if 0 <= position < len(lines) else 0  # the start or the end of the text


def _unnumbered_heading(line: Line, before: int, after: int, *, first: bool) -> bool:
    text = line.text
    if BULLET.match(text) or SUB_NUMBER.match(text) or RESOLVED.match(text):
        return False
    if re.match(r"^(?:that|item)\b", text, re.I) or text[:1].islower():
        return False
    if re.match(r"^(?:venue|contact|date|time|place|link|email|tel|media)\b\s*:", text, re.I):
        return False  # the meeting's particulars, printed above its items
    if line.linked or before >= 3:
        return True
    words = len(text.split())
    worded_as_heading = (
        words <= 15
        and not text.endswith((",", ";", ":"))
        and (
            _is_capitals(text)
            or _looks_like_title(text)
            or (words <= 6 and not (text.endswith(".") and words > 4))
        )
    )
    titled = _looks_like_title(text) and not text.endswith(".") and words <= 8
    return worded_as_heading and before >= 1 and (before >= 2 or after >= 2 or first or titled)


def _reads_as_prose(text: str) -> bool:
    """A sentence of the record, not an entry of an attendance list."""
    return len(text.split()) > 12 and (
        text.rstrip().endswith(".") or bool(re.search(r"\b(?:was|were|is|are|had|has)\b", text))
    )


def _reads_as_discussion(text: str) -> bool:
    """A paragraph of the discussion, not a decision: "Members asked...", "The report..."."""
    return bool(
        re.match(r"^(?:members|the\s+(?:chair|report|officer|director|cabinet))\b", text, re.I)
    )


class _StructureReader:
    """One pass over the cleaned lines: header, attendance lists, items and their parts."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.header: list[str] = []
        self.attendance: list[Attendee] = []
        self.attendance_lines: list[str] = []  # as written, for who sat for whom
        self.items: list[_RawItem] = []
        self.problems: list[ReadProblem] = []
        self.section = "header"
        self.private = False
        self.exempt_paragraph: int | None = None
        self.sub_list_in_item = False
        self.sub_list_last = 0
        self.pending_break = False
        self.blank_run = 0
        self.pending_number: tuple[int, Line] | None = None  # a number alone on its line
        self._open: Block | None = None  # the block the lines are being gathered into
        self._parts: list[str] = []

    def read(self) -> None:
        for line in self.lines:
            if not line.text:
                self.pending_break = True
                self.blank_run += 1
                continue
            if MEETING_END.match(line.text):
                break
            self._read_line(line)
            self.pending_break = False
            self.blank_run = 0
        self._drop_pending_number()
        self._close_block()

    def problem(self, line: Line, reason: str) -> None:
        self.problems.append(ReadProblem(line.number, line.text, reason))

    def _read_line(self, line: Line) -> None:
        text = line.text
        if self.pending_number is not None:
            number, number_line = self.pending_number
            self.pending_number = None
            if number_line.marker and ITEM_HEADING.match(text):
                numbered = ITEM_HEADING.match(text)
                self._start_item(int(numbered.group(1)), numbered.group(2), number_line)
                return
            if (number_line.marker and _clean_title(text)) or self._accepts_heading(
                number, text, alone=True
            ):
                self._start_item(number, text, number_line)
                return
            self.problem(
                number_line,
                "A number alone on its line, not followed by an item's heading: read as a "
                "page number and left out.",
            )
        self._note_exempt_paragraph(text)
        if PRIVATE_MARKER.match(text) and _is_capitals(text):
            self.private = True
            return
        if self._start_attendance(text):
            return
        alone = NUMBER_ALONE.match(text)
        if line.marker or (alone and self._number_may_start_item(int(alone.group(1)))):
            self.pending_number = (int(alone.group(1)), line)
            return
        heading = self._item_heading(text, line)
        if heading:
            self._start_item(*heading, line)
            return
        if self.section == "item":
            item = self.items[-1]
            if MINUTES_LABEL.match(text):
                self._minutes_label(item, line)
                return
            self._read_item_line(item, line)
        elif self.section == "header":
            self._read_header_line(text)
        elif ABSENT_MARK.match(text):
            if text.strip("* ").lower() != "absent":  # the list's key
                self.problem(line, "Marked “*” (absent, as the list's key says): not recorded.")
        elif _reads_as_prose(text) and not APOLOGY_SENTENCE.search(text):
            self.section = "header"  # the list is over: the notes go on before any item
            self._read_header_line(text)
        else:
            self.attendance_lines.append(text)
            self.attendance.extend(attendees_from_entry(text, self.section))

    def _read_header_line(self, text: str) -> None:
        presiding = PRESIDING.match(text)
        if presiding:
            name = strip_honorific(presiding.group("name"))
            self.attendance.append(Attendee(PRESENT, name, presiding.group("office")))
            return
        if UNLABELLED_MEMBERS.match(text) and not WRITTEN_DATE.search(text):
            self.attendance.extend(attendees_from_entry(text, PRESENT))
            return
        if APOLOGY_SENTENCE.search(text):
            self.attendance.extend(apologies_from_text(text))
        self.header.append(text)
        if PRIVATE_MEETING.search(text) and _is_capitals(text):
            self.private = True

    def _minutes_label(self, item: _RawItem, line: Line) -> None:
        """modern.gov prints the agenda's words for an item, then "Minutes:" and the minutes:
        what came before the label is the agenda's, not the record of the meeting."""
        self._close_block()
        item.notes.clear()
        item.resolved.clear()
        item.in_resolution = False
        rest = MINUTES_LABEL.sub("", line.text).strip()
        if rest:
            self._read_item_line(item, Line(line.indent, rest, line.number))

    def _start_item(self, number: int, title: str, line: Line) -> None:
        self._close_block()
        self.items.append(_RawItem(number, _clean_title(title), is_exempt=self.private))
        self.items[-1].line = line.number
        self.section = "item"
        self.sub_list_in_item = False
        self.sub_list_last = 0

    def _drop_pending_number(self) -> None:
        if self.pending_number is not None:
            self.problem(self.pending_number[1], "A number alone on the last line: left out.")
            self.pending_number = None

    def _note_exempt_paragraph(self, text: str) -> None:
        match = EXEMPT_PARAGRAPH.search(text)
        if match and self.exempt_paragraph is None:
            self.exempt_paragraph = int(match.group(1) or match.group(2))

    def _start_attendance(self, text: str) -> bool:
        if self.section == "item":
            return False  # once the items start, "Present" is only a word in the notes
        patterns = [
            (ALSO_PRESENT_HEADER, ALSO_PRESENT),
            (PRESENT_HEADER, PRESENT),
            (APOLOGIES_HEADER, APOLOGIES),
        ]
        if self.section == "header":
            # "Councillors:" under "Also present:" is a list of names, not a new list.
            patterns.append((COUNCILLORS_HEADER, PRESENT))
        for pattern, kind in patterns:
            match = pattern.match(text)
            if match:
                self.section = kind
                if match.group(1):
                    self.attendance_lines.append(match.group(1))
                    self.attendance.extend(attendees_from_entry(match.group(1), kind, inline=True))
                return True
        return False

    def _lost_heading(self, text: str) -> bool:
        """A short line in title case or capitals standing alone after a decision."""
        ended = bool(self._parts) and self._parts[-1].rstrip().endswith((".", "?", "!"))
        if not (self.pending_break or ended) or len(text.split()) > 10 or SUB_NUMBER.match(text):
            return False
        return _is_capitals(text) or _looks_like_title(text)

    def _number_may_start_item(self, number: int) -> bool:
        if not self.items:
            return True
        last = self.items[-1].number
        return last < number <= last + MAX_NUMBER_GAP

    def _accepts_heading(self, number: int, title: str, *, alone: bool) -> bool:
        """Whether "number title" starts an item: the number follows on, the title reads
        as a heading (in capitals, or in title case where a heading is expected)."""
        title = _clean_title(title)
        if not title or RESOLVED.match(title) or BULLET.match(title):
            return False
        if WRITTEN_DATE.match(f"{number} {title}"):
            return False  # "19 May 2020", the meeting's date
        capitals = _is_capitals(title)
        titled = _looks_like_title(title)
        if not self.items:
            # The notes of a private part may start at the item it began with; a council
            # that numbers its minutes through the year starts anywhere.
            return capitals or (titled and not WRITTEN_DATE.search(title))
        last = self.items[-1].number
        if number <= last or number > last + MAX_NUMBER_GAP:
            return False
        if alone:
            return capitals or titled or bool(HEADING_WORDS.match(title))
        if capitals:
            return number <= last + 5 or self.pending_break
        # A heading in title case is taken only where no numbered list of the item could
        # go on with that number: "2. Reducing re-offending" in a list is not item 2.
        return titled and not (self.sub_list_in_item and number <= self.sub_list_last + 1)

    def _item_heading(self, text: str, line: Line) -> tuple[int, str] | None:
        match = ITEM_HEADING.match(text)
        if not match:
            return None
        number, title = int(match.group(1)), match.group(2).strip()
        if self._accepts_heading(number, title, alone=False):
            return number, title
        if self.items and (_is_capitals(title) or _looks_like_title(title)):
            last = self.items[-1].number
            if not (self.sub_list_in_item and number <= last + 1):
                self.problem(
                    line,
                    f"This looks like the heading of item {number}, but it does not follow "
                    f"item {last}: it was read as part of item {last}. If it is an item, add "
                    "it below and move its text.",
                )
        return None

    def _read_item_line(self, item: _RawItem, line: Line) -> None:
        text = line.text
        resolved = RESOLVED.match(text) or DECISION_LABEL.match(text)
        if resolved:
            self._close_block()
            if item.in_resolution and item.discussion_after_resolution:
                self.problem(
                    line,
                    f"A second decision in item {item.number}, after more discussion: a "
                    "heading may have been lost before it. Check that this is about the "
                    "same item.",
                )
            item.in_resolution = True
            item.discussion_after_resolution = False
            rest = (resolved.group(1) or "").strip()
            if rest:
                self._open_block(item.blocks, Block(rest[0].upper() + rest[1:]))
            return
        if item.in_resolution and item.resolved and self._lost_heading(text):
            self._close_block()
            self.problem(
                line,
                f"This looks like an item's heading without its number, after the decision "
                f"of item {item.number}: it and what follows are kept in item "
                f"{item.number}'s notes, not as decisions. If it is an item, add it below.",
            )
            item.in_resolution = False
            self._open_block(item.notes, Block(text))
            return
        if item.in_resolution and item.resolved and self.pending_break:
            item.discussion_after_resolution = _reads_as_discussion(text)
            if MATTERS_ARISING.match(text):
                self._close_block()
                item.in_resolution = False  # the record goes on after the decision
        if not item.in_resolution and self.blank_run >= 3 and LOST_RESOLVED.match(text):
            # A decision standing apart, "That ..." or "a. That ...": a page's "RESOLVED"
            # was an image, lost when the text was copied.
            self._close_block()
            item.in_resolution = True
        blocks = item.blocks
        bullet = BULLET.match(text)
        if bullet:
            self._open_block(blocks, Block(text[bullet.end() :], "bullet", line.indent // 2))
            return
        numbered = SUB_NUMBER.match(text)
        if numbered:
            # Only a list numbered "1.", "2." could be mistaken for the items themselves.
            if numbered.group(1)[0].isdigit():
                self.sub_list_in_item = True
                self.sub_list_last = int(re.sub(r"\D", "", numbered.group(1)))
            label = numbered.group(1)
            self._open_block(blocks, Block(numbered.group(2), "numbered", line.indent // 2, label))
            return
        if self._continues(blocks, line):
            last = self._parts[-1]
            # "Seymour-" at the end of a line and "Smith" on the next are one word.
            joiner = "" if last.endswith("-") and last[-2:-1].isalpha() else " "
            self._parts.append(joiner + text)
        else:
            self._open_block(blocks, Block(text))

    # A block's lines are gathered in a list and joined once it is complete: joining at
    # every line would copy a long paragraph once per line.

    def _open_block(self, blocks: list[Block], block: Block) -> None:
        self._close_block()
        blocks.append(block)
        self._open, self._parts = block, [block.text]

    def _close_block(self) -> None:
        if self._open is not None:
            self._open.text = "".join(self._parts)
        self._open, self._parts = None, []

    def _continues(self, blocks: list[Block], line: Line) -> bool:
        """Whether the line carries on the block before it (a wrapped or split line).

        Lines with no blank line between them are one paragraph (a PDF or a pasted text
        wraps them); after a blank line, a line that starts in lower case carries on a
        sentence a page break cut.
        """
        if not blocks or blocks[-1] is not self._open:
            return False
        if not self.pending_break:
            return True
        return line.text[:1].islower() and not self._parts[-1].endswith((".", "?", "!"))


# -- attendance ---------------------------------------------------------------------------

LIST_PREFIX = re.compile(r"^(?:councillors|cllrs)\b\.?\s*:?\s*", re.I)
APOLOGY_SENTENCE = re.compile(
    r"(?:apologies|an apology)(?:\s+for\s+(?P<lateness>lateness)|\s+for\s+absence)?\s+"
    r"(?:were|was|had been|have been|has been)\s+(?:submitted|received|given|sent|tendered|"
    r"noted)\s+(?:on\s+behalf\s+of|from|by)\s*:?\s*(?P<names>[^.;]+)",
    re.I,
)
# Where a list of names ends and the sentence goes on: "... and Cllr Harding attended as ...".
NAMES_END = re.compile(
    r"(?:\s+and\s+(?:(?!\s+and\s).)*?)?\s+(?:attended|was|were|who|had|has|with|due)\b.*$",
    re.I,
)
INITIAL = re.compile(r"\b([A-Z])\.(?=\s*[A-Z])")  # "J. D. Stanley": not a sentence's end
MEMBER = r"(?:(?:councillor|cllr\.?)\s*)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}"
SUBSTITUTE_SENTENCES = [
    # "Cllr X substituting for Cllr Y", "Councillor X substituted for Councillor Y"
    re.compile(
        rf"(?P<sub>{MEMBER})\s+(?:was\s+)?(?:substituting|substituted)\s+for\s+(?P<for>{MEMBER})"
    ),
    # "Councillor X attended as a substitute for Councillor Y", "... was present as
    # Substitute Member for ...", "... had been appointed as substitute for ..."
    re.compile(
        rf"(?P<sub>{MEMBER})\s+(?:attended|was present|was in attendance|had been appointed|"
        rf"was appointed|acted|sat)\s+as\s+(?:a\s+|the\s+)?(?i:substitute)(?:\s+(?i:member))?\s+"
        rf"for\s+(?P<for>{MEMBER})"
    ),
    # "Councillor Makawi who was substituted by Councillor Mack"
    re.compile(
        rf"(?P<for>{MEMBER})\s+(?:who\s+)?(?:was|had been)\s+substituted\s+by\s+(?P<sub>{MEMBER})"
    ),
    # "Cllr J Cox (Cllr T Mason substituting)"
    re.compile(rf"(?P<for>{MEMBER})\s*\((?P<sub>{MEMBER})\s+substituting\)"),
]
UNNAMED_SUBSTITUTE = re.compile(
    rf"(?P<sub>(?:councillor|cllr\.?)\s*{MEMBER})\s+attended\s+as\s+(?:a\s+)?substitute\b(?!\s+for)",
    re.I,
)
# In a "Substitute Members" item: "Councillor Khadka for Councillor Field".
SUBSTITUTE_ENTRY = re.compile(
    rf"^(?P<sub>(?:councillor|cllr\.?)\s*{MEMBER})\s+for\s+(?P<for>(?:councillor|cllr\.?)\s*{MEMBER})\.?$",
    re.I,
)


HONOURS = re.compile(r"^(?:[A-Z]{2,4}|[A-Z]{2,4} [A-Z]{2,4})$")
NOT_A_PERSON = re.compile(
    r"^\s*(?:chair|vice|deputy|cabinet|portfolio|leader|director|head|lead|member)\b|"
    r"\b(?:committee|council|board|panel|services?|department|directorate|trust)\s*$",
    re.I,
)


def _split_outside_parentheses(text: str) -> list[str]:
    """'A (Chair), B and C (Vice-Chair)' -> the three entries, commas inside "( )" kept."""
    parts, depth, current = [], 0, ""
    tokens = re.split(r"(\(|\)|,\s*|\s+and\s+|\s*&\s*|;\s*)", text)
    for token in tokens:
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(depth - 1, 0)
        if depth == 0 and token and re.fullmatch(r",\s*|\s+and\s+|\s*&\s*|;\s*", token):
            parts.append(current)
            current = ""
        else:
            current += token
    parts.append(current)
    return [part.strip() for part in parts if part.strip()]


def split_names(text: str) -> list[str]:
    """'Councillors: Diane Donaldson, Shabrana Hussain and Alex Yip.' -> three names."""
    return [name for name, _ in names_with_capacities(text)]


def names_with_capacities(text: str) -> list[tuple[str, str]]:
    """'Councillors Russell (Chairman), Cannon and Cooke' -> the names, each with the
    capacity in brackets after it, if any."""
    text = LIST_PREFIX.sub("", text.strip()).rstrip(".;, ")
    # "Mr E Hotson (Chairman) Mr P Homewood (Vice-Chairman)": one after the other.
    text = re.sub(r"\)\s+(?=(?:Mr|Mrs|Ms|Miss|Dr|Councillor|Cllr)\b)", "), ", text)
    found = []
    for part in _split_outside_parentheses(text):
        if HONOURS.match(part.strip()) or NOT_A_PERSON.search(part):
            continue  # "Mr P B Carter, CBE"; "Councillor X, Chair of the Y Committee"
        capacity = ""
        parenthesis = PARENTHESIS.search(part)
        if parenthesis:
            capacity, part = parenthesis.group(1).strip(), part[: parenthesis.start()]
        name = strip_honorific(part.strip())
        if name:
            found.append((name, capacity))
    return found


def attendees_from_entry(entry: str, kind: str, *, inline: bool = False) -> list[Attendee]:
    """One line of an attendance list: a person with their capacity, or a list of names.

    `inline` for what follows the list's label on its line ("Officers: A and B"), which
    is a list of names unless it reads as one person and their post.
    """
    entry = entry.strip().rstrip(";")
    if not entry:
        return []
    if APOLOGY_SENTENCE.search(entry):
        return apologies_from_text(entry)
    several = (
        entry.count("(") > 1
        or UNLABELLED_MEMBERS.match(entry)
        or _list_of_members(entry)
        or (inline and (" and " in entry or entry.count(",") > 1))
    )
    if LIST_PREFIX.match(entry) or kind == APOLOGIES or several:
        return [Attendee(kind, name, capacity) for name, capacity in names_with_capacities(entry)]
    name, _, capacity = entry.partition(",")
    name, capacity = name.strip(), capacity.strip().rstrip(".")
    parenthesis = PARENTHESIS.search(name)
    if parenthesis:
        capacity = capacity or parenthesis.group(1)
        name = name[: parenthesis.start()]
    return [Attendee(kind, strip_honorific(name), capacity)]


MEMBER_START = re.compile(r"^(?:(?:Mr|Mrs|Ms|Miss|Dr|Cllr|Councillor)\b|[A-Z]\.?\s)")


def _list_of_members(entry: str) -> bool:
    """A line of a long list: "Mrs A D Allen, Mr M J Angell, Mr D Baker, ..." or
    "B Brooks-Gordon, D Brown, P Brown," (not "Dawn Roberts, AD, Early Help, Trust")."""
    parts = [part.strip() for part in entry.split(",") if part.strip()]
    return len(parts) > 2 and sum(bool(MEMBER_START.match(part)) for part in parts) >= 2


def apologies_from_text(text: str) -> list[Attendee]:
    """ "Apologies for absence were received from Councillors Field and Parfitt-Reid." """
    found = []
    for match in APOLOGY_SENTENCE.finditer(INITIAL.sub(r"\1", text)):
        note = "Apologies for lateness" if match.group("lateness") else ""
        names = NAMES_END.sub("", match["names"])
        found.extend(Attendee(APOLOGIES, name, note=note) for name in split_names(names))
    return found


def apologies_from_items(items: list[_RawItem]) -> list[Attendee]:
    """Apologies recorded in an "Apologies" item rather than in a list at the top."""
    found = []
    for item in items:
        if "apolog" not in item.heading.lower():
            continue
        listing = False
        for block in item.notes:
            if listing:
                found.extend(Attendee(APOLOGIES, name) for name in _listed_names(block.text))
                continue
            found.extend(apologies_from_text(block.text))
            listing = bool(APOLOGIES_LISTED.search(block.text))
    return found


# "... reported apologies for absence from the following Members:" and a list after it.
APOLOGIES_LISTED = re.compile(r"apolog\w*\b.*\bfrom the following\b[^:]*:\s*$", re.I)


def _listed_names(text: str) -> list[str]:
    """'Mr Mike Harrison Mr Bob Neaves Mr Michael Northey': names one after the other."""
    text = re.sub(r"\s+(?=(?:Mr|Mrs|Ms|Miss|Dr|Councillor|Cllr)\.?\s)", ", ", text.strip())
    return split_names(text)


def substitutes_from_text(text: str, *, in_list: bool = False) -> list[Substitute]:
    """Who sat for whom, in the notes' words; `in_list` for the entries of a "Substitute
    Members" item, which may say only "Councillor X for Councillor Y"."""
    found = []
    for pattern in SUBSTITUTE_SENTENCES:
        for match in pattern.finditer(text):
            found.append(_substitute(match))
    if in_list and not found:
        match = SUBSTITUTE_ENTRY.match(text.strip())
        if match:
            found.append(_substitute(match))
    if not found:
        # "An apology was received from Cllr A and Cllr B attended as substitute."
        match = UNNAMED_SUBSTITUTE.search(text)
        apologies = apologies_from_text(text)
        if match and len(apologies) == 1:
            found.append(Substitute(strip_honorific(match["sub"]), apologies[0].name))
    return [s for s in found if s.name and s.substitute_for]


def _substitute(match: re.Match) -> Substitute:
    return Substitute(
        strip_honorific(match["sub"]).rstrip("."), strip_honorific(match["for"]).rstrip(".")
    )


def substitutes_from(header: list[str], items: list[_RawItem]) -> list[Substitute]:
    found = []
    for text in header:
        found.extend(substitutes_from_text(text))
    for item in items:
        in_list = bool(re.search(r"substitut|apolog", item.heading, re.I))
        for block in item.notes + item.resolved:
            found.extend(substitutes_from_text(block.text, in_list=in_list))
    seen, unique = set(), []
    for substitute in found:
        key = (substitute.name.lower(), substitute.substitute_for.lower())
        if key not in seen:
            seen.add(key)
            unique.append(substitute)
    return unique


# -- declarations -------------------------------------------------------------------------

DECLARED = re.compile(
    r"^(?P<who>.+?)\s+(?:both\s+|each\s+|all\s+|also\s+)?(?:declared|disclosed|made\s+a\s+"
    r"(?:declaration|transparency statement)|registered)\b(?P<what>.*)$",
    re.I,
)
NO_DECLARATIONS = re.compile(r"\bno\s+(?:\w+\s+)?(?:declarations|disclosures|interests)\b", re.I)
DECLARATION_ITEM = re.compile(
    r"\bminute\s+(?:no\.?|number)?\s*(?P<minute>\d{1,3})\b|"
    r"\b(?:agenda\s+)?item\s+(?:no\.?\s*|number\s+)?(?P<item>\d{1,3})\b",
    re.I,
)
DECLARATION_HEADING = re.compile(r"declaration|disclosure|interests", re.I)


def interest_of(text: str) -> str:
    """What kind of interest a declaration states."""
    lower = text.lower()
    if re.search(r"\bnon[- ]?pecuniary\b", lower):
        return OTHER_INTEREST
    if "pecuniary" in lower:
        return PECUNIARY
    if "prejudicial" in lower:
        return PREJUDICIAL
    if "transparency" in lower or re.search(r"\bno (?:\w+ )?interest\b", lower):
        return NO_INTEREST
    return OTHER_INTEREST


# "The Chair declared ... and Councillor Yip declared ...": two declarations in one sentence.
NEXT_DECLARANT = re.compile(
    r"\s+and\s+(?=(?:the\s+)?(?:councillors?|cllrs?\.?|chair|vice[- ]chair)\b[^.]*?\b"
    r"(?:declared|disclosed)\b)",
    re.I,
)


# Sentences, but "Councillor A. Bailes" is one name.
DECLARATION_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])(?<![\s.][A-Z]\.)\s+(?=[A-Z(])")


def _declaration_sentences(text: str) -> list[str]:
    out = []
    for sentence in DECLARATION_SENTENCE_SPLIT.split(text):
        parts = NEXT_DECLARANT.split(sentence.strip())
        for index, part in enumerate(parts):
            part = part.strip()
            if index < len(parts) - 1:
                part = part.rstrip(",;") + "."
            out.append(part[:1].upper() + part[1:])
    return out


def declarations_from_text(
    text: str,
    item_number: int | None,
    numbers: set[int] | None = None,
    *,
    in_declarations_item: bool = False,
    chair: str = "",
) -> list[DraftDeclaration]:
    """The declarations a paragraph records: who, what interest, in which item.

    In the item for declarations, "X declared that ..." is one whatever it says; elsewhere
    the sentence must speak of an interest.
    """
    found = []
    for sentence in _declaration_sentences(text):
        match = DECLARED.match(sentence)
        speaks_of_interest = re.search(r"interest|transparency", sentence, re.I)
        if not match or not (speaks_of_interest or in_declarations_item):
            continue
        who = re.sub(r",\s*$", "", match.group("who").strip())
        start = re.search(r"\b(?:councillors?|cllrs?\.?)\s", who, re.I)
        if start:
            names = split_names(NAMES_END.sub("", who[start.start() :]))
        elif CHAIR_WORDS.match(who) and chair:
            names = [chair]
        elif NAME_SHAPE.match(strip_honorific(who)):
            names = [strip_honorific(who)]
        else:
            continue
        # "Agenda Item 15, Minute Number 112/23": the number the notes' items carry.
        stated = [
            int(where.group("minute") or where.group("item"))
            for where in DECLARATION_ITEM.finditer(match.group("what"))
        ]
        known = [n for n in stated if numbers is None or n in numbers]
        number = known[0] if known else (item_number if not stated else None)
        interest = interest_of(match.group("what"))
        if re.search(r"transparency statement", sentence, re.I):
            interest = NO_INTEREST
        for name in names:
            found.append(DraftDeclaration(name, interest, sentence, number))
    return found


CHAIR_WORDS = re.compile(r"^the\s+chair(?:man|person)?$", re.I)


def declarations_from(
    header: list[str], items: list[_RawItem], attendance: list[Attendee]
) -> list[DraftDeclaration]:
    numbers = {item.number for item in items}
    chair = next(
        (a.name for a in attendance if a.kind != APOLOGIES and CHAIR.match(a.capacity)), ""
    )
    found = []
    for text in header:
        found.extend(declarations_from_text(text, None, numbers, chair=chair))
    for item in items:
        standing = bool(DECLARATION_HEADING.search(item.heading))
        for block in item.notes + item.resolved:
            # Declared in the item itself, it concerns that item unless it says otherwise.
            number = None if standing else item.number
            found.extend(
                declarations_from_text(
                    block.text, number, numbers, in_declarations_item=standing, chair=chair
                )
            )
    return found


def is_declaration(text: str) -> bool:
    return any(
        DECLARED.match(sentence) and "interest" in sentence.lower()
        for sentence in _declaration_sentences(text)
    )


# -- casing of headings -------------------------------------------------------------------

WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
MAX_PHRASE_WORDS = 6
PHRASE_SAMPLE = 200  # occurrences of a phrase looked at to tell how the notes write it
SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the",
     "to", "with"}
)  # fmt: skip
DETERMINERS = frozenset({"a", "an", "the", "this", "that", "these", "those", "their", "its"})


class DocumentCasing:
    """How the notes themselves write each word, learnt from their running text.

    Item headings are in capitals; the draft gives them back their usual case: a phrase
    the notes write in capitals ("Children's Trust", "Youth Justice Strategic Plan") keeps
    them, an acronym ("SEND") stays in capitals, and other words are in lower case.
    """

    def __init__(self, texts: Iterable[str]) -> None:
        body = "\n".join(texts)
        self.capital: Counter[str] = Counter()
        self.lower: Counter[str] = Counter()
        self.acronyms: set[str] = set()
        for sentence in re.split(r"(?<=[.!?:;])\s+|\n", body):
            self._learn(sentence)
        # The body's words in order, whether each follows the one before with only spaces
        # and punctuation between, and where each word occurs: phrases are found by
        # walking from their first word rather than by searching the whole text each time.
        self.words: list[str] = []
        self.follows: list[bool] = []
        end = 0
        for match in WORD.finditer(body):
            between = body[end : match.start()]
            self.follows.append(bool(between) and not any(c.isalnum() for c in between))
            self.words.append(match.group())
            end = match.end()
        self.pairs: dict[tuple[str, str], list[int]] = {}
        for index in range(len(self.words) - 1):
            if self.follows[index + 1]:
                pair = (self.words[index].lower(), self.words[index + 1].lower())
                self.pairs.setdefault(pair, []).append(index)
        self._phrases: dict[tuple[str, ...], list[str] | None] = {}

    def _learn(self, sentence: str) -> None:
        words = list(WORD.finditer(sentence))
        for index, match in enumerate(words):
            word = match.group()
            key = word.lower()
            if len(word) > 1 and word.isupper():
                self.acronyms.add(key)
            elif index == 0:
                continue  # the first word of a sentence has a capital whatever it is
            elif word[0].isupper():
                # "Councillor Wood" or "Statement of Action" say nothing of how "Councillor"
                # or "Action" is written alone.
                if not _in_capital_run(sentence, words, index):
                    self.capital[key] += 1
            else:
                self.lower[key] += 1

    def prefers_capital(self, word: str) -> bool:
        key = word.lower()
        return self.capital[key] > self.lower[key]

    def title(self, heading: str) -> str:
        """The heading in its usual case, if the notes wrote it in capitals."""
        if not _is_capitals(heading):
            return heading
        words = [m.group() for m in WORD.finditer(heading)]
        cased = [self._word(word, index) for index, word in enumerate(words)]
        for start, phrase in self._capital_phrases(words):
            cased[start : start + len(phrase)] = phrase
        replacements = iter(cased)
        return WORD.sub(lambda m: next(replacements), heading)

    def _word(self, word: str, index: int) -> str:
        key = word.lower()
        if key in self.acronyms and len(word) > 1 and key not in SMALL_WORDS:
            return word.upper()
        if index == 0 or (key not in SMALL_WORDS and self.prefers_capital(word)):
            return word[:1].upper() + word[1:].lower()
        return key

    def _capital_phrases(self, words: list[str]) -> list[tuple[int, list[str]]]:
        """Runs of two to six of the heading's words that the notes write capitalised,
        longest first; a run starts and ends with a word that is not a small word."""
        found = []
        taken = [False] * len(words)
        for size in range(min(len(words), MAX_PHRASE_WORDS), 1, -1):
            for start in range(len(words) - size + 1):
                run = words[start : start + size]
                if any(taken[start : start + size]) or {run[0].lower(), run[-1].lower()} & (
                    SMALL_WORDS
                ):
                    continue
                phrase = self._capital_phrase(run)
                if phrase:
                    found.append((start, phrase))
                    taken[start : start + size] = [True] * size
        return found

    def _capital_phrase(self, run: list[str]) -> list[str] | None:
        """The run as the body mostly writes it, if that is capitalised; None otherwise.

        A sample of the occurrences is enough to tell how the notes write a phrase, and
        keeps a long text with many headings quick to read.
        """
        wanted = tuple(word.lower() for word in run)
        if wanted not in self._phrases:
            occurrences = []
            for index in self.pairs.get(wanted[:2], [])[:PHRASE_SAMPLE]:
                end = index + len(run)
                if end <= len(self.words) and all(
                    self.words[index + k].lower() == wanted[k] and self.follows[index + k]
                    for k in range(2, len(run))
                ):
                    occurrences.append(self.words[index:end])
            capital = [o for o in occurrences if _capitalised(o)]
            majority = capital and len(capital) > len(occurrences) - len(capital)
            self._phrases[wanted] = capital[0] if majority else None
        return self._phrases[wanted]

    def lower_initial(self, text: str) -> str:
        """'The Chair stated...' -> 'the Chair stated...', to carry on a sentence."""
        words = WORD.findall(text[:80])
        if not words or not text[:1].isupper():
            return text
        first = words[0]
        following = words[1] if len(words) > 1 else ""
        keep = (
            (len(first) > 1 and first.isupper())
            or (first.lower() not in DETERMINERS and following[:1].isupper())
            or (first.lower() not in DETERMINERS and self.prefers_capital(first))
        )
        return text if keep else text[0].lower() + text[1:]


def _in_capital_run(sentence: str, words: list[re.Match], index: int) -> bool:
    """Whether the word is next to another capitalised word, across small words only."""

    def adjacent(left: int) -> bool:
        return sentence[words[left].end() : words[left + 1].start()].isspace()

    following = index + 1
    if following < len(words) and words[following].group()[0].isupper() and adjacent(index):
        return True
    back = index - 1
    while back >= 0 and adjacent(back) and words[back].group().lower() in SMALL_WORDS:
        back -= 1
    return back >= 0 and adjacent(back) and words[back].group()[0].isupper()


def _capitalised(words: list[str]) -> bool:
    significant = [w for w in words if w.lower() not in SMALL_WORDS]
    return bool(significant) and all(w[0].isupper() and not w.isupper() for w in significant)


# -- resolutions and requests -------------------------------------------------------------

# Words that say nothing about what a request is for, left out when comparing requests.
SIGNIFICANT_STOPWORDS = SMALL_WORDS | frozenset(
    {"also", "are", "be", "been", "being", "but", "etc", "has", "have", "is", "it", "its",
     "that", "their", "there", "these", "they", "this", "those", "was", "were", "which", "who",
     "will", "would", "members", "committee", "information", "further", "requested", "request"}
)  # fmt: skip
# "Further information requested:", "... and requested:", "requested the following:"
REQUESTED_INTRO = re.compile(r"\brequested\b[^:.]*:\s*(.*)$", re.I)
# "Members ... requested X": who asks, then what they asked for, found in two steps so
# that a long sentence is read once.
REQUESTER = re.compile(r"\b(?:members|the committee|councillors?)\b", re.I)
REQUESTED = re.compile(r"\b(?:also\s+)?requested\s+(?:that\s+)?", re.I)
FOLLOW_ON = re.compile(r"^(?:this|these|which)\s+(?:includes?|included|would include)\b", re.I)
DELIVERY = re.compile(
    r"\b(?:would|will|is to|are to|should|shall|to)\s+be\s+(?P<verb>sent|forwarded|circulated|"
    r"provided|shared|supplied|reported|brought|presented|written|arranged|organised|"
    r"organized|submitted|made available)\b",
    re.I,
)
CLAUSE_VERB = re.compile(r"\b(?:would|will|is|are|was|were|should|shall|to be|has|have)\b", re.I)
# Sending a paper to the committee is information; anything else undertaken is an action.
INFORMATION_VERBS = frozenset(
    {"forwarded", "circulated", "provided", "shared", "supplied", "reported", "brought",
     "presented", "submitted", "made available"}
)  # fmt: skip
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")


def significant_words(text: str) -> set[str]:
    words = set()
    for word in re.findall(r"[a-z0-9][a-z0-9'-]*", text.lower()):
        if len(word) < 3 or word in SIGNIFICANT_STOPWORDS:
            continue
        words.add(word[:-1] if len(word) > 4 and word.endswith("s") else word)
    return words


def covered_by(text: str, other: str, threshold: float = 0.8) -> bool:
    """Whether nearly every significant word of `text` is in `other`: a repeat of it."""
    return _covers(significant_words(text), significant_words(other), threshold)


def _covers(words: set[str], other: set[str], threshold: float = 0.8) -> bool:
    return bool(words) and len(words & other) / len(words) >= threshold


def as_request_text(text: str) -> str:
    """A request as a sentence: a capital, no list punctuation, a full stop."""
    text = re.sub(r"^that\s+", "", text.strip(), flags=re.I).rstrip(" ;,")
    text = re.sub(r"\b(?:would|will|is to|are to|should|shall)\s+be\b", "to be", text, flags=re.I)
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else f"{text}."


@dataclass
class _Unit:
    """One point of a RESOLVED part: a paragraph or bullet and the bullets it introduces."""

    head: Block
    children: list[Block] = field(default_factory=list)
    text: str = ""  # the point as read, where it differs from its block's text

    @property
    def head_text(self) -> str:
        return self.text or self.head.text


def resolution_units(blocks: list[Block]) -> list[_Unit]:
    return _that_points(_units(blocks))


def _that_points(units: list[_Unit]) -> list[_Unit]:
    """ "Resolved: That" and the points a), b) after it: each point is a decision, "That ..."."""
    out: list[_Unit] = []
    prefix = False
    for unit in units:
        if re.fullmatch(r"(?i:that)\s*:?", unit.head.text.strip()) and not unit.children:
            prefix = True
            continue
        if prefix and unit.head.kind != "para":
            text = re.sub(r"[\s;,]+(?:and|or)$", ".", unit.head.text.strip())
            first = text.split(" ", 1)[0]
            if first.lower() in DETERMINERS:
                text = first.lower() + text[len(first) :]
            unit = _Unit(unit.head, unit.children, text=f"That {text}")
        else:
            prefix = False
        out.append(unit)
    return out


def _units(blocks: list[Block]) -> list[_Unit]:
    units: list[_Unit] = []
    for block in blocks:
        if units and (
            block.level > units[-1].head.level
            or (block.kind != "para" and units[-1].head.text.endswith((":", ":-", ":–")))
        ):
            units[-1].children.append(block)
        else:
            units.append(_Unit(block))
    return units


def resolution_text(unit: _Unit, casing: DocumentCasing) -> str:
    """A point and its list as one resolution: 'Requested: a breakdown...; the latest...'."""
    head = unit.head_text.strip()
    if not unit.children:
        return head
    parts = [
        casing.lower_initial(re.sub(r"[\s;,]+(?:and|or)$", "", c.text.strip()).rstrip(" ;,."))
        for c in unit.children
    ]
    joined = "; ".join(p for p in parts if p)
    end = "" if joined.endswith((".", "?", "!")) else "."
    head = re.sub(r"\s*:?[-–]?\s*$", "", head) if head.endswith((":-", ":–")) else head
    return f"{head.rstrip(' :')}: {joined}{end}"


def requests_from_unit(unit: _Unit, resolution_index: int | None) -> list[DraftRequest]:
    """The requests a resolution (or a point of the discussion) makes, in its own words."""
    head = unit.head_text.strip()
    intro = REQUESTED_INTRO.search(head)
    if intro and unit.children:
        return [
            DraftRequest(as_request_text(child.text), resolution_index=resolution_index)
            for child in unit.children
            if child.text.strip()
        ]
    if intro and intro.group(1).strip():
        return [DraftRequest(as_request_text(intro.group(1)), resolution_index=resolution_index)]
    return [
        DraftRequest(as_request_text(clause), kind, resolution_index=resolution_index)
        for clause, kind in delivery_clauses(head)
    ]


def delivery_clauses(sentence: str) -> list[tuple[str, str]]:
    """'...not called in and a letter would be sent to X and the register is to be
    forwarded' -> the two clauses that ask for something, with their kind."""
    found = []
    pending: list[str] = []
    for part in re.split(r"\s+and\s+", sentence.rstrip(".")):
        pending.append(part)
        if not CLAUSE_VERB.search(part):
            continue  # "a breakdown of ethnicity and ..." carries on to the verb
        clause = " and ".join(pending)
        pending = []
        delivery = DELIVERY.search(clause)
        if delivery and not re.search(r"\bnot\b", clause[: delivery.start()]):
            verb = delivery.group("verb").lower()
            letter = "letter" in clause.lower()
            kind = INFORMATION if verb in INFORMATION_VERBS and not letter else ACTION
            found.append((clause, kind))
    return found


def discussion_requests(blocks: list[Block]) -> list[tuple[int, DraftRequest]]:
    """Requests made in the discussion ("Members requested ..."), with their block."""
    found = []
    for index, block in enumerate(blocks):
        sentences = SENTENCE_SPLIT.split(block.text)
        for position, sentence in enumerate(sentences):
            requester = REQUESTER.search(sentence)
            requested = requester and REQUESTED.search(sentence, requester.end())
            what = sentence[requested.end() :].strip() if requested else ""
            if not what or what.endswith(":"):
                continue
            what = what.rstrip(".")
            following = sentences[position + 1] if position + 1 < len(sentences) else ""
            text = as_request_text(what)
            if FOLLOW_ON.match(following):
                text = f"{text} {following.strip()}"
            found.append((index, DraftRequest(text)))
    for index, unit in _units_with_index(blocks):
        if REQUESTED_INTRO.search(unit.head.text) and unit.children:
            found.extend((index, request) for request in requests_from_unit(unit, None))
    return found


def _units_with_index(blocks: list[Block]) -> list[tuple[int, _Unit]]:
    position = {id(block): index for index, block in enumerate(blocks)}
    return [(position[id(unit.head)], unit) for unit in resolution_units(blocks)]


# -- owners -------------------------------------------------------------------------------

PRESENTER_STATEMENT = re.compile(
    r"^(?P<who>.+?)\s+(?:attended for this item|(?:were|was)\s+in attendance|in attendance|"
    r"presented|provided information|introduced|gave a presentation)\b",
)
ATTENDED_FOR_ITEM = re.compile(r"\battended for this item\b|\bin attendance\b", re.I)
COMMITMENT = re.compile(
    r"\b(?:will|would|agreed to|undertook to|offered to)\s+(?:provide|bring|circulate|send|"
    r"forward|share|supply|report)\b(?P<what>[^.]*)",
    re.I,
)
NAME_SHAPE = re.compile(r"^([A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,3})$")
CHAIR = re.compile(r"^chair(?:man|person)?$", re.I)


class OwnerFinder:
    """Who a request is asked of, from what the item's notes say and who attended.

    The notes rarely name an owner beside a request. They say who presented the paper the
    request arose from, or who undertook to send something, and the attendance lists say
    who those people are. In order:
    1. a letter on the committee's behalf is sent by the Chair;
    2. someone who undertook to provide what is asked ("... stated they will provide the
       risk assessments");
    3. whoever last presented before the passage the request comes from;
    4. whoever attended for the item.
    """

    def __init__(self, attendees: list[Attendee]) -> None:
        self.attendees = [a for a in attendees if a.kind != APOLOGIES]
        self.chair = next((a for a in self.attendees if CHAIR.match(a.capacity)), None)

    def for_item(self, blocks: list[Block]) -> _ItemOwners:
        return _ItemOwners(self, blocks)

    def presenters(self, text: str) -> list[Attendee]:
        """Who a sentence says presented or attended, in the order it names them."""
        for sentence in SENTENCE_SPLIT.split(text):
            match = PRESENTER_STATEMENT.match(sentence)
            if not match:
                continue
            who = match.group("who")
            people = self.mentioned(who) or [
                Attendee(ALSO_PRESENT, name) for name in _name_shapes(who)
            ]
            if people:
                return people
        return []

    def mentioned(self, text: str) -> list[Attendee]:
        """The attendees a passage names, by name, surname or role, in order."""
        hits = []
        for attendee in self.attendees:
            position = self._position(attendee, text)
            if position is not None:
                hits.append((position, attendee))
        return [attendee for _, attendee in sorted(hits, key=lambda hit: hit[0])]

    def _position(self, attendee: Attendee, text: str) -> int | None:
        patterns = [re.escape(attendee.name)]
        surname = attendee.name.split()[-1] if attendee.name.split() else ""
        if surname:
            patterns.append(rf"(?:Councillor|Cllr\.?)\s+{re.escape(surname)}")
        role = re.split(r",| for ", attendee.capacity)[0].strip()
        if role and self._role_is_unique(role):
            patterns.append(rf"\bthe\s+{re.escape(role)}\b")
        for pattern in patterns:
            match = re.search(pattern, text, re.I)
            if match:
                return match.start()
        return None

    def _role_is_unique(self, role: str) -> bool:
        same = [a for a in self.attendees if a.capacity.lower().startswith(role.lower())]
        return len(same) == 1


class _ItemOwners:
    """What one item's notes say of who presented and who undertook what, read once and
    then asked about each of the item's requests."""

    def __init__(self, finder: OwnerFinder, blocks: list[Block]) -> None:
        self.chair = finder.chair
        self.words = [significant_words(block.text) for block in blocks]
        self.presenters = [finder.presenters(block.text) for block in blocks]
        self.commitments: list[tuple[set[str], Attendee]] = []
        for block in blocks:
            for sentence in SENTENCE_SPLIT.split(block.text):
                match = COMMITMENT.search(sentence)
                people = finder.mentioned(sentence[: match.start()]) if match else []
                if people:
                    self.commitments.append((significant_words(match.group("what")), people[0]))

    def owner(self, request: DraftRequest, origin: int | None) -> Attendee | None:
        """`origin` is the block of the discussion the request was made in, if it was."""
        if request.kind == ACTION and "letter" in request.text.lower() and self.chair:
            return self.chair
        wanted = significant_words(request.text)
        best, best_overlap = None, 0
        for words, person in self.commitments:
            if len(wanted & words) > best_overlap:
                best, best_overlap = person, len(wanted & words)
        if best:
            return best
        if origin is None:
            scores = [len(wanted & words) for words in self.words]
            origin = scores.index(max(scores)) if scores and max(scores) else None
        before = self.presenters[: origin + 1] if origin is not None else []
        for presenters in reversed(before):
            if presenters:
                return presenters[0]
        return next((presenters[0] for presenters in self.presenters if presenters), None)


NOT_A_NAME = DETERMINERS | {"members", "committee", "councillors", "officers", "they"}


def _name_shapes(text: str) -> list[str]:
    """Names in a phrase such as 'Dawn Roberts, AD, Early Help and Trevor Brown, ...'."""
    names = []
    for part in re.split(r"\s+and\s+|,\s*", text):
        candidate = strip_honorific(part.strip())
        if NAME_SHAPE.match(candidate) and candidate.split()[0].lower() not in NOT_A_NAME:
            names.append(candidate)
    return names


def responsibility_of(attendee: Attendee) -> str:
    return f"{attendee.name}, {attendee.capacity}" if attendee.capacity else attendee.name


# -- from text to a draft -----------------------------------------------------------------


def parse_notes(text: str, *, limits: UploadLimits | None = None) -> NotesDraft:
    """The draft the notes give, or NotesImportError if they are not action notes."""
    try:
        check_text(text, limits or UploadLimits.from_settings())
    except UploadLimitError as error:
        raise NotesImportError(str(error)) from None
    if not text.strip():
        raise NotesImportError("There is no text to import.")
    lines = clean_lines(text)
    reader = _StructureReader(lines)
    reader.read()
    if not reader.items:
        numbered = number_unnumbered_items(lines)
        if numbered:
            reader = _StructureReader(numbered)
            reader.read()
            first = next(line for line in numbered if line.marker)
            reader.problems.insert(
                0,
                ReadProblem(
                    first.number,
                    "",
                    "The notes do not number their items: they are numbered from 1 here, in "
                    "the order they come. Give them the agenda's numbers below.",
                ),
            )
    if len(reader.items) > MAX_ITEMS:
        raise NotesImportError(
            f"More than {MAX_ITEMS} items were found: import the notes of one meeting at a time."
        )
    if not reader.items:
        raise NotesImportError(
            "No numbered items were found. Each item's heading should start a line with its "
            "number ('5.', '48', '48/18' or 'Item 5'), before its title or alone on the line "
            "above it. If the text has lost its line breaks, paste it as the document lays it "
            "out, one heading to a line."
        )
    attendance = _without_repeats(reader.attendance + apologies_from_items(reader.items))
    casing = DocumentCasing(
        block.text for item in reader.items for block in item.notes + item.resolved
    )
    finder = OwnerFinder(attendance)
    items = [_draft_item(raw, casing, finder) for raw in reader.items]
    return NotesDraft(
        meeting_date=_meeting_date(reader.header),
        attendance=attendance,
        items=items,
        exempt_paragraph=reader.exempt_paragraph,
        exclusion_text=_exclusion_text(reader.items),
        substitutes=substitutes_from(reader.header + reader.attendance_lines, reader.items),
        declarations=declarations_from(reader.header, reader.items, attendance),
        problems=reader.problems + _numbering_problems(reader.items),
    )


def _numbering_problems(items: list[_RawItem]) -> list[ReadProblem]:
    """Gaps in the numbering: an item not minuted, or a heading lost in the conversion."""
    problems = []
    for before, after in itertools.pairwise(items):
        if after.number > before.number + 1:
            missing = (
                str(before.number + 1)
                if after.number == before.number + 2
                else f"{before.number + 1} to {after.number - 1}"
            )
            problems.append(
                ReadProblem(
                    after.line,
                    f"{after.number} {after.heading}",
                    f"No item {missing} was found before item {after.number}: if the notes "
                    f"have it, its heading was not read and its text is in item "
                    f"{before.number}.",
                )
            )
    return problems


def _meeting_date(header: list[str]) -> dt.date | None:
    for line in header:
        if WRITTEN_DATE.search(line):
            # A date no meeting can have is a misprint, not the notes' date.
            return written_date(line)
    return None


def _without_repeats(attendees: list[Attendee]) -> list[Attendee]:
    seen = set()
    out = []
    for attendee in attendees:
        key = (attendee.kind, attendee.name.lower(), attendee.note)
        if attendee.name and key not in seen:
            seen.add(key)
            out.append(attendee)
    return out


def _exclusion_text(items: list[_RawItem]) -> str:
    for item in items:
        text = " ".join(block.text for block in item.notes)
        if re.search(r"\bpublic be (?:now )?excluded\b", text, re.I):
            return text
    return ""


def _draft_item(raw: _RawItem, casing: DocumentCasing, finder: OwnerFinder) -> DraftItem:
    presenters = [b for b in raw.notes if b.kind == "para" and ATTENDED_FOR_ITEM.search(b.text)]
    presenter_ids = {id(b) for b in presenters}
    discussion = [b for b in raw.notes if id(b) not in presenter_ids]
    item = DraftItem(
        number=raw.number,
        title=casing.title(raw.heading),
        notes=notes_text(discussion),
        presenters_text=" ".join(b.text for b in presenters),
        is_exempt=raw.is_exempt,
    )
    requests: list[tuple[int | None, DraftRequest]] = []
    # A declaration of interest is never a request: the reminders would chase it.
    declaring = bool(DECLARATION_HEADING.search(raw.heading))
    for index, unit in enumerate(resolution_units(raw.resolved)):
        item.resolutions.append(resolution_text(unit, casing))
        if not (declaring or is_declaration(unit.head_text)):
            requests.extend((None, request) for request in requests_from_unit(unit, index))
    resolved_words = [significant_words(request.text) for _, request in requests]
    for origin, request in discussion_requests(raw.notes):
        if declaring or is_declaration(raw.notes[origin].text):
            continue
        # "Members ... requested a breakdown" in the discussion, when the resolution asks
        # for it too, is the same request.
        words = significant_words(request.text)
        if not any(_covers(words, other) for other in resolved_words):
            requests.append((origin, request))
    owners = finder.for_item(raw.notes)
    for origin, request in requests:
        owner = owners.owner(request, origin)
        if owner:
            request.owner_as_written = owner.name
            request.responsibility = responsibility_of(owner)
        item.requests.append(request)
    return item


def notes_text(blocks: list[Block]) -> str:
    """The discussion as plain text: paragraphs apart, bullets on their own lines."""
    out: list[str] = []
    for block in blocks:
        if block.kind == "para":
            out.append(("\n" if out else "") + block.text)
        else:
            marker = block.label or ("•" if block.level == 0 else "–")
            out.append(f"{'  ' * block.level}{marker} {block.text}")
    return "\n".join(out).strip()
