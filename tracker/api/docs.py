"""The API's front door: what it offers and where its document is."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.response import Response


@require_safe
def openapi_redirect(request: HttpRequest) -> HttpResponse:
    """/openapi.json, where clients look first: the document is /api/openapi.json."""
    return redirect("api:schema")


@require_safe
def api_docs(request: HttpRequest) -> HttpResponse:
    """The API's documentation: Swagger UI, served from this app, on the OpenAPI document."""
    return render(request, "tracker/api/api_docs.html")


ENDPOINTS = (
    "committee-list",
    "membership-list",
    "meeting-list",
    "resolution-list",
    "work-programme",
    "kpi-report-list",
    "recommendation-list",
    "request-list",
    "outstanding",
    "search",
    "update-list",
)


@extend_schema(exclude=True)
@api_view(["GET"])
def index(request):
    return Response(
        {
            "version": "v1",
            "openapi": reverse("api:schema"),
            "documentation": reverse("api:docs"),
            "endpoints": {name: reverse(f"api:{name}") for name in ENDPOINTS},
        }
    )
