"""What the open-data downloads hold, defined once: each dataset and each of its fields.

The writers (`writers.py`) write exactly these fields in this order, the schema page
(`/open-data/schema/`) documents them from here, and the JSON API may refer to them, so
the files and their documentation cannot drift apart (tests/opendata/test_open_data.py checks
every row written against this definition).
"""

from __future__ import annotations

from dataclasses import dataclass

# The UK public sector's usual licence for open data.
LICENCE_NAME = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

# The types a field may have. In CSV an empty cell is null, a date is YYYY-MM-DD, a time
# HH:MM and a boolean "true" or "false"; in JSON they are null, strings, numbers and
# booleans.
TYPES = {
    "integer": "A whole number.",
    "string": "Text.",
    "date": "A date, written YYYY-MM-DD.",
    "time": "A time of day (UK time), written HH:MM.",
    "boolean": 'true or false ("true" or "false" in CSV).',
    "url": "The address of the record's page on this site.",
}


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    meaning: str
    nullable: bool = False

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"{self.name}: unknown type {self.type!r}")


@dataclass(frozen=True)
class Dataset:
    key: str  # the file's name: meetings.csv
    title: str
    description: str
    fields: tuple[Field, ...]

    @property
    def field_names(self) -> list[str]:
        return [field.name for field in self.fields]

    @property
    def json_key(self) -> str:
        """Its array's name in the JSON document: agenda_items."""
        return self.key.replace("-", "_")


_MEETING = (
    Field("meeting_id", "integer", "The meeting's identifier (see the meetings dataset)."),
    Field("meeting_date", "date", "The day of the meeting."),
)

MEETINGS = Dataset(
    key="meetings",
    title="Meetings",
    description="The committee's meetings in the municipal year, held, planned or cancelled.",
    fields=(
        Field("id", "integer", "The meeting's identifier, stable across downloads."),
        Field("date", "date", "The day of the meeting."),
        Field("start_time", "time", "When it starts; null when not stated.", nullable=True),
        Field("end_time", "time", "When it ended; null when not recorded.", nullable=True),
        Field("kind", "string", "Committee meeting, call-in meeting, informal meeting or visit."),
        Field("status", "string", "Scheduled, held or cancelled."),
        Field("room", "string", "Where it is held; empty when not recorded."),
        Field(
            "report_deadline",
            "date",
            "The day reports for it are due; committee meetings only.",
            nullable=True,
        ),
        Field(
            "notes_published",
            "boolean",
            "Whether the public part of its action notes is published. Until it is, the "
            "downloads hold its agenda only: no notes, resolutions or requests.",
        ),
        Field("url", "url", "The meeting's page."),
    ),
)

AGENDA_ITEMS = Dataset(
    key="agenda-items",
    title="Agenda items",
    description="The items of each meeting's agenda. An item taken in private (exempt "
    "under Schedule 12A to the Local Government Act 1972) is listed with its number and "
    "paragraph only: its title, description and notes are never published.",
    fields=(
        Field("id", "integer", "The agenda item's identifier."),
        *_MEETING,
        Field("number", "integer", "The item's number on the agenda."),
        Field("title", "string", "The item's title; null for an item taken in private.", True),
        Field(
            "description",
            "string",
            "What the public agenda says of it; null for an item taken in private.",
            nullable=True,
        ),
        Field("taken_in_private", "boolean", "Whether the item was taken in private."),
        Field(
            "exempt_paragraph",
            "integer",
            "For an item taken in private, the paragraph (1 to 7) of Schedule 12A that "
            "exempts it; otherwise null.",
            nullable=True,
        ),
        Field(
            "private_label",
            "string",
            'For an item taken in private, "Taken in private under paragraph N of Schedule '
            '12A to the Local Government Act 1972"; otherwise null.',
            nullable=True,
        ),
        Field(
            "presented_by",
            "string",
            "Who attended for the item, as the agenda or notes put it; null for an item "
            "taken in private.",
            nullable=True,
        ),
        Field(
            "notes",
            "string",
            "The discussion, as the action notes record it; null until the notes are "
            "published, and for an item taken in private.",
            nullable=True,
        ),
    ),
)

RESOLUTIONS = Dataset(
    key="resolutions",
    title="Resolutions",
    description="What the committee RESOLVED on each public item, once the meeting's notes "
    "are published.",
    fields=(
        Field("id", "integer", "The resolution's identifier."),
        *_MEETING,
        Field("agenda_item_id", "integer", "The agenda item it was resolved on."),
        Field("agenda_item_number", "integer", "That item's number on the agenda."),
        Field("order", "integer", "Its place among the item's resolutions."),
        Field("text", "string", "What was resolved."),
    ),
)

REQUESTS = Dataset(
    key="requests",
    title="Requests for information and actions",
    description="Information the committee asked for, and actions undertaken, at its "
    "meetings in the year, once the meeting's notes are published; never one arising "
    "from an item taken in private.",
    fields=(
        Field("id", "integer", "The request's identifier."),
        *_MEETING,
        Field(
            "agenda_item_number",
            "integer",
            "The agenda item it arose from; null when the record does not say.",
            nullable=True,
        ),
        Field("kind", "string", '"Information requested" or "Action".'),
        Field("text", "string", "What was requested or undertaken."),
        Field("owner", "string", 'Who is asked: a post, a person, or "Not known".'),
        Field("original_due_date", "date", "The due date first set.", nullable=True),
        Field("due_date", "date", "The due date now agreed; null when none.", nullable=True),
        Field("status", "string", "Open, provided or withdrawn."),
        Field("provided_on", "date", "When it was provided.", nullable=True),
        Field("provided_how", "string", "How it was provided, for example circulated."),
        Field("withdrawn_on", "date", "When it was withdrawn.", nullable=True),
        Field("withdrawn_reason", "string", "Why it was withdrawn."),
        Field("url", "url", "The request's page."),
    ),
)

