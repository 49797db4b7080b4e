"""/api/v1/: the JSON API. Its OpenAPI document is /api/openapi.json (also /openapi.json),
its documentation page /api/docs/."""

from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from . import changes, items, outstanding, records, search
from .docs import api_docs, index

app_name = "api"

urlpatterns = [
    path("", index, name="root"),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("docs/", api_docs, name="docs"),
    path("v1/committees/", records.CommitteeList.as_view(), name="committee-list"),
    path("v1/committees/<slug:slug>/", records.CommitteeDetail.as_view(), name="committee-detail"),
    path("v1/memberships/", records.MembershipList.as_view(), name="membership-list"),
    path("v1/meetings/", records.MeetingList.as_view(), name="meeting-list"),
    path("v1/meetings/<int:pk>/", records.MeetingDetail.as_view(), name="meeting-detail"),
    path("v1/resolutions/", records.ResolutionList.as_view(), name="resolution-list"),
    path("v1/work-programme/", records.WorkProgrammeList.as_view(), name="work-programme"),
    path("v1/kpi-reports/", records.KpiReportList.as_view(), name="kpi-report-list"),
    path("v1/kpi-reports/<int:pk>/", records.KpiReportDetail.as_view(), name="kpi-report-detail"),
    path("v1/outstanding/", outstanding.OutstandingItems.as_view(), name="outstanding"),
    path("v1/search/", search.Search.as_view(), name="search"),
    path("v1/recommendations/", items.RecommendationList.as_view(), name="recommendation-list"),
    path(
        "v1/recommendations/<int:pk>/",
        items.RecommendationDetail.as_view(),
        name="recommendation-detail",
    ),
    path(
        "v1/recommendations/<int:pk>/updates/",
        items.RecommendationUpdateSubmit.as_view(),
        name="recommendation-update",
    ),
    path(
        "v1/recommendations/<int:pk>/assessments/",
        items.RecommendationAssess.as_view(),
        name="recommendation-assess",
    ),
    path(
        "v1/recommendations/<int:pk>/due-date/",
        changes.RecommendationDueDate.as_view(),
        name="recommendation-due-date",
    ),
    path(
        "v1/recommendations/<int:pk>/withdrawal/",
        changes.RecommendationWithdraw.as_view(),
        name="recommendation-withdraw",
    ),
    path("v1/requests/", items.RequestListCreate.as_view(), name="request-list"),
    path("v1/requests/<int:pk>/", items.RequestDetail.as_view(), name="request-detail"),
    path(
        "v1/requests/<int:pk>/updates/",
        items.RequestUpdateSubmit.as_view(),
        name="request-update",
    ),
    path(
        "v1/requests/<int:pk>/due-date/",
        changes.RequestDueDate.as_view(),
        name="request-due-date",
    ),
    path("v1/requests/<int:pk>/owner/", changes.RequestOwner.as_view(), name="request-owner"),
    path(
        "v1/requests/<int:pk>/withdrawal/",
        changes.RequestWithdraw.as_view(),
        name="request-withdraw",
    ),
    path(
        "v1/requests/<int:pk>/provided/",
        changes.RequestProvided.as_view(),
        name="request-provided",
    ),
    path("v1/updates/", items.PendingUpdateList.as_view(), name="update-list"),
    path("v1/updates/<int:pk>/", items.OwnerUpdateDetail.as_view(), name="update-detail"),
    path("v1/updates/<int:pk>/review/", items.OwnerUpdateReview.as_view(), name="update-review"),
]
