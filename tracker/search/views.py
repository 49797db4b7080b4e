from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..access import access_for
from .forms import SearchForm
from .highlight import search_terms
from .selectors import KINDS, record_search


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """One search box over the whole record: what the reader may see, by kind."""
    form = SearchForm(request.GET or None)
    query, kind, results = "", "", []
    if form.is_valid():
        query, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
        results = record_search(
            query=query,
            access=access_for(request.user),
            kind=kind,
            page=request.GET.get("page", 1),
        )
    return render(
        request,
        "tracker/search/search.html",
        {
            "form": form,
            "query": query,
            "terms": search_terms(query),
            "kind": KINDS.get(kind),
            "results": results,
            "total": sum(r.count for r in results),
        },
    )
