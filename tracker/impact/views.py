"""The impact pages: the statistics and the items behind each figure, the impact log, the
committee's withdrawal of a recommendation, and the annual scrutiny report."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_safe

from committees import clock
from committees.models import Committee
from tracker.access import access_for
from tracker.items import services as item_services
from tracker.models import Recommendation
from tracker.outstanding.exports import safe_cell
from tracker.publishing.documents import NotEntitled
from tracker.publishing.views import docx_response

from . import services, statistics
from .forms import ImpactNoteForm, PeriodForm, WithdrawForm
from .report import annual_report
from .statistics import FIGURES, KIND_RECOMMENDATION, Narrowing
from .word import annual_report_docx

PAGE_SIZE = 25


def _period(request: HttpRequest) -> tuple[PeriodForm, statistics.Period]:
    form = PeriodForm(request.GET if request.GET else None)
    return form, form.period()


@transaction.non_atomic_requests  # a read: no transaction to begin and commit
@require_safe
def impact_statistics(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    form, period = _period(request)
    today = clock.today()
    stats = statistics.statistics(period=period, access=access, today=today)
    if request.GET.get("export") == "csv":
        return _csv(stats)
    base = period.query()
    return render(
        request,
        "tracker/impact/impact_statistics.html",
        {
            "form": form,
            "stats": stats,
            "recommendation_figures": _linked(stats, "recommendation", base),
            "request_figures": _linked(stats, "request", base),
            "breakdowns": [_linked_breakdown(b, base) for b in stats.breakdowns],
            "csv_query": urlencode({**base, "export": "csv"}),
            "response_chart": _chart(
                stats, "recommendation", ["accepted", "accepted_in_part", "rejected", "no_response"]
            ),
            "outcome_chart": _chart(
                stats,
                "recommendation",
                ["achieved_on_time", "achieved_late", "not_achieved", "withdrawn", "outstanding"],
            ),
            "request_chart": _chart(
                stats,
                "request",
                ["provided_on_time", "provided_late", "provided_no_due_date", "withdrawn", "open"],
            ),  # fmt: skip
            "today": today,
        },
    )


def _items_url(kind: str, key: str, base: dict, narrowing: Narrowing | None = None) -> str:
    query = {**base, "kind": kind, "figure": key, **(narrowing.query() if narrowing else {})}
    return f"{reverse('impact_items')}?{urlencode(query)}"


def _linked(stats, kind: str, base: dict) -> list[dict]:
    return [
        {"label": figure.label, "count": count, "url": _items_url(kind, figure.key, base)}
        for figure, count in stats.figures(kind)
    ]


def _linked_breakdown(breakdown, base: dict) -> dict:
    """Each count of a breakdown linked to its items: the address is made once per row
    (reversing and encoding for every cell costs more than the counts on a big record)."""
    items = reverse("impact_items")
    rows = []
    for row in breakdown.rows:
        narrowing = row["narrowing"]
        row_url = (
            f"{items}?{urlencode({**base, 'kind': breakdown.kind, **narrowing.query()})}"
            if narrowing is not None
            else ""
        )
        cells = [
            {
                "count": row["counts"][key],
                "url": f"{row_url}&figure={key}" if row_url and row["counts"][key] else "",
            }
            for key, _label in breakdown.columns
        ]
        rows.append({"label": row["label"], "cells": cells})
    return {"title": breakdown.title, "columns": breakdown.columns, "rows": rows}


# Bars are drawn in tenths of the chart's width: an SVG rect's width attribute, never a
# style (the CSP allows no inline styles). Each bar has its number and label beside it,
# and a pattern as well as a colour, so colour is never the only difference.
CHART_WIDTH = 300


def _chart(stats, kind: str, keys: list[str]) -> dict:
    figures = {figure.key: (figure, count) for figure, count in stats.figures(kind)}
    total = figures["made"][1]
    bars = []
    for number, key in enumerate(keys):
        figure, count = figures[key]
        share = count / total if total else 0
        bars.append(
            {
                "label": figure.label,
                "count": count,
                "percent": round(share * 100),
                "width": round(share * CHART_WIDTH),
                "y": number * 28,
                "text_y": number * 28 + 15,
                "pattern": f"pattern-{number % 4}",
            }
        )
    return {"bars": bars, "height": len(bars) * 28, "total": total, "width": CHART_WIDTH}


def _csv(stats) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in statistics.csv_rows(stats):
        writer.writerow([safe_cell(cell) for cell in row])
    response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv")
    name = f"impact-statistics-{stats.today:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@transaction.non_atomic_requests  # a read: no transaction to begin and commit
@require_safe
def impact_items(request: HttpRequest) -> HttpResponse:
    """The items one figure counts, with the period and the breakdown row it came from."""
    kind = request.GET.get("kind", KIND_RECOMMENDATION)
    key = request.GET.get("figure", "made")
    if kind not in FIGURES or key not in FIGURES[kind]:
        raise Http404("No such figure")
    form, period = _period(request)
    narrowing = Narrowing(
        owner_post=_int(request.GET.get("owner_post")),
        owner_person=_int(request.GET.get("owner_person")),
        no_owner=request.GET.get("no_owner") == "1",
        inquiry=_int(request.GET.get("inquiry")),
        year=_int(request.GET.get("year")),
    )
    today = clock.today()
    items = statistics.figure_items(
        kind=kind,
        key=key,
        period=period,
        access=access_for(request.user),
        today=today,
        narrowing=narrowing,
    )
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    page.range = list(page.paginator.get_elided_page_range(page.number))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "tracker/impact/impact_items.html",
        {
            "kind": kind,
            "figure": FIGURES[kind][key],
            "page": page,
            "period": period,
            "narrowing": narrowing,
            "query": query.urlencode(),
            "back": f"{reverse('impact_statistics')}?{urlencode(period.query())}",
            "today": today,
        },
    )


# -- the impact log and withdrawal ------------------------------------------------------------


def _recommendation_for_officers(request: HttpRequest, pk: int) -> Recommendation:
    recommendation = get_object_or_404(
        Recommendation.objects.select_related("inquiry__committee", "current_assessment"), pk=pk
    )
    if not request.user.has_perm("tracker.review_item", recommendation):
        raise PermissionDenied
    return recommendation


@login_required
@require_http_methods(["GET", "POST"])
def impact_note_add(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = _recommendation_for_officers(request, pk)
    form = ImpactNoteForm(request.POST or None, initial={"noted_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.impact_note_add(
                recommendation=recommendation, by_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The impact was added to the impact log.")
            return redirect(recommendation.get_absolute_url())
    return render(
        request, "tracker/impact/impact_note.html", {"item": recommendation, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = _recommendation_for_officers(request, pk)
    form = WithdrawForm(request.POST or None, recommendation=recommendation)
    if request.method == "POST" and form.is_valid():
        try:
            item_services.recommendation_withdraw(
                recommendation=recommendation, by_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The committee's withdrawal was recorded.")
            return redirect(recommendation.get_absolute_url())
    return render(
        request,
        "tracker/impact/recommendation_withdraw.html",
        {"item": recommendation, "form": form},
    )


# -- the annual scrutiny report ---------------------------------------------------------------


def _year(request: HttpRequest) -> int:
    value = request.GET.get("year")
    if value is None:
        return statistics.municipal_year_of(clock.today())
    year = _int(value)
    if year is None or not 1990 <= year <= 2100:
        raise Http404("No such municipal year")
    return year


def _annual_report(request: HttpRequest, slug: str, version: str):
    committee = get_object_or_404(Committee, slug=slug)
    try:
        report = annual_report(
            committee,
            year=_year(request),
            version=version,
            access=access_for(request.user),
            today=clock.today(),
        )
    except NotEntitled:
        raise Http404("No such document") from None
    return committee, report


@require_safe
def annual_report_print(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    committee, report = _annual_report(request, slug, version)
    return render(
        request,
        "tracker/impact/impact_annual_report.html",
        {
            "doc": report,
            "committee": committee,
            "previous_year": report.year - 1,
            "next_year": report.year + 1,
        },
    )


@require_safe
def annual_report_word(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    _committee, report = _annual_report(request, slug, version)
    return docx_response(annual_report_docx(report), report.filename)
