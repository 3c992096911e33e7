"""Per-key rate limits (SPEC §4.4) over real HTTP."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from lf_accounts import OrgAccount, issue_key

EXPANSIONS = "/v1/content/integrations/expansions"


def test_the_sixth_request_in_a_minute_is_refused_and_another_key_is_unaffected(
    admin_client: TestClient, org: OrgAccount
) -> None:
    limited = {"Authorization": f"Bearer {issue_key(admin_client, org.organization_id, rate_limit=5)}"}
    other = {"Authorization": f"Bearer {issue_key(admin_client, org.organization_id, rate_limit=5)}"}
    answers = [admin_client.get(EXPANSIONS, headers=limited) for _ in range(6)]
    assert [a.status_code for a in answers] == [200, 200, 200, 200, 200, 429]
    assert [_remaining(a) for a in answers[:5]] == [4, 3, 2, 1, 0]
    refused = answers[5]
    assert refused.json()["error"]["code"] == "content_rate_limit_exceeded"
    assert int(refused.headers["Retry-After"]) >= 30
    assert refused.headers["RateLimit-Policy"] == '"key";q=5;w=60'
    assert _remaining(refused) == 0
    assert admin_client.get(EXPANSIONS, headers=other).status_code == 200


def test_every_bearer_response_carries_the_rate_limit_headers(client: TestClient, bearer: dict[str, str]) -> None:
    for path in (EXPANSIONS, f"{EXPANSIONS}/00000000-0000-0000-0000-000000000000", "/v1/content/classrooms"):
        response = client.get(path, headers=bearer)
        assert response.headers["RateLimit-Policy"] == '"key";q=60;w=60'
        assert re.fullmatch(r'"key";r=\d+;t=\d+', response.headers["RateLimit"])


def test_an_unknown_key_is_refused_before_any_rate_limit(client: TestClient) -> None:
    response = client.get(EXPANSIONS, headers={"Authorization": "Bearer tf_content_" + "z" * 32})
    assert response.status_code == 401
    assert "RateLimit" not in response.headers


def _remaining(response: object) -> int:
    header = response.headers["RateLimit"]  # type: ignore[attr-defined]
    match = re.search(r"r=(\d+)", header)
    assert match
    return int(match.group(1))


def test_a_refusal_says_the_real_wait_in_t_and_keeps_the_retry_after_floor(
    admin_client: TestClient, org: OrgAccount
) -> None:
    five = {"Authorization": f"Bearer {issue_key(admin_client, org.organization_id, rate_limit=5)}"}
    refused = [admin_client.get(EXPANSIONS, headers=five) for _ in range(6)][-1]
    assert refused.status_code == 429
    assert 1 <= _wait(refused) <= 12  # one request per 12 s: the GCRA's next slot, not the 30 s floor
    assert refused.headers["Retry-After"] == "30"
    one = {"Authorization": f"Bearer {issue_key(admin_client, org.organization_id, rate_limit=1)}"}
    refused = [admin_client.get(EXPANSIONS, headers=one) for _ in range(2)][-1]
    assert 50 <= _wait(refused) <= 60
    assert int(refused.headers["Retry-After"]) == max(30, _wait(refused))


def _wait(response: object) -> int:
    header = response.headers["RateLimit"]  # type: ignore[attr-defined]
    match = re.search(r"t=(\d+)", header)
    assert match
    return int(match.group(1))
