"""A scrutiny officer can use the admin for every model on day one."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from committees.models import Committee
from tracker.models import Recommendation

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, demo):
    client.force_login(get_user_model().objects.get(username="officer"))
    return client


def test_it_registers_every_model_with_its_history():
    from simple_history.admin import SimpleHistoryAdmin

    for app in ("committees", "tracker"):
        for model in [m for m in admin.site._registry if m._meta.app_label == app]:
            model_admin = admin.site._registry[model]
            if hasattr(model, "history"):
                assert isinstance(model_admin, SimpleHistoryAdmin), model
    registered = {m for m in admin.site._registry if m._meta.app_label in {"committees", "tracker"}}
    from django.apps import apps

    expected = {
        m
        for m in apps.get_models()
        if m._meta.app_label in {"committees", "tracker"}
        and not m.__name__.startswith("Historical")
    }
    assert registered == expected


def test_an_officer_can_open_search_and_filter_every_list(officer_client):
    for model in admin.site._registry:
        if model._meta.app_label not in {"committees", "tracker"}:
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert officer_client.get(url, {"q": "Corporate"}).status_code == 200, url


def test_the_officer_sees_a_recommendations_history(officer_client):
    recommendation = Recommendation.objects.get(inquiry__title="Corporate Parenting", code="R04")
    url = reverse("admin:tracker_recommendation_history", args=[recommendation.pk])
    response = officer_client.get(url)
    assert response.status_code == 200
    assert "Loaded from the committee" in response.content.decode()


def test_the_overdue_filter_uses_the_shared_definition(officer_client):
    url = reverse("admin:tracker_recommendation_changelist")
    response = officer_client.get(url, {"overdue": "outstanding"})
    assert response.context["cl"].result_count == Recommendation.objects.outstanding().count()


def test_an_officer_may_not_delete(officer_client):
    committee = Committee.objects.get()
    url = reverse("admin:committees_committee_delete", args=[committee.pk])
    assert officer_client.get(url).status_code == 403
