"""Two people editing the same item never silently overwrite each other.

An officer's form carries the version of the item the officer saw: the id of its latest
history row (every change to a tracked item writes one, so history is the version and no
column is needed). The service re-reads the row under a lock, SELECT ... FOR UPDATE, so of
two officers saving at once the second waits for the first to commit, and then finds the
item moved on. A save made from a stale page is refused with what changed, from what to
what, and who changed it; the officer's answers are kept for them to check and send again.

On SQLite, FOR UPDATE is not needed: every transaction begins IMMEDIATE (see settings), so
writers already take turns, and the version check alone refuses the stale save.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models

from committees.dates import date_and_time, long_date

# What a form says when it carries no version: a page from before versions, or a caller
# that is not a form. Nothing is checked for it (the row is still re-read under the lock).
NOT_STATED = None


def version_of(obj: models.Model) -> str:
    """The version a form carries for `obj`: its latest history row, "0" before any."""
    latest = obj.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return str(latest or 0)


@dataclass(frozen=True)
class Change:
    """One field that changed between the version the user saw and the item as it is now."""

    field: str
    seen: str
    now: str
    by: str
    at: dt.datetime


class EditConflict(ValidationError):
    """The item changed after the user opened the page; their save was not applied."""

    def __init__(
        self,
        *,
        item: models.Model,
        changes: list[Change],
        changed_by: list[str],
        current_version: str,
    ) -> None:
        self.item = item
        self.changes = changes
        self.changed_by = changed_by
        self.current_version = current_version
        who = _join(changed_by) if changed_by else "Someone else"
        self.headline = (
            f"{who} changed this {item._meta.verbose_name} after you opened this page, "
            "so your change was not saved"
        )
        super().__init__(
            f"{self.headline}. Check what changed, then save again if your change is still right.",
            code="edit_conflict",
        )


def lock_for_edit(obj: models.Model, *, seen_version: str | None) -> None:
    """Lock `obj`'s row; refuse the edit if it changed since `seen_version`.

    Call inside the service's transaction, before reading anything the change depends on.
    When the version is the one the user saw, `obj` (loaded after they saw it) is the row
    as it is, so it is left as the caller has it. When it is not, `obj` is refreshed, so
    that the page shows the item as it now is, and EditConflict says what changed.
    """
    model = type(obj)
    model._base_manager.select_for_update().filter(pk=obj.pk).values_list("pk").get()
    if seen_version is NOT_STATED:
        return
    current = version_of(obj)
    if seen_version != current:
        obj.refresh_from_db()
        raise _conflict(obj, seen_version, current)


def refresh_locked(obj: models.Model) -> None:
    """Re-read `obj` under a row lock: a change is then applied to the row as it now is."""
    obj.refresh_from_db(from_queryset=type(obj)._base_manager.select_for_update())


def _conflict(obj: models.Model, seen_version: str, current_version: str) -> EditConflict:
    history = obj.history.order_by("history_id").select_related("history_user")
    seen = (
        history.filter(history_id=seen_version).first()
        if seen_version.isascii() and seen_version.isdigit()
        else None
    )
    after = list(history.filter(history_id__gt=seen.history_id) if seen else history.reverse()[:1])
    changes = _changes(type(obj), seen, after) if seen else []
    changed_by = list(dict.fromkeys(_who(record.history_user) for record in after))
    return EditConflict(
        item=obj, changes=changes, changed_by=changed_by, current_version=current_version
    )


def _changes(model: type[models.Model], seen, after: list) -> list[Change]:
    changes = []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        previous, last = seen, None
        for record in after:  # who changed it last
            if getattr(record, field.attname) != getattr(previous, field.attname):
                last = record
            previous = record
        if last is None or getattr(seen, field.attname) == getattr(after[-1], field.attname):
            continue  # unchanged, or changed and changed back
        changes.append(
            Change(
                field=str(field.verbose_name).capitalize(),
                seen=_display(field, getattr(seen, field.attname)),
                now=_display(field, getattr(after[-1], field.attname)),
                by=_who(last.history_user),
                at=last.history_date,
            )
        )
    return changes


def _display(field: models.Field, value) -> str:
    if value is None or value == "":
        return "Not set"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else "Deleted"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return date_and_time(value)
    if isinstance(value, dt.date):
        return long_date(value)
    return str(value)


def _who(user) -> str:
    if user is None:
        return "Someone else"
    person = getattr(user, "person", None)  # None when the login is nobody's in the record
    return person.name if person else (user.get_full_name() or user.get_username())


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
