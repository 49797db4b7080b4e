"""Recommendations, requests and owners' updates through the API: read as the item pages
read them, written through the forms and services the pages use, so the rules, the
history (who, and why, and through which token) and the edit-conflict check are theirs.

Versions: an item's ETag is its version (`tracker.items.versions.version_of`, the id of its
latest history row), the one the forms carry. A change that could overwrite someone
else's (a review, an assessment) needs it back in If-Match: an older one is refused with
412 and changes nothing, none at all with 428.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from committees.models import Meeting, Post
from committees.services import changes_via
from tracker.access import access_for
from tracker.items import services
from tracker.items.forms import CommitteeAssessmentForm, OwnerUpdateForm, ReviewForm
from tracker.items.versions import version_of
from tracker.models import InformationRequest, OwnerUpdate, Recommendation
from tracker.outstanding.selectors import item_timeline, pending_updates

from . import serializers as api_serializers
from .authentication import token_name
from .errors import ERROR_SCHEMA, PreconditionFailed, PreconditionRequired, invalid
from .pagination import RecordCursorPagination

ERRORS = {
    400: OpenApiResponse(ERROR_SCHEMA, description="Invalid: each field's messages in fields"),
    401: OpenApiResponse(ERROR_SCHEMA, description="Not signed in, or the token is not valid"),
    403: OpenApiResponse(ERROR_SCHEMA, description="Not allowed"),
    404: OpenApiResponse(
        ERROR_SCHEMA, description="No such item, or not one the reader may know of"
    ),
    415: OpenApiResponse(
        ERROR_SCHEMA, description="The body is not JSON (code unsupported_media_type)"
    ),
    429: OpenApiResponse(ERROR_SCHEMA, description="Too many requests: see Retry-After"),
}
# What a write that needs the item's version answers besides.
VERSION_ERRORS = {
    412: OpenApiResponse(
        ERROR_SCHEMA,
        description="The item changed since the ETag in If-Match (code edit_conflict): "
        "nothing was changed",
    ),
    428: OpenApiResponse(
        ERROR_SCHEMA, description="No If-Match (code precondition_required): nothing was changed"
    ),
}
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    location=OpenApiParameter.HEADER,
    required=True,
    description="The ETag of the item as last read.",
)


# The version an item's answer carries (a response header), for If-Match.
ETAG = OpenApiParameter(
    "ETag",
    str,
    location=OpenApiParameter.HEADER,
    response=[200],
    description="The item's version: send it in If-Match to change the item.",
)


def etag(version: str) -> str:
    return f'"{version}"'


def if_match(request) -> str:
    """The version the client saw, from If-Match; 428 when it sent none."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired()
    if header.startswith("W/"):
        header = header[2:]
    return header.strip('"')


def acting(request):
    """Changes made within are recorded as made through the API, with the token's name."""
    name = token_name(request)
    return changes_via(f"API token “{name}”" if name else "the API")


def _require_signed_in(request) -> None:
    if not request.user.is_authenticated:
        raise NotAuthenticated()


def _require(request, perm: str, obj) -> None:
    _require_signed_in(request)
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied()


def form_data(data, dates: tuple[str, ...] = ()) -> dict:
    """JSON fields as a form's data: dates ("2019-02-13") as the form's day, month and year."""
    if not isinstance(data, dict):
        return {}
    values = {
        key: ("" if value is None else value)
        for key, value in data.items()
        if key not in dates and isinstance(value, str | int | float | bool | type(None))
    }
    for name in dates:
        raw = data.get(name)
        if raw in (None, ""):
            continue
        try:
            day = dt.date.fromisoformat(str(raw))
        except ValueError:
            values.update({f"{name}_0": "x", f"{name}_1": "x", f"{name}_2": "x"})
            continue
        values.update({f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year})
    return values


def form_errors(form) -> dict[str, list[str]]:
    errors = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
    errors["non_field_errors"] = errors.pop("__all__", [])
    if not errors["non_field_errors"]:
        del errors["non_field_errors"]
    return errors


def _invalid_form(form, rename: dict[str, str] | None = None) -> Response:
    fields = form_errors(form)
    for name, given in (rename or {}).items():
        if name in fields:
            fields[given] = fields.pop(name)
    return invalid(fields, " ".join(fields.pop("non_field_errors", [])))


