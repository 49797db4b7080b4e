from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("outstanding/", views.outstanding, name="outstanding"),
    path("outstanding/print/", views.outstanding_print, name="outstanding_print"),
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
    path("inquiries/<int:pk>/", views.inquiry_detail, name="inquiry_detail"),
    path("sign-in/", auth_views.LoginView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]
