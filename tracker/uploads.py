"""Limits on the work an uploaded or pasted document may make the server do.

A small file can ask for a great deal: a 5 KB workbook can declare a sheet of a million
rows, a zip of a few hundred KB can unpack to gigabytes, a PDF can hold one compressed
stream of hundreds of MB, a Word document can hold a hundred thousand empty paragraphs.
Every reader of uploads (the tracker import, the notes import) therefore checks these
limits while it reads, before the work is done, and stops with an `UploadLimitError`
whose message names the limit and says what to do instead.

The checks are plain Python and need no Django: `UploadLimits()` holds the defaults, and
`UploadLimits.from_settings()` the values the settings give (TRACKER_UPLOAD_MAX_*).

How the limits hold:
- Zip archives (.xlsx, .docx): the entry count and the sum of the sizes the archive
  declares are checked before anything is opened, and so is each large entry's
  compression ratio. A declared size may lie, but Python's zipfile never returns more
  than the declared size of an entry (it stops there), so the declared sum also bounds
  what is actually unpacked.
- XML parts that a reader builds into a tree (all of a .docx, a workbook's styles and
  shared strings) are first streamed once with a parser that resolves no entities, and
  refused if nested too deeply or holding too many elements, paragraphs or characters.
- PDFs: every compressed stream is inflated in bounded steps, counting, before the PDF
  is opened, and a PDF is refused if it packs a stream in any other way the reader would
  unpack (another filter, or zlib inside another layer) or is encrypted, as neither can be
  counted first; pages are counted before any is read; characters are counted while each
  page is read, before its text is laid out.
- A `ReadingBudget` carries the counts and a deadline: its `tick()` is called in every
  reading loop, so no parse runs for longer than the time limit. (A deadline checked in
  the loops works in threads, where an alarm signal does not.)
"""

from __future__ import annotations

import io
import re
import time
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

MB = 1024 * 1024

# Fixed limits, well beyond any real document: a Word document nests a table in a table
# in a list perhaps 20 deep; a part of 300,000 elements is a 500-page document; a dense
# page of small print holds about 6,000 characters.
MAX_XML_DEPTH = 100
MAX_XML_ELEMENTS = 300_000
MAX_PDF_PAGE_CHARACTERS = 20_000
# An entry smaller than this is not checked for its compression ratio: a small part of
# repeated markup compresses very well and harms nothing.
RATIO_CHECKED_FROM_BYTES = 1 * MB


class UploadLimitError(ValueError):
    """The upload is over a limit; the message names it, for the person who sent it."""


@dataclass(frozen=True)
class UploadLimits:
    """What one upload may hold. Defaults here; the settings may change each one."""

    spreadsheet_bytes: int = 2 * MB
    document_bytes: int = 5 * MB
    rows: int = 5_000
    columns: int = 50
    paragraphs: int = 10_000
    characters: int = 200_000
    pages: int = 60
    unpacked_bytes: int = 20 * MB
    zip_entries: int = 500
    compression_ratio: int = 100
    seconds: float = 10.0

    @classmethod
    def from_settings(cls) -> UploadLimits:
        from django.conf import settings

        return cls(
            spreadsheet_bytes=int(settings.TRACKER_UPLOAD_MAX_SPREADSHEET_MB * MB),
            document_bytes=int(settings.TRACKER_UPLOAD_MAX_DOCUMENT_MB * MB),
            rows=settings.TRACKER_UPLOAD_MAX_ROWS,
            columns=settings.TRACKER_UPLOAD_MAX_COLUMNS,
            paragraphs=settings.TRACKER_UPLOAD_MAX_PARAGRAPHS,
            characters=settings.TRACKER_UPLOAD_MAX_CHARACTERS,
            pages=settings.TRACKER_UPLOAD_MAX_PAGES,
            unpacked_bytes=int(settings.TRACKER_UPLOAD_MAX_UNPACKED_MB * MB),
            zip_entries=settings.TRACKER_UPLOAD_MAX_ZIP_ENTRIES,
            compression_ratio=settings.TRACKER_UPLOAD_MAX_COMPRESSION_RATIO,
            seconds=settings.TRACKER_UPLOAD_MAX_SECONDS,
        )


