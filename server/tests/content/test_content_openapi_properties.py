"""Property-based tests of the Content API (``/api/1.0/**``) against the app's own OpenAPI.

Schemathesis generates requests from /openapi.json and sends them in process with a project write token;
see lf_schemathesis for the checks (no 5xx, documented status, content type, headers and body, and the
UPPER_CASE error shape of SPEC §7).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from lf_schemathesis import PROPERTY_SETTINGS, Target, build_target, call_and_validate

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    yield from build_target(tmp_path_factory.mktemp("content-openapi-properties"))


@pytest.fixture(scope="module")
def openapi_schema(target: Target) -> schemathesis.BaseSchema:
    return target.schema


schema = schemathesis.pytest.from_fixture("openapi_schema").include(path_regex=r"^/api/1\.0/")


@schema.parametrize()
@PROPERTY_SETTINGS
def test_every_content_api_operation_keeps_its_documented_contract(case: schemathesis.Case, target: Target) -> None:
    call_and_validate(target, case)
