"""The OpenAPI description is the contract: schemathesis loads it from the site and runs
every operation with inputs it generates from the schema (valid and invalid ones), and
each answer must be below 500 and match what the schema says, status, content type and
body. A bounded number of examples per operation keeps it fit for CI."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


# Served by the site itself (the schema view asks the database nothing, so it can be
# loaded while the tests are collected); every request below goes to the same WSGI
# application, inside each test's transaction.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema?format=json", get_wsgi_application())


@pytest.fixture
def one_connection():
    """Django closes the database connection after each request it serves; the test's
    transaction lives on that connection, so while schemathesis calls the application
    the connection is kept, as Django's own test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("library", "one_connection")
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_operation_answers_as_its_schema_says(case):
    # The map layer answers gzip to clients that take it; a WSGI call is not decoded by
    # an HTTP client, so ask for the plain body (test_api_endpoints checks the gzip one).
    case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity"})
