"""Signing in with a username and password, as Django's own backend does."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class PersonModelBackend(ModelBackend):
    """Django's ModelBackend, reading the signed-in user's person in the committee's
    record (`committees.Person.user`, a one-to-one field, so `user.person` or none) in
    the same query as the user: every page asks who the user is there."""

    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("person")
        try:
            user = users.get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
