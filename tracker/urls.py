from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from .api import docs as api_docs
from .api import token_views as api_token_views
from .calendars import views as calendar_views
from .council import views as council_views
from .dashboards import views as dashboard_views
from .impact import views as impact_views
from .imports.forward_plan import views as forward_plan_import_views
from .imports.notes import views as notes_import_views
from .imports.trackers import views as tracker_import_views
from .inquiries import views as inquiry_views
from .items import request_views, views
from .kpis import import_views as kpi_import_views
from .kpis import views as kpi_views
from .meetings import views as recording_views
from .membership import views as membership_views
from .notifications import views as notification_views
from .opendata import views as opendata_views
from .people import views as people_views
from .programme import views as programme_views
from .publishing import views as publishing_views
from .search import views as search_views
from .web.security import SignInForm

register_converter(publishing_views.VersionConverter, "document_version")
register_converter(opendata_views.MunicipalYearConverter, "municipal_year")
register_converter(opendata_views.DatasetConverter, "open_dataset")

urlpatterns = [
    path("", dashboard_views.dashboard, name="dashboard"),
    path("to-chase/", dashboard_views.to_chase, name="to_chase"),
    path("api/", include("tracker.api.urls")),
    path("openapi.json", api_docs.openapi_redirect, name="openapi"),
    path("account/api-tokens/", api_token_views.api_tokens, name="api_tokens"),
    path(
        "account/api-tokens/<int:pk>/revoke/",
        api_token_views.api_token_revoke_view,
        name="api_token_revoke",
    ),
    path("outstanding/", views.outstanding, name="outstanding"),
    path("outstanding/print/", views.outstanding_print, name="outstanding_print"),
    path("outstanding/import/", tracker_import_views.tracker_import, name="tracker_import"),
    path(
        "outstanding/import/<uuid:key>/",
        tracker_import_views.tracker_import_preview,
        name="tracker_import_preview",
    ),
    path(
        "outstanding/import/<uuid:key>/columns/",
        tracker_import_views.tracker_import_mapping,
        name="tracker_import_mapping",
    ),
    path("my-items/", views.my_items, name="my_items"),
    path("search/", search_views.search, name="search"),
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
        "requests/<int:pk>/owner/",
        request_views.request_action,
        {"action": "owner"},
        name="request_owner",
    ),
    path(
        "requests/<int:pk>/revise/",
        request_views.request_action,
        {"action": "due_date"},
        name="request_revise",
    ),
    path(
        "requests/<int:pk>/withdraw/",
        request_views.request_action,
        {"action": "withdraw"},
        name="request_withdraw",
    ),
    path(
        "requests/<int:pk>/provided/",
        request_views.request_action,
        {"action": "provided"},
        name="request_provided",
    ),
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
    path(
        "committees/<slug:slug>/settings/",
        council_views.committee_settings_edit,
        name="committee_settings",
    ),
    path("council/settings/", council_views.council_settings_edit, name="council_settings"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path(
        "committees/<slug:slug>/schedule/",
        recording_views.meetings_schedule_view,
        name="meetings_schedule",
    ),
    path("meetings/<int:pk>/record/", recording_views.meeting_record_view, name="meeting_record"),
    path(
        "meetings/<int:pk>/record/items/<int:item>/",
        recording_views.meeting_record_item_view,
        name="meeting_record_item",
    ),
    path("meetings/<int:pk>/move/", recording_views.meeting_move_view, name="meeting_move"),
    path("meetings/<int:pk>/cancel/", recording_views.meeting_cancel_view, name="meeting_cancel"),
    path("meetings/<int:pk>/kind/", recording_views.meeting_kind_view, name="meeting_kind"),
    path("meetings/<int:pk>/status/", recording_views.meeting_status_view, name="meeting_status"),
    path(
        "meetings/<int:pk>/substitutes/", recording_views.substitute_view, name="meeting_substitute"
    ),
    path(
        "committees/<slug:slug>/membership/",
        membership_views.committee_membership,
        name="committee_membership",
    ),
    path(
        "committees/<slug:slug>/membership/add/",
        membership_views.membership_add_view,
        name="membership_add",
    ),
    path("memberships/<int:pk>/end/", membership_views.membership_end_view, name="membership_end"),
    path(
        "committees/<slug:slug>/officers/add/",
        membership_views.support_officer_add_view,
        name="support_officer_add",
    ),
    path(
        "support-officers/<int:pk>/end/",
        membership_views.support_officer_end_view,
        name="support_officer_end",
    ),
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
        "meetings/<int:pk>/notes/publish/",
        publishing_views.meeting_notes_publish,
        name="meeting_notes_publish",
    ),
    path(
        "meetings/<int:pk>/notes/correct/",
        publishing_views.meeting_notes_correct,
        name="meeting_notes_correct",
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
        "committees/<slug:slug>/work-programme/publish/",
        publishing_views.work_programme_publish,
        name="work_programme_publish",
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
    path(
        "committees/<slug:slug>/topics/",
        programme_views.work_programme_manage,
        name="work_programme_manage",
    ),
    path(
        "topics/<int:pk>/move/",
        programme_views.work_programme_entry_move_view,
        name="work_programme_entry_move",
    ),
    path(
        "topics/<int:pk>/drop/",
        programme_views.work_programme_entry_drop_view,
        name="work_programme_entry_drop",
    ),
    path(
        "committees/<slug:slug>/programme-matters/new/",
        programme_views.programme_matter_add_view,
        name="programme_matter_add",
    ),
    path(
        "programme-matters/<int:pk>/end/",
        programme_views.programme_matter_end_view,
        name="programme_matter_end",
    ),
    path("forward-plan/", programme_views.forward_plan, name="forward_plan"),
    path(
        "forward-plan/add/",
        programme_views.forward_plan_decision_edit,
        name="forward_plan_decision_add",
    ),
    path(
        "forward-plan/<int:pk>/",
        programme_views.forward_plan_decision_edit,
        name="forward_plan_decision_edit",
    ),
    path(
        "forward-plan/import/",
        forward_plan_import_views.forward_plan_import,
        name="forward_plan_import",
    ),
    path(
        "forward-plan/import/<uuid:key>/",
        forward_plan_import_views.forward_plan_import_preview,
        name="forward_plan_import_preview",
    ),
    path("call-ins/<int:pk>/", programme_views.call_in_detail, name="call_in_detail"),
    path("meetings/<int:pk>/call-in/", programme_views.call_in_edit, name="call_in_edit"),
    path("inquiries/new/", inquiry_views.inquiry_create, name="inquiry_create"),
    path("inquiries/<int:pk>/", views.inquiry_detail, name="inquiry_detail"),
    path(
        "inquiries/<int:pk>/executive/",
        inquiry_views.inquiry_executive,
        name="inquiry_executive",
    ),
    path(
        "recommendations/<int:pk>/response/",
        inquiry_views.recommendation_response,
        name="recommendation_response",
    ),
    path(
        "recommendations/<int:pk>/withdraw/",
        impact_views.recommendation_withdraw,
        name="recommendation_withdraw",
    ),
    path(
        "recommendations/<int:pk>/impact/",
        impact_views.impact_note_add,
        name="impact_note_add",
    ),
    path("impact/", impact_views.impact_statistics, name="impact_statistics"),
    path("impact/items/", impact_views.impact_items, name="impact_items"),
    path(
        "committees/<slug:slug>/annual-report/<document_version:version>/",
        impact_views.annual_report_print,
        name="annual_report_print",
    ),
    path(
        "committees/<slug:slug>/annual-report/<document_version:version>.docx",
        impact_views.annual_report_word,
        name="annual_report_docx",
    ),
    path(
        "committees/<slug:slug>/meetings.ics",
        calendar_views.committee_calendar,
        name="committee_calendar",
    ),
    path("calendar/<slug:token>.ics", calendar_views.personal_calendar, name="personal_calendar"),
    path("my-calendar/", calendar_views.calendar_link, name="calendar_link"),
    path(
        "account/notifications/",
        notification_views.notification_preferences,
        name="notification_preferences",
    ),
    path(
        "sign-in/",
        auth_views.LoginView.as_view(authentication_form=SignInForm),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    # Passwords: Django's own views, with the templates in templates/registration/. An
    # invitation's link is a password-reset link (tracker.people.services).
    path("password-reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "set-password/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "set-password/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("change-password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "change-password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("committees/<slug:slug>/people/", people_views.committee_people, name="committee_people"),
    path(
        "committees/<slug:slug>/people/invite/",
        people_views.person_invite_view,
        name="person_invite",
    ),
    # Performance reports: key performance indicators, their months and questions.
    path("performance/", kpi_views.kpi_index, name="kpi_index"),
    path(
        "performance/<slug:slug>/<int:year>/<int:month>/",
        kpi_views.kpi_report,
        name="kpi_report",
    ),
    path(
        "performance/<slug:slug>/<int:year>/<int:month>/headline/",
        kpi_views.kpi_headline,
        name="kpi_headline",
    ),
    path(
        "performance/<slug:slug>/<int:year>/<int:month>/print/",
        kpi_views.kpi_report_print,
        name="kpi_report_print",
    ),
    path(
        "performance/<slug:slug>/<int:year>/<int:month>/report.docx",
        kpi_views.kpi_report_docx,
        name="kpi_report_docx",
    ),
    path(
        "performance/<slug:slug>/<int:year>/<int:month>/exemption/",
        kpi_views.kpi_report_exemption,
        name="kpi_report_exemption",
    ),
    path("performance/<slug:slug>/import/", kpi_import_views.kpi_import, name="kpi_import"),
    path(
        "performance/<slug:slug>/import/<uuid:key>/",
        kpi_import_views.kpi_import_preview,
        name="kpi_import_preview",
    ),
    path("indicators/<int:pk>/", kpi_views.kpi_indicator, name="kpi_indicator"),
    path("indicator-values/<int:pk>/ask/", kpi_views.kpi_ask, name="kpi_ask"),
    path("open-data/", opendata_views.open_data, name="open_data"),
    path("open-data/schema/", opendata_views.open_data_schema, name="open_data_schema"),
    path(
        "open-data/schema.json",
        opendata_views.open_data_schema_json,
        name="open_data_schema_json",
    ),
    path(
        "open-data/<slug:slug>/<municipal_year:year>.json",
        opendata_views.open_data_json,
        name="open_data_json",
    ),
    path(
        "open-data/<slug:slug>/<municipal_year:year>/<open_dataset:dataset>.csv",
        opendata_views.open_data_csv,
        name="open_data_csv",
    ),
    path("admin/", admin.site.urls),
]

# An error shows a plain page with a reference, logged with the traceback.
handler500 = "tracker.web.security.server_error"
# A request over the size or field limits (a very long paste) shows a page giving them.
handler400 = "tracker.web.security.bad_request"
