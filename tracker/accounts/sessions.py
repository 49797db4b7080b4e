"""Django's database sessions, read with a query compiled once.

Every signed-in request reads its session first: the query is compiled once
(`tracker.prepared`), and is a prepared statement on PostgreSQL. Sessions are stored,
written and expired as Django's own database sessions (`SESSION_ENGINE`).
"""

from __future__ import annotations

import functools

from django.contrib.sessions.backends import db
from django.db import router
from django.db.models import CharField, DateTimeField
from django.utils import timezone

from tracker.prepared import Compiled, Slot


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        if self.session_key is not None:  # None: no key, or one not shaped like a key
            model = self.model
            rows = _live_session(model, router.db_for_read(model)).rows(
                {"key": self.session_key, "now": timezone.now()}
            )
            if rows:
                return model(session_key=self.session_key, **rows[0])
        self._session_key = None
        return None


@functools.lru_cache(maxsize=8)
def _live_session(model, alias: str) -> Compiled:
    """A session's data and expiry by its key, if it has not expired."""
    sessions = model._default_manager.using(alias).filter(
        session_key=Slot("key", CharField()), expire_date__gt=Slot("now", DateTimeField())
    )
    return Compiled.of(sessions.values("session_data", "expire_date"))
