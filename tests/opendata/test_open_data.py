"""Open data: each committee's public record of a municipal year, as CSV and JSON.

What a reuser relies on: a year's files hold that year's record (1 May to 30 April) and
nothing else; they hold only what an anonymous visitor reads on the pages (no exempt
business, nothing recorded at a meeting before its notes are published); every field is
the one the schema page documents; a spreadsheet never runs a cell as a formula; and a
download reads a fixed number of queries however big the year.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from committees.models import ActionNotes, AgendaItem, Meeting, Resolution, WorkProgrammeEntry
from tests.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    InformationRequestFactory,
    InquiryFactory,
    MeetingFactory,
    RecommendationFactory,
)
from tracker.opendata.schema import (
    BY_KEY,
    DATASETS,
    DOCUMENT_FIELDS,
    LICENCE_NAME,
    LICENCE_URL,
    document_json_schema,
)

pytestmark = pytest.mark.django_db

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME = re.compile(r"^\d{2}:\d{2}$")
JSON_TYPES = {
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "string": lambda v: isinstance(v, str),
    "date": lambda v: isinstance(v, str) and bool(DATE.match(v)),
    "time": lambda v: isinstance(v, str) and bool(TIME.match(v)),
    "boolean": lambda v: isinstance(v, bool),
    "url": lambda v: isinstance(v, str) and v.startswith(("http://", "https://")),
}


def body(response) -> str:
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(client, committee, year: int, dataset: str) -> list[dict[str, str]]:
    url = reverse(
        "open_data_csv", kwargs={"slug": committee.slug, "year": year, "dataset": dataset}
    )
    text = body(client.get(url))
    assert text.startswith("\ufeff")
    reader = csv.DictReader(io.StringIO(text[1:]))
    assert reader.fieldnames == BY_KEY[dataset].field_names
    return list(reader)


def json_document(client, committee, year: int) -> dict:
    url = reverse("open_data_json", kwargs={"slug": committee.slug, "year": year})
    response = client.get(url)
    assert response["Content-Type"] == "application/json"
    return json.loads(body(response))


def publish_notes(meeting: Meeting) -> None:
    ActionNotes.objects.create(meeting=meeting, published_at=timezone.now())


# -- the demo record: what is public, and nothing else ------------------------------------


@pytest.fixture
def exempt_item(world):
    """Item 12 of 16 January 2019, taken in private under paragraph 3, with canaries in
    everything a member of the committee reads of it."""
    item = AgendaItem.objects.get(meeting__date=dt.date(2019, 1, 16), number=12)
    item.title = "Exempt canary title"
    item.description = "Exempt canary description"
    item.presenters_text = "Exempt canary presenter"
    item.notes = "Exempt canary notes"
    item.save()
    Resolution.objects.create(agenda_item=item, order=5, text="Exempt canary resolution")
    return item


def test_it_publishes_the_public_record_of_the_year_and_no_exempt_business(
    client, world, exempt_item
):
    committee = world["committee"]
    document = json_document(client, committee, 2018)
    text = json.dumps(document)
    assert "canary" not in text.replace("Public canary", "")

    datasets = document["datasets"]
    january = Meeting.objects.get(date=dt.date(2019, 1, 16))
    item = next(i for i in datasets["agenda_items"] if i["id"] == exempt_item.pk)
    assert item == {
        "id": exempt_item.pk,
        "meeting_id": january.pk,
        "meeting_date": "2019-01-16",
        "number": 12,
        "title": None,
        "description": None,
        "taken_in_private": True,
        "exempt_paragraph": 3,
        "private_label": "Taken in private under paragraph 3 of Schedule 12A to the Local "
        "Government Act 1972",
        "presented_by": None,
        "notes": None,
    }
    # The public request of the same meeting is there (its notes are published); the
    # exempt one is not.
    requests = {r["id"]: r for r in datasets["requests"]}
    assert world["public_request"].pk in requests
    assert world["exempt_request"].pk not in requests
    assert requests[world["public_request"].pk]["agenda_item_number"] == 6
    # Resolutions of public items only.
    assert datasets["resolutions"]
    assert exempt_item.pk not in {r["agenda_item_id"] for r in datasets["resolutions"]}
    # Every dataset's CSV file says the same: no exempt text either.
    for dataset in DATASETS:
        rows = csv_rows(client, committee, 2018, dataset.key)
        assert len(rows) == len(datasets[dataset.json_key])
        assert "canary" not in json.dumps(rows).replace("Public canary", "")


def test_it_publishes_the_same_for_a_member_of_the_committee(client, world, exempt_item):
    """Open data is the public's record, whoever downloads it."""
    public = json_document(client, world["committee"], 2018)
    client.force_login(get_user_model().objects.get(username="councillor"))
    assert json_document(client, world["committee"], 2018)["datasets"] == public["datasets"]


