"""The annual scrutiny report as a Word file: the page of tracker.publishing.word, with
every line from tracker.impact.report (the print page shows the same data)."""

from __future__ import annotations

from tracker.publishing.word import add_labelled, add_table, as_bytes, new_document

from .report import AnnualReport


def annual_report_docx(report: AnnualReport) -> bytes:
    document = new_document(report.marking, title=report.title, author=report.committee)
    document.add_heading(report.title, level=1)
    document.add_paragraph(f"Prepared on {report.today}.")

    document.add_heading("Meetings held", level=2)
    for line in report.meetings or ("No meetings held.",):
        document.add_paragraph(line)

    document.add_heading("Inquiries and what became of each recommendation", level=2)
    if not report.inquiries:
        document.add_paragraph("No inquiry was reported or tracked this year.")
    for inquiry in report.inquiries:
        document.add_heading(inquiry.title, level=3)
        add_labelled(document, "Reported", inquiry.reported)
        add_labelled(document, "Sent to the executive", inquiry.sent)
        add_labelled(document, "Executive response due", inquiry.response_due)
        add_table(
            document,
            ("Code", "Recommendation", "Owner", "Due", "Executive response", "Outcome"),
            [
                (r.code, r.text, r.owner, r.due, r.response, r.outcome)
                for r in inquiry.recommendations
            ],
        )

    document.add_heading("Requests made and answered", level=2)
    document.add_paragraph(
        f"{report.requests_made} requests made; {report.requests_answered} answered, "
        f"{report.requests_answered_on_time} of them by their due date."
    )
    if report.requests:
        add_table(
            document,
            ("Meeting", "Requested", "From", "Due", "Outcome"),
            [(r.meeting, r.text, r.owner, r.due, r.outcome) for r in report.requests],
        )

    document.add_heading("Still outstanding", level=2)
    for line in (*report.outstanding_recommendations, *report.outstanding_requests) or (
        "Nothing is outstanding.",
    ):
        document.add_paragraph(line, style="List Bullet")

    document.add_heading("Impact log", level=2)
    if not report.impact:
        document.add_paragraph("No impact was noted this year.")
    else:
        add_table(
            document,
            ("Recommendation", "Noted", "Difference made", "Evidence"),
            [(n.recommendation, n.noted, n.difference, n.evidence) for n in report.impact],
        )
    return as_bytes(document)
