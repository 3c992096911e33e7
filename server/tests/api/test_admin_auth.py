"""Admin sign-in: the jwt cookie, wrong passwords, throttling, sign-out."""

from __future__ import annotations

from fastapi.testclient import TestClient
from lf_accounts import OrgAccount


def test_signing_in_sets_an_httponly_session_cookie(client: TestClient, org: OrgAccount) -> None:
    response = client.post("/auth/login", json={"email": org.email, "password": org.password, "timezone": "Asia/Seoul"})
    assert response.status_code == 200
    assert response.json() == {"admin": {"id": org.admin_id, "email": org.email}}
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("jwt=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert [o["id"] for o in client.get("/v1/content/organizations").json()] == [org.organization_id]


def test_a_wrong_password_is_401_and_repeated_failures_are_throttled(client: TestClient, org: OrgAccount) -> None:
    answers = [client.post("/auth/login", json={"email": org.email, "password": "wrong-password"}) for _ in range(6)]
    assert [a.status_code for a in answers] == [401] * 5 + [429]
    assert answers[0].json()["error"]["code"] == "content_invalid_api_key"
    assert int(answers[5].headers["Retry-After"]) > 0
    still_blocked = client.post("/auth/login", json={"email": org.email, "password": org.password})
    assert still_blocked.status_code == 429


def test_signing_out_ends_the_session(admin_client: TestClient) -> None:
    assert admin_client.post("/auth/logout").status_code == 200
    assert admin_client.get("/v1/content/organizations").status_code == 401


def test_a_forged_session_cookie_is_refused(client: TestClient) -> None:
    client.cookies.set("jwt", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl")
    response = client.get("/v1/content/organizations")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "content_invalid_api_key"
