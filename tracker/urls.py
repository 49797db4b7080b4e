from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path, register_converter

from . import (
    calendar_views,
    notes_import_views,
    publishing_views,
    recording_views,
    tracker_import_views,
    views,
)
from .security import SignInForm

register_converter(publishing_views.VersionConverter, "document_version")

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("outstanding/", views.outstanding, name="outstanding"),
    path("outstanding/print/", views.outstanding_print, name="outstanding_print"),
    path("outstanding/import/", tracker_import_views.tracker_import, name="tracker_import"),
    path(
        "outstanding/import/<uuid:key>/",
        tracker_import_views.tracker_import_preview,
        name="tracker_import_preview",
    ),
    path("my-items/", views.my_items, name="my_items"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation_detail"),
    path(
        "recommendations/<int:pk>/assess/",
        views.recommendation_assess,
        name="recommendation_assess",
    ),
    path(
        "recommendations/<int:pk>/revise/",
        views.recommendation_revise,
        name="recommendation_revise",
    ),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path(
        "recommendations/<int:pk>/update/",
        views.item_update,
        {"kind": "recommendation"},
        name="recommendation_update",
    ),
    path(
        "requests/<int:pk>/update/", views.item_update, {"kind": "request"}, name="request_update"
    ),
    path("updates/", views.updates_pending, name="updates_pending"),
    path("updates/<int:pk>/", views.update_review, name="update_review"),
    path("committees/", views.committee_list, name="committee_list"),
    path("committees/<slug:slug>/", views.committee_detail, name="committee_detail"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path(
        "committees/<slug:slug>/schedule/",
        recording_views.meetings_schedule_view,
        name="meetings_schedule",
    ),
    path("meetings/<int:pk>/record/", recording_views.meeting_record_view, name="meeting_record"),
    path("meetings/<int:pk>/import-notes/", notes_import_views.notes_import, name="notes_import"),
    path(
        "meetings/<int:pk>/import-notes/review/",
        notes_import_views.notes_import_review,
        name="notes_import_review",
    ),
    path(
        "meetings/<int:pk>/confirm-notes/", recording_views.notes_confirm_view, name="notes_confirm"
    ),
    path(
        "meetings/<int:pk>/notes/<document_version:version>/",
        publishing_views.meeting_notes_print,
        name="meeting_notes_print",
    ),
    path(
        "meetings/<int:pk>/notes/<document_version:version>.docx",
        publishing_views.meeting_notes_docx,
        name="meeting_notes_docx",
    ),
    path(
        "committees/<slug:slug>/work-programme/<document_version:version>/",
        publishing_views.work_programme_print,
        name="work_programme_print",
    ),
    path(
        "committees/<slug:slug>/work-programme/<document_version:version>.docx",
        publishing_views.work_programme_docx,
        name="work_programme_docx",
    ),
    path("inquiries/<int:pk>/", views.inquiry_detail, name="inquiry_detail"),
    path(
        "committees/<slug:slug>/meetings.ics",
        calendar_views.committee_calendar,
        name="committee_calendar",
    ),
    path("calendar/<slug:token>.ics", calendar_views.personal_calendar, name="personal_calendar"),
    path("my-calendar/", calendar_views.calendar_link, name="calendar_link"),
    path(
        "sign-in/",
        auth_views.LoginView.as_view(authentication_form=SignInForm),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]

# An error shows a plain page with a reference, logged with the traceback.
handler500 = "tracker.security.server_error"
