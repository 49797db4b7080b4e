"""Word and PDF versions of plain-text action notes, made at test time.

The seeds are text converted from the committee's PDFs (partly into Markdown). These
helpers lay the same lines out as the documents an officer would upload: a Word document
with one paragraph per line, item headings as a numbered list and bullets as bulleted
lists; and a PDF whose long lines wrap, whose paragraphs are spaced apart and whose pages
carry "Page N of M" footers. The PDF is written by pdfium (through pypdfium2, which
pdfplumber already installs) with the standard Helvetica font, the way many PDF printers
write simple text; no font file or other tool is needed.
"""

from __future__ import annotations

import ctypes
import io
import re
import textwrap

HEADING = re.compile(r"^(\d{1,2})\.\s+(.+)$")
BULLET = re.compile(r"^(\s*)[-•]\s+(.*)$")


def plain_lines(text: str) -> list[str]:
    """The paragraphs as a document holds them, one a line: without the Markdown of the
    converted seeds, and with a bullet's wrapped lines (indented in the seeds, where the
    conversion broke them) back in their bullet."""
    lines: list[str] = []
    for line in text.splitlines():
        line = re.sub(r"</?(?:sup|u|b)>", "", line)
        line = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line)
        line = re.sub(r"^#{1,6}\s+", "", line.rstrip()).replace("**", "")
        if line.strip() == "---":
            line = ""
        wrapped = line[:1] == " " and line.strip() and not BULLET.match(line)
        if wrapped and lines and BULLET.match(lines[-1]):
            lines[-1] = f"{lines[-1]} {line.strip()}"
        else:
            lines.append(line)
    return lines


def make_docx(text: str) -> bytes:
    """A .docx: item headings numbered by Word (the number is not in the text), bullets
    as Word bullets (nested ones in "List Bullet 2"), everything else one paragraph a line."""
    import docx

    document = docx.Document()
    for line in plain_lines(text):
        if not line.strip():
            continue
        heading = HEADING.match(line.strip())
        bullet = BULLET.match(line)
        if heading and heading.group(2).upper() == heading.group(2):
            document.add_paragraph(heading.group(2), style="List Number")
        elif bullet:
            nested = len(bullet.group(1)) >= 2
            document.add_paragraph(
                bullet.group(2), style="List Bullet 2" if nested else "List Bullet"
            )
        else:
            document.add_paragraph(line.strip())
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN, FONT_SIZE, LEADING, PARAGRAPH_GAP = 56, 10, 12, 8
WRAP_AT = 95  # characters a line of 10 point Helvetica holds between the margins


def make_pdf(text: str) -> bytes:
    """A PDF of the notes: wrapped lines, spaced paragraphs and "Page N of M" footers."""
    import pypdfium2 as pdfium

    pages: list[list[tuple[float, float, str]]] = [[]]
    y = PAGE_HEIGHT - MARGIN
    for line in plain_lines(text):
        if not line.strip():
            continue
        bullet = BULLET.match(line)
        indent = (len(bullet.group(1)) // 2 * 18) if bullet else 0
        body = f"• {bullet.group(2)}" if bullet else line.strip()
        wrapped = textwrap.wrap(body, WRAP_AT - indent // 5) or [""]
        for number, part in enumerate(wrapped):
            if y < MARGIN + 2 * LEADING:
                pages.append([])
                y = PAGE_HEIGHT - MARGIN
            hanging = 10 if bullet and number else 0
            pages[-1].append((MARGIN + indent + hanging, y, part))
            y -= LEADING
        y -= PARAGRAPH_GAP

    document = pdfium.PdfDocument.new()
    for number, lines in enumerate(pages, start=1):
        page = document.new_page(PAGE_WIDTH, PAGE_HEIGHT)
        for x, y, part in lines:
            _write(document, page, x, y, part)
        _write(document, page, PAGE_WIDTH / 2 - 30, MARGIN / 2, f"Page {number} of {len(pages)}")
        page.gen_content()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _write(document, page, x: float, y: float, text: str) -> None:
    import pypdfium2.raw as pdfium_c

    text_object = pdfium_c.FPDFPageObj_NewTextObj(document, b"Helvetica", ctypes.c_float(FONT_SIZE))
    wide = ctypes.create_string_buffer((text + "\x00").encode("utf-16-le"))
    pdfium_c.FPDFText_SetText(text_object, ctypes.cast(wide, pdfium_c.FPDF_WIDESTRING))
    pdfium_c.FPDFPageObj_Transform(text_object, 1, 0, 0, 1, x, y)
    pdfium_c.FPDFPage_InsertObject(page.raw, text_object)


def make_scanned_pdf() -> bytes:
    """A PDF holding only a picture, as a scanner makes: no text to read."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (200, 280), "white").save(out, format="PDF")
    return out.getvalue()
