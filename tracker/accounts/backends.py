"""Signing in with a username and password, as Django's own backend does."""

from __future__ import annotations

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import F

from committees.models import Person
from tracker.prepared import Compiled, Slot

PERSON = "person_"  # the prefix of the person's columns in the user's row


class PersonModelBackend(ModelBackend):
    """Django's ModelBackend, reading the signed-in user's person in the committee's
    record (`committees.Person`, or none) in the same query as the user: every page asks
    who the user is there. Every signed-in request reads its user, so the query is
    compiled once (`tracker.prepared`) and is a prepared statement on PostgreSQL."""

    def get_user(self, user_id):
        users = get_user_model()
        alias = users._default_manager.db
        rows = _user_with_person(alias).rows({"user": user_id})
        if not rows:
            return None
        user = _instance(users, alias, rows[0])
        person = _instance(Person, alias, rows[0], PERSON) if rows[0][f"{PERSON}id"] else None
        users.person.related.set_cached_value(user, person)  # user.person, or DoesNotExist
        if person is not None:
            Person.user.field.set_cached_value(person, user)
        return user if self.user_can_authenticate(user) else None


def _columns(model) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


def _instance(model, alias: str, row: dict, prefix: str = ""):
    """The model instance whose columns the row holds (under `prefix`), as the ORM makes it."""
    names = _columns(model)
    return model.from_db(alias, names, [row[prefix + name] for name in names])


@functools.lru_cache(maxsize=8)
def _user_with_person(alias: str) -> Compiled:
    """A user by id, with their person's columns (all empty if they have none)."""
    users = get_user_model()._default_manager.using(alias)
    person = {PERSON + name: F(f"person__{name}") for name in _columns(Person)}
    return Compiled.of(users.filter(pk=Slot("user")).values(*_columns(users.model), **person))
