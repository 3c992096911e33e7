"""Property-based tests of the Content Integration API (``/auth``, ``/v1/content/**``) against its own OpenAPI.

Schemathesis generates requests from /openapi.json and sends them in process with the admin session or a
bearer key, as each route needs; see lf_schemathesis for the checks (no 5xx, documented status, content
type, headers and body, and the ``content_*`` error shape).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from lf_schemathesis import PROPERTY_SETTINGS, Target, build_target, call_and_validate

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    yield from build_target(tmp_path_factory.mktemp("openapi-properties"))


@pytest.fixture(scope="module")
def openapi_schema(target: Target) -> schemathesis.BaseSchema:
    return target.schema


# The event stream never ends by design (webhooks/test_event_stream.py covers it against a real server).
schema = schemathesis.pytest.from_fixture("openapi_schema").exclude(path_regex=r"^/api/1\.0/|^/v1/content/events$")


@schema.parametrize()
@PROPERTY_SETTINGS
def test_every_integration_operation_keeps_its_documented_contract(case: schemathesis.Case, target: Target) -> None:
    call_and_validate(target, case)