def size_text(size: int) -> str:
    """2 MB, 512 KB: a size as a person would say it."""
    if size >= MB:
        return f"{size / MB:,.3g} MB" if size % MB else f"{size // MB:,} MB"
    return f"{max(size // 1024, 1):,} KB"


def too_many(what: str, limit: int, advice: str) -> UploadLimitError:
    """The usual refusal: "The file has more than 5,000 rows: the limit is 5,000. ..."."""
    return UploadLimitError(
        f"The file has more than {limit:,} {what}: the limit is {limit:,}. {advice}"
    )


class ReadingBudget:
    """What is left to one parse: characters and paragraphs counted, and a deadline."""

    def __init__(self, limits: UploadLimits) -> None:
        self.limits = limits
        self.deadline = time.monotonic() + limits.seconds
        self.characters = 0
        self.paragraphs = 0

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise UploadLimitError(
                f"Reading the file took longer than {self.limits.seconds:g} seconds, the limit "
                "for one file. Split it and import each part, or paste its text."
            )

    def add_characters(self, count: int) -> None:
        self.characters += count
        if self.characters > self.limits.characters:
            raise too_many(
                "characters of text",
                self.limits.characters,
                "Import the notes of one meeting at a time.",
            )

    def add_paragraph(self) -> None:
        self.paragraphs += 1
        if self.paragraphs > self.limits.paragraphs:
            raise too_many(
                "paragraphs",
                self.limits.paragraphs,
                "Remove the empty paragraphs, or paste the text of the notes.",
            )


def check_size(data: bytes, limit: int) -> None:
    if len(data) > limit:
        raise UploadLimitError(
            f"The file is larger than {size_text(limit)}: the limit is {size_text(limit)}. "
            "Split it and import each part."
        )


def check_text(text: str, limits: UploadLimits) -> None:
    """Pasted or extracted text: at most the character limit."""
    if len(text) > limits.characters:
        raise UploadLimitError(
            f"The text has {len(text):,} characters: the limit is {limits.characters:,}. "
            "Import the notes of one meeting at a time."
        )


# -- zip archives ---------------------------------------------------------------------------


