"""The KPI pages: the reports a committee receives, each indicator's months, and asking
about an indicator outside tolerance.

A month's report marked exempt is, for anyone not entitled to the committee's exempt
business, a page that does not exist (404), as is its print page, Word file and download.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from committees.dates import long_date
from tracker.access import Access, access_for
from tracker.models import Indicator, IndicatorValue, KpiReport, KpiSet

from . import chart, exports, selectors, services, table_cache, word
from .forms import SUGGESTED_QUESTION, AskForm, ExemptionForm


def _report(request: HttpRequest, slug: str, year: int, month: int) -> tuple[KpiReport, Access]:
    try:
        period = selectors.month_start(year, month)
    except ValueError:
        raise Http404("No such month") from None
    report = get_object_or_404(
        KpiReport.objects.select_related(
            "kpi_set__committee", "kpi_set__requested_by", "meeting", "agenda_item"
        ),
        kpi_set__slug=slug,
        period=period,
    )
    access = access_for(request.user)
    if report.is_exempt and not access.sees_exempt_of(report.kpi_set.committee_id):
        raise Http404("No such report")
    return report, access


@require_safe
def kpi_index(request: HttpRequest) -> HttpResponse:
    """Every set of indicators and the months of its reports the reader may see."""
    access = access_for(request.user)
    sets = list(KpiSet.objects.select_related("committee").order_by("committee__name", "name"))
    reports: dict[int, list[KpiReport]] = {}
    for report in KpiReport.objects.visible_to(access).order_by("-period"):
        reports.setdefault(report.kpi_set_id, []).append(report)
    for kpi_set in sets:
        kpi_set.visible_reports = reports.get(kpi_set.pk, [])
        kpi_set.keeps_record = access.keeps_record_of(kpi_set.committee_id)
    return render(request, "tracker/kpis/kpi_index.html", {"sets": sets})


@require_safe
def kpi_report(request: HttpRequest, slug: str, year: int, month: int) -> HttpResponse:
    report, access = _report(request, slug, year, month)
    export = request.GET.get("export")
    if export in exports.FORMATS:
        return exports.response(report, selectors.report_lines(report, access=access), export)
    committee_id = report.kpi_set.committee_id
    return render(
        request,
        "tracker/kpis/kpi_report.html",
        {
            "report": report,
            "table": selectors.ReportTable(report, access=access),
            # The cached table's key: the record's version, and whether an exempt month
            # before may give the trend (tracker/kpis/table_cache.py).
            "table_version": table_cache.current_version(),
            "sees_exempt": access.sees_exempt_of(committee_id),
            "table_seconds": table_cache.TABLE_SECONDS,
            "headline": selectors.headline_rates(report),
            "keeps_record": access.keeps_record_of(committee_id),
        },
    )


@require_safe
def kpi_headline(request: HttpRequest, slug: str, year: int, month: int) -> HttpResponse:
    report, _access = _report(request, slug, year, month)
    return render(
        request,
        "tracker/kpis/kpi_headline.html",
        {"report": report, "headline": selectors.headline_rates(report)},
    )


@require_safe
def kpi_report_print(request: HttpRequest, slug: str, year: int, month: int) -> HttpResponse:
    report, access = _report(request, slug, year, month)
    return render(
        request,
        "tracker/kpis/kpi_report_print.html",
        {
            "report": report,
            "lines": selectors.report_lines(report, access=access),
            "headline": selectors.headline_rates(report),
        },
    )


@require_safe
def kpi_report_docx(request: HttpRequest, slug: str, year: int, month: int) -> HttpResponse:
    report, access = _report(request, slug, year, month)
    content = word.kpi_report_docx(
        report, selectors.report_lines(report, access=access), selectors.headline_rates(report)
    )
    response = HttpResponse(content, content_type=word.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{word.filename(report)}"'
    return response


def _indicator_page(
    request: HttpRequest, indicator: Indicator, *, ask_form: AskForm | None = None, ask_value=None
) -> HttpResponse:
    access = access_for(request.user)
    history = selectors.indicator_history(indicator, access=access)
    keeps_record = access.keeps_record_of(indicator.kpi_set.committee_id)
    latest = history.lines[0] if history.lines else None
    askable = [(report, line) for report, line in history.lines if line.rating.is_outside_tolerance]
    return render(
        request,
        "tracker/kpis/kpi_indicator.html",
        {
            "indicator": indicator,
            "history": history,
            "latest": latest,
            "chart": chart.line_chart(history.charted, indicator),
            "targets": indicator.current_targets,
            "questions": selectors.questions_about(indicator, access=access),
            "can_ask": keeps_record,
            "askable": askable,
            "ask_form": ask_form or AskForm(initial={"question": SUGGESTED_QUESTION}),
            "ask_value": ask_value,
            "version_count": indicator.history.count(),
        },
        status=200,
    )


def _indicator(pk: int) -> Indicator:
    return get_object_or_404(
        Indicator.objects.select_related("kpi_set__committee", "owner_post"), pk=pk
    )


@require_safe
def kpi_indicator(request: HttpRequest, pk: int) -> HttpResponse:
    return _indicator_page(request, _indicator(pk))


@login_required
@require_POST
def kpi_ask(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Ask about this": one POST by an officer of the committee makes a tracked request."""
    value = get_object_or_404(
        IndicatorValue.objects.select_related(
            "report__kpi_set__committee",
            "report__meeting",
            "report__agenda_item",
            "indicator__owner_post",
            "indicator__kpi_set",
        ),  # fmt: skip
        pk=pk,
    )
    access = access_for(request.user)
    committee_id = value.report.kpi_set.committee_id
    if value.report.is_exempt and not access.sees_exempt_of(committee_id):
        raise Http404("No such value")
    if not access.keeps_record_of(committee_id):
        raise PermissionDenied
    form = AskForm(request.POST)
    if form.is_valid():
        try:
            link = services.kpi_question_ask(
                value=value, question=form.cleaned_data["question"], by_user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"The question is recorded as a request to {value.indicator.owner_post}, "
                f"due {long_date(link.request.due_date)}.",
            )
            return redirect(link.request.get_absolute_url())
    return _indicator_page(request, value.indicator, ask_form=form, ask_value=value)


@login_required
@require_http_methods(["GET", "POST"])
def kpi_report_exemption(request: HttpRequest, slug: str, year: int, month: int) -> HttpResponse:
    report, access = _report(request, slug, year, month)
    if not access.keeps_record_of(report.kpi_set.committee_id):
        raise PermissionDenied
    form = ExemptionForm(
        request.POST or None,
        initial={"paragraph": report.exempt_paragraph, "reason": report.exemption_reason},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.kpi_report_set_exemption(
                report=report,
                paragraph=form.cleaned_data["paragraph"],
                reason=form.cleaned_data["reason"],
                by_user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The report's exemption is recorded.")
            return redirect(report.get_absolute_url())
    return render(
        request, "tracker/kpis/kpi_report_exemption.html", {"report": report, "form": form}
    )
