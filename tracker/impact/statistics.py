"""The impact statistics: what the committee recommended and asked for, and what became
of it, for one committee or all, over any period.

Every figure is a Q of the rules on the querysets (tracker.models): the page counts it,
and the list behind it (`figure_items`) filters by the same Q, so a figure and its list
never disagree. Requests from exempt business are counted only for a reader entitled to
see them (`Access.visible_requests`), so the figures differ between the public and a
member exactly by what the member may see.

Which items a period holds: recommendations of inquiries reported in it (the report's
date), requests made at meetings held in it. What became of them is counted as it is
today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Max,
    Q,
    QuerySet,
)

from committees.models import Committee
from tracker.access import Access
from tracker.models import (
    ExecutiveResponse,
    InformationRequest,
    InformationRequestQuerySet,
    Recommendation,
    RecommendationQuerySet,
)

# The rules, as written on the querysets.
R = RecommendationQuerySet
Q_REQ = InformationRequestQuerySet

KIND_RECOMMENDATION = "recommendation"
KIND_REQUEST = "request"
# English councils' municipal years run from the annual meeting in May.
MUNICIPAL_YEAR_FIRST_MONTH = 5


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    condition: Callable[[dt.date], Q]


RECOMMENDATION_FIGURES = [
    Figure("made", "Recommendations made", lambda on: Q()),
    Figure(
        "accepted", "Accepted by the executive", lambda on: Q(response=ExecutiveResponse.ACCEPTED)
    ),
    Figure(
        "accepted_in_part",
        "Accepted in part",
        lambda on: Q(response=ExecutiveResponse.ACCEPTED_IN_PART),
    ),
    Figure("rejected", "Rejected", lambda on: Q(response=ExecutiveResponse.REJECTED)),
    Figure("no_response", "No response recorded", lambda on: Q(response="")),
    Figure("response_on_time", "Responses given on time", lambda on: R.response_on_time_q()),
    Figure("response_late", "Responses given late", lambda on: R.response_late_q()),
    Figure(
        "response_overdue",
        "Responses overdue (not yet given)",
        lambda on: R.response_overdue_q(on),
    ),
    Figure("achieved_on_time", "Achieved on time", lambda on: R.achieved_on_time_q()),
    Figure("achieved_late", "Achieved late", lambda on: R.achieved_late_q()),
    Figure("not_achieved", "Not achieved", lambda on: R.not_achieved_q()),
    Figure("withdrawn", "Withdrawn", lambda on: R.withdrawn_q()),
    Figure("outstanding", "Still tracked", lambda on: Q(tracking_ended_on__isnull=True)),
    Figure(
        "overdue",
        "Still tracked and overdue",
        lambda on: Q(tracking_ended_on__isnull=True) & R.past_due(on),
    ),
]
REQUEST_FIGURES = [
    Figure("made", "Requests made", lambda on: Q()),
    Figure("provided", "Answered", lambda on: Q_REQ.provided_q()),
    Figure("provided_on_time", "Answered by the due date", lambda on: Q_REQ.provided_on_time_q()),
    Figure("provided_late", "Answered late", lambda on: Q_REQ.provided_late_q()),
    Figure(
        "provided_no_due_date",
        "Answered (no due date stated)",
        lambda on: Q_REQ.provided_q() & Q(due_date__isnull=True),
    ),
    Figure("withdrawn", "Withdrawn", lambda on: Q(status=InformationRequest.Status.WITHDRAWN)),
    Figure("open", "Still open", lambda on: Q(status=InformationRequest.Status.OPEN)),
    Figure(
        "overdue",
        "Still open and overdue",
        lambda on: Q(status=InformationRequest.Status.OPEN) & Q_REQ.past_due(on),
    ),
]
FIGURES = {
    KIND_RECOMMENDATION: {f.key: f for f in RECOMMENDATION_FIGURES},
    KIND_REQUEST: {f.key: f for f in REQUEST_FIGURES},
}
# The columns of the breakdown tables.
RECOMMENDATION_COLUMNS = [
    "made", "accepted", "accepted_in_part", "rejected", "achieved_on_time", "achieved_late",
    "not_achieved", "withdrawn", "outstanding",
]  # fmt: skip
REQUEST_COLUMNS = ["made", "provided_on_time", "provided_late", "withdrawn", "open"]


@dataclass(frozen=True)
class Period:
    """The items asked about: one committee's (or all), made between two dates (or ever)."""

    committee: Committee | None = None
    start: dt.date | None = None
    end: dt.date | None = None

    def query(self) -> dict[str, str]:
        """The period as URL parameters, for the links to the items behind each figure."""
        query = {}
        if self.committee:
            query["committee"] = self.committee.slug
        if self.start:
            query["from"] = self.start.isoformat()
        if self.end:
            query["to"] = self.end.isoformat()
        return query