def test_the_json_document_names_its_licence_and_schema(client, world):
    document = json_document(client, world["committee"], 2018)
    assert list(document) == [field.name for field in DOCUMENT_FIELDS] + ["datasets"]
    assert document["licence"] == LICENCE_NAME
    assert document["licence_url"] == LICENCE_URL
    assert document["schema_url"].endswith(reverse("open_data_schema"))
    assert document["municipal_year"] == "2018/19"
    assert (document["period_start"], document["period_end"]) == ("2018-05-01", "2019-04-30")
    assert list(document["datasets"]) == [dataset.json_key for dataset in DATASETS]


def test_every_value_written_is_of_its_documented_type(client, world):
    datasets = json_document(client, world["committee"], 2018)["datasets"]
    checked = set()
    for dataset in DATASETS:
        rows = datasets[dataset.json_key]
        assert rows, dataset.key  # the demo year has some of each
        for row in rows:
            assert list(row) == dataset.field_names
            for field in dataset.fields:
                value = row[field.name]
                if value is None:
                    assert field.nullable, (dataset.key, field.name)
                else:
                    assert JSON_TYPES[field.type](value), (dataset.key, field.name, value)
                    checked.add((dataset.key, field.type))
    assert {t for _, t in checked} == set(JSON_TYPES)


def test_the_json_document_validates_against_the_published_json_schema(client, world):
    jsonschema = pytest.importorskip("jsonschema")
    response = client.get(reverse("open_data_schema_json"))
    published = response.json()
    assert published == document_json_schema(published["$id"])
    jsonschema.Draft202012Validator.check_schema(published)
    validator = jsonschema.Draft202012Validator(
        published, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    document = json_document(client, world["committee"], 2018)
    assert list(validator.iter_errors(document)) == []
    # It is a real check: a field out of place, or of the wrong type, is an error.
    document["datasets"]["meetings"][0]["date"] = 20190116
    document["datasets"]["requests"][0]["undocumented"] = "x"
    assert len(list(validator.iter_errors(document))) == 2


def test_the_schema_page_documents_every_field_and_the_licence(client):
    response = client.get(reverse("open_data_schema"))
    page = response.content.decode()
    assert LICENCE_URL in page and LICENCE_NAME in page
    for dataset in DATASETS:
        assert f'id="{dataset.key}"' in page
        for field in dataset.fields:
            assert f"<code>{field.name}</code>" in page, (dataset.key, field.name)
            assert field.meaning.replace("'", "&#x27;").replace('"', "&quot;") in page
    for field in DOCUMENT_FIELDS:
        assert f"<code>{field.name}</code>" in page


def test_the_page_links_every_download_of_every_year_with_records(client, world):
    response = client.get(reverse("open_data"))
    page = response.content.decode()
    slug = world["committee"].slug
    assert reverse("open_data_json", kwargs={"slug": slug, "year": 2018}) in page
    for dataset in DATASETS:
        url = reverse("open_data_csv", kwargs={"slug": slug, "year": 2018, "dataset": dataset.key})
        assert url in page
    assert reverse("open_data_schema") in page and LICENCE_URL in page
    # Every page links to it from its footer, and the committee's page to its part.
    assert reverse("open_data") in client.get(reverse("committee_list")).content.decode()
    committee_page = client.get(reverse("committee_detail", kwargs={"slug": slug}))
    assert f'{reverse("open_data")}#{slug}"' in committee_page.content.decode()
    assert f'id="{slug}"' in page


# -- the municipal year --------------------------------------------------------------


def test_a_year_runs_from_1_may_to_30_april(client):
    committee = CommitteeFactory()
    days = [dt.date(2018, 4, 30), dt.date(2018, 5, 1), dt.date(2019, 4, 30), dt.date(2019, 5, 1)]
    for day in days:
        meeting = MeetingFactory(committee=committee, date=day)
        publish_notes(meeting)
        item = AgendaItemFactory(meeting=meeting, number=1, title=f"Item of {day}")
        Resolution.objects.create(agenda_item=item, text=f"Resolved on {day}")
        InformationRequestFactory(meeting=meeting, agenda_item=item, text=f"Asked on {day}")
        WorkProgrammeEntry.objects.create(committee=committee, meeting=meeting, topic=f"{day}")

    for dataset in ("meetings", "agenda-items", "resolutions", "requests", "work-programme"):
        rows = csv_rows(client, committee, 2018, dataset)
        dates = [row.get("date") or row["meeting_date"] for row in rows]
        assert dates == ["2018-05-01", "2019-04-30"], dataset

    page = client.get(reverse("open_data")).content.decode()
    for year in (2017, 2018, 2019):
        assert reverse("open_data_json", kwargs={"slug": committee.slug, "year": year}) in page
    assert reverse("open_data_json", kwargs={"slug": committee.slug, "year": 2016}) not in page


def test_a_year_holds_the_recommendations_tracked_during_it(client):
    inquiry = InquiryFactory(reported_to_council_on=dt.date(2017, 4, 4))
    committee = inquiry.committee
    RecommendationFactory(inquiry=inquiry, code="R01")  # still tracked
    RecommendationFactory(inquiry=inquiry, code="R02", tracking_ended_on=dt.date(2018, 5, 1))
    RecommendationFactory(inquiry=inquiry, code="R03", tracking_ended_on=dt.date(2018, 4, 30))
    later = InquiryFactory(committee=committee, reported_to_council_on=dt.date(2019, 5, 1))
    RecommendationFactory(inquiry=later, code="R01")

    codes = [row["code"] for row in csv_rows(client, committee, 2018, "recommendations")]
    assert codes == ["R01", "R02"]
    assert [row["code"] for row in csv_rows(client, committee, 2019, "recommendations")] == [
        "R01",
        "R01",
    ]


def test_a_year_that_is_not_one_is_not_found(client):
    committee = CommitteeFactory()
    for year in ("2018-20", "1988-89", "2018-2019"):
        assert client.get(f"/open-data/{committee.slug}/{year}.json").status_code == 404
    assert client.get(f"/open-data/{committee.slug}/2018-19/minutes.csv").status_code == 404
    assert client.get("/open-data/no-such-committee/2018-19.json").status_code == 404


# -- nothing recorded at a meeting before its notes are published -------------------------


def test_what_a_meeting_recorded_is_published_with_its_notes(client):
    meeting = MeetingFactory(date=dt.date(2018, 10, 17))
    committee = meeting.committee
    item = AgendaItemFactory(meeting=meeting, number=4, title="Budget", notes="Discussed.")
    Resolution.objects.create(agenda_item=item, text="Noted.")
    request = InformationRequestFactory(meeting=meeting, agenda_item=item)
    # A request recorded without an item (a call-in's) waits for the notes too.
    InformationRequestFactory(meeting=meeting, agenda_item=None, text="After the call-in.")

    (row,) = csv_rows(client, committee, 2018, "agenda-items")
    assert (row["title"], row["notes"]) == ("Budget", "")  # the agenda is public
    assert csv_rows(client, committee, 2018, "resolutions") == []
    assert csv_rows(client, committee, 2018, "requests") == []
    assert csv_rows(client, committee, 2018, "meetings")[0]["notes_published"] == "false"

    # A draft that is not published is not the public's either.
    draft = ActionNotes.objects.create(meeting=meeting)
    assert csv_rows(client, committee, 2018, "requests") == []

    draft.published_at = timezone.now()
    draft.save()
    assert csv_rows(client, committee, 2018, "agenda-items")[0]["notes"] == "Discussed."
    assert [r["text"] for r in csv_rows(client, committee, 2018, "resolutions")] == ["Noted."]
    requests = csv_rows(client, committee, 2018, "requests")
    assert [r["id"] for r in requests] == [str(request.pk), str(request.pk + 1)]
    assert csv_rows(client, committee, 2018, "meetings")[0]["notes_published"] == "true"


# -- spreadsheets ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://example.org")', "+1", "-2+3", "@SUM(A1)", "'quoted"]
)
def test_a_spreadsheet_never_runs_a_cell_as_a_formula(client, text):
    meeting = MeetingFactory(date=dt.date(2018, 10, 17))
    publish_notes(meeting)
    InformationRequestFactory(meeting=meeting, text=text)

    (row,) = csv_rows(client, meeting.committee, 2018, "requests")
    assert row["text"] == f"'{text}"
    # JSON is not a spreadsheet: it keeps the text as it is.
    document = json_document(client, meeting.committee, 2018)
    assert document["datasets"]["requests"][0]["text"] == text


