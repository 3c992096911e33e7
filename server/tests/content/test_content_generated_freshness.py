"""Publishing reuses the built-in models it read last, but never stale ones: changes by any process are seen."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import OrgAccount
from fastapi.testclient import TestClient
from lf_support import sample_payload

from lessonforge.domain.content.model import ContentModel
from lessonforge.services.content.builtin import BUILTIN_FIELDS
from lessonforge.services.context import ServiceContext
from lessonforge.settings import Settings
from lessonforge.store.uow import Store
from lessonforge.worker.loop import Worker

EXPANSIONS = "/v1/content/integrations/expansions"
RunJob = Callable[[], str]


@pytest.fixture
def run_job(admin_client: TestClient, bearer: dict[str, str], worker: Worker) -> RunJob:
    """Create a job with a distinct source, run it, and return its id (asserting it completed)."""
    count = iter(range(1000))

    def run() -> str:
        body = {"payload": sample_payload(title=f"Level {next(count)}", lessons=5)}
        job = admin_client.post(EXPANSIONS, json=body, headers=bearer).json()
        assert worker.drain() == 1
        status = admin_client.get(f"{EXPANSIONS}/{job['id']}", headers=bearer).json()["status"]
        assert status == "completed"
        return str(job["id"])

    return run


@pytest.fixture
def other_process(settings: Settings) -> Store:
    """Another process's view of the database: its own engine and connections, nothing shared in memory."""
    return Store.from_url(settings.database_url)


def generated_project(ctx: ServiceContext, org: OrgAccount) -> str:
    with ctx.store.read() as tx:
        project = tx.content.projects.generated_for(org.organization_id)
    assert project is not None
    return project.id


def models(ctx: ServiceContext, project_id: str) -> dict[str, ContentModel]:
    with ctx.store.read() as tx:
        return tx.content.models.named(project_id, list(BUILTIN_FIELDS))


def field_values(ctx: ServiceContext, job_id: str, field_id: str) -> list[object]:
    """The values stored under ``field_id`` for the content published from the job's module."""
    with ctx.store.read() as tx:
        rows = tx.conn.exec_driver_sql(
            "SELECT v.value FROM content_values v JOIN content_values j ON j.content_id = v.content_id "
            "WHERE v.field_id = ? AND j.value = ?",
            (field_id, f'"{job_id}"'),
        ).all()
    return [row[0] for row in rows]


def test_a_field_renamed_by_another_process_is_not_written_to(
    ctx: ServiceContext, org: OrgAccount, run_job: RunJob, other_process: Store
) -> None:
    run_job()
    project_id = generated_project(ctx, org)
    renamed = models(ctx, project_id)["module"].field_named("sectionCount")
    assert renamed is not None
    with other_process.write() as tx:
        tx.conn.exec_driver_sql(
            "UPDATE content_fields SET name = 'lessonCount', name_key = 'lessoncount' WHERE id = ?", (renamed.id,)
        )
    job_id = run_job()
    module = models(ctx, project_id)["module"]
    kept, added = module.field_named("lessonCount"), module.field_named("sectionCount")
    assert kept is not None and kept.id == renamed.id
    assert added is not None and added.id != renamed.id  # the built-in field was added back
    assert len(field_values(ctx, job_id, added.id)) == 1 and field_values(ctx, job_id, kept.id) == []


def test_a_field_deleted_by_another_process_is_added_back(
    ctx: ServiceContext, org: OrgAccount, run_job: RunJob, other_process: Store
) -> None:
    run_job()
    project_id = generated_project(ctx, org)
    items = models(ctx, project_id)["test"].field_named("items")
    assert items is not None
    with other_process.write() as tx:
        tx.conn.exec_driver_sql("DELETE FROM content_fields WHERE id = ?", (items.id,))
    job_id = run_job()
    again = models(ctx, project_id)["test"].field_named("items")
    assert again is not None and again.id != items.id
    with ctx.store.read() as tx:
        stored = tx.conn.exec_driver_sql("SELECT count(*) FROM content_values WHERE field_id = ?", (again.id,))
        assert stored.scalar() == 1
    assert job_id


def test_a_project_deleted_by_another_process_is_created_again(
    ctx: ServiceContext, org: OrgAccount, run_job: RunJob, other_process: Store
) -> None:
    run_job()
    first = generated_project(ctx, org)
    with other_process.write() as tx:
        tx.conn.exec_driver_sql("DELETE FROM content_projects WHERE id = ?", (first,))
    run_job()
    second = generated_project(ctx, org)
    assert second != first
    assert set(models(ctx, second)) == set(BUILTIN_FIELDS)
    with ctx.store.read() as tx:
        assert tx.conn.exec_driver_sql("SELECT count(*) FROM contents").scalar() == 3


def test_a_classroom_assigned_between_jobs_gets_the_next_job(
    admin_client: TestClient, ctx: ServiceContext, org: OrgAccount, run_job: RunJob
) -> None:
    run_job()
    path = f"/v1/content/organizations/{org.organization_id}/content-projects"
    chosen = admin_client.post(path, json={"name": "Academy", "languages": ["en"]}).json()
    assert admin_client.put(f"{path}/{chosen['id']}/classrooms/{org.classroom_id}").status_code == 200
    run_job()
    with ctx.store.read() as tx:
        counts = dict(tx.conn.exec_driver_sql("SELECT project_id, count(*) FROM contents GROUP BY project_id").all())
    assert counts == {generated_project(ctx, org): 3, chosen["id"]: 3}


def test_named_reuses_models_only_while_their_rows_are_unchanged(
    ctx: ServiceContext, org: OrgAccount, run_job: RunJob, other_process: Store
) -> None:
    run_job()
    project_id = generated_project(ctx, org)
    first, again = models(ctx, project_id), models(ctx, project_id)
    assert again == first and again["video"] is first["video"]
    with other_process.write() as tx:
        tx.conn.exec_driver_sql(
            "UPDATE content_fields SET type = 'short-text' WHERE model_id = ? AND name_key = 'scenes'",
            (first["video"].id,),
        )
    changed = models(ctx, project_id)
    scenes = changed["video"].field_named("scenes")
    assert scenes is not None and scenes.type == "short-text"
    assert changed["module"] == first["module"]