def municipal_year_of(day: dt.date) -> int:
    """The year a municipal year starts in: 2018 for 2018/19 (May 2018 to April 2019)."""
    return day.year if day.month >= MUNICIPAL_YEAR_FIRST_MONTH else day.year - 1


def municipal_year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def municipal_year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, MUNICIPAL_YEAR_FIRST_MONTH, 1), dt.date(
        year + 1, MUNICIPAL_YEAR_FIRST_MONTH, 1
    ) - dt.timedelta(days=1)


def recommendations_in(period: Period) -> QuerySet[Recommendation]:
    rows = Recommendation.objects.all()
    if period.committee:
        rows = rows.filter(inquiry__committee=period.committee)
    if period.start:
        rows = rows.filter(inquiry__reported_to_council_on__gte=period.start)
    if period.end:
        rows = rows.filter(inquiry__reported_to_council_on__lte=period.end)
    return rows


def requests_in(period: Period, access: Access) -> QuerySet[InformationRequest]:
    rows = InformationRequest.objects.filter(access.visible_requests())
    if period.committee:
        rows = rows.filter(meeting__committee=period.committee)
    if period.start:
        rows = rows.filter(meeting__date__gte=period.start)
    if period.end:
        rows = rows.filter(meeting__date__lte=period.end)
    return rows


# -- narrowing a figure's list: by owner, inquiry or municipal year ------------------------


@dataclass(frozen=True)
class Narrowing:
    """One row of a breakdown table, as a filter of the items behind it."""

    owner_post: int | None = None
    owner_person: int | None = None
    no_owner: bool = False
    inquiry: int | None = None
    year: int | None = None

    def q(self, kind: str) -> Q:
        q = Q()
        if self.owner_post:
            q &= Q(owner_post=self.owner_post)
        if self.owner_person:
            q &= Q(owner_person=self.owner_person)
        if self.no_owner:
            q &= Q(owner_post__isnull=True, owner_person__isnull=True)
        if self.inquiry and kind == KIND_RECOMMENDATION:
            q &= Q(inquiry=self.inquiry)
        if self.year is not None:
            start, end = municipal_year_range(self.year)
            on = (
                "inquiry__reported_to_council_on"
                if kind == KIND_RECOMMENDATION
                else "meeting__date"
            )
            q &= Q(**{f"{on}__gte": start, f"{on}__lte": end})
        return q

    def query(self) -> dict[str, str]:
        query = {}
        for name in ("owner_post", "owner_person", "inquiry", "year"):
            value = getattr(self, name)
            if value is not None:
                query[name] = str(value)
        if self.no_owner:
            query["no_owner"] = "1"
        return query


def figure_items(
    *,
    kind: str,
    key: str,
    period: Period,
    access: Access,
    today: dt.date,
    narrowing: Narrowing | None = None,
) -> QuerySet:
    """The items one figure counts, in the order of their due dates."""
    figure = FIGURES[kind][key]
    narrowing = narrowing or Narrowing()
    if kind == KIND_RECOMMENDATION:
        rows = recommendations_in(period).select_related(
            "inquiry__committee", "current_assessment", "owner_post", "owner_person"
        )
        order = ["inquiry__reported_to_council_on", "inquiry__title", "code", "pk"]
    else:
        rows = requests_in(period, access).select_related(
            "meeting__committee", "agenda_item", "owner_post", "owner_person"
        )
        order = ["meeting__date", "pk"]
    return rows.filter(figure.condition(today), narrowing.q(kind)).order_by(*order)


# -- the statistics -------------------------------------------------------------------------


@dataclass
class Breakdown:
    title: str
    kind: str
    columns: list[tuple[str, str]]  # (figure key, label)
    rows: list[dict[str, Any]] = field(default_factory=list)  # label, narrowing, counts


