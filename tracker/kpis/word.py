"""The month's KPI report as a Word document for the agenda pack, laid out with the
publishing capability's page (tracker.publishing.word): the marking in every header, Arial,
tables with repeated header rows. An exempt report carries the "not for publication"
marking and its paragraph of Schedule 12A."""

from __future__ import annotations

from committees.dates import month_and_year, short_month
from tracker.publishing.documents import Version, marking_for
from tracker.publishing.word import CONTENT_TYPE, _italic, _labelled, _new_document, _saved, _table

__all__ = ["CONTENT_TYPE", "filename", "kpi_report_docx"]

COLUMNS = ("Indicator", "Figure", "Target and band", "Rating", "Trend", "Benchmarks")


def filename(report) -> str:
    return f"{report.kpi_set.slug}-{report.period:%Y-%m}.docx"


def kpi_report_docx(report, lines, headline) -> bytes:
    marking = marking_for(Version.FULL if report.is_exempt else Version.PUBLIC)
    title = report.title or f"{report.kpi_set.name}, {month_and_year(report.period)}"
    document = _new_document(marking, title=title, author=report.kpi_set.provider)
    document.add_heading(title, level=1)
    _italic(document, report.exempt_label)
    _labelled(document, "Provider", report.kpi_set.provider)
    _labelled(document, "Month", month_and_year(report.period))
    _labelled(document, "Received by", str(report.kpi_set.committee))
    headline = list(headline)
    if headline:
        document.add_heading("Comparisons of headline rates per 10,000 children", level=2)
        _table(
            document,
            ("Measure", short_month(report.period), report.headline_area or "Area",
             "Statistical neighbours", "National", report.headline_regional or "Regional"),
            [
                (row.measure,
                 _num(row.current) + (f" ({row.current_note})" if row.current_note else ""),
                 _num(row.area_published), _num(row.statistical_neighbours), _num(row.national),
                 _num(row.regional))
                for row in headline
            ],
        )  # fmt: skip
    document.add_heading("Indicators, outside tolerance first", level=2)
    _table(
        document,
        COLUMNS,
        [
            (
                [f"{line.indicator.code} {line.indicator.name}",
                 f"Good = {line.indicator.get_direction_display()}"],
                [line.figure, line.comparison],
                [f"Target {line.target_text}", f"Tolerance {line.band}"],
                [f"{line.rating.symbol} {line.rating.label}", line.rating.band_text]
                + ([f"Procurement Act: {line.rating.procurement}"] if line.is_contract else []),
                f"{line.trend.arrow} {line.trend.text}".strip(),
                [f"{label}: {figure}" for label, figure in line.benchmarks] or ["None given"],
            )
            for line in lines
        ],
    )  # fmt: skip
    document.add_heading("Commentary", level=2)
    for line in lines:
        if line.value is None:
            continue
        document.add_heading(f"{line.indicator.code} {line.indicator.name}", level=3)
        for paragraph in (line.value.commentary or "No commentary given.").split("\n\n"):
            document.add_paragraph(paragraph.strip())
    return _saved(document)


def _num(value) -> str:
    return "" if value is None else f"{value.normalize():,f}"
