"""The demo record written back from its copy is the record as loaded, and takes new rows."""

from __future__ import annotations

import pytest

from committees.models import Person
from tests.support.checksums import database_checksum
from tests.support.database import reset_to_migrated
from tests.support.demo import DEMO_PASSWORD
from tests.support.record_copy import RecordCopy
from tracker.dev.demo import load_demo
from tracker.models import Recommendation


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_record_written_back_is_the_record_as_loaded_and_takes_new_rows():
    # Put back as after any emptying: the migrations' many-to-many rows (the roles'
    # permissions) then have the same ids each time, and the checksums compare ids.
    reset_to_migrated()
    copy = RecordCopy.take(lambda: load_demo(password=DEMO_PASSWORD))
    loaded = database_checksum()
    last_person = Person.objects.latest("pk").pk

    reset_to_migrated()  # as serialized rollback leaves the database for the next test
    assert not Recommendation.objects.exists()
    copy.write_back()

    assert database_checksum() == loaded
    # Each table's next id comes after the rows written back with theirs.
    assert Person.objects.create(name="A new witness").pk > last_person
    r02 = Recommendation.objects.get(inquiry__title="Corporate Parenting", code="R02")
    kept = r02.history.count()
    r02.text += " (amended)"
    r02.save()
    assert r02.history.count() == kept + 1
