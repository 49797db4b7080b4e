"""Making an exempt item public is a decision: a reason, a confirmation, and a record that
keeps the original exemption."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from committees.models import AgendaItem, Meeting
from committees.services import agenda_item_declassify, agenda_item_set_exempt, save_with_history
from tests.support.recording import history_count, item_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client, demo):
    user = get_user_model().objects.get(username="officer")
    client.force_login(user)
    return user


@pytest.fixture
def exempt_item(officer) -> AgendaItem:
    meeting = Meeting.objects.get(date=dt.date(2019, 2, 13))
    item = meeting.agenda_items.get(number=6)
    agenda_item_set_exempt(
        item=item,
        paragraph=3,
        justification="It concerns the finances of a provider.",
        by_user=officer,
        on=dt.date(2019, 2, 13),
    )
    save_with_history(item, by_user=officer, reason="Exempt")
    return item


def _url(item: AgendaItem) -> str:
    return reverse("meeting_record_item", kwargs={"pk": item.meeting_id, "item": item.pk})


def _post(client, item: AgendaItem, **extra):
    data = item_data(item) | {f"i{item.pk}-exempt": ""}
    data |= {f"i{item.pk}-{name}": value for name, value in extra.items()}
    return client.post(_url(item), data)


def test_making_an_exempt_item_public_without_a_reason_is_refused_and_changes_nothing(
    client, exempt_item
):
    before = history_count()
    body = _post(client, exempt_item, confirm_declassify="on").content.decode()
    assert "Say why this exempt item can now be published, or keep it exempt" in body
    exempt_item.refresh_from_db()
    assert (exempt_item.is_exempt, exempt_item.exempt_paragraph) == (True, 3)
    assert history_count() == before


def test_making_an_exempt_item_public_without_confirming_is_refused_and_changes_nothing(
    client, exempt_item
):
    before = history_count()
    body = _post(
        client, exempt_item, declassification_reason="The contract has been awarded."
    ).content.decode()
    assert "Confirm this item can now be published, or keep it exempt" in body
    exempt_item.refresh_from_db()
    assert exempt_item.is_exempt
    assert exempt_item.declassified_on is None
    assert history_count() == before


def test_with_a_reason_and_confirmation_the_item_is_public_and_keeps_its_exemption_record(
    client, officer, exempt_item
):
    response = _post(
        client,
        exempt_item,
        declassification_reason="The contract has been awarded.",
        confirm_declassify="on",
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(pk=exempt_item.pk)
    assert not item.is_exempt
    assert item.was_declassified
    assert (item.declassified_by, item.declassification_reason) == (
        officer,
        "The contract has been awarded.",
    )
    # The original decision stands beside the release.
    assert item.exempt_paragraph == 3
    assert item.exemption_justification == "It concerns the finances of a provider."
    assert (item.exemption_decided_by, item.exemption_decided_on) == (officer, dt.date(2019, 2, 13))
    record = item.history.filter(history_change_reason__startswith="Made public").get()
    assert record.history_user == officer
    assert record.history_change_reason == "Made public: The contract has been awarded."

    # The public now see the item; its recording page shows it as public.
    client.logout()
    body = client.get(item.meeting.get_absolute_url()).content.decode()
    assert item.title in body
    assert "Its papers, notes and decisions are not published" not in body
    client.force_login(officer)
    page = item_data(item)
    assert (page[f"i{item.pk}-exempt"], page[f"i{item.pk}-paragraph"]) == (False, "")
    # Saving the page again unchanged writes nothing and keeps the decision.
    before = history_count()
    client.post(_url(item), page)
    assert history_count() == before


def test_the_service_refuses_a_release_without_a_reason(officer, exempt_item):
    with pytest.raises(ValidationError, match="give the reason"):
        agenda_item_declassify(item=exempt_item, by_user=officer, reason="  ")
    exempt_item.refresh_from_db()
    assert exempt_item.is_exempt


def test_an_exempt_item_is_never_made_public_by_the_exemption_setter(officer, exempt_item):
    with pytest.raises(ValidationError, match="Nothing was changed"):
        agenda_item_set_exempt(item=exempt_item, paragraph=None, justification="", by_user=officer)