def versioned_form(request, form_class, *, of, dates: tuple[str, ...] = (), **kwargs):
    """The page's form, bound to the JSON body and to the version the client gives in
    If-Match for `of`, the item changed. The body is read first: one that is not JSON is
    refused (415) before anything else is looked at; then no If-Match (428), then one that
    is not the item's version now (412), before the body's fields are checked. The service
    checks the version again under the row's lock."""
    body = request.data
    seen = if_match(request)
    if seen != version_of(of):
        raise PreconditionFailed()
    return form_class({**form_data(body, dates), "seen_version": seen}, **kwargs)


def refused(form, rename: dict[str, str] | None = None) -> Response | None:
    """None when the form is valid; else the 400 naming each field (an If-Match that
    cannot be a version is no version of the item: 412)."""
    if form.is_valid():
        return None
    if "seen_version" in form.errors:
        raise PreconditionFailed()
    return _invalid_form(form, rename)


def _recommendations():
    return Recommendation.objects.select_related(
        "inquiry__committee", "owner_post", "owner_person", "current_assessment"
    )


def _requests():
    return InformationRequest.objects.select_related(
        "meeting__committee", "agenda_item", "owner_post", "owner_person"
    )


def get_recommendation(pk: int) -> Recommendation:
    return get_object_or_404(_recommendations(), pk=pk)


def get_request(request, pk: int) -> InformationRequest:
    """A request from an exempt item is 404 to anyone not entitled, as on its page."""
    item = get_object_or_404(_requests(), pk=pk)
    if not request.user.has_perm("tracker.view_item", item):
        raise Http404("No such request")
    return item


ITEM_FILTERS = [
    OpenApiParameter("committee", str, description="A committee's slug."),
    OpenApiParameter("outstanding", bool, description="Only those still being tracked."),
]


def _narrow(request, rows, committee_path: str):
    slug = request.query_params.get("committee")
    if slug:
        rows = rows.filter(**{committee_path: slug})
    if request.query_params.get("outstanding") in {"true", "1"}:
        rows = rows.outstanding()
    return rows


@extend_schema(parameters=ITEM_FILTERS)
class RecommendationList(generics.ListAPIView):
    """Every recommendation, open or closed: recommendations are reported to full
    Council, so all are public."""

    serializer_class = api_serializers.RecommendationSerializer
    pagination_class = RecordCursorPagination

    def get_queryset(self):
        return _narrow(self.request, _recommendations(), "inquiry__committee__slug")


@extend_schema(parameters=ITEM_FILTERS)
class RequestList(generics.ListAPIView):
    """The requests the reader may see (`Access.visible_requests`): those from exempt
    items only for the committee's members and officers and whoever was asked."""

    serializer_class = api_serializers.InformationRequestSerializer
    pagination_class = RecordCursorPagination

    def get_queryset(self):
        access = access_for(self.request.user)
        rows = _requests().filter(access.visible_requests())
        return _narrow(self.request, rows, "meeting__committee__slug")


class _ItemDetail(generics.GenericAPIView):
    def detail(self, request, item) -> Response:
        updates = item.updates.visible_to(access_for(request.user))
        context = {
            **self.get_serializer_context(),
            "timeline": item_timeline(item, updates=updates),
            "updates": updates.select_related("submitted_by__person", "proposed_assessment"),
        }
        data = self.get_serializer_class()(item, context=context).data
        return Response(data, headers={"ETag": etag(version_of(item))})


@extend_schema(parameters=[ETAG])
class RecommendationDetail(_ItemDetail):
    """A recommendation with its status, dates and history (the owners' updates not yet
    accepted only for those the item page shows them to). ETag: its version."""

    serializer_class = api_serializers.RecommendationDetailSerializer

    def get(self, request, pk: int):
        return self.detail(request, get_recommendation(pk))


@extend_schema(parameters=[ETAG])
class RequestDetail(_ItemDetail):
    serializer_class = api_serializers.InformationRequestDetailSerializer

    def get(self, request, pk: int):
        return self.detail(request, get_request(request, pk))


class OwnerUpdateInput(serializers.Serializer):
    progress_note = serializers.CharField()
    evidence_link = serializers.CharField(required=False, allow_blank=True)
    evidence_text = serializers.CharField(required=False, allow_blank=True)
    proposed_assessment = serializers.IntegerField(
        required=False, allow_null=True, help_text="An assessment of the inquiry's scale."
    )
    provided_on = serializers.DateField(required=False, allow_null=True)
    provided_how = serializers.CharField(required=False, allow_blank=True)


