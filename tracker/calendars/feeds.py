"""The calendar feeds (iCalendar, RFC 5545): a committee's meetings for anyone, and one
person's due dates behind their private link (tracker.models.CalendarLink).

Pure functions: they take the rows tracker.outstanding.selectors reads, a function that turns
a path into an absolute URL, and the time of the request, and return an icalendar.Calendar. They
decide what an event says, so the rule that keeps exempt business out of the feeds lives
here: a calendar address is handed to calendar providers and shared more easily than a
signed-in page, so neither feed carries the title of an exempt agenda item or the text
of a request made in private business.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vDuration

from committees.dates import EARLIEST, LATEST, long_date, month_and_year
from committees.models import Committee, Meeting, Person
from committees.services import council_settings
from tracker.models import InformationRequest, Recommendation

AbsoluteUrl = Callable[[str], str]

PRODID = "-//Scrutiny Tracker//Calendar feeds//EN"
# A meeting with no recorded end is shown as lasting this long.
DEFAULT_MEETING_LENGTH = dt.timedelta(hours=2)
# How often calendar apps are asked to fetch the feed again.
REFRESH_INTERVAL = dt.timedelta(hours=4)
PRIVATE_REQUEST_TEXT = "Information requested in private business (see the tracker)."


def event_uid(kind: str, pk: int) -> str:
    """An event's identity for as long as the feed is published: "meeting-12@domain".

    Calendar apps replace an event with a later one of the same UID, so it depends only
    on the record's id and the configured domain, never on the host a feed was read from.
    """
    return f"{kind}-{pk}@{settings.TRACKER_CALENDAR_DOMAIN}"


def meeting_times(meeting: Meeting) -> tuple[dt.datetime, dt.datetime]:
    """When the meeting starts and ends, in the council's time zone (Europe/London).

    Times are recorded as the agenda gives them, on the local clock; a meeting without a
    recorded end (or with one that is not after its start) lasts DEFAULT_MEETING_LENGTH.
    Only for a meeting whose start time is stated.
    """
    if meeting.start_time is None:
        raise ValueError("The meeting's start time is not stated.")
    zone = timezone.get_default_timezone()
    start = dt.datetime.combine(meeting.date, meeting.start_time, tzinfo=zone)
    if meeting.end_time is not None and meeting.end_time > meeting.start_time:
        return start, dt.datetime.combine(meeting.date, meeting.end_time, tzinfo=zone)
    try:
        return start, start + DEFAULT_MEETING_LENGTH
    except OverflowError:  # a meeting stored on the calendar's last evening
        return start, dt.datetime.combine(meeting.date, dt.time.max, tzinfo=zone)


def meeting_summary(meeting: Meeting, committee: Committee) -> str:
    """The committee's name, with the kind of meeting when it is not a formal one."""
    summary = committee.name
    if meeting.kind != Meeting.Kind.FORMAL:
        summary = f"{summary}: {meeting.get_kind_display()}"
    if meeting.status == Meeting.Status.CANCELLED:
        summary = f"Cancelled: {summary}"
    return summary


def _new_calendar(*, name: str, description: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("description", description)
    calendar.add("x-wr-caldesc", description)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    return calendar


def _stamp(event: Event, row: Any, now: dt.datetime) -> None:
    """SEQUENCE, LAST-MODIFIED and DTSTAMP from the row's history (see the selectors).

    Each recorded change adds a history row, so the count only grows and a changed event
    replaces the one a calendar app holds. Without a METHOD, RFC 5545 makes DTSTAMP the
    time the event was last revised; a row with no history falls back to `now`.
    """
    revisions = getattr(row, "revisions", 0) or 0
    last_modified = getattr(row, "last_modified", None)
    event.add("sequence", max(revisions - 1, 0))
    if last_modified is not None:
        event.add("last-modified", last_modified.astimezone(dt.UTC))
    event.add("dtstamp", (last_modified or now).astimezone(dt.UTC))


def _add_timezones(calendar: Calendar, days: list[dt.date]) -> None:
    """A VTIMEZONE for every TZID the events use, covering just the years they span.

    The span stops at the window of dates that can be entered (committees.dates): a date
    stored beyond it still gets its event, and calendar apps use the nearest rule.
    """
    if days:
        first = max(min(days).year, EARLIEST.year)
        last = min(max(days).year, LATEST.year)
        calendar.add_missing_timezones(
            first_date=dt.date(min(first, last) - 1, 1, 1),
            last_date=dt.date(max(first, last) + 2, 1, 1),
        )


# -- a committee's meetings, for anyone -----------------------------------------------------


def meeting_description(meeting: Meeting, url: str) -> str:
    """What the public agenda says: its public items only, and how many were private.

    `meeting.public_items` holds only the items that are not exempt (the selector never
    reads the others' titles); `meeting.private_items` is how many were taken in private.
    """
    lines = [f"{meeting.get_kind_display()}, {meeting.get_status_display().lower()}."]
    if meeting.status == Meeting.Status.CANCELLED:
        lines = ["This meeting was cancelled."]
    elif meeting.is_ordinary and meeting.report_deadline:
        lines.append(f"Reports due by {long_date(meeting.report_deadline)}.")
    public_items = getattr(meeting, "public_items", [])
    if public_items:
        lines += ["", "Agenda:"] + [f"{item.number}. {item.title}" for item in public_items]
    private = getattr(meeting, "private_items", 0) or 0
    if private:
        lines += [
            "",
            f"{private} item{'s' if private != 1 else ''} taken in private "
            "(Schedule 12A to the Local Government Act 1972): not published.",
        ]
    lines += ["", f"Agenda, papers and notes: {url}"]
    return "\n".join(lines)


def meeting_event(
    meeting: Meeting, *, committee: Committee, absolute_url: AbsoluteUrl, now: dt.datetime
) -> Event:
    url = absolute_url(meeting.get_absolute_url())
    event = Event()
    event.add("uid", event_uid("meeting", meeting.pk))
    _stamp(event, meeting, now)
    if meeting.start_time is None:
        # The time is not stated: the day, without inventing an hour.
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + dt.timedelta(days=1))
    else:
        start, end = meeting_times(meeting)
        event.add("dtstart", start)
        event.add("dtend", end)
    event.add("summary", meeting_summary(meeting, committee))
    if meeting.room:
        event.add("location", meeting.room)
    event.add("description", meeting_description(meeting, url))
    event.add("url", url)
    event.add("status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED")
    return event


