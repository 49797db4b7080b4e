"""Importing a forward plan extract: a preview, errors by row and column, all or nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from committees.models import ForwardPlanDecision
from tests.support.tracker_files import csv_file, xlsx_file

pytestmark = pytest.mark.django_db

HEADERS = ["Reference", "Title", "Portfolio", "Proposed date", "Joint decision"]


def row(reference, title="Libraries review", portfolio="Culture", date="2019-05-21", joint="no"):
    return dict(zip(HEADERS, [reference, title, portfolio, date, joint], strict=True))


@pytest.fixture
def officer_client(client, db):
    user = get_user_model().objects.create_user("fp_officer")
    from django.contrib.auth.models import Group

    from committees.models import Committee, Person, SupportOfficer
    from tracker.roles import ROLE_OFFICERS

    user.groups.add(Group.objects.get_or_create(name=ROLE_OFFICERS)[0])
    committee = Committee.objects.create(name="Housing", slug="housing")
    SupportOfficer.objects.create(
        committee=committee, person=Person.objects.create(name="Officer", user=user), role="SO"
    )
    client.force_login(user)
    return client


def upload(client, content: bytes, name="plan.csv"):
    return client.post(
        reverse("forward_plan_import"), {"file": SimpleUploadedFile(name, content)}, follow=True
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_previews_new_changed_and_unchanged_rows_and_saves_on_confirm(officer_client, fmt):
    ForwardPlanDecision.objects.create(
        reference="005449/2018", title="Old title", portfolio="Culture"
    )
    ForwardPlanDecision.objects.create(
        reference="005450/2018",
        title="Libraries review",
        portfolio="Culture",
        proposed_date=dt.date(2019, 5, 21),
    )
    records = [row("005449/2018"), row("005450/2018"), row("006001/2019", title="Parks")]
    content = csv_file(records) if fmt == "csv" else xlsx_file(records)
    preview = upload(officer_client, content, f"plan.{fmt}")
    page = preview.content.decode()
    assert "1 new, 1 changed, 1 unchanged, 0 with errors" in page
    assert "Old title" in page  # what the change replaces
    assert not ForwardPlanDecision.objects.filter(reference="006001/2019").exists()
    url = preview.redirect_chain[-1][0]
    fingerprint = preview.context["form"].initial["plan"]
    done = officer_client.post(url, {"plan": fingerprint})
    assert done.status_code == 302
    changed = ForwardPlanDecision.objects.get(reference="005449/2018")
    assert changed.title == "Libraries review"
    assert changed.history.latest().history_change_reason == f"Imported from plan.{fmt}"
    assert ForwardPlanDecision.objects.get(reference="006001/2019").title == "Parks"


def test_errors_are_listed_by_row_and_column_and_nothing_is_saved(officer_client):
    records = [
        row("006001/2019"),
        row("", title=""),
        row("006002/2019", date="31/02/2019"),
        row("006001/2019", joint="maybe"),
        row("006003/2019", date="31/12/9999"),
    ]
    preview = upload(officer_client, csv_file(records))
    page = preview.content.decode()
    assert "Row 3, Reference: Enter the council&#x27;s reference" in page
    assert "Row 3, Title: Enter the decision&#x27;s title" in page
    assert "Row 4, Proposed date: &#x27;31/02/2019&#x27; is not a date" in page
    assert "Row 5, Joint decision: &#x27;maybe&#x27; is not yes or no" in page
    assert "Row 5, Reference: 006001/2019 is also on row 2" in page
    assert (
        "Row 6, Proposed date: &#x27;31/12/9999&#x27; is not a date the plan takes: give one "
        "between 1 January 1990 and 31 December 2100" in page
    )
    assert "Confirm and import" not in page
    # Even a confirming post saves nothing while any row is in error.
    officer_client.post(preview.redirect_chain[-1][0], {"plan": "anything"})
    assert not ForwardPlanDecision.objects.exists()


def test_a_file_over_a_limit_is_refused_naming_the_limit(officer_client, settings):
    settings.TRACKER_UPLOAD_MAX_ROWS = 2
    records = [row(f"00600{n}/2019") for n in range(3)]
    response = upload(officer_client, csv_file(records))
    assert "The file has more than 2 rows: the limit is 2" in response.content.decode()
    settings.TRACKER_UPLOAD_MAX_SPREADSHEET_MB = 0.0001
    response = upload(officer_client, csv_file(records * 10))
    assert "must be smaller than" in response.content.decode()
    assert not ForwardPlanDecision.objects.exists()


def test_a_file_without_the_reference_column_is_refused(officer_client):
    response = upload(officer_client, b"Title,Portfolio\nParks,Culture\n")
    assert "The file has no &#x27;Reference&#x27; column" in response.content.decode()


def test_a_csv_saved_by_excel_in_windows_1252_keeps_its_pound_sign_and_dashes(officer_client):
    title = "Leisure centres – £4.2m refurbishment"
    content = csv_file([row("006001/2019", title=title)]).decode().encode("cp1252")
    preview = upload(officer_client, content)
    assert "1 new, 0 changed, 0 unchanged, 0 with errors" in preview.content.decode()
    url = preview.redirect_chain[-1][0]
    officer_client.post(url, {"plan": preview.context["form"].initial["plan"]})
    assert ForwardPlanDecision.objects.get(reference="006001/2019").title == title
