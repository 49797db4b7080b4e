"""Changes a scrutiny officer makes to a recommendation or a request, as on the item's
pages: a new due date with its reason, a request's new owner, a withdrawal, and a request
marked provided.

Each is validated by the page's own form and made by the page's service, with the page's
access rule (the committee's scrutiny officers; an exempt request does not exist for
anyone who may not see it), so the history records who, why and through which token. Each
needs the item's ETag in If-Match: a stale one is refused with 412 and changes nothing;
none, with 428. A body that is not JSON is refused with 415.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from tracker.impact.forms import WithdrawForm
from tracker.items import services
from tracker.items.forms import (
    DueDateRevisionForm,
    RequestOwnerForm,
    RequestProvidedForm,
    RequestWithdrawForm,
)
from tracker.items.versions import version_of

from . import serializers as api_serializers
from .errors import invalid
from .items import (
    ERRORS,
    ETAG,
    IF_MATCH,
    VERSION_ERRORS,
    _require,
    acting,
    etag,
    get_recommendation,
    get_request,
    refused,
    versioned_form,
)

WRITE_ERRORS = {**VERSION_ERRORS, **ERRORS}
INVALID_EXAMPLE = OpenApiExample(
    "Not valid",
    value={
        "code": "invalid",
        "message": "Some of what was sent is not valid: see fields.",
        "fields": {"reason": ["Say why the due date changed"]},
    },
    response_only=True,
    status_codes=["400"],
)
CONFLICT_EXAMPLE = OpenApiExample(
    "Changed meanwhile",
    value={
        "code": "edit_conflict",
        "message": "Someone else changed this request after you opened this page, so your "
        "change was not saved. Read the item again and send its new ETag if your change is "
        "still right.",
        "fields": {},
    },
    response_only=True,
    status_codes=["412"],
)
NOT_JSON_EXAMPLE = OpenApiExample(
    "Not JSON",
    value={
        "code": "unsupported_media_type",
        "message": "Send the body as JSON, with the header Content-Type: application/json.",
        "fields": {},
    },
    response_only=True,
    status_codes=["415"],
)
ERROR_EXAMPLES = [INVALID_EXAMPLE, CONFLICT_EXAMPLE, NOT_JSON_EXAMPLE]


def _recommendation_answer(pk: int) -> Response:
    item = get_recommendation(pk)
    data = api_serializers.RecommendationSerializer(item).data
    return Response(data, headers={"ETag": etag(version_of(item))})


def _request_answer(request, pk: int) -> Response:
    item = get_request(request, pk)
    data = api_serializers.InformationRequestSerializer(item).data
    return Response(data, headers={"ETag": etag(version_of(item))})


# -- due dates ------------------------------------------------------------------------------


class DueDateInput(serializers.Serializer):
    new_date = serializers.DateField(help_text="The new due date.")
    reason = serializers.CharField(max_length=5000, help_text="Why the date changed.")
    decided_on = serializers.DateField(help_text="The date the new date was agreed.")


DUE_DATE_EXAMPLE = OpenApiExample(
    "A new date agreed at a meeting",
    value={
        "new_date": "2019-06-30",
        "reason": "The committee agreed a new date at its meeting of 13 February 2019.",
        "decided_on": "2019-02-13",
    },
    request_only=True,
)
DUE_DATES = ("new_date", "decided_on")


class RecommendationDueDate(APIView):
    """A scrutiny officer of the committee records a new due date, with why it changed and
    when it was agreed. The recommendation keeps its original due date; the history keeps
    the date replaced and the reason. If-Match: the recommendation's ETag."""

    @extend_schema(
        operation_id="recommendation_due_date_revise",
        request=DueDateInput,
        parameters=[IF_MATCH, ETAG],
        responses={200: api_serializers.RecommendationSerializer, **WRITE_ERRORS},
        examples=[DUE_DATE_EXAMPLE, *ERROR_EXAMPLES],
    )
    def post(self, request, pk: int):
        item = get_recommendation(pk)
        _require(request, "tracker.review_item", item)
        form = versioned_form(request, DueDateRevisionForm, of=item, dates=DUE_DATES, item=item)
        if (answer := refused(form)) is not None:
            return answer
        with acting(request):
            services.recommendation_revise_due_date(
                recommendation=item, by_user=request.user, **form.cleaned_data
            )
        return _recommendation_answer(pk)