class _SubmitUpdate(APIView):
    """The item's owner reports progress: a proposal until a scrutiny officer accepts it
    (the page's form and service). One update waits for review at a time."""

    def submit(self, request, item) -> Response:
        _require(request, "tracker.update_item", item)
        form = OwnerUpdateForm(form_data(request.data, ("provided_on",)), item=item)
        if not form.is_valid():
            return _invalid_form(form)
        with acting(request):
            update = services.owner_update_submit(
                item=item, by_user=request.user, **form.cleaned_data
            )
        data = api_serializers.OwnerUpdateSerializer(update).data
        return Response(data, status=status.HTTP_201_CREATED)


@extend_schema(
    request=OwnerUpdateInput,
    responses={201: api_serializers.OwnerUpdateSerializer, **ERRORS},
)
class RecommendationUpdateSubmit(_SubmitUpdate):
    def post(self, request, pk: int):
        return self.submit(request, get_recommendation(pk))


@extend_schema(
    request=OwnerUpdateInput,
    responses={201: api_serializers.OwnerUpdateSerializer, **ERRORS},
)
class RequestUpdateSubmit(_SubmitUpdate):
    def post(self, request, pk: int):
        return self.submit(request, get_request(request, pk))


def _update_for(request, pk: int) -> OwnerUpdate:
    update = get_object_or_404(
        OwnerUpdate.objects.select_related(
            "recommendation__inquiry",
            "request__meeting",
            "request__agenda_item",
            "submitted_by__person",
            "proposed_assessment",
        ),
        pk=pk,
    )
    item = update.item
    if not request.user.has_perm("tracker.view_item", item):
        raise Http404("No such update")
    if not update.__class__.objects.filter(pk=pk).visible_to(access_for(request.user)).exists():
        raise Http404("No such update")
    return update


class PendingUpdateList(generics.ListAPIView):
    """The owners' updates waiting for the signed-in officer's review (their committees')."""

    serializer_class = api_serializers.OwnerUpdateSerializer
    pagination_class = None

    def get_queryset(self):
        _require_signed_in(self.request)
        access = access_for(self.request.user)
        if not access.is_officer:
            raise PermissionDenied()
        return pending_updates(access)


class OwnerUpdateDetail(APIView):
    """One owner's update, for those the item page shows it to. ETag: its version."""

    @extend_schema(
        parameters=[ETAG], responses={200: api_serializers.OwnerUpdateSerializer, **ERRORS}
    )
    def get(self, request, pk: int):
        update = _update_for(request, pk)
        data = api_serializers.OwnerUpdateSerializer(update).data
        return Response(data, headers={"ETag": etag(version_of(update))})


class ReviewInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["accept", "return"])
    note = serializers.CharField(
        required=False, allow_blank=True, help_text="Required when sending an update back."
    )
    delivered = serializers.BooleanField(required=False)


class OwnerUpdateReview(APIView):
    """A scrutiny officer of the item's committee accepts the update (it becomes part of
    the item's record) or sends it back with the reason. If-Match: the update's ETag."""

    @extend_schema(
        request=ReviewInput,
        parameters=[IF_MATCH, ETAG],
        examples=[
            OpenApiExample(
                "Send it back",
                value={"decision": "return", "note": "Say which wards the figures cover."},
                request_only=True,
            ),
            OpenApiExample(
                "Accept it, and what was due was delivered",
                value={"decision": "accept", "delivered": True},
                request_only=True,
            ),
        ],
        responses={
            200: api_serializers.OwnerUpdateSerializer,
            **VERSION_ERRORS,
            **ERRORS,
        },
    )
    def post(self, request, pk: int):
        update = _update_for(request, pk)
        _require(request, "tracker.review_item", update.item)
        form = versioned_form(request, ReviewForm, of=update, update=update)
        if form.data.get("delivered") in (False, "false", ""):
            form.data.pop("delivered")  # a checkbox left unticked sends nothing
        if (answer := refused(form)) is not None:
            return answer
        seen_version = form.cleaned_data["seen_version"]
        with acting(request):
            if form.cleaned_data["decision"] == "accept":
                services.owner_update_accept(
                    update=update,
                    by_user=request.user,
                    note=form.cleaned_data["note"],
                    delivered=form.cleaned_data.get("delivered", False),
                    seen_version=seen_version,
                )
            else:
                services.owner_update_return(
                    update=update,
                    by_user=request.user,
                    reason=form.cleaned_data["note"],
                    seen_version=seen_version,
                )
        update.refresh_from_db()
        data = api_serializers.OwnerUpdateSerializer(update).data
        return Response(data, headers={"ETag": etag(version_of(update))})


