"""Which sessions belong to which user, so that a user's sessions can be ended at once.

Django's database sessions keep the user's id inside encoded session data: finding one
user's sessions would mean decoding every session. This table is filled when a user signs
in (and when a signed-in session is given a new key), read when their account is
deactivated.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class UserSession(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in_sessions"
    )
    # Django's session keys are at most 40 characters (django_session.session_key).
    session_key = models.CharField(max_length=40, unique=True)
    signed_in_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "signed-in session"

    def __str__(self) -> str:
        return f"A session of user {self.user_id}"
