"""`IntegrationClient`: the synchronous client of the Content Integration API (SPEC §3-§6)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any

import httpx

from . import _integration_calls as calls
from ._base import Clock, SyncTransport
from ._events import EventStream
from ._integration_calls import ResourceKind, TestExportFormat, integration_core
from ._models import (
    ApiKey,
    Classroom,
    ContentProject,
    CreatedApiKey,
    ExpansionResult,
    Job,
    LoginResult,
    Organization,
    RenderAccepted,
    Resource,
    Webhook,
    WebhookDelivery,
)
from ._options import SyncClientBase
from ._pages import SyncPage
from ._polling import JobCallback, JobWaiter
from ._retry import RetryPolicy


class IntegrationClient(SyncClientBase):
    """Synchronous client of the Content Integration API.

    `base_url` is the server root; `api_key` is a `tf_content_` bearer key (admin calls use the
    session cookie set by `login`). Failures raise `IntegrationApiError` subclasses.
    """

    def __init__(
        self,
        base_url: str | None = None,
        api_key: str | None = None,
        *,
        max_retries: int = 3,
        timeout: float = 30.0,
        http_client: httpx.Client | None = None,
        retry_policy: RetryPolicy | None = None,
        clock: Clock | None = None,
        persist_errors: bool = False,
        state_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        core = integration_core(
            base_url,
            api_key,
            max_retries=max_retries,
            timeout=timeout,
            retry_policy=retry_policy,
            clock=clock,
            persist_errors=persist_errors,
            state_dir=state_dir,
        )
        self._transport = SyncTransport(core, http_client)

    @property
    def key_prefix(self) -> str | None:
        """The API key's public prefix (safe to log and to share with support)."""
        return self._transport.core.key_prefix

    def __enter__(self) -> IntegrationClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # admin session, organizations, keys, classrooms

    def login(self, email: str, password: str, *, timezone: str | None = None) -> LoginResult:
        """Sign in as an admin; the session cookie is kept for the admin calls below."""
        return self._transport.call(calls.login(email, password, timezone))

    def logout(self) -> None:
        """End the admin session."""
        self._transport.call(calls.logout())

    def list_organizations(self) -> list[Organization]:
        """The organizations the signed-in admin can manage."""
        return self._transport.call(calls.list_organizations())

    def create_api_key(
        self,
        organization_id: str,
        name: str,
        rate_limit_per_minute: int | None = None,
        *,
        expires_at: datetime | None = None,
    ) -> CreatedApiKey:
        """Create a key, working until `expires_at` (time-zone aware; None: for good).

        The answer is the only time its full `api_key` is shown."""
        return self._transport.call(
            calls.create_api_key(organization_id, name, rate_limit_per_minute, expires_at)
        )

    def list_api_keys(self, organization_id: str) -> list[ApiKey]:
        """The organization's keys (never their secrets)."""
        return self._transport.call(calls.list_api_keys(organization_id))

    def rotate_api_key(self, organization_id: str, key_id: str) -> CreatedApiKey:
        """Replace a key: the old one stops working at once."""
        return self._transport.call(calls.rotate_api_key(organization_id, key_id))

    def revoke_api_key(self, organization_id: str, key_id: str) -> None:
        """Revoke a key (revoking twice is fine)."""
        self._transport.call(calls.revoke_api_key(organization_id, key_id))

    def list_classrooms(self) -> list[Classroom]:
        """The classrooms of the key's organization."""
        return self._transport.call(calls.list_classrooms())

    # expansion jobs

    def create_expansion(
        self,
        payload: Mapping[str, Any],
        *,
        requested_outputs: Sequence[str] | None = None,
        source_type: str | None = None,
        idempotency_key: str | None = None,
        classroom_id: str | None = None,
    ) -> Job:
        """Queue an expansion of `payload`; all retries reuse one Idempotency-Key."""
        call = calls.create_expansion(
            payload, requested_outputs, source_type, idempotency_key, classroom_id
        )
        return self._transport.call(call)

    def get_expansion(self, job_id: str) -> Job:
        """The job and its outputs."""
        return self._transport.call(calls.get_expansion(job_id))

    def get_expansion_result(self, job_id: str) -> ExpansionResult:
        """`{job, outputs, manifest}`; the manifest appears once the job is terminal."""
        return self._transport.call(calls.get_expansion_result(job_id))

    def list_expansions(
        self, *, status: str | None = None, limit: int | None = None, cursor: str | None = None
    ) -> SyncPage[Job]:
        """The organization's jobs, newest first: iterate for every job, `.items` for this page."""
        page = self._transport.call(calls.list_expansions(status, limit, cursor))
        return SyncPage(
            page.items,
            page.next_cursor,
            lambda after: self.list_expansions(status=status, limit=limit, cursor=after),
        )

    def wait_for_job(
        self,
        job_id: str,
        *,
        timeout: float = 600.0,
        poll_interval: float = 2.0,
        max_poll_interval: float = 30.0,
        on_update: JobCallback | None = None,
    ) -> Job:
        """Poll until the job is `completed` or `failed` (2 s growing to 30 s between polls).

        Returns the terminal job (check `job.status`); raises `JobTimeoutError` after `timeout`.
        """
        waiter = JobWaiter(
            job_id,
            timeout=timeout,
            clock=self._transport.core.clock,
            poll_interval=poll_interval,
            max_poll_interval=max_poll_interval,
            on_update=on_update,
        )
        while True:
            job = self.get_expansion(job_id)
            delay = waiter.after_poll(job)
            if delay is None:
                return job
            self._transport.core.clock.sleep(delay)

    def create_ui_export(
        self, classroom_id: str, lesson_id: str, *, idempotency_key: str | None = None
    ) -> ExpansionResult:
        """Export an existing module as a completed result (admin)."""
        return self._transport.call(
            calls.create_ui_export(classroom_id, lesson_id, idempotency_key)
        )

    def stream_events(
        self, last_event_id: str | int | None = None, *, max_reconnects: int | None = None
    ) -> EventStream:
        """The organization's events as they happen (`GET /v1/content/events`), as `StreamEvent`s.

        `for event in client.stream_events(): ...` starts from now, or after `last_event_id`.
        A dropped connection (a server restart) is reconnected with `Last-Event-ID`, losing no
        event; `max_reconnects` failed attempts in a row end it with the error (None: never).
        Connecting follows the retry rules: a 401 raises `InvalidApiKeyError` at once.
        """
        return EventStream(self._transport, last_event_id, max_reconnects)

    # generated resources

    def get_resource(self, kind: ResourceKind, resource_id: str) -> Resource:
        """A module, video or test (`kind` is `modules`, `videos` or `tests`)."""
        return self._transport.call(calls.get_resource(kind, resource_id))

    def list_resources(
        self, kind: ResourceKind, *, limit: int | None = None, cursor: str | None = None
    ) -> SyncPage[Resource]:
        """Modules, videos or tests: iterate for every one, `.items` for this page."""
        page = self._transport.call(calls.list_resources(kind, limit, cursor))
        return SyncPage(
            page.items,
            page.next_cursor,
            lambda after: self.list_resources(kind, limit=limit, cursor=after),
        )

    def update_resource(
        self,
        kind: ResourceKind,
        resource_id: str,
        changes: Mapping[str, Any],
        *,
        if_match: str | int | None = None,
    ) -> Resource:
        """Edit a resource; `if_match` (its version) turns a concurrent edit into a 409."""
        return self._transport.call(calls.update_resource(kind, resource_id, changes, if_match))

    def delete_resource(self, kind: ResourceKind, resource_id: str) -> None:
        """Delete a module, video or test."""
        self._transport.call(calls.delete_resource(kind, resource_id))

    def render_video(self, video_id: str) -> RenderAccepted:
        """Ask for the MP4 render (202); poll `get_resource("videos", id)` for `renderStatus`."""
        return self._transport.call(calls.render_video(video_id))

    def export_test(self, test_id: str, format: TestExportFormat, form: str | None = None) -> bytes:
        """One form of the test as a file: `qti` (QTI 2.1 zip), `gift` (Moodle GIFT, UTF-8) or `csv`
        (UTF-8); `form` is an id from the test's `body.forms` (default: the first form)."""
        return self._transport.call(calls.export_test(test_id, format, form))

    # webhooks and content projects (admin)

    def create_webhook(self, organization_id: str, url: str, events: Sequence[str]) -> Webhook:
        """Subscribe `url` to events; the answer carries the signing `secret` (shown once)."""
        return self._transport.call(calls.create_webhook(organization_id, url, events))

    def list_webhooks(self, organization_id: str) -> list[Webhook]:
        """The organization's webhooks (without secrets)."""
        return self._transport.call(calls.list_webhooks(organization_id))

    def delete_webhook(self, organization_id: str, webhook_id: str) -> None:
        """Remove a webhook."""
        self._transport.call(calls.delete_webhook(organization_id, webhook_id))

    def list_webhook_deliveries(
        self, organization_id: str, webhook_id: str
    ) -> list[WebhookDelivery]:
        """Delivery attempts of a webhook."""
        return self._transport.call(calls.list_webhook_deliveries(organization_id, webhook_id))

    def redeliver_webhook_delivery(
        self, organization_id: str, webhook_id: str, delivery_id: str
    ) -> WebhookDelivery:
        """Send a delivery again."""
        call = calls.redeliver_webhook_delivery(organization_id, webhook_id, delivery_id)
        return self._transport.call(call)

    def create_content_project(
        self, organization_id: str, name: str, languages: Sequence[str]
    ) -> ContentProject:
        """Create a Content API project; the answer carries its tokens (shown once)."""
        return self._transport.call(calls.create_content_project(organization_id, name, languages))

    def list_content_projects(self, organization_id: str) -> list[ContentProject]:
        """The organization's Content API projects."""
        return self._transport.call(calls.list_content_projects(organization_id))

    def rotate_content_project_tokens(
        self, organization_id: str, project_id: str
    ) -> ContentProject:
        """New read and write tokens for a project."""
        return self._transport.call(
            calls.rotate_content_project_tokens(organization_id, project_id)
        )


from ._integration_async import AsyncIntegrationClient  # noqa: E402  (re-exported here)

__all__ = ["AsyncIntegrationClient", "IntegrationClient"]
