"""The month's report table is cached as rendered, for each version of the KPI record.

A report is read far more often than it changes: its values come in once a month, and now
and then a target or a name is corrected. Rendering 200 indicators' rows takes about as long
as the whole budget of the page (docs/performance.md); reading the
rendered table back from the cache takes one query. The page's template keys the table
(`{% cache %}`) by the report, this version, and whether the reader may see the committee's
exempt business, which decides whether an exempt month before may give the trend.

Every save or delete of what a table shows (sets, indicators, targets, reports, values)
gives the whole KPI record a new version, so no table is shown from before a change:
- at once, so the rest of the writing transaction (a test, a request that redirects to the
  page) reads the change;
- and again once the transaction commits, because a request that read the new version
  before the commit could have rendered the table from what was committed until then.

A version is a random token, not a counter: were the key evicted, a counter would start
again and could meet a table cached under an earlier version of the same number.
Writes are monthly, so one version for every set costs nothing worth a finer key.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

VERSION_KEY = "kpis:table-version"
# The rendered table is kept at most this long after it was last rendered.
TABLE_SECONDS = 24 * 60 * 60


def current_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)  # add: a new version wins
        # Read back whichever was stored; were it evicted at once, this read caches nothing
        # useful but shows nothing stale.
        version = cache.get(VERSION_KEY) or uuid.uuid4().hex
    return version


def new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def record_changed(**kwargs) -> None:
    """A signal receiver: something a report's table shows was saved or deleted."""
    new_version()
    transaction.on_commit(new_version)


def connect() -> None:
    from tracker.models import Indicator, IndicatorTarget, IndicatorValue, KpiReport, KpiSet

    for model in (KpiSet, Indicator, IndicatorTarget, KpiReport, IndicatorValue):
        name = model._meta.model_name
        post_save.connect(record_changed, sender=model, dispatch_uid=f"kpis.saved.{name}")
        post_delete.connect(record_changed, sender=model, dispatch_uid=f"kpis.deleted.{name}")
