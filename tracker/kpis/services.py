"""Writes to the KPI record: asking about an indicator, a month's values, exemption.

Each saves through the model (full_clean, then save) so history records who and why.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from committees import clock
from committees.dates import month_and_year
from committees.models import Meeting
from committees.services import save_with_history
from tracker.items.services import information_request_create
from tracker.models import IndicatorValue, KpiQuestion, KpiReport, KpiSet

from .ratings import rate
from .selectors import figure_text


def _meeting_for(report: KpiReport, today: dt.date) -> Meeting:
    """The meeting a question about the report is recorded at: the one that received the
    report, or else the committee's latest ordinary meeting (or its next, if none yet)."""
    if report.meeting_id:
        return report.meeting
    meetings = report.kpi_set.committee.meetings.ordinary()
    meeting = (
        meetings.filter(date__lte=today).order_by("-date").first()
        or meetings.filter(date__gt=today).order_by("date").first()
    )
    if meeting is None:
        raise ValidationError("The committee has no meetings yet to record the question at.")
    return meeting


def question_text(value: IndicatorValue, question: str) -> str:
    indicator = value.indicator
    target = indicator.target_on(value.report.period)
    rating = rate(value.actual, target, indicator.direction, no_data_reason=value.no_data_reason)
    figure = figure_text(value.actual, indicator.unit)
    return (
        f"{indicator.code} {indicator.name}, {month_and_year(value.report.period)}: {figure} "
        f"({rating.band_text.lower()}). {question.strip()}"
    )


@transaction.atomic
def kpi_question_ask(
    *, value: IndicatorValue, question: str, by_user: AbstractBaseUser | None
) -> KpiQuestion:
    """Ask about an indicator outside tolerance: a tracked request of the committee.

    Owned by the indicator's owner post, due at the committee's next report deadline,
    recorded at the meeting (and item) that received the report, so a question about an
    exempt report is exempt too.
    """
    question = (question or "").strip()
    if not question:
        raise ValidationError({"question": "Enter what the committee asks."})
    indicator = value.indicator
    report = value.report
    target = indicator.target_on(report.period)
    rating = rate(value.actual, target, indicator.direction, no_data_reason=value.no_data_reason)
    if not rating.is_outside_tolerance:
        raise ValidationError("Only an indicator outside its tolerance band is asked about here.")
    item = report.agenda_item
    if report.is_exempt and (item is None or not item.is_exempt):
        raise ValidationError(
            "This report is exempt, but no exempt agenda item is recorded for it: a question "
            "about it cannot be kept private, so it is not recorded."
        )
    today = clock.today()
    committee = report.kpi_set.committee
    due = committee.next_report_deadline(after=today)
    if due is None:
        raise ValidationError(
            "No later committee meeting is scheduled yet, so the question has no report "
            "deadline to be due at: schedule the next meeting first."
        )
    request = information_request_create(
        meeting=_meeting_for(report, today),
        agenda_item=item,
        text=question_text(value, question),
        owner_post=indicator.owner_post,
        due_date=due,
        source=f"Asked about {indicator.code} in the {report.kpi_set} report for "
        f"{month_and_year(report.period)}",
        by_user=by_user,
        reason=f"Asked about {indicator.code} ({month_and_year(report.period)}), outside tolerance",
    )
    link = KpiQuestion(value=value, request=request, asked_by=by_user)
    save_with_history(link, by_user=by_user, reason="Question about an indicator")
    return link


@transaction.atomic
def kpi_report_ensure(
    *, kpi_set: KpiSet, period: dt.date, by_user: AbstractBaseUser | None, reason: str
) -> KpiReport:
    report = KpiReport.objects.filter(kpi_set=kpi_set, period=period).first()
    if report is None:
        report = KpiReport(
            kpi_set=kpi_set, period=period, title=f"{kpi_set.name}, {month_and_year(period)}"
        )
        save_with_history(report, by_user=by_user, reason=reason)
    return report


@transaction.atomic
def kpi_report_set_exemption(
    *,
    report: KpiReport,
    paragraph: int | None,
    reason: str,
    by_user: AbstractBaseUser | None,
) -> KpiReport:
    """Mark a month's report exempt under a Schedule 12A paragraph, or public again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"exemption_reason": "Say why."})
    report.is_exempt = paragraph is not None
    report.exempt_paragraph = paragraph
    report.exemption_reason = reason
    save_with_history(
        report,
        by_user=by_user,
        reason=f"Exempt under paragraph {paragraph}: {reason}"
        if paragraph
        else f"Public: {reason}",
    )
    return report


def value_save(
    *, value: IndicatorValue, fields: dict, by_user: AbstractBaseUser | None, reason: str
) -> IndicatorValue:
    for name, new in fields.items():
        setattr(value, name, new)
    save_with_history(value, by_user=by_user, reason=reason)
    return value
