"""The open-data pages: the list of downloads, the schema, and the files themselves.

Everything here is public, and the same for everyone, signed in or not: the files hold
what an anonymous visitor reads on the pages (`selectors`), never more.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from committees import clock
from committees.models import Committee
from committees.services import council_settings

from . import schema, selectors, writers


class MunicipalYearConverter:
    """`<municipal_year:year>`: a municipal year as 2018-19, to the year it starts in."""

    regex = r"[0-9]{4}-[0-9]{2}"

    def to_python(self, value: str) -> int:
        start, end = value.split("-")
        year = int(start)
        in_window = selectors.FIRST_YEAR <= year <= selectors.LAST_YEAR
        if f"{(year + 1) % 100:02d}" != end or not in_window:
            raise ValueError(f"{value!r} is not a municipal year")  # a 404
        return year

    def to_url(self, value: int) -> str:
        return f"{value}-{(value + 1) % 100:02d}"


class DatasetConverter:
    """`<open_dataset:dataset>`: the key of one of the datasets, nothing else."""

    regex = "|".join(dataset.key for dataset in schema.DATASETS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        if value not in schema.BY_KEY:
            raise ValueError(f"{value!r} is not an open dataset")
        return value


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "tracker/opendata/index.html",
        {
            "committees": selectors.published_years(),
            "datasets": schema.DATASETS,
            "licence_name": schema.LICENCE_NAME,
            "licence_url": schema.LICENCE_URL,
        },
    )


@require_safe
def open_data_schema(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "tracker/opendata/schema.html",
        {
            "datasets": schema.DATASETS,
            "document_fields": schema.DOCUMENT_FIELDS,
            "types": schema.TYPES,
            "licence_name": schema.LICENCE_NAME,
            "licence_url": schema.LICENCE_URL,
        },
    )


@require_safe
def open_data_schema_json(request: HttpRequest) -> JsonResponse:
    """The schema as JSON Schema, for programs that check the files."""
    url = f"{settings.SITE_URL}{reverse('open_data_schema_json')}"
    return JsonResponse(schema.document_json_schema(url), json_dumps_params={"indent": 2})


def _record(slug: str, year: int) -> selectors.CommitteeYear:
    return selectors.CommitteeYear(get_object_or_404(Committee, slug=slug), year)


@require_safe
def open_data_csv(
    request: HttpRequest, slug: str, year: int, dataset: str
) -> StreamingHttpResponse:
    record = _record(slug, year)
    rows = selectors.dataset_rows(record, dataset, site_url=settings.SITE_URL)
    return writers.csv_response(schema.BY_KEY[dataset], rows, record.filename(dataset))


@require_safe
def open_data_json(request: HttpRequest, slug: str, year: int) -> StreamingHttpResponse:
    record = _record(slug, year)
    start, end = record.period
    metadata = {
        "schema_url": f"{settings.SITE_URL}{reverse('open_data_schema')}",
        "committee": record.committee.name,
        "committee_slug": record.committee.slug,
        "council": council_settings().name,
        "municipal_year": record.label,
        "period_start": start,
        "period_end": end,
        "generated_on": clock.today(),
    }
    datasets = {
        dataset.key: selectors.dataset_rows(record, dataset.key, site_url=settings.SITE_URL)
        for dataset in schema.DATASETS
    }
    return writers.json_response(metadata, datasets, record.filename("record"))
