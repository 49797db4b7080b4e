"""Schemathesis, from the API's own OpenAPI document, in-process (the WSGI app): a
bounded number of generated requests to every operation, anonymously and with a token,
find no server error and no response that breaks the document."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.support.api import token_for
from tracker.wsgi import application

EXAMPLES = 6


@pytest.fixture
def api_schema(world):
    # As Django's test client does: a request in the test's transaction must not close
    # the test's database connection when it ends.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def officer_token(world) -> str:
    return token_for("officer", name="Schema run")


def test_generated_requests_find_no_5xx_and_no_response_off_the_document(api_schema, officer_token):
    checks = [not_a_server_error, response_schema_conformance]
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 20
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            case.call_and_validate(checks=checks)
            case.call_and_validate(
                headers={"Authorization": f"Bearer {officer_token}"}, checks=checks
            )

        run()
