"""More open requests for the load's responsible officer, made by loadtest/run.py.

In the demo record the responsible officer owns three open requests, and an item takes no
second update while one waits for review. Under load the two owners then spend most of the
run waiting for the scrutiny officers to review, and Redis's outage could pass with no
update sent at all: the run would then show nothing about updates taken while Redis is
down. With these requests, an owner nearly always has an item to update.

    DEBUG=True .venv/bin/python manage.py shell -c \
        "from loadtest.work import give_the_owner_work; give_the_owner_work()"
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from committees.models import Meeting, Person
from tracker.items.services import information_request_create

REQUESTS = 24
REASON = "Made for the load test: work for the responsible officer"


@transaction.atomic
def give_the_owner_work(username: str = "owner", count: int = REQUESTS) -> None:
    person = Person.objects.get(user__username=username)
    meeting = Meeting.objects.filter(action_notes__isnull=False).latest("date")
    for number in range(1, count + 1):
        information_request_create(
            meeting=meeting,
            text=f"Load test request {number}: the latest figures for the committee",
            by_user=None,
            reason=REASON,
            owner_person=person,
            due_date=meeting.date + dt.timedelta(days=28),
        )