@dataclass
class Statistics:
    period: Period
    today: dt.date
    recommendations: dict[str, int]
    requests: dict[str, int]
    median_days_to_achieve: float | None
    achieved_with_report_date: int
    median_days_late: float | None
    longest_days_late: int | None
    breakdowns: list[Breakdown]

    def figures(self, kind: str) -> list[tuple[Figure, int]]:
        counts = self.recommendations if kind == KIND_RECOMMENDATION else self.requests
        figures = RECOMMENDATION_FIGURES if kind == KIND_RECOMMENDATION else REQUEST_FIGURES
        return [(figure, counts[figure.key]) for figure in figures]


def _counts(rows: QuerySet, figures: list[Figure], today: dt.date, **extra) -> dict[str, Any]:
    return rows.aggregate(
        **{f.key: Count("pk", filter=f.condition(today)) for f in figures}, **extra
    )


def _days(delta: Any) -> int:
    """A duration read back from the database, in days (SQLite and PostgreSQL alike)."""
    if isinstance(delta, dt.timedelta):
        return delta.days
    return int(delta)


def _median(rows: QuerySet, expression: ExpressionWrapper, count: int) -> float | None:
    """The median of `expression` over `rows` (`count` of them), read by the database: it
    sorts, and only the middle one or two values come back."""
    if not count:
        return None
    middle = list(
        rows.annotate(days=expression)
        .order_by("days")
        .values_list("days", flat=True)[(count - 1) // 2 : count // 2 + 1]
    )
    values = [_days(value) for value in middle]
    return sum(values) / len(values) if values else None


# A breakdown lists at most this many rows: those with the most items (a council's whole
# record has thousands of inquiries; choosing a committee or a period narrows it).
BREAKDOWN_ROWS = 50


def _breakdown_rows(
    rows: QuerySet, group: list[str], figures: list[Figure], today: dt.date, *, top: bool = True
) -> list[dict[str, Any]]:
    grouped = (
        rows.order_by()
        .values(*group)
        .annotate(**{f.key: Count("pk", filter=f.condition(today)) for f in figures})
    )
    if top:
        return list(grouped.order_by("-made", *group)[:BREAKDOWN_ROWS])
    return list(grouped.order_by(*group))


def _owner_rows(grouped: list[dict[str, Any]], columns: list[str]) -> list[dict[str, Any]]:
    rows = []
    for row in grouped:
        if row["owner_post"]:
            label = row["owner_post__title"]
            narrowing = Narrowing(owner_post=row["owner_post"])
        elif row["owner_person"]:
            label = row["owner_person__name"]
            narrowing = Narrowing(owner_person=row["owner_person"])
        else:
            label = "Owner not known"
            narrowing = Narrowing(no_owner=True)
        rows.append({"label": label, "narrowing": narrowing, "counts": _pick(row, columns)})
    return sorted(rows, key=lambda r: r["label"].lower())


def _pick(row: dict[str, Any], columns: list[str]) -> dict[str, int]:
    return {key: row[key] for key in columns}


def _year_rows(
    grouped: list[dict[str, Any]], year_field: str, month_field: str, columns: list[str]
) -> list[dict[str, Any]]:
    years: dict[int | None, dict[str, int]] = {}
    for row in grouped:
        year = (
            municipal_year_of(dt.date(row[year_field], row[month_field], 1))
            if row[year_field]
            else None
        )
        counts = years.setdefault(year, dict.fromkeys(columns, 0))
        for key in columns:
            counts[key] += row[key]
    return [
        {
            "label": municipal_year_label(year) if year is not None else "Date not known",
            "narrowing": Narrowing(year=year) if year is not None else None,
            "counts": counts,
        }
        for year, counts in sorted(years.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))
    ]


DAYS_TO_ACHIEVE = ExpressionWrapper(
    F("tracking_ended_on") - F("inquiry__reported_to_council_on"), output_field=DurationField()
)
DAYS_LATE = ExpressionWrapper(F("provided_on") - F("due_date"), output_field=DurationField())


