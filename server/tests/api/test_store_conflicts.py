"""The store's unique rules (SPEC §4.3) on SQLite and PostgreSQL: what is a 409, and what is a plain 500."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from lf_accounts import OrgAccount
from lf_support import sample_payload
from sqlalchemy import text

from lessonforge.errors import UniqueViolationError
from lessonforge.services import expansions
from lessonforge.services.context import ServiceContext

EXPANSIONS = "/v1/content/integrations/expansions"


def _job(ctx: ServiceContext, org: OrgAccount, title: str) -> str:
    request = expansions.ExpansionRequest(org.organization_id, None, sample_payload(title), None, None, None, None)
    return expansions.create_expansion(ctx, request).job.id


def test_a_live_idempotency_record_is_never_replaced_by_another_job(
    backend_app: FastAPI, backend_org: OrgAccount
) -> None:
    ctx: ServiceContext = backend_app.state.ctx
    first, second = _job(ctx, backend_org, "First"), _job(ctx, backend_org, "Second")
    now = ctx.clock.now()
    later = now + timedelta(days=30)
    with ctx.store.write() as tx:
        tx.jobs.remember_key(backend_org.organization_id, "k", "fingerprint-1", first, now, later)
    with pytest.raises(UniqueViolationError) as refused, ctx.store.write() as tx:
        tx.jobs.remember_key(backend_org.organization_id, "k", "fingerprint-2", second, now, later)
    assert refused.value.rule == "idempotency_key"
    with ctx.store.read() as tx:
        assert tx.jobs.idempotent_job(backend_org.organization_id, "k", now) == ("fingerprint-1", first)


def test_an_expired_idempotency_record_is_taken_over_by_the_next_job(
    backend_app: FastAPI, backend_org: OrgAccount
) -> None:
    ctx: ServiceContext = backend_app.state.ctx
    first, second = _job(ctx, backend_org, "First"), _job(ctx, backend_org, "Second")
    then = ctx.clock.now() - timedelta(days=31)
    with ctx.store.write() as tx:
        tx.jobs.remember_key(backend_org.organization_id, "k", "old", first, then, then + timedelta(days=30))
    now = ctx.clock.now()
    with ctx.store.write() as tx:
        tx.jobs.remember_key(backend_org.organization_id, "k", "new", second, now, now + timedelta(days=30))
    with ctx.store.read() as tx:
        assert tx.jobs.idempotent_job(backend_org.organization_id, "k", now) == ("new", second)


def test_a_duplicate_source_conflict_names_the_running_job_in_details(
    backend_client: TestClient, backend_bearer: dict[str, str]
) -> None:
    body = {"payload": sample_payload()}
    first = backend_client.post(EXPANSIONS, json=body, headers={**backend_bearer, "Idempotency-Key": "a"})
    second = backend_client.post(EXPANSIONS, json=body, headers={**backend_bearer, "Idempotency-Key": "b"})
    assert second.status_code == 409
    error = second.json()["error"]
    assert error["code"] == "content_conflict"
    assert error["details"] == {"existingJobId": first.json()["id"]}
    assert first.json()["id"] in error["message"]


def test_a_constraint_failure_outside_the_known_unique_rules_is_a_generic_500(
    backend_app: FastAPI, backend_client: TestClient, backend_bearer: dict[str, str]
) -> None:
    # An index no rule of the store knows about (as an operator's or a broken migration's would be).
    with backend_app.state.ctx.store.engine.begin() as conn:
        conn.execute(text("CREATE UNIQUE INDEX ix_test_one_job_per_source_type ON jobs (source_type)"))
    body = {"payload": sample_payload("One"), "sourceType": "cms"}
    assert backend_client.post(EXPANSIONS, json=body, headers=backend_bearer).status_code == 200
    other = {"payload": sample_payload("Two"), "sourceType": "cms"}
    response = backend_client.post(EXPANSIONS, json=other, headers=backend_bearer)
    assert response.status_code == 500
    error = response.json()["error"]
    assert error["code"] == "content_internal_error"
    assert "details" not in error
    for leak in ("UNIQUE", "unique", "constraint", "ix_test", "jobs", "Integrity"):
        assert leak not in response.text
