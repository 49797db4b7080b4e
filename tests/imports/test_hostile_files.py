"""Hostile files: each small upload built to make a reader do too much gets a clear refusal,
quickly, and the process that reads it stays small.

Every file is made here, in the test. Each is read in a child process of its own, so its
peak memory is measured for real (the child reports its own peak resident size, VmHWM); a
Django process starts at about 70 MB. Through the pages, a refusal names the limit and
saves nothing.
"""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from committees.models import Meeting
from tracker.imports.trackers import views as tracker_import_views
from tracker.models import InformationRequest, Recommendation
from tracker.outstanding.exports import HEADERS

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024
PEAK_MB = 200
SECONDS = 5
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# -- making the files -----------------------------------------------------------------------


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _zeros_deflated(head: bytes, size: int) -> tuple[bytes, int]:
    """Raw deflate data of `head` then `size` bytes of zeros, and its CRC-32; made fast.

    After a full flush the compressor starts afresh, so every megabyte of zeros after it
    compresses to the same block: the block is made once and repeated.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(MB)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH) == block
    crc = zlib.crc32(head)
    for _ in range(size // MB):
        crc = zlib.crc32(chunk, crc)
    return start + block * (size // MB) + compressor.flush(), crc


def _zip_with_bomb(parts: dict[str, bytes], name: str, head: bytes, size: int) -> bytes:
    """The parts, and `name` holding `head` then `size` bytes of zeros, compressed.

    Written by hand (zipfile compresses only what it is given, which takes seconds).
    """
    out = bytearray()
    directory = bytearray()
    entries = [(part, data) for part, data in parts.items() if part != name] + [(name, None)]
    for part, data in entries:
        encoded = part.encode()
        if data is None:
            method, usize = zipfile.ZIP_DEFLATED, len(head) + size
            data, crc = _zeros_deflated(head, size)
        else:
            method, usize, crc = zipfile.ZIP_STORED, len(data), zlib.crc32(data)
        fields = (method, 0, 0x21, crc, len(data), usize, len(encoded))
        directory += struct.pack(
            "<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, *fields, 0, 0, 0, 0, 0, len(out)
        )
        directory += encoded
        out += struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, *fields, 0) + encoded + data
    end = struct.pack(
        "<4s4H2IH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), len(out), 0
    )
    return bytes(out + directory + end)


def _cell(column: str, row: int, text: str) -> str:
    return f'<c r="{column}{row}" t="inlineStr"><is><t>{text}</t></is></c>'


def _column(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def xlsx_parts(sheet: str) -> dict[str, bytes]:
    """A workbook of one sheet, written as Excel writes the parts that matter."""
    return {
        "[Content_Types].xml": (
            b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            b'<Default Extension="rels" '
            b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            b'<Default Extension="xml" ContentType="application/xml"/>'
            b'<Override PartName="/xl/workbook.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            b"</Types>"
        ),
        "_rels/.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
            b"</Relationships>"
        ),
        "xl/workbook.xml": (
            b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            b'<sheets><sheet name="Outstanding" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
            b"</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": sheet.encode(),
    }


def _sheet(dimension: str, rows: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    )


HEADING_ROW = (
    '<row r="1">' + "".join(_cell(_column(i), 1, h) for i, h in enumerate(HEADERS, 1)) + "</row>"
)


def xlsx_with_huge_dimensions() -> bytes:
    """A sheet declaring every row and column Excel allows, with rows sparse far down."""
    rows = [HEADING_ROW]
    for number in range(200, 1_048_577, 200):  # 5,242 rows, the last near row 1,048,576
        rows.append(
            f'<row r="{number}">{_cell("A", number, "Recommendation")}'
            f"{_cell('XFD', number, 'far right')}</row>"
        )
    return _zip(xlsx_parts(_sheet("A1:XFD1048576", "".join(rows))))


def xlsx_zip_bomb() -> bytes:
    """A sheet of 300 MB, nearly all zeros, in a file of a few hundred KB."""
    head = _sheet("A1", HEADING_ROW).split("</sheetData>")[0].encode()
    parts = xlsx_parts("")
    return _zip_with_bomb(parts, "xl/worksheets/sheet1.xml", head, 300 * MB)


def xlsx_with_deep_shared_strings() -> bytes:
    parts = xlsx_parts(_sheet("A1", HEADING_ROW))
    depth = 100_000
    parts["xl/sharedStrings.xml"] = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + "<si>" * depth
        + "</si>" * depth
        + "</sst>"
    ).encode()
    return _zip(parts)


def _word_parts() -> dict[str, bytes]:
    """The parts of a real, empty Word document, as python-docx writes it."""
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _document(body: str) -> bytes:
    return f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'.encode()


def docx_of_empty_paragraphs() -> bytes:
    parts = _word_parts()
    parts["word/document.xml"] = _document("<w:p/>" * 100_000)
    return _zip(parts)


def docx_deeply_nested() -> bytes:
    parts = _word_parts()
    depth = 20_000  # a part small enough that its compression is not what is refused
    parts["word/document.xml"] = _document("<w:p>" + "<w:r>" * depth + "</w:r>" * depth + "</w:p>")
    return _zip(parts)


def docx_zip_bomb() -> bytes:
    head = f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>'.encode()
    return _zip_with_bomb(_word_parts(), "word/document.xml", head, 300 * MB)


def docx_understating_its_size() -> bytes:
    """A zip whose directory says its document is 2 KB, while it inflates to 300 MB."""
    data = bytearray(docx_zip_bomb())
    entry = data.rfind(b"word/document.xml") - 46  # the central directory's entry
    assert data[entry : entry + 4] == b"PK\x01\x02"
    struct.pack_into("<I", data, entry + 24, 2048)
    return bytes(data)


def pdf_with_large_stream(size: int = 300 * MB) -> bytes:
    """One page whose content stream is `size` bytes of spaces, compressed."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b" " * MB
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    adler = 1
    for _ in range(size // MB):
        adler = zlib.adler32(chunk, adler)
    # A zlib stream: its header, the raw deflate data (one block repeated, as above), and
    # the checksum of what it inflates to.
    stream = b"\x78\xda" + block * (size // MB) + compressor.flush() + struct.pack(">I", adler)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _with_stream(pdf: bytes, stream: bytes, filters: bytes) -> bytes:
    """The PDF with its one stream replaced, declared with `filters`. The cross-reference
    offsets no longer hold; the reader finds the objects again, as it does in a damaged
    file, so the stream is still read."""
    start = pdf.index(b"<< /Length")
    end = pdf.index(b"\nendstream")
    dictionary = b"<< /Length %d /Filter %s >>\nstream\n" % (len(stream), filters)
    return pdf[:start] + dictionary + stream + pdf[end:]


def _compressed_stream(pdf: bytes) -> bytes:
    return pdf[pdf.index(b"stream\n") + 7 : pdf.index(b"\nendstream")]


def pdf_stream_after_a_bare_cr() -> bytes:
    """The stream keyword's line ended by CR alone, which the reader accepts."""
    return pdf_with_large_stream().replace(b">>\nstream\n", b">>\nstream\r", 1)


def pdf_stream_in_hex() -> bytes:
    """The zlib data written out in hex: it is zlib only once the hex is read."""
    pdf = pdf_with_large_stream()
    hexed = _compressed_stream(pdf).hex().encode() + b">"
    return _with_stream(pdf, hexed, b"[/ASCIIHexDecode /FlateDecode]")


def pdf_stream_compressed_twice() -> bytes:
    """zlib data inside zlib data: the first layer is small, the second is not."""
    pdf = pdf_with_large_stream()
    return _with_stream(pdf, zlib.compress(_compressed_stream(pdf)), b"[/Fl#61teDecode /Fl]")


def pdf_encrypted() -> bytes:
    """A trailer naming an encryption dictionary (with an empty password the reader would
    decrypt the streams, and only then find them zlib)."""
    return pdf_with_large_stream().replace(
        b"trailer\n<< ", b"trailer\n<< /Encr#79pt << /Filter /Standard /V 1 /R 2 >> "
    )


# -- reading each in a process of its own ---------------------------------------------------

CHILD = """
import json, os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
import django
django.setup()
from tracker.imports.notes.reader import NotesImportError, extract_text
from tracker.imports.tables import ImportFileError
from tracker.imports.trackers.importer import read_tracker_file
importer, name, path = sys.argv[1:]
data = open(path, "rb").read()
started = time.monotonic()
try:
    if importer == "tracker":
        read_tracker_file(filename=name, content=data)
    else:
        extract_text(name, data)
    message = None
except (ImportFileError, NotesImportError) as error:
    message = str(error)
# VmHWM: the peak resident size of this process's own memory. Not ru_maxrss, which Linux
# carries over from the parent across fork and exec: a large test run would show as this.
with open("/proc/self/status") as status:
    peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({
    "message": message,
    "seconds": time.monotonic() - started,
    "peak_mb": peak_kb / 1024,
}))
"""


def read_in_child(importer: str, name: str, data: bytes, tmp_path: Path) -> dict:
    path = tmp_path / name
    path.write_bytes(data)
    done = subprocess.run(
        [sys.executable, "-c", CHILD, importer, name, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


HOSTILE = [
    ("tracker", "dimensions.xlsx", xlsx_with_huge_dimensions, "more than 5,000 rows"),
    ("tracker", "bomb.xlsx", xlsx_zip_bomb, "would unpack to 300 MB: the limit is 20 MB"),
    ("tracker", "nested.xlsx", xlsx_with_deep_shared_strings, "nested more than 100 levels"),
    ("notes", "bomb.docx", docx_zip_bomb, "would unpack to 301 MB: the limit is 20 MB"),
    ("notes", "understated.docx", docx_understating_its_size, "damaged"),
    ("notes", "paragraphs.docx", docx_of_empty_paragraphs, "more than 10,000 paragraphs"),
    ("notes", "nested.docx", docx_deeply_nested, "nested more than 100 levels"),
    ("notes", "stream.pdf", pdf_with_large_stream, "would unpack to more than 20 MB"),
    ("notes", "bare-cr.pdf", pdf_stream_after_a_bare_cr, "would unpack to more than 20 MB"),
    ("notes", "hex.pdf", pdf_stream_in_hex, "(/ASCIIHexDecode /FlateDecode)"),
    ("notes", "twice.pdf", pdf_stream_compressed_twice, "(/FlateDecode /Fl)"),
    ("notes", "encrypted.pdf", pdf_encrypted, "(it is encrypted)"),
]


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("importer", "name", "make", "message"), HOSTILE, ids=[case[1] for case in HOSTILE]
)
def test_a_hostile_file_is_refused_quickly_in_little_memory(
    importer, name, make, message, tmp_path
):
    data = make()
    assert len(data) < 2 * MB  # small enough to pass the size limit: the harm is inside
    outcome = read_in_child(importer, name, data, tmp_path)
    assert outcome["message"] is not None, "the file was read"
    assert message in outcome["message"]
    assert outcome["seconds"] < SECONDS
    assert outcome["peak_mb"] < PEAK_MB


def test_a_zip_that_understates_a_size_unpacks_no_more_than_it_states():
    """Why the declared sizes can be trusted as a bound: zipfile stops at the declared size
    of an entry, and then finds the entry damaged (its checksum is of far more)."""
    archive = zipfile.ZipFile(io.BytesIO(docx_understating_its_size()))
    with archive.open("word/document.xml") as member, pytest.raises(zipfile.BadZipFile):
        member.read()


# -- through the pages ----------------------------------------------------------------------


@pytest.fixture
def officer(client, demo):
    client.force_login(get_user_model().objects.get(username="officer"))
    return client


def page_text(response) -> str:
    return " ".join(response.content.decode().split())


@pytest.mark.django_db
def test_the_tracker_import_page_names_the_limit_and_keeps_nothing(officer):
    before = (Recommendation.history.count(), InformationRequest.history.count())
    upload = SimpleUploadedFile("dimensions.xlsx", xlsx_with_huge_dimensions())
    response = officer.post(reverse("tracker_import"), {"file": upload})
    assert response.status_code == 200
    assert (
        "The file has more than 5,000 rows: the limit is 5,000. Split it and import each part."
        in page_text(response)
    )
    assert officer.session.get(tracker_import_views.SESSION_KEY, {}) == {}
    assert (Recommendation.history.count(), InformationRequest.history.count()) == before


@pytest.mark.django_db
def test_the_notes_import_page_names_the_limit_and_keeps_nothing(officer):
    meeting = Meeting.objects.order_by("date").first()
    before = (Recommendation.history.count(), InformationRequest.history.count())
    upload = SimpleUploadedFile("paragraphs.docx", docx_of_empty_paragraphs())
    url = reverse("notes_import", args=[meeting.pk])
    response = officer.post(url, {"file": upload, "text": ""})
    assert response.status_code == 200
    assert "The file has more than 10,000 paragraphs: the limit is 10,000." in page_text(response)
    assert f"notes_import:{meeting.pk}" not in officer.session
    assert (Recommendation.history.count(), InformationRequest.history.count()) == before


@pytest.mark.django_db
def test_a_paste_over_the_character_limit_is_refused_on_the_page(officer):
    meeting = Meeting.objects.order_by("date").first()
    url = reverse("notes_import", args=[meeting.pk])
    response = officer.post(url, {"text": "1. ITEM\n" + "x" * 200_001})
    assert response.status_code == 200
    assert "The text has more than 200,000 characters: the limit is 200,000." in page_text(response)


@pytest.mark.django_db
def test_a_paste_of_20_mb_gets_a_page_giving_the_limits(officer):
    meeting = Meeting.objects.order_by("date").first()
    url = reverse("notes_import", args=[meeting.pk])
    response = officer.post(url, {"text": "x" * (20 * MB)})
    assert response.status_code == 413
    text = page_text(response)
    assert "What you sent is larger than 2.5 MB, the most this form accepts." in text
    assert "Shorten the text or split it into smaller files." in text
    assert "at most 200,000 characters" in text
    assert f'href="{url}"' in response.content.decode()


@pytest.mark.django_db
def test_an_over_large_post_to_the_tracker_import_gets_the_limits_and_saves_nothing(demo):
    # As a browser sends it: the CSRF check reads the form first.
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(get_user_model().objects.get(username="officer"))
    url = reverse("tracker_import")
    token = browser.get(url).context["csrf_token"]
    before = (Recommendation.history.count(), InformationRequest.history.count())
    pasted = {"csrfmiddlewaretoken": str(token), "notes": "x" * (20 * MB)}
    response = browser.post(url, {**pasted, "file": SimpleUploadedFile("list.csv", b"Kind\n")})
    assert response.status_code == 413
    text = page_text(response)
    assert "What you sent is larger than 2.5 MB, the most this form accepts." in text
    assert "a spreadsheet to import up to 2 MB" in text
    assert f'href="{url}"' in response.content.decode()
    # A file over the limit is refused by the form, naming it.
    big = SimpleUploadedFile("list.csv", b"x" * (20 * MB))
    response = browser.post(url, {"csrfmiddlewaretoken": str(token), "file": big})
    assert response.status_code == 200
    assert "The selected file must be smaller than 2 MB" in page_text(response)
    assert (Recommendation.history.count(), InformationRequest.history.count()) == before


def test_a_file_over_every_limit_is_not_received_beyond_the_largest(settings, rf):
    """The handlers that keep a file (in memory, or on disk past 2.5 MB) get no more of it
    than the largest upload limit; the form gets its name and size, and refuses it."""
    from django.core.files.uploadhandler import load_handler

    from tests.support.uploads import Counting
    from tracker.uploads import UploadLimits
    from tracker.web.uploads import SizeOnly

    settings.FILE_UPLOAD_HANDLERS = [
        settings.FILE_UPLOAD_HANDLERS[0],  # the app's first handler: BoundedUpload
        "tests.support.uploads.Counting",
        *settings.FILE_UPLOAD_HANDLERS[1:],
    ]
    limits = UploadLimits.from_settings()
    largest = max(limits.document_bytes, limits.spreadsheet_bytes)  # 5 MB, a document's
    small = b"Kind,Reference\n" * 1000

    def received(content: bytes):
        Counting.received = 0
        request = rf.post("/", {"file": SimpleUploadedFile("list.csv", content)})
        request.upload_handlers = [
            load_handler(path, request) for path in settings.FILE_UPLOAD_HANDLERS
        ]
        return request.FILES["file"]

    upload = received(b"x" * (50 * MB))
    assert Counting.received <= largest
    assert isinstance(upload, SizeOnly)
    assert (upload.name, upload.size, upload.read()) == ("list.csv", 50 * MB, b"")

    upload = received(small)  # under the limits, received whole as before
    assert Counting.received == len(small)
    assert upload.read() == small
