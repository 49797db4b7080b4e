"""The record's search through the API: the search page's selectors (`record_search`),
so the same rows, ranks and exemption rules; grouped by kind, a page at a time."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from committees.dates import long_date
from tracker.access import access_for
from tracker.search.forms import SearchForm
from tracker.search.highlight import search_terms, snippet
from tracker.search.selectors import KINDS, record_search

from . import serializers
from .errors import invalid


def _hit(slug: str, row, terms: list[str]) -> dict:
    """What a result says: its title, a snippet of the text that matched, and where it is."""
    if slug == "recommendations":
        title, text = f"{row.inquiry} {row.code}", row.display_text
        url = reverse("api:recommendation-detail", kwargs={"pk": row.pk})
    elif slug == "requests":
        title = f"{row.meeting.committee}, {long_date(row.meeting.date)}"
        text = f"{row.text} {row.provided_how}".strip()
        url = reverse("api:request-detail", kwargs={"pk": row.pk})
    elif slug == "notes":
        title = f"{row.meeting.committee}, {long_date(row.meeting.date)}: {row.number}. {row.title}"
        text = row.notes
        url = reverse("api:meeting-detail", kwargs={"pk": row.meeting_id})
    elif slug == "resolutions":
        item = row.agenda_item
        title = (
            f"{item.meeting.committee}, {long_date(item.meeting.date)}: {item.number}. {item.title}"
        )
        text = row.text
        url = reverse("api:meeting-detail", kwargs={"pk": item.meeting_id})
    elif slug == "meetings":
        title, text = f"{row.committee.name}, {long_date(row.date)}", row.room
        url = reverse("api:meeting-detail", kwargs={"pk": row.pk})
    elif slug == "people":
        title = row.name
        text = ", ".join(part for part in (row.job_title, row.organisation) if part)
        url = ""
    elif slug == "posts":
        title, text, url = row.title, row.organisation or "", ""
    else:
        title, text = row.title, row.summary or ""
        url = row.get_absolute_url()
    return {
        "title": title,
        "snippet": snippet(text or "", terms),
        "url": url,
        "rank": float(getattr(row, "search_rank", 0) or 0),
    }


@extend_schema(
    parameters=[
        OpenApiParameter("q", str, required=True, description="What to look for."),
        OpenApiParameter("kind", str, enum=list(KINDS), description="One kind, paged."),
        OpenApiParameter("page", int, description="With kind: which page."),
    ],
    responses={200: serializers.SearchResponseSerializer},
)
class Search(APIView):
    """One search over the whole record, as the search page finds it for the reader:
    exempt business only for those entitled, in results, counts and snippets alike."""

    def get(self, request):
        form = SearchForm(request.query_params)
        if not form.is_valid():
            fields = {name: [str(m) for m in errors] for name, errors in form.errors.items()}
            return invalid(fields)
        query, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
        terms = search_terms(query)
        groups = record_search(
            query=query,
            access=access_for(request.user),
            kind=kind,
            page=request.query_params.get("page", 1),
        )
        return Response(
            {
                "query": query,
                "groups": [
                    {
                        "kind": group.kind.slug,
                        "heading": group.kind.heading,
                        "count": group.count,
                        "page": group.page.number,
                        "ranked": group.page.paginator.count,
                        "pages": group.page.paginator.num_pages,
                        "results": [_hit(group.kind.slug, row, terms) for row in group.page],
                    }
                    for group in groups
                ],
            }
        )
