"""Every Content Integration endpoint as a `Call` builder, shared by the sync and async clients."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Literal
from urllib.parse import quote

from ._base import Call, Clock, _Core
from ._decoding import expect, expect_list, file_body, lenient, no_body
from ._env import api_key_from_env, base_url_from_env
from ._errors import to_integration_error
from ._models import (
    ApiKey,
    Classroom,
    ContentProject,
    CreatedApiKey,
    ExpansionResult,
    Job,
    JobPage,
    LoginResult,
    Organization,
    RenderAccepted,
    Resource,
    ResourcePage,
    Webhook,
    WebhookDelivery,
)
from ._retry import RetryPolicy

ResourceKind = Literal["modules", "videos", "tests"]
TestExportFormat = Literal["qti", "gift", "csv"]
EXPANSIONS = "/v1/content/integrations/expansions"
_RESOURCE_KINDS = ("modules", "videos", "tests")
# Admin writes carry one Idempotency-Key per call, reused on every retry, and are retried because
# the server honours that key on admin routes (docs/api.md): a retry after a lost answer gets the
# first answer again (the new key's secret included) instead of making a second key. A server that
# did not would make this False: a lost answer reported, never repeated.
ADMIN_REPLAY = True
# What each test export answers (`Content-Type`, without parameters).
TEST_EXPORT_MEDIA_TYPES = {"qti": "application/zip", "gift": "text/plain", "csv": "text/csv"}


def _seg(value: str) -> str:
    """One path segment, escaped so an id can never change the route."""
    return quote(str(value), safe="")


def _org(organization_id: str, *rest: str) -> str:
    tail = "".join(f"/{part}" for part in rest)
    return f"/v1/content/organizations/{_seg(organization_id)}{tail}"


def _resource(kind: ResourceKind, resource_id: str | None = None) -> str:
    if kind not in _RESOURCE_KINDS:
        raise ValueError(f"kind must be one of {', '.join(_RESOURCE_KINDS)}, not {kind!r}")
    return f"/v1/content/{kind}" + (f"/{_seg(resource_id)}" if resource_id is not None else "")


def _page_params(**values: Any) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


# --- admin session, organizations, keys ---------------------------------------------------------


def login(email: str, password: str, timezone: str | None) -> Call[LoginResult]:
    body = {"email": email, "password": password} | ({"timezone": timezone} if timezone else {})
    return Call("POST", "/auth/login", expect(LoginResult), json=body, bearer=False)


def logout() -> Call[None]:
    return Call("POST", "/auth/logout", no_body, bearer=False)


def list_organizations() -> Call[list[Organization]]:
    return Call("GET", "/v1/content/organizations", expect_list(Organization), bearer=False)


def create_api_key(
    organization_id: str, name: str, rate_limit: int | None, expires_at: datetime | None = None
) -> Call[CreatedApiKey]:
    body: dict[str, Any] = {"name": name}
    if rate_limit is not None:
        body["rateLimitPerMinute"] = rate_limit
    if expires_at is not None:
        body["expiresAt"] = expires_at.isoformat()
    path = _org(organization_id, "api-keys")
    return Call(
        "POST", path, expect(CreatedApiKey), json=body, bearer=False, replay_safe=ADMIN_REPLAY
    )


def list_api_keys(organization_id: str) -> Call[list[ApiKey]]:
    return Call("GET", _org(organization_id, "api-keys"), expect_list(ApiKey), bearer=False)


def rotate_api_key(organization_id: str, key_id: str) -> Call[CreatedApiKey]:
    path = _org(organization_id, "api-keys", _seg(key_id), "rotate")
    return Call("POST", path, expect(CreatedApiKey), bearer=False, replay_safe=ADMIN_REPLAY)


def revoke_api_key(organization_id: str, key_id: str) -> Call[None]:
    path = _org(organization_id, "api-keys", _seg(key_id), "revoke")
    return Call("POST", path, no_body, bearer=False)


def list_classrooms() -> Call[list[Classroom]]:
    return Call("GET", "/v1/content/classrooms", expect_list(Classroom))


# --- expansion jobs -----------------------------------------------------------------------------


def create_expansion(
    payload: Mapping[str, Any],
    requested_outputs: Sequence[str] | None,
    source_type: str | None,
    idempotency_key: str | None,
    classroom_id: str | None,
) -> Call[Job]:
    body: dict[str, Any] = {"payload": payload}
    if requested_outputs is not None:
        body["requestedOutputs"] = list(requested_outputs)
    if source_type is not None:
        body["sourceType"] = source_type
    if classroom_id is not None:
        body["classroomId"] = classroom_id
    return Call("POST", EXPANSIONS, expect(Job), json=body, idempotency_key=idempotency_key)


def get_expansion(job_id: str) -> Call[Job]:
    return Call("GET", f"{EXPANSIONS}/{_seg(job_id)}", expect(Job))


def get_expansion_result(job_id: str) -> Call[ExpansionResult]:
    return Call("GET", f"{EXPANSIONS}/{_seg(job_id)}/result", expect(ExpansionResult))


def list_expansions(status: str | None, limit: int | None, cursor: str | None) -> Call[JobPage]:
    params = _page_params(status=status, limit=limit, cursor=cursor)
    return Call("GET", EXPANSIONS, expect(JobPage), params=params)


def create_ui_export(
    classroom_id: str, lesson_id: str, idempotency_key: str | None
) -> Call[ExpansionResult]:
    path = f"/v1/content/classrooms/{_seg(classroom_id)}/integrations/exports"
    body = {"lessonId": lesson_id} | (
        {"idempotencyKey": idempotency_key} if idempotency_key else {}
    )
    return Call(
        "POST",
        path,
        expect(ExpansionResult),
        json=body,
        bearer=False,
        idempotency_key=idempotency_key,
    )


# --- generated resources ------------------------------------------------------------------------


def get_resource(kind: ResourceKind, resource_id: str) -> Call[Resource]:
    return Call("GET", _resource(kind, resource_id), expect(Resource))


def list_resources(kind: ResourceKind, limit: int | None, cursor: str | None) -> Call[ResourcePage]:
    params = _page_params(limit=limit, cursor=cursor)
    return Call("GET", _resource(kind), expect(ResourcePage), params=params)


def update_resource(
    kind: ResourceKind, resource_id: str, changes: Mapping[str, Any], if_match: str | int | None
) -> Call[Resource]:
    headers = {"If-Match": str(if_match)} if if_match is not None else {}
    path = _resource(kind, resource_id)
    return Call("PATCH", path, expect(Resource), json=dict(changes), headers=headers)


def delete_resource(kind: ResourceKind, resource_id: str) -> Call[None]:
    return Call("DELETE", _resource(kind, resource_id), no_body)


def render_video(video_id: str) -> Call[RenderAccepted]:
    path = f"{_resource('videos', video_id)}/render"
    return Call("POST", path, lenient(RenderAccepted))


def export_test(test_id: str, format: TestExportFormat, form: str | None = None) -> Call[bytes]:
    media_type = TEST_EXPORT_MEDIA_TYPES.get(format)
    if media_type is None:
        choices = ", ".join(TEST_EXPORT_MEDIA_TYPES)
        raise ValueError(f"format must be one of {choices}, not {format!r}")
    path = f"{_resource('tests', test_id)}/export"
    headers = {"Accept": media_type}
    params = {"format": format} if form is None else {"format": format, "form": form}
    return Call("GET", path, file_body(media_type), params=params, headers=headers)


# --- webhooks and content projects (admin) ------------------------------------------------------


def create_webhook(organization_id: str, url: str, events: Sequence[str]) -> Call[Webhook]:
    body = {"url": url, "events": list(events)}
    path = _org(organization_id, "webhooks")
    return Call("POST", path, expect(Webhook), json=body, bearer=False, replay_safe=ADMIN_REPLAY)


def list_webhooks(organization_id: str) -> Call[list[Webhook]]:
    return Call("GET", _org(organization_id, "webhooks"), expect_list(Webhook), bearer=False)


def delete_webhook(organization_id: str, webhook_id: str) -> Call[None]:
    path = _org(organization_id, "webhooks", _seg(webhook_id))
    return Call("DELETE", path, no_body, bearer=False)


def list_webhook_deliveries(organization_id: str, webhook_id: str) -> Call[list[WebhookDelivery]]:
    path = _org(organization_id, "webhooks", _seg(webhook_id), "deliveries")
    return Call("GET", path, expect_list(WebhookDelivery), bearer=False)


def redeliver_webhook_delivery(
    organization_id: str, webhook_id: str, delivery_id: str
) -> Call[WebhookDelivery]:
    path = _org(
        organization_id, "webhooks", _seg(webhook_id), "deliveries", _seg(delivery_id), "redeliver"
    )
    return Call("POST", path, lenient(WebhookDelivery), bearer=False, replay_safe=ADMIN_REPLAY)


def create_content_project(
    organization_id: str, name: str, languages: Sequence[str]
) -> Call[ContentProject]:
    body = {"name": name, "languages": list(languages)}
    path = _org(organization_id, "content-projects")
    return Call(
        "POST", path, expect(ContentProject), json=body, bearer=False, replay_safe=ADMIN_REPLAY
    )


def list_content_projects(organization_id: str) -> Call[list[ContentProject]]:
    path = _org(organization_id, "content-projects")
    return Call("GET", path, expect_list(ContentProject), bearer=False)


def rotate_content_project_tokens(organization_id: str, project_id: str) -> Call[ContentProject]:
    path = _org(organization_id, "content-projects", _seg(project_id), "tokens", "rotate")
    return Call("POST", path, expect(ContentProject), bearer=False, replay_safe=ADMIN_REPLAY)


def integration_core(
    base_url: str | None,
    api_key: str | None,
    *,
    max_retries: int,
    timeout: float,
    retry_policy: RetryPolicy | None,
    clock: Clock | None,
    persist_errors: bool,
    state_dir: str | os.PathLike[str] | None,
) -> _Core:
    """The transport core with the Content Integration rules (SPEC §8 retries, §2 errors)."""
    return _Core(
        surface="integration",
        base_url=base_url_from_env(base_url),
        token=api_key_from_env(api_key),
        max_retries=max_retries,
        timeout=timeout,
        policy=retry_policy or RetryPolicy(),
        clock=clock or Clock(),
        error_mapper=to_integration_error,
        idempotent_posts=True,
        persist_errors=persist_errors,
        state_dir=os.fspath(state_dir) if state_dir is not None else None,
    )
