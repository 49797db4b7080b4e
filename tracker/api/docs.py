"""The API's front door: its documentation page, made from its own OpenAPI document.

The page is the public document (the one `/api/openapi.json` serves) read into plain
dicts and lists that the template lays out: operations grouped by tag, each with its
parameters, request body and responses, and a section for each component schema. The
document is made from the code, so it is made once per process and kept.
"""

from __future__ import annotations

import functools
import json
import re
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.response import Response

from tracker.opendata.schema import LICENCE_NAME, LICENCE_URL

from .pagination import RecordCursorPagination

COMPONENT_PREFIX = "#/components/schemas/"
METHODS = ("get", "put", "patch", "post", "delete")
TAG_HEADINGS = {"kpi-reports": "KPI reports"}
# drf-spectacular lists an enum's choices in descriptions as "* `value` - label".
CHOICE_LINE = re.compile(r"^\* `(?P<value>[^`]*)` - (?P<label>.*)$")


@functools.cache
def api_document() -> dict[str, Any]:
    """The public OpenAPI document, exactly as `/api/openapi.json` serves it."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(schema))


def _segments(text: str) -> list[dict[str, Any]]:
    """Text with `code` in backticks, as pieces the template shows as text or code."""
    pieces = re.split(r"`([^`]*)`", text)
    return [{"text": piece, "code": index % 2 == 1} for index, piece in enumerate(pieces) if piece]


def _blocks(description: str | None, *, choices: bool = True) -> list[dict[str, Any]]:
    """A description's paragraphs (hard-wrapped lines joined) and bulleted lists."""
    blocks = []
    for chunk in re.split(r"\n\s*\n", (description or "").strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith("* ") for line in lines):
            if choices:
                items = [_segments(line[2:]) for line in lines]
                blocks.append({"bullets": items})
            continue
        blocks.append({"segments": _segments(" ".join(lines))})
    return blocks


def _ref_name(ref: str) -> str:
    return ref.removeprefix(COMPONENT_PREFIX)


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    """A schema with its `$ref` (or single `allOf`) replaced by the component it names."""
    if "$ref" in schema:
        return api_document()["components"]["schemas"][_ref_name(schema["$ref"])]
    if len(schema.get("allOf", ())) == 1:
        return _resolve(schema["allOf"][0])
    return schema


