"""Tracker files as an officer handles them: the outstanding list exported, edited, uploaded."""

from __future__ import annotations

import csv
import html
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from tracker.outstanding.exports import HEADERS

CORPORATE_PARENTING = "Corporate Parenting"
COMMITTEE = "Children's Social Care Overview and Scrutiny Committee"


def exported(client, fmt: str) -> bytes:
    response = client.get(reverse("outstanding"), {"export": fmt})
    assert response.status_code == 200
    return response.getvalue()  # both downloads are streamed


def csv_records(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def csv_file(records: list[dict[str, str]], headers: list[str] | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=headers or list(records[0]), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue().encode("utf-8")


def new_recommendation_row(**values: str) -> dict[str, str]:
    row = dict.fromkeys(HEADERS, "")
    row.update(
        {
            "Kind": "Recommendation",
            "Committee": COMMITTEE,
            "Inquiry or meeting": CORPORATE_PARENTING,
            "Reference": "R08",
            "Text": "Care leavers are offered an apprenticeship with the council.",
            "Owner": "Cabinet Member for Children's Wellbeing",
            "Due date": "2019-12-31",
            "Latest assessment": "Not yet assessed",
        }
    )
    row.update(values)
    return row


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def upload(client, name: str, content: bytes):
    return client.post(reverse("tracker_import"), {"file": SimpleUploadedFile(name, content)})


def preview(client, name: str, content: bytes):
    response = upload(client, name, content)
    assert response.status_code == 302, page_text(response)[:2000]
    return response["Location"], client.get(response["Location"])


def by_reference(records: list[dict[str, str]], reference: str) -> dict[str, str]:
    return next(
        r
        for r in records
        if r["Reference"] == reference and r["Inquiry or meeting"] == CORPORATE_PARENTING
    )


def xlsx_file(records: list[dict[str, str]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    headers = list(records[0])
    sheet.append(headers)
    for record in records:
        sheet.append([record[name] for name in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