class RequestDueDate(APIView):
    """A scrutiny officer of the committee records a new due date for an open request,
    with why it changed and when it was agreed. If-Match: the request's ETag."""

    @extend_schema(
        operation_id="request_due_date_revise",
        request=DueDateInput,
        parameters=[IF_MATCH, ETAG],
        responses={200: api_serializers.InformationRequestSerializer, **WRITE_ERRORS},
        examples=[DUE_DATE_EXAMPLE, *ERROR_EXAMPLES],
    )
    def post(self, request, pk: int):
        item = get_request(request, pk)
        _require(request, "tracker.review_item", item)
        form = versioned_form(request, DueDateRevisionForm, of=item, dates=DUE_DATES, item=item)
        if (answer := refused(form)) is not None:
            return answer
        with acting(request):
            services.information_request_revise_due_date(
                request=item, by_user=request.user, **form.cleaned_data
            )
        return _request_answer(request, pk)


# -- a request's owner ----------------------------------------------------------------------


class OwnerInput(serializers.Serializer):
    owner_post = serializers.IntegerField(
        required=False,
        help_text="The post that owns it from now on: whoever holds the post answers it.",
    )
    owner_person = serializers.IntegerField(
        required=False, help_text="Or the person, by name, who owns it from now on."
    )
    reason = serializers.CharField(max_length=5000, help_text="Why the owner changed.")


OWNER_FIELDS = ("owner_post", "owner_person")


class RequestOwner(APIView):
    """A scrutiny officer of the committee gives the request to a new owner: a post
    (`owner_post`) or a person (`owner_person`), not both, with why.
    If-Match: the request's ETag."""

    @extend_schema(
        operation_id="request_owner_change",
        request=OwnerInput,
        parameters=[IF_MATCH, ETAG],
        responses={200: api_serializers.InformationRequestSerializer, **WRITE_ERRORS},
        examples=[
            OpenApiExample(
                "To a post",
                value={"owner_post": 12, "reason": "The service moved to this portfolio."},
                request_only=True,
            ),
            OpenApiExample(
                "To a person",
                value={"owner_person": 40, "reason": "The report's author will send it."},
                request_only=True,
            ),
            *ERROR_EXAMPLES,
        ],
    )
    def post(self, request, pk: int):
        item = get_request(request, pk)
        _require(request, "tracker.review_item", item)
        form = versioned_form(request, RequestOwnerForm, of=item, item=item)
        given = [name for name in OWNER_FIELDS if form.data.get(name) not in (None, "")]
        if len(given) > 1:
            return invalid({"owner_person": ["Give a post or a person as the owner, not both"]})
        field = given[0] if given else "owner_post"
        kind = "post" if field == "owner_post" else "person"
        form.data["owner"] = f"{kind}-{form.data[field]}" if given else ""
        if (answer := refused(form, rename={"owner": field})) is not None:
            return answer
        cleaned = form.cleaned_data
        with acting(request):
            services.information_request_change_owner(
                request=item,
                by_user=request.user,
                reason=cleaned["reason"],
                seen_version=cleaned["seen_version"],
                **cleaned["owner"],
            )
        return _request_answer(request, pk)


# -- withdrawal -------------------------------------------------------------------------------


class RecommendationWithdrawInput(serializers.Serializer):
    meeting = serializers.IntegerField(help_text="The committee's meeting that withdrew it.")
    reason = serializers.CharField(max_length=5000, help_text="The committee's reason.")