def committee_calendar(
    *,
    committee: Committee,
    meetings: Iterable[Meeting],
    absolute_url: AbsoluteUrl,
    now: dt.datetime,
) -> Calendar:
    """Every meeting of the committee, cancelled ones included (STATUS:CANCELLED), so a
    subscriber's calendar drops or marks a meeting that no longer takes place."""
    calendar = _new_calendar(
        name=f"{committee.name} meetings",
        description=f"Meetings of {committee.name}, {council_settings().display_name}.",
    )
    days = []
    for meeting in meetings:
        calendar.add_component(
            meeting_event(meeting, committee=committee, absolute_url=absolute_url, now=now)
        )
        days.append(meeting.date)
    _add_timezones(calendar, days)
    return calendar


# -- a person's due dates, behind their private link ----------------------------------------


def _all_day(event: Event, day: dt.date) -> None:
    event.add("dtstart", day)
    if day < dt.date.max:
        event.add("dtend", day + dt.timedelta(days=1))
    # else an all-day DTSTART alone is that one day (RFC 5545, 3.6.1)
    # A due date is a deadline, not an appointment: it does not make the owner busy.
    event.add("transp", "TRANSPARENT")


def recommendation_event(
    recommendation: Recommendation, *, absolute_url: AbsoluteUrl, now: dt.datetime
) -> Event:
    url = absolute_url(recommendation.get_absolute_url())
    reference = f"{recommendation.inquiry} {recommendation.code}"
    lines = [f"{reference}: {recommendation.display_text}"]
    if recommendation.due_month_only:
        lines.append(
            f"The report gives only the month: due by {month_and_year(recommendation.due_date)}, "
            "shown on the last day of the month."
        )
    lines += [f"Owner: {recommendation.owner_label}.", "", f"Record and updates: {url}"]
    event = Event()
    event.add("uid", event_uid("recommendation", recommendation.pk))
    _stamp(event, recommendation, now)
    _all_day(event, recommendation.due_date)
    event.add("summary", f"Due: {recommendation.inquiry} {recommendation.code}")
    event.add("description", "\n".join(lines))
    event.add("url", url)
    return event


def request_summary(request: InformationRequest) -> str:
    asked = "action agreed" if request.kind == InformationRequest.Kind.ACTION else "information"
    verb = "" if request.kind == InformationRequest.Kind.ACTION else " requested"
    return f"Due: {asked}{verb} {long_date(request.meeting.date)}"


def request_event(
    request: InformationRequest, *, absolute_url: AbsoluteUrl, now: dt.datetime
) -> Event:
    """A request's due date. One from an exempt item says only that it was private
    business: the owner reads what was asked for in the tracker, signed in."""
    url = absolute_url(request.get_absolute_url())
    event = Event()
    event.add("uid", event_uid("request", request.pk))
    _stamp(event, request, now)
    _all_day(event, request.due_date)
    event.add("summary", request_summary(request))
    if request.is_exempt:
        # Not even the wording of who was asked: it is copied from the private notes.
        lines = [PRIVATE_REQUEST_TEXT]
        event.add("class", "PRIVATE")
    else:
        source = f"the meeting of {long_date(request.meeting.date)}"
        if request.agenda_item_id:
            item = request.agenda_item
            source = f"{source}, item {item.number} ({item.title})"
        lines = [f"Requested at {source}:", request.text, f"Owner: {request.owner_label}."]
    lines += ["", f"Record and updates: {url}"]
    event.add("description", "\n".join(lines))
    event.add("url", url)
    return event


def personal_calendar(
    *,
    person: Person,
    recommendations: Iterable[Recommendation],
    requests: Iterable[InformationRequest],
    absolute_url: AbsoluteUrl,
    now: dt.datetime,
) -> Calendar:
    """An all-day event on the due date of each outstanding item the person owns.

    Items without a due date have no day to show and are left out; they are on the
    person's "My items" page.
    """
    calendar = _new_calendar(
        name="Scrutiny Tracker: my due dates",
        description=f"Due dates of the recommendations and requests {person} owns.",
    )
    for recommendation in recommendations:
        if recommendation.due_date is not None:
            calendar.add_component(
                recommendation_event(recommendation, absolute_url=absolute_url, now=now)
            )
    for request in requests:
        calendar.add_component(request_event(request, absolute_url=absolute_url, now=now))
    # All-day events carry no TZID, so this feed needs no VTIMEZONE.
    return calendar
