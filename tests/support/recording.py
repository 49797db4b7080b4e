"""The recording pages as an officer uses them: what they post back, and the history they
write."""

from __future__ import annotations

from django.forms import Form, MultiWidget

from committees.models import ActionNotes, AgendaItem, Attendance, Meeting
from tracker.meetings.views import ItemPage, RecordPage
from tracker.models import InformationRequest


def _posted(forms: list[tuple[str, Form]]) -> dict:
    data = {}
    for _, form in forms:
        for bound in form:
            value = bound.value()
            if isinstance(bound.field.widget, MultiWidget):
                for index, part in enumerate(bound.field.widget.decompress(value)):
                    data[f"{bound.html_name}_{index}"] = "" if part is None else part
            else:
                data[bound.html_name] = "" if value is None else value
    return data


def page_data(meeting: Meeting, adding: str = "") -> dict:
    """What the meeting's recording page posts back when the officer changes nothing;
    `adding`: after pressing the "Add another" button of that value ("others",
    "declarations")."""
    return _posted(RecordPage.build(meeting, adding=adding).all_forms())


def item_data(item: AgendaItem, adding: str = "") -> dict:
    """What an item's recording page posts back when the officer changes nothing;
    `adding`: after pressing "Add another request or action" ("requests")."""
    return _posted(ItemPage.build(item.meeting, item.pk, adding=adding).all_forms())


def history_count() -> int:
    models = (Meeting, AgendaItem, Attendance, InformationRequest, ActionNotes)
    return sum(m.history.count() for m in models)