class AssessmentInput(serializers.Serializer):
    assessment = serializers.IntegerField(help_text="An assessment of the inquiry's scale.")
    meeting = serializers.IntegerField(help_text="The meeting that decided it (held).")
    next_tracking_date = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True)
    evidence_link = serializers.CharField(required=False, allow_blank=True)
    evidence_text = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)


class RecommendationAssess(APIView):
    """A scrutiny officer records the committee's assessment, decided at a meeting.
    If-Match: the recommendation's ETag."""

    @extend_schema(
        request=AssessmentInput,
        parameters=[IF_MATCH, ETAG],
        responses={
            200: api_serializers.RecommendationSerializer,
            **VERSION_ERRORS,
            **ERRORS,
        },
    )
    def post(self, request, pk: int):
        recommendation = get_recommendation(pk)
        _require(request, "tracker.review_item", recommendation)
        form = versioned_form(
            request,
            CommitteeAssessmentForm,
            of=recommendation,
            dates=("next_tracking_date",),
            recommendation=recommendation,
        )
        if (answer := refused(form)) is not None:
            return answer
        with acting(request):
            services.committee_assessment_record(
                recommendation=recommendation, by_user=request.user, **form.cleaned_data
            )
        recommendation = get_recommendation(pk)
        data = api_serializers.RecommendationSerializer(recommendation).data
        return Response(data, headers={"ETag": etag(version_of(recommendation))})


class RequestInput(serializers.Serializer):
    meeting = serializers.IntegerField()
    agenda_item = serializers.IntegerField(
        required=False, allow_null=True, help_text="The item's number on the meeting's agenda."
    )
    text = serializers.CharField(max_length=10000)
    kind = serializers.ChoiceField(
        choices=InformationRequest.Kind.choices, default=InformationRequest.Kind.INFORMATION
    )
    owner_post = serializers.IntegerField(required=False, allow_null=True)
    due_date = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class RequestCreate(generics.GenericAPIView):
    """A scrutiny officer records what a meeting of a committee they keep asked for."""

    @extend_schema(
        request=RequestInput,
        responses={201: api_serializers.InformationRequestSerializer, **ERRORS},
    )
    def post(self, request):
        return self.create(request)

    def create(self, request):
        _require_signed_in(request)
        if not access_for(request.user).is_officer:
            raise PermissionDenied()
        given = RequestInput(data=request.data)
        given.is_valid(raise_exception=True)
        values = given.validated_data
        meeting = Meeting.objects.filter(pk=values["meeting"]).first()
        if meeting is None:
            return invalid({"meeting": ["No such meeting"]})
        if not access_for(request.user).keeps_record_of(meeting.committee_id):
            raise PermissionDenied()
        agenda_item = None
        if values.get("agenda_item") is not None:
            agenda_item = meeting.agenda_items.filter(number=values["agenda_item"]).first()
            if agenda_item is None:
                return invalid({"agenda_item": ["The meeting has no item with that number"]})
        owner_post = None
        if values.get("owner_post") is not None:
            owner_post = Post.objects.filter(pk=values["owner_post"]).first()
            if owner_post is None:
                return invalid({"owner_post": ["No such post"]})
        with acting(request):
            item = services.information_request_create(
                meeting=meeting,
                agenda_item=agenda_item,
                text=values["text"],
                kind=values["kind"],
                owner_post=owner_post,
                due_date=values.get("due_date"),
                by_user=request.user,
                reason=values.get("reason") or "Request recorded",
            )
        item = get_object_or_404(_requests(), pk=item.pk)
        data = api_serializers.InformationRequestSerializer(item).data
        return Response(
            data, status=status.HTTP_201_CREATED, headers={"ETag": etag(version_of(item))}
        )


@extend_schema(parameters=ITEM_FILTERS, methods=["GET"])
@extend_schema(
    request=RequestInput,
    responses={201: api_serializers.InformationRequestSerializer, **ERRORS},
    methods=["POST"],
)
class RequestListCreate(RequestList, RequestCreate):
    """GET: the requests the reader may see. POST: a scrutiny officer records a request."""

    def post(self, request):
        return self.create(request)