# -- queries ---------------------------------------------------------------------------


def _big_year(committee, meetings: int) -> None:
    inquiry = InquiryFactory(committee=committee, reported_to_council_on=dt.date(2018, 6, 1))
    for number in range(meetings):
        meeting = MeetingFactory(committee=committee, date=dt.date(2018, 6, 1 + number))
        publish_notes(meeting)
        for item_number in (1, 2):
            item = AgendaItemFactory(meeting=meeting, number=item_number)
            Resolution.objects.create(agenda_item=item, text="Noted.")
            InformationRequestFactory(meeting=meeting, agenda_item=item)
        AgendaItemFactory(meeting=meeting, number=3, is_exempt=True, exempt_paragraph=1)
        WorkProgrammeEntry.objects.create(committee=committee, meeting=meeting, topic="Topic")
        RecommendationFactory(inquiry=inquiry)


@pytest.mark.parametrize("meetings", [1, 12])
def test_a_download_reads_a_fixed_number_of_queries(client, django_assert_num_queries, meetings):
    committee = CommitteeFactory()
    _big_year(committee, meetings)
    for dataset in DATASETS:
        url = reverse(
            "open_data_csv", kwargs={"slug": committee.slug, "year": 2018, "dataset": dataset.key}
        )
        # In the request's transaction (a savepoint and its release) the committee; then,
        # streamed, the dataset's rows.
        with django_assert_num_queries(4):
            rows = body(client.get(url)).count("\r\n") - 1
        assert rows >= meetings, dataset.key
    url = reverse("open_data_json", kwargs={"slug": committee.slug, "year": 2018})
    # The savepoint, the committee, the council's name and the release; then each
    # dataset's rows.
    with django_assert_num_queries(4 + len(DATASETS)):
        body(client.get(url))
    # The savepoint, the months each committee met in, the committees, the council's name
    # (the page's header), the release.
    with django_assert_num_queries(5):
        client.get(reverse("open_data"))
