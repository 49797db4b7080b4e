"""Every API error has one shape: {"code": ..., "message": ..., "fields": {...}}.

`fields` maps a field's name to its messages (validation errors); it is empty otherwise.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from tracker.items.versions import EditConflict

# The shape of every error, for the OpenAPI document.
ERROR_SCHEMA = {
    "type": "object",
    "required": ["code", "message", "fields"],
    "properties": {
        "code": {"type": "string", "example": "invalid"},
        "message": {"type": "string"},
        "fields": {
            "type": "object",
            "description": "Each field's messages; empty unless what was sent is not valid.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
}


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "edit_conflict"
    default_detail = "The item changed since the version given in If-Match."


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_code = "precondition_required"
    default_detail = (
        "Send the item's ETag in an If-Match header, so that a change made since you read "
        "it is not overwritten."
    )


def _flat(detail) -> list[str]:
    if isinstance(detail, dict):
        return [message for value in detail.values() for message in _flat(value)]
    if isinstance(detail, list):
        return [message for value in detail for message in _flat(value)]
    return [str(detail)]


def invalid(fields: dict[str, list[str]], message: str = "") -> Response:
    return Response(
        {
            "code": "invalid",
            "message": message or "Some of what was sent is not valid: see fields.",
            "fields": fields,
        },
        status=status.HTTP_400_BAD_REQUEST,
    )


def from_django_validation(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {field: list(messages) for field, messages in error.message_dict.items()}
    return {"non_field_errors": list(error.messages)}


def api_exception_handler(exc, context):
    if isinstance(exc, EditConflict):
        exc = PreconditionFailed(
            f"{exc.headline}. Read the item again and send its new ETag if your change "
            "is still right."
        )
    elif isinstance(exc, exceptions.UnsupportedMediaType):
        exc = exceptions.UnsupportedMediaType(
            "", "Send the body as JSON, with the header Content-Type: application/json."
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        fields = from_django_validation(exc)
        message = " ".join(fields.pop("__all__", []) + fields.pop("non_field_errors", []))
        return invalid(fields, message)
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        fields = {name: _flat(value) for name, value in detail.items()}
        message = " ".join(fields.pop("non_field_errors", []))
        response.data = {
            "code": "invalid",
            "message": message or "Some of what was sent is not valid: see fields.",
            "fields": fields,
        }
        return response
    codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    response.data = {
        "code": codes if isinstance(codes, str) else "error",
        "message": " ".join(_flat(getattr(exc, "detail", str(exc)))),
        "fields": {},
    }
    return response