def _kinds(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """What a value may be, each as {prefix, name, ref}: "array of" a component, say."""
    if "$ref" in schema:
        name = _ref_name(schema["$ref"])
        if name == "NullEnum":
            return []
        return [{"prefix": "", "name": name, "ref": name}]
    if len(schema.get("allOf", ())) == 1:
        return _kinds(schema["allOf"][0])
    alternatives = schema.get("oneOf") or schema.get("anyOf")
    if alternatives:
        kinds = []
        for alternative in alternatives:
            for kind in _kinds(alternative):
                if kind not in kinds:
                    kinds.append(kind)
        return kinds
    kind = schema.get("type", "any value")
    if kind == "array":
        return [{**inner, "prefix": "array of"} for inner in _kinds(schema.get("items", {}))]
    if kind == "object" and "additionalProperties" in schema and "properties" not in schema:
        values = schema["additionalProperties"]
        inner = _kinds(values) if isinstance(values, dict) else []
        label = inner[0]["name"] if inner else "any"
        return [{"prefix": "", "name": f"object of {label} values", "ref": None}]
    if schema.get("format"):
        kind = f"{kind} ({schema['format']})"
    return [{"prefix": "", "name": kind, "ref": None}]


def _nullable(schema: dict[str, Any]) -> bool:
    if schema.get("nullable"):
        return True
    alternatives = schema.get("oneOf") or schema.get("anyOf") or ()
    return any(a.get("$ref") == f"{COMPONENT_PREFIX}NullEnum" for a in alternatives)


def _type(schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "kinds": _kinds(schema),
        "nullable": _nullable(schema),
        "values": [json.dumps(value) for value in schema.get("enum", ())],
    }


def _fields(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """An object schema's fields, one level deep: a nested component is a link to it."""
    resolved = _resolve(schema)
    if resolved.get("type") == "array" and "properties" not in resolved:
        return []
    required = set(resolved.get("required", ()))
    fields = []
    for name, field in resolved.get("properties", {}).items():
        links_elsewhere = any(kind["ref"] for kind in _kinds(field))
        fields.append(
            {
                "name": name,
                "type": _type(field),
                "required": name in required,
                "read_only": field.get("readOnly", False),
                "write_only": field.get("writeOnly", False),
                # An enum's choices are listed in its own section.
                "description": _blocks(field.get("description"), choices=not links_elsewhere),
            }
        )
    return fields


def _examples(media: dict[str, Any]) -> list[dict[str, Any]]:
    """The JSON examples a request or response gives: its own, or its schema's."""
    found = []
    if "example" in media:
        found.append({"summary": "", "json": json.dumps(media["example"], indent=2)})
    for name, example in media.get("examples", {}).items():
        if "value" in example:
            found.append(
                {
                    "summary": example.get("summary") or name,
                    "json": json.dumps(example["value"], indent=2),
                }
            )
    schema = _resolve(media.get("schema", {}))
    if not found and "example" in schema:
        found.append({"summary": "", "json": json.dumps(schema["example"], indent=2)})
    return found


def _content(content: dict[str, Any]) -> dict[str, Any]:
    """A request or response body: its media types, its schema's type and fields."""
    if not content:
        return {"media_types": [], "type": None, "fields": [], "examples": []}
    # JSON's, when the body may be sent in other forms too.
    media = content.get("application/json") or next(iter(content.values()))
    schema = media.get("schema", {})
    return {
        "media_types": list(content),
        "type": _type(schema) if schema else None,
        "fields": _fields(schema) if schema else [],
        "examples": _examples(media),
    }


def _parameter(parameter: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": parameter["name"],
        "location": parameter["in"],
        "type": _type(parameter.get("schema", {})),
        "required": parameter.get("required", False),
        "description": _blocks(parameter.get("description")),
    }


def _access(operation: dict[str, Any]) -> dict[str, bool]:
    """How a caller is known: anonymously (when no requirement is needed and nobody is
    refused as not signed in), by a personal token, by the browser's session."""
    schemes = set()
    anonymous = "security" not in operation
    for requirement in operation.get("security", ()):
        schemes.update(requirement)
        anonymous = anonymous or not requirement
    return {
        "token": "personalToken" in schemes,
        "session": "browserSession" in schemes,
        "anonymous": anonymous and "401" not in operation.get("responses", {}),
    }


def _response(status: str, response: dict[str, Any]) -> dict[str, Any]:
    try:
        meaning = HTTPStatus(int(status)).phrase
    except ValueError:
        meaning = ""
    return {
        "status": status,
        "meaning": meaning,
        "is_error": status.startswith(("4", "5")),
        "description": _blocks(response.get("description")),
        "headers": [
            {"name": name, "description": _blocks(header.get("description"))}
            for name, header in response.get("headers", {}).items()
        ],
        **_content(response.get("content", {})),
    }


def _operation(path: str, method: str, operation: dict[str, Any]) -> dict[str, Any]:
    body = operation.get("requestBody")
    responses = sorted(operation.get("responses", {}).items(), key=lambda item: item[0])
    return {
        "id": operation["operationId"],
        "method": method.upper(),
        "path": path,
        "summary": operation.get("summary", ""),
        "description": _blocks(operation.get("description")),
        "deprecated": operation.get("deprecated", False),
        "access": _access(operation),
        "parameters": [_parameter(p) for p in operation.get("parameters", ())],
        "body": {"required": body.get("required", False), **_content(body.get("content", {}))}
        if body
        else None,
        "responses": [_response(status, response) for status, response in responses],
    }


def _enum_values(schema: dict[str, Any]) -> list[dict[str, str]]:
    labels = {}
    for line in (schema.get("description") or "").splitlines():
        match = CHOICE_LINE.match(line.strip())
        if match:
            labels[match["value"]] = match["label"]
    return [
        {"value": json.dumps(value), "label": labels.get(str(value), "")}
        for value in schema["enum"]
    ]


def _component(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    is_enum = "enum" in schema
    return {
        "name": name,
        "id": f"schema-{name}",
        "type": _type({key: value for key, value in schema.items() if key != "enum"}),
        "description": _blocks(schema.get("description"), choices=not is_enum),
        "values": _enum_values(schema) if is_enum else [],
        "fields": _fields(schema),
    }


@functools.cache
def docs_page() -> dict[str, Any]:
    """The documentation page's content: what the template lays out, and nothing else."""
    document = api_document()
    tags: dict[str, list[dict[str, Any]]] = {}
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                operation = item[method]
                tag = (operation.get("tags") or ["other"])[0]
                tags.setdefault(tag, []).append(_operation(path, method, operation))
    schemas = document.get("components", {}).get("schemas", {})
    return {
        "title": document["info"]["title"],
        "version": document["info"]["version"],
        "description": _blocks(document["info"].get("description")),
        "tags": [
            {
                "name": tag,
                "id": f"tag-{tag}",
                "heading": TAG_HEADINGS.get(tag, tag.replace("-", " ").capitalize()),
                "operations": operations,
            }
            for tag, operations in tags.items()
        ],
        "components": [_component(name, schema) for name, schema in schemas.items()],
    }


@require_safe
def openapi_redirect(request: HttpRequest) -> HttpResponse:
    """/openapi.json, where clients look first: the document is /api/openapi.json."""
    return redirect("api:schema")


PERIODS = {"s": "second", "m": "minute", "h": "hour", "d": "day"}


def _rate(scope: str) -> dict[str, Any]:
    """A rate limit from settings ("3000/hour") as its number and period."""
    count, period = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope].split("/")
    return {"count": int(count), "period": PERIODS[period[0]]}


@require_safe
def api_docs(request: HttpRequest) -> HttpResponse:
    """The API's documentation, made from its OpenAPI document."""
    return render(
        request,
        "tracker/api/api_docs.html",
        {
            "docs": docs_page(),
            "base_url": f"{settings.SITE_URL}/api/v1/",
            "page_size": RecordCursorPagination.page_size,
            "max_page_size": RecordCursorPagination.max_page_size,
            "rate_per_token": _rate("api_token"),
            "rate_per_address": _rate("api_address"),
            "licence_name": LICENCE_NAME,
            "licence_url": LICENCE_URL,
        },
    )


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


def operations() -> dict[str, list[str]]:
    """Every path of the API, with the methods it takes, as the OpenAPI document gives
    them: the actions on an item ("/api/v1/requests/{id}/owner/": ["POST"]) as well as
    the collections."""
    return {
        path: [method.upper() for method in METHODS if method in actions]
        for path, actions in api_document()["paths"].items()
    }


@extend_schema(exclude=True)
@api_view(["GET"])
def index(request):
    return Response(
        {
            "version": "v1",
            "openapi": reverse("api:schema"),
            "documentation": reverse("api:docs"),
            "endpoints": {name: reverse(f"api:{name}") for name in ENDPOINTS},
            "operations": operations(),
        }
    )
