"""Importing a month's values: the preview, row-and-column errors, all or nothing, and a
download read back in unchanged (CSV and XLSX)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from tests.support.checksums import database_checksum as _checksum
from tests.support.kpis import build_kpi_world
from tracker.models import IndicatorValue, KpiReport

pytestmark = pytest.mark.django_db

IMPORT = reverse("kpi_import", args=["contract-kpis"])


def database_checksum() -> dict:
    """Every table but the sessions, which hold the upload waiting for its confirmation."""
    return {table: sums for table, sums in _checksum().items() if table != "sessions.Session"}


@pytest.fixture
def officer_client(client):
    world = build_kpi_world()
    client.force_login(world["officer"])
    client.world = world
    return client


def _download(client, export: str) -> bytes:
    response = client.get(
        reverse("kpi_report", args=["contract-kpis", 2018, 12]) + f"?export={export}"
    )
    assert response.status_code == 200
    return response.content


def _upload(client, name: str, content: bytes):
    response = client.post(IMPORT, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"], client.get(response["Location"])


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_a_download_reads_back_unchanged(officer_client, export):
    content = _download(officer_client, export)
    before = database_checksum()
    _location, preview = _upload(officer_client, f"december.{export}", content)
    page = preview.content.decode()
    assert "3 rows: 0 new, 0 changed, 3 unchanged, 0 with errors" in page
    assert "there is nothing to import" in page
    assert database_checksum() == before


def test_a_commentary_longer_than_a_cell_reads_back_unchanged_and_is_kept_whole(officer_client):
    # Stored before the limit on exported text: longer than an Excel cell holds.
    value = IndicatorValue.objects.filter(report__period__year=2018, report__period__month=12)[0]
    long_text = "The figure counts every placement made in the month, however short. " * 1500
    value.commentary = long_text
    value.save()
    workbook = load_workbook(io.BytesIO(_download(officer_client, "xlsx")))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    commentary = header.index("Commentary")
    row = next(r for r in sheet.iter_rows(min_row=2) if r[commentary].value)
    assert len(row[commentary].value) == 32_767  # as much as the cell holds
    row[header.index("Figure")].value = "99"  # and a change, so the import is confirmed
    buffer = io.BytesIO()
    workbook.save(buffer)
    location, preview = _upload(officer_client, "december.xlsx", buffer.getvalue())
    assert "0 new, 1 changed, 2 unchanged, 0 with errors" in preview.content.decode()
    (changed,) = [r for r in preview.context["plan"].rows if r.status == "changed"]
    assert [change.column for change in changed.changes] == ["Figure"]
    officer_client.post(location, {"plan": preview.context["form"].initial["plan"]})
    value.refresh_from_db()
    assert (value.actual, value.commentary) == (Decimal("99"), long_text)


def _edited_csv(client, edit) -> bytes:
    rows = list(csv.reader(io.StringIO(_download(client, "csv").decode("utf-8-sig"))))
    edit(rows)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


def test_the_preview_shows_each_change_and_confirming_saves_them_with_history(officer_client):
    def edit(rows):
        header = rows[0]
        figure, commentary = header.index("Figure"), header.index("Commentary")
        rows[1][figure] = "72%"  # KPI A: 70 -> 72
        january = list(rows[2])
        january[header.index("Month")] = "2019-01"
        january[figure] = "1,015"
        rows.append(january)  # KPI B in a month not yet reported
        rows[1][commentary] = "Revised commentary."

    location, preview = _upload(officer_client, "edited.csv", _edited_csv(officer_client, edit))
    page = preview.content.decode()
    assert "1 new, 1 changed, 2 unchanged, 0 with errors" in page
    assert "Figure</strong>: 70" in page and "72" in page
    assert not IndicatorValue.objects.filter(actual=Decimal("72")).exists()  # not yet
    form = preview.context["form"]
    response = officer_client.post(location, {"plan": form.initial["plan"]})
    assert response.status_code == 302
    a = IndicatorValue.objects.get(indicator__code="KPI A", report__period__month=12)
    assert a.actual == Decimal("72") and a.commentary == "Revised commentary."
    assert a.history.first().history_change_reason == "Imported from edited.csv"
    january = KpiReport.objects.get(period__year=2019, period__month=1)
    assert january.values.get().actual == Decimal("1015")


def test_errors_are_listed_by_row_and_column_and_nothing_is_saved(officer_client):
    def edit(rows):
        header = rows[0]
        rows[1][header.index("Figure")] = "seventy"
        rows[2][header.index("Indicator")] = "KPI Z"
        rows[3][header.index("Month")] = "Smarch"
        rows.append(list(rows[1]))  # row 5 repeats row 2's indicator and month
        rows[4][header.index("Figure")] = "70"

    before = database_checksum()
    location, preview = _upload(officer_client, "bad.csv", _edited_csv(officer_client, edit))
    page = preview.content.decode()
    assert "Row 2, Figure: &#x27;seventy&#x27; is not a number" in page
    assert "Row 3, Indicator: This set has no indicator &#x27;KPI Z&#x27;" in page
    assert "Row 4, Month: &#x27;Smarch&#x27; is not a month" in page
    assert "Row 5, Indicator: KPI A for December 2018 is also on row 2" in page
    assert "Nothing has been imported" in page
    officer_client.post(location, {"plan": "anything"})
    assert database_checksum() == before


def test_a_figure_or_a_reason_for_no_data(officer_client):
    def edit(rows):
        header = rows[0]
        rows[1][header.index("Figure")] = ""
        rows[2][header.index("No data reason")] = "Not collected."

    _location, preview = _upload(officer_client, "gaps.csv", _edited_csv(officer_client, edit))
    page = preview.content.decode()
    assert "Row 2, Figure: Give the month&#x27;s figure, or the reason there is none" in page
    assert "Row 3, No data reason: There is a figure" in page


def test_only_the_committees_officers_import(client):
    world = build_kpi_world()
    client.force_login(world["member"])
    assert client.get(IMPORT).status_code == 403
