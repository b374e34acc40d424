"""The OpenAPI description is the contract: schemathesis loads it from the site and runs
every operation with inputs it generates from the schema (valid and invalid ones), and
each answer must be below 500 and match what the schema says, status, content type and
body. A bounded number of examples per operation keeps it fit for CI."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
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


@pytest.mark.django_db
@pytest.mark.usefixtures("library")
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