RECOMMENDATIONS = Dataset(
    key="recommendations",
    title="Recommendations",
    description="The recommendations of the committee's inquiries tracked at some time in "
    "the year: made by its end, and not signed off before it began. Their status and "
    "dates are as they stand on the day of the download.",
    fields=(
        Field("id", "integer", "The recommendation's identifier."),
        Field("inquiry", "string", "The inquiry whose report made it."),
        Field(
            "inquiry_reported_on",
            "date",
            "When the inquiry's report went to full Council.",
            nullable=True,
        ),
        Field("code", "string", "Its code as the council writes it, such as R01."),
        Field("text", "string", "Its text; null while the text is not known.", nullable=True),
        Field("owner", "string", 'Who answers for it: a post, a person, or "Not known".'),
        Field("original_due_date", "date", "The due date first set.", nullable=True),
        Field("due_date", "date", "The due date now agreed.", nullable=True),
        Field(
            "due_month_only",
            "boolean",
            "The report gives only the month it is due ('by May 2018').",
        ),
        Field(
            "status",
            "string",
            "Outstanding (still tracked), achieved, not achieved (tracking ended without "
            "it), or withdrawn by the committee.",
        ),
        Field(
            "latest_assessment",
            "string",
            "The committee's latest assessment, in its own scale's words.",
            nullable=True,
        ),
        Field("achieved_on", "date", "When it was achieved.", nullable=True),
        Field(
            "achieved_late",
            "boolean",
            "Whether it was achieved after its due date; null unless achieved.",
            nullable=True,
        ),
        Field("tracking_ended_on", "date", "When tracking ended.", nullable=True),
        Field("next_tracking_date", "date", "When progress is next reported.", nullable=True),
        Field(
            "executive_response",
            "string",
            "Accepted, accepted in part or rejected; null until the executive responds.",
            nullable=True,
        ),
        Field("executive_response_on", "date", "When the executive responded.", nullable=True),
        Field("withdrawn_on", "date", "When the committee withdrew it.", nullable=True),
        Field("withdrawn_reason", "string", "Why it was withdrawn."),
        Field("url", "url", "The recommendation's page."),
    ),
)

WORK_PROGRAMME = Dataset(
    key="work-programme",
    title="Work programme",
    description="The topics planned for the committee's meetings in the year, and who "
    "attends. Dropped topics are not listed.",
    fields=(
        Field("id", "integer", "The topic's identifier."),
        *_MEETING,
        Field("order", "integer", "Its place among the meeting's topics."),
        Field("topic", "string", "The topic."),
        Field("detail", "string", "What the session covers."),
        Field("lead_officer", "string", "The officer who leads on it."),
        Field("officers_invited", "string", "Officers and others invited to attend."),
    ),
)

DATASETS: tuple[Dataset, ...] = (
    MEETINGS,
    AGENDA_ITEMS,
    RESOLUTIONS,
    REQUESTS,
    RECOMMENDATIONS,
    WORK_PROGRAMME,
)
BY_KEY = {dataset.key: dataset for dataset in DATASETS}

# The fields of the JSON document that holds a committee's year: its datasets are arrays
# of the rows above, under their keys.
DOCUMENT_FIELDS = (
    Field("licence", "string", f"The data's licence: {LICENCE_NAME}."),
    Field("licence_url", "url", "The licence's text."),
    Field("schema_url", "url", "This page: what every dataset and field means."),
    Field("committee", "string", "The committee's name."),
    Field("committee_slug", "string", "The committee's short name in addresses."),
    Field("council", "string", "The council the committee belongs to."),
    Field("municipal_year", "string", "The municipal year, such as 2018/19."),
    Field("period_start", "date", "The year's first day (1 May)."),
    Field("period_end", "date", "The year's last day (30 April)."),
    Field("generated_on", "date", "The day the file was written: statuses are as on it."),
)


# -- the same definition as JSON Schema (draft 2020-12) ---------------------------------

_JSON_TYPES = {
    "integer": {"type": "integer"},
    "string": {"type": "string"},
    "date": {"type": "string", "format": "date"},
    "time": {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"},
    "boolean": {"type": "boolean"},
    "url": {"type": "string", "format": "uri"},
}


def field_json_schema(field: Field) -> dict:
    """One field as JSON Schema: its type (or null), and its meaning as the description."""
    schema = dict(_JSON_TYPES[field.type])
    if field.nullable:
        schema["type"] = [schema["type"], "null"]
    return {**schema, "description": field.meaning}


def _object(fields: tuple[Field, ...], **extra: dict) -> dict:
    return {
        "type": "object",
        "properties": {field.name: field_json_schema(field) for field in fields} | extra,
        "required": [field.name for field in fields] + list(extra),
        "additionalProperties": False,
    }


def dataset_json_schema(dataset: Dataset) -> dict:
    """One row of a dataset as JSON Schema (for the API's documentation too)."""
    return {"title": dataset.title, "description": dataset.description, **_object(dataset.fields)}


def document_json_schema(schema_url: str = "") -> dict:
    """The JSON file of a committee's year as JSON Schema, every dataset in it."""
    datasets = {
        dataset.json_key: {"type": "array", "items": dataset_json_schema(dataset)}
        for dataset in DATASETS
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **({"$id": schema_url} if schema_url else {}),
        "title": "A committee's public record of a municipal year",
        "description": f"Available under the {LICENCE_NAME}: {LICENCE_URL}",
        **_object(
            DOCUMENT_FIELDS,
            datasets={
                "type": "object",
                "properties": datasets,
                "required": list(datasets),
                "additionalProperties": False,
            },
        ),
    }
