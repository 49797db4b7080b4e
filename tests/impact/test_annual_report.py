"""The annual scrutiny report: a Word file and a print page per committee and municipal
year, public (no exempt business) and full (for the committee)."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from docx import Document

from tracker.models import Inquiry

pytestmark = pytest.mark.django_db


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    parts += [p.text for p in document.sections[0].header.paragraphs]
    return "\n".join(parts)


def url(world, version: str, *, docx: bool = False) -> str:
    name = "annual_report_docx" if docx else "annual_report_print"
    return reverse(name, kwargs={"slug": world["committee"].slug, "version": version})


def test_the_public_report_opens_in_word_and_carries_no_exempt_business(client, world):
    response = client.get(url(world, "public", docx=True), {"year": "2018"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-annual-report-2018-public.docx"')
    text = docx_text(response.content)
    assert "PUBLIC VERSION: No exempt information is included" in text
    for heading in (
        "Meetings held",
        "Inquiries and what became of each recommendation",
        "Requests made and answered",
        "Still outstanding",
        "Impact log",
    ):
        assert heading in text
    assert "16 January 2019: Committee meeting" in text
    assert "Corporate Parenting" in text and "Achieved – late (late), 18 October 2017" in text
    assert "Public canary" in text
    assert "canary: the confidential" not in text and "Exempt canary" not in text
    page = client.get(url(world, "public"), {"year": "2018"}).content.decode()
    assert "Public canary" in page and "Exempt canary" not in page


def test_the_full_report_is_the_committees_own(client, world):
    assert client.get(url(world, "full", docx=True), {"year": "2018"}).status_code == 404
    client.force_login(get_user_model().objects.get(username="councillor"))
    text = docx_text(client.get(url(world, "full", docx=True), {"year": "2018"}).content)
    assert "FULL VERSION" in text and "Exempt canary" in text


def test_the_demo_leaves_the_executive_response_unknown(client, demo):
    """No document gives when the Corporate Parenting report (to City Council, 4 April 2017)
    went to the executive, nor the executive's response: both stay unknown."""
    inquiry = Inquiry.objects.get(title="Corporate Parenting")
    assert str(inquiry.reported_to_council_on) == "2017-04-04"
    assert inquiry.sent_to_executive_on is None and inquiry.executive_response_due_on is None
    assert inquiry.review_cadence == ""
    assert set(inquiry.recommendations.values_list("response", flat=True)) == {""}
    page = client.get(inquiry.get_absolute_url()).content.decode()
    assert "Not yet recorded as sent to the executive" in page


def test_a_year_that_is_not_one_is_not_found(client, world):
    assert client.get(url(world, "public"), {"year": "nineteen"}).status_code == 404
