"""The recording page as an officer uses it: what it posts back, and the history it writes."""

from __future__ import annotations

from django.forms import MultiWidget

from committees.models import ActionNotes, AgendaItem, Attendance, Meeting
from tracker.meetings.views import RecordPage
from tracker.models import InformationRequest


def page_data(meeting: Meeting, adding: str = "") -> dict:
    """What the recording page posts back when the officer changes nothing; `adding`: after
    pressing the "Add another" button of that value ("others", "declarations",
    "requests-<item pk>")."""
    data = {}
    for _, form in RecordPage.build(meeting, adding=adding).all_forms():
        for bound in form:
            value = bound.value()
            if isinstance(bound.field.widget, MultiWidget):
                for index, part in enumerate(bound.field.widget.decompress(value)):
                    data[f"{bound.html_name}_{index}"] = "" if part is None else part
            else:
                data[bound.html_name] = "" if value is None else value
    return data


def history_count() -> int:
    models = (Meeting, AgendaItem, Attendance, InformationRequest, ActionNotes)
    return sum(m.history.count() for m in models)
