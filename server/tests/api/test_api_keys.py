"""API keys: shown once, stored only as a digest, rotate, revoke, last use, membership checks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from lf_accounts import OrgAccount, make_org

from lessonforge.services.context import ServiceContext
from lessonforge.settings import Settings

EXPANSIONS = "/v1/content/integrations/expansions"


def keys_path(org: OrgAccount) -> str:
    return f"/v1/content/organizations/{org.organization_id}/api-keys"


def test_a_new_key_is_shown_once_with_its_visible_prefix(admin_client: TestClient, org: OrgAccount) -> None:
    response = admin_client.post(keys_path(org), json={"name": "cms", "rateLimitPerMinute": 120})
    assert response.status_code == 201
    key = response.json()
    assert set(key) == {"apiKey", "keyId", "keyPrefix", "name", "rateLimitPerMinute", "createdAt", "expiresAt"}
    assert re.fullmatch(r"tf_content_[0-9A-Za-z]{32}", key["apiKey"])
    assert key["keyPrefix"] == key["apiKey"][:23]
    assert key["rateLimitPerMinute"] == 120
    assert key["createdAt"].endswith("Z")
    listed = admin_client.get(keys_path(org)).json()
    assert listed == [
        {
            "keyId": key["keyId"],
            "keyPrefix": key["keyPrefix"],
            "name": "cms",
            "rateLimitPerMinute": 120,
            "status": "active",
            "createdAt": key["createdAt"],
            "lastUsedAt": None,
            "revokedAt": None,
            "expiresAt": None,
        }
    ]


def test_the_default_limit_is_sixty_and_bounds_are_checked(admin_client: TestClient, org: OrgAccount) -> None:
    assert admin_client.post(keys_path(org), json={"name": "a"}).json()["rateLimitPerMinute"] == 60
    for bad in (0, 10001):
        assert admin_client.post(keys_path(org), json={"name": "a", "rateLimitPerMinute": bad}).status_code == 400
    assert admin_client.post(keys_path(org), json={"name": ""}).status_code == 400


def test_only_a_digest_of_the_key_is_stored(admin_client: TestClient, org: OrgAccount, settings: Settings) -> None:
    secret = admin_client.post(keys_path(org), json={"name": "cms"}).json()["apiKey"]
    admin_client.get(EXPANSIONS, headers={"Authorization": f"Bearer {secret}"})
    database = Path(settings.database_url.removeprefix("sqlite:///"))
    stored = b"".join(p.read_bytes() for p in database.parent.glob(database.name + "*"))
    assert secret.encode() not in stored
    assert secret[:23].encode() in stored


def test_use_is_recorded_as_last_used(admin_client: TestClient, org: OrgAccount) -> None:
    secret = admin_client.post(keys_path(org), json={"name": "cms"}).json()["apiKey"]
    admin_client.get(EXPANSIONS, headers={"Authorization": f"Bearer {secret}"})
    assert admin_client.get(keys_path(org)).json()[0]["lastUsedAt"] is not None


def test_rotation_replaces_the_key_and_the_old_one_stops_at_once(admin_client: TestClient, org: OrgAccount) -> None:
    old = admin_client.post(keys_path(org), json={"name": "cms", "rateLimitPerMinute": 7}).json()
    rotated = admin_client.post(f"{keys_path(org)}/{old['keyId']}/rotate")
    assert rotated.status_code == 200
    new = rotated.json()
    assert new["apiKey"] != old["apiKey"] and new["keyId"] != old["keyId"] and new["keyPrefix"] != old["keyPrefix"]
    assert (new["name"], new["rateLimitPerMinute"]) == ("cms", 7)
    assert admin_client.get(EXPANSIONS, headers={"Authorization": f"Bearer {old['apiKey']}"}).status_code == 401
    assert admin_client.get(EXPANSIONS, headers={"Authorization": f"Bearer {new['apiKey']}"}).status_code == 200


def test_revoking_stops_the_key_and_is_idempotent(admin_client: TestClient, org: OrgAccount) -> None:
    key = admin_client.post(keys_path(org), json={"name": "cms"}).json()
    for _ in range(2):
        response = admin_client.post(f"{keys_path(org)}/{key['keyId']}/revoke")
        assert response.status_code == 200
        assert response.content == b""
    assert admin_client.get(EXPANSIONS, headers={"Authorization": f"Bearer {key['apiKey']}"}).status_code == 401
    listed = admin_client.get(keys_path(org)).json()[0]
    assert listed["status"] == "revoked" and listed["revokedAt"] is not None


@pytest.mark.parametrize("action", ["create", "list", "rotate", "revoke"])
def test_an_admin_of_another_organization_is_forbidden(
    admin_client: TestClient, ctx: ServiceContext, org: OrgAccount, action: str
) -> None:
    key_id = admin_client.post(keys_path(org), json={"name": "cms"}).json()["keyId"]
    outsider = make_org(ctx, "Other", "mallory@other.test")
    admin_client.post("/auth/login", json={"email": outsider.email, "password": outsider.password})
    calls = {
        "create": lambda: admin_client.post(keys_path(org), json={"name": "x"}),
        "list": lambda: admin_client.get(keys_path(org)),
        "rotate": lambda: admin_client.post(f"{keys_path(org)}/{key_id}/rotate"),
        "revoke": lambda: admin_client.post(f"{keys_path(org)}/{key_id}/revoke"),
    }
    response = calls[action]()
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "content_forbidden"


def test_logs_carry_the_prefix_and_never_the_key(
    admin_client: TestClient, org: OrgAccount, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = admin_client.post(keys_path(org), json={"name": "cms"}).json()["apiKey"]
    capsys.readouterr()
    admin_client.get(EXPANSIONS, headers={"Authorization": f"Bearer {secret}"})
    logged = capsys.readouterr().err
    assert secret[:23] in logged
    assert secret not in logged
    assert '"requestId": "' in logged
