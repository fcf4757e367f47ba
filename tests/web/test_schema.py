"""schemathesis: requests generated from the service's own OpenAPI document,
against the running service on a seeded anvil. No response is a 5xx and
every response matches the schema of its route and status."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from frontend.demo_hook import ServiceHandle


@pytest.fixture(scope="module")
def api_schema(service: ServiceHandle):  # type: ignore[no-untyped-def]
    return schemathesis.openapi.from_url(f"{service.url}/openapi.json")


# The never-ending event stream is tested in test_api. The filter belongs on
# the lazy schema: schemathesis replaces a fixture schema's own filters.
schema = schemathesis.pytest.from_fixture("api_schema").exclude(path="/api/stream")


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api__generated_requests(case) -> None:  # type: ignore[no-untyped-def]
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
        timeout=30,
    )