def open_zip(data: bytes, limits: UploadLimits) -> zipfile.ZipFile:
    """The archive, once its declared contents are within the limits.

    zipfile.BadZipFile is left to the caller, which knows what the file was meant to be.
    """
    archive = zipfile.ZipFile(io.BytesIO(data))
    entries = archive.infolist()
    if len(entries) > limits.zip_entries:
        raise UploadLimitError(
            f"The file holds {len(entries):,} parts: the limit is {limits.zip_entries:,}. "
            "Save it again from Excel or Word, or paste its text."
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > limits.unpacked_bytes:
        raise UploadLimitError(
            f"The file would unpack to {size_text(unpacked)}: the limit is "
            f"{size_text(limits.unpacked_bytes)}. Split it and import each part."
        )
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size >= RATIO_CHECKED_FROM_BYTES and ratio > limits.compression_ratio:
            raise UploadLimitError(
                f"The file is compressed {ratio:,.0f} times over: the limit is "
                f"{limits.compression_ratio:,} times. Save it again from Excel or Word."
            )
    return archive


def check_xml_parts(
    archive: zipfile.ZipFile,
    budget: ReadingBudget,
    *,
    skip: Iterable[str] = (),
    paragraph_tag: str | None = None,
    text_tag: str | None = None,
) -> None:
    """Stream each XML part once, refusing one nested too deep or with too many elements.

    With `paragraph_tag` and `text_tag` (a Word document's), the paragraphs and the
    characters of text are counted against their limits as well.
    """
    skipped = set(skip)
    for entry in archive.infolist():
        name = entry.filename
        if name in skipped or not name.endswith((".xml", ".rels")):
            continue
        with archive.open(entry) as stream:
            _check_xml(stream, budget, paragraph_tag=paragraph_tag, text_tag=text_tag)


def _check_xml(
    stream: IO[bytes],
    budget: ReadingBudget,
    *,
    paragraph_tag: str | None,
    text_tag: str | None,
) -> None:
    from lxml import etree

    depth = elements = 0
    events = etree.iterparse(
        stream,
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )
    try:
        for event, element in events:
            if event == "start":
                depth += 1
                elements += 1
                if depth > MAX_XML_DEPTH:
                    raise UploadLimitError(
                        f"The file's content is nested more than {MAX_XML_DEPTH} levels deep: "
                        f"the limit is {MAX_XML_DEPTH}. Save it again from Excel or Word, or "
                        "paste its text."
                    )
                if elements > MAX_XML_ELEMENTS:
                    raise too_many(
                        "pieces of content",
                        MAX_XML_ELEMENTS,
                        "Split it and import each part, or paste its text.",
                    )
                if elements % 1000 == 0:
                    budget.tick()
                continue
            depth -= 1
            if element.tag == paragraph_tag:
                budget.add_paragraph()
            elif element.tag == text_tag and element.text:
                budget.add_characters(len(element.text))
            # What has been read is let go, so memory stays flat however long the part.
            element.clear()
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError:
        return  # the reader that follows says the file is damaged, in its own words


MAX_ROW_CELLS = 16_384  # as many columns as Excel has


def last_row_with_content(stream: IO[bytes], budget: ReadingBudget) -> int:
    """Stream a worksheet's XML once: the number of its last row with a value in it.

    A sheet over the row limit (rows as the spreadsheet numbers them, up to the last with
    content) is refused here, before a reader fills in the rows it skips; so is a row of
    more cells than Excel allows. Blank rows after the last with content cost nothing.
    """
    from lxml import etree

    limit = budget.limits.rows + 1  # and the headings
    last = number = cells = depth = 0
    filled = False
    events = etree.iterparse(
        stream, events=("start", "end"), resolve_entities=False, no_network=True, huge_tree=False
    )
    for event, element in events:
        name = element.tag.rpartition("}")[2]
        if event == "start":
            depth += 1
            if depth > MAX_XML_DEPTH:
                raise UploadLimitError(
                    f"The file's content is nested more than {MAX_XML_DEPTH} levels deep: "
                    f"the limit is {MAX_XML_DEPTH}. Save it again from Excel."
                )
            if name == "row":
                number = int(element.get("r") or number + 1)
                cells, filled = 0, False
            elif name == "c":
                cells += 1
                if cells > MAX_ROW_CELLS:
                    raise too_many("cells in a row", MAX_ROW_CELLS, "Save it again from Excel.")
            continue
        depth -= 1
        if name in {"v", "t"} and element.text and element.text.strip():
            filled = True
        elif name == "row":
            budget.tick()
            if filled:
                last = number
                if number > limit:
                    raise too_many("rows", budget.limits.rows, "Split it and import each part.")
        if name in {"c", "row"}:
            element.clear()
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
    return last


# -- PDF ------------------------------------------------------------------------------------

# Where a stream's data starts: after the keyword, the rest of its line. PDF 7.3.8.1 asks
# for CRLF or LF; the reader (pdfminer) takes whatever ends the line, CR alone too.
STREAM_START = re.compile(rb"stream[^\r\n]*(?:\r\n|\r|\n)")
INFLATE_STEP = 64 * 1024
# A name may spell any of its characters as # and two hex digits (PDF 7.3.5): /Fil#74er.
NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# Between tokens: white space and comments.
PDF_GAP = rb"(?:[\s\x00]|%[^\r\n]*)*"
PDF_NAME = rb"/[^\s\x00/\[\]<>(){}%]*"
FILTER = re.compile(rb"/Filter(?![^\s\x00/\[\]<>(){}%])" + PDF_GAP)
FILTER_NAMES = re.compile(
    rb"\[(" + PDF_GAP + rb"(?:" + PDF_NAME + PDF_GAP + rb")*)\]|(" + PDF_NAME + rb")"
)
ENCRYPT = re.compile(rb"/Encrypt(?![^\s\x00/\[\]<>(){}%])")
FLATE = {b"/FlateDecode", b"/Fl"}
# Image encodings the reader keeps as they are, unpacking nothing.
KEPT_AS_IS = {b"/DCTDecode", b"/DCT", b"/JPXDecode", b"/JBIG2Decode"}
NOT_UNPACKED = (
    "The PDF packs its contents in a way that cannot be measured before it is read "
    "({what}). Save the notes as a Word document, or paste their text."
)


def check_pdf_packing(data: bytes) -> None:
    """Refuse a PDF whose streams the reader would unpack in a way `check_pdf_streams`
    cannot count first: encrypted (its zlib data is hidden until decrypted), or packed
    other than by one zlib layer (FlateDecode), first, with at most image encodings the
    reader keeps as they are after it (any other filter, or zlib inside another layer, as
    [/ASCIIHexDecode /FlateDecode] or [/FlateDecode /FlateDecode]). Every /Filter in the
    file is read, names spelled with # escapes too, wherever it is."""
    if b"#" in data:
        data = NAME_ESCAPE.sub(lambda match: bytes([int(match[1], 16)]), data)
    if ENCRYPT.search(data):
        raise UploadLimitError(NOT_UNPACKED.format(what="it is encrypted"))
    for key in FILTER.finditer(data):
        value = FILTER_NAMES.match(data, key.end())
        if value is None:  # an indirect reference, or anything else than names
            raise UploadLimitError(NOT_UNPACKED.format(what="a filter not named in place"))
        names = re.findall(PDF_NAME, value[1]) if value[1] is not None else [value[2]]
        expanded = [name for name in names if name not in KEPT_AS_IS]
        if expanded and (expanded != [names[0]] or names[0] not in FLATE):
            what = " ".join(name.decode("latin-1") for name in names)
            raise UploadLimitError(NOT_UNPACKED.format(what=what))


def check_pdf_streams(data: bytes, budget: ReadingBudget) -> None:
    """Inflate every compressed stream in bounded steps, counting, before the PDF is opened.

    Each place a stream starts is tried as zlib data (FlateDecode, the one unpacking
    `check_pdf_packing` lets through, first); what inflates is counted, never kept, and the
    total may not pass the limit. Data that is not zlib is left to the PDF reader.
    """
    check_pdf_packing(data)
    limit = budget.limits.unpacked_bytes
    view = memoryview(data)
    total = 0
    for match in STREAM_START.finditer(data):
        total += _inflated_size(view, match.end(), limit - total, budget)
        if total > limit:
            raise UploadLimitError(
                f"The PDF would unpack to more than {size_text(limit)}: the limit is "
                f"{size_text(limit)}. Upload only the notes, or paste their text."
            )


def _inflated_size(view: memoryview, start: int, room: int, budget: ReadingBudget) -> int:
    """How many bytes the zlib data at `start` inflates to, counting at most room + 1."""
    inflater = zlib.decompressobj()
    size = 0
    position = start
    try:
        while not inflater.eof and position < len(view) and size <= room:
            pending = view[position : position + INFLATE_STEP]
            position += len(pending)
            while pending and size <= room:
                size += len(inflater.decompress(pending, room + 1 - size))
                pending = inflater.unconsumed_tail
                budget.tick()
    except zlib.error:
        return 0  # not zlib data here
    return size


def count_pdf_pages(document, budget: ReadingBudget) -> None:
    """Walk the page tree (a pdfminer PDFDocument) lazily, refusing past the page limit."""
    from pdfminer.pdfpage import PDFPage

    limit = budget.limits.pages
    for number, _page in enumerate(PDFPage.create_pages(document), start=1):
        if number > limit:
            raise UploadLimitError(
                f"The PDF has more than {limit:,} pages: the limit is {limit:,}. Upload "
                "only the action notes, not the whole agenda pack."
            )
        budget.tick()


def count_pdf_page_characters(resources, page, budget: ReadingBudget) -> None:
    """Interpret one page (pdfminer's PDFPage) counting its characters, keeping nothing.

    Laying out text keeps a large object per character, so the count comes first: a page
    with more characters than any real page, or that takes the text past the limit, is
    refused before it is laid out.
    """
    from pdfminer.pdfdevice import PDFTextDevice
    from pdfminer.pdfinterp import PDFPageInterpreter

    class CharacterCounter(PDFTextDevice):
        counted = 0

        def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):
            self.counted += 1
            if self.counted > MAX_PDF_PAGE_CHARACTERS:
                raise UploadLimitError(
                    f"A page of the PDF has more than {MAX_PDF_PAGE_CHARACTERS:,} "
                    f"characters: the limit is {MAX_PDF_PAGE_CHARACTERS:,} a page. Paste "
                    "the text of the notes instead."
                )
            budget.add_characters(1)
            if self.counted % 1000 == 0:
                budget.tick()
            return font.char_width(cid) * fontsize * scaling

    PDFPageInterpreter(resources, CharacterCounter(resources)).process_page(page)
    budget.tick()