def statistics(*, period: Period, access: Access, today: dt.date) -> Statistics:
    """Every figure of the page, in a fixed number of queries whatever the record's size."""
    recommendations = recommendations_in(period)
    requests = requests_in(period, access)
    achieved_dated = R.achieved_q() & Q(inquiry__reported_to_council_on__isnull=False)
    rec_counts = _counts(
        recommendations,
        RECOMMENDATION_FIGURES,
        today,
        achieved_dated=Count("pk", filter=achieved_dated),
    )
    req_counts = _counts(
        requests,
        REQUEST_FIGURES,
        today,
        longest_late=Max(DAYS_LATE, filter=Q_REQ.provided_late_q()),
    )
    achieved_dated_count = rec_counts.pop("achieved_dated")
    longest = req_counts.pop("longest_late")
    rec_figures = [f for f in RECOMMENDATION_FIGURES if f.key in RECOMMENDATION_COLUMNS]
    req_figures = [f for f in REQUEST_FIGURES if f.key in REQUEST_COLUMNS]
    rec_columns = [(f.key, f.label) for f in rec_figures]
    req_columns = [(f.key, f.label) for f in req_figures]
    owner = ["owner_post", "owner_post__title", "owner_person", "owner_person__name"]
    breakdowns = [
        Breakdown(
            "Recommendations by owner: portfolio, post or person (the 50 with most)",
            KIND_RECOMMENDATION,
            rec_columns,
            _owner_rows(
                _breakdown_rows(recommendations, owner, rec_figures, today),
                RECOMMENDATION_COLUMNS,
            ),
        ),
        Breakdown(
            "Recommendations by inquiry (the 50 with most)",
            KIND_RECOMMENDATION,
            rec_columns,
            [
                {
                    "label": row["inquiry__title"],
                    "narrowing": Narrowing(inquiry=row["inquiry"]),
                    "counts": _pick(row, RECOMMENDATION_COLUMNS),
                }
                for row in _breakdown_rows(
                    recommendations, ["inquiry", "inquiry__title"], rec_figures, today
                )
            ],
        ),
        Breakdown(
            "Recommendations by municipal year of the report",
            KIND_RECOMMENDATION,
            rec_columns,
            _year_rows(
                _breakdown_rows(
                    recommendations,
                    [
                        "inquiry__reported_to_council_on__year",
                        "inquiry__reported_to_council_on__month",
                    ],
                    rec_figures,
                    today,
                    top=False,
                ),
                "inquiry__reported_to_council_on__year",
                "inquiry__reported_to_council_on__month",
                RECOMMENDATION_COLUMNS,
            ),
        ),
        Breakdown(
            "Requests by owner: portfolio, post or person (the 50 with most)",
            KIND_REQUEST,
            req_columns,
            _owner_rows(_breakdown_rows(requests, owner, req_figures, today), REQUEST_COLUMNS),
        ),
        Breakdown(
            "Requests by municipal year of the meeting",
            KIND_REQUEST,
            req_columns,
            _year_rows(
                _breakdown_rows(
                    requests,
                    ["meeting__date__year", "meeting__date__month"],
                    req_figures,
                    today,
                    top=False,
                ),
                "meeting__date__year",
                "meeting__date__month",
                REQUEST_COLUMNS,
            ),
        ),
    ]
    return Statistics(
        period=period,
        today=today,
        recommendations=rec_counts,
        requests=req_counts,
        median_days_to_achieve=_median(
            recommendations.filter(achieved_dated), DAYS_TO_ACHIEVE, achieved_dated_count
        ),
        achieved_with_report_date=achieved_dated_count,
        median_days_late=_median(
            requests.filter(Q_REQ.provided_late_q()), DAYS_LATE, req_counts["provided_late"]
        ),
        longest_days_late=_days(longest) if longest is not None else None,
        breakdowns=breakdowns,
    )


def csv_rows(stats: Statistics) -> list[list[Any]]:
    """The statistics as rows for a CSV file: each figure, then each breakdown."""
    rows: list[list[Any]] = [["Section", "Figure", "Value"]]
    for kind, section in ((KIND_RECOMMENDATION, "Recommendations"), (KIND_REQUEST, "Requests")):
        for figure, count in stats.figures(kind):
            rows.append([section, figure.label, count])
    rows.append(
        [
            "Recommendations",
            "Median days from report to achieved",
            _blank(stats.median_days_to_achieve),
        ]
    )
    rows.append(["Requests", "Median days late (late answers)", _blank(stats.median_days_late)])
    rows.append(["Requests", "Longest days late", _blank(stats.longest_days_late)])
    for breakdown in stats.breakdowns:
        rows.append([])
        rows.append([breakdown.title, *[label for _, label in breakdown.columns]])
        for row in breakdown.rows:
            rows.append([row["label"], *[row["counts"][key] for key, _ in breakdown.columns]])
    return rows


def _blank(value: Any) -> Any:
    return "" if value is None else value