class RecommendationWithdraw(APIView):
    """A scrutiny officer records that the committee withdrew the recommendation at one of
    its meetings, with the committee's reason: tracking ends, and it counts as withdrawn.
    A withdrawn recommendation takes no more decisions. If-Match: its ETag."""

    @extend_schema(
        operation_id="recommendation_withdraw",
        request=RecommendationWithdrawInput,
        parameters=[IF_MATCH, ETAG],
        responses={200: api_serializers.RecommendationSerializer, **WRITE_ERRORS},
        examples=[
            OpenApiExample(
                "Withdrawn at a meeting",
                value={"meeting": 31, "reason": "Overtaken by the new sufficiency strategy."},
                request_only=True,
            ),
            *ERROR_EXAMPLES,
        ],
    )
    def post(self, request, pk: int):
        item = get_recommendation(pk)
        _require(request, "tracker.review_item", item)
        form = versioned_form(request, WithdrawForm, of=item, recommendation=item)
        if (answer := refused(form)) is not None:
            return answer
        with acting(request):
            services.recommendation_withdraw(
                recommendation=item, by_user=request.user, **form.cleaned_data
            )
        return _recommendation_answer(pk)


class RequestWithdrawInput(serializers.Serializer):
    reason = serializers.CharField(max_length=5000, help_text="Why the request is withdrawn.")


class RequestWithdraw(APIView):
    """A scrutiny officer withdraws a request not yet provided, with why: it leaves the
    outstanding list and is no longer chased. If-Match: the request's ETag."""

    @extend_schema(
        operation_id="request_withdraw",
        request=RequestWithdrawInput,
        parameters=[IF_MATCH, ETAG],
        responses={200: api_serializers.InformationRequestSerializer, **WRITE_ERRORS},
        examples=[
            OpenApiExample(
                "No longer needed",
                value={"reason": "The committee agreed it is no longer needed."},
                request_only=True,
            ),
            *ERROR_EXAMPLES,
        ],
    )
    def post(self, request, pk: int):
        item = get_request(request, pk)
        _require(request, "tracker.review_item", item)
        form = versioned_form(request, RequestWithdrawForm, of=item, item=item)
        if (answer := refused(form)) is not None:
            return answer
        with acting(request):
            services.information_request_withdraw(
                request=item, by_user=request.user, **form.cleaned_data
            )
        return _request_answer(request, pk)


# -- provided -------------------------------------------------------------------------------


class ProvidedInput(serializers.Serializer):
    provided_on = serializers.DateField(
        help_text="The date the information was provided: on or after the meeting that "
        "asked for it, and not in the future."
    )
    how = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        help_text="How it was provided, for example: circulated to Members by email.",
    )


class RequestProvided(APIView):
    """A scrutiny officer marks the information provided, on a date and how. The history
    says the scrutiny officer marked it provided. If-Match: the request's ETag."""

    @extend_schema(
        operation_id="request_mark_provided",
        request=ProvidedInput,
        parameters=[IF_MATCH, ETAG],
        responses={200: api_serializers.InformationRequestSerializer, **WRITE_ERRORS},
        examples=[
            OpenApiExample(
                "Circulated by email",
                value={"provided_on": "2019-02-01", "how": "Circulated to Members by email."},
                request_only=True,
            ),
            *ERROR_EXAMPLES,
        ],
    )
    def post(self, request, pk: int):
        item = get_request(request, pk)
        _require(request, "tracker.review_item", item)
        form = versioned_form(
            request, RequestProvidedForm, of=item, dates=("provided_on",), item=item
        )
        if (answer := refused(form)) is not None:
            return answer
        cleaned = form.cleaned_data
        with acting(request):
            services.information_request_provide(
                request=item,
                by_user=request.user,
                provided_on=cleaned["provided_on"],
                how=cleaned["how"],
                reason=services.PROVIDED_BY_OFFICER,
                seen_version=cleaned["seen_version"],
            )
        return _request_answer(request, pk)
