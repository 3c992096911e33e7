"""The ``lessonforge`` command: server side (serve, worker, db, admin) plus the SDK's client commands."""

from __future__ import annotations

import json
import logging
import os
import secrets
import signal
import threading
from collections.abc import Callable
from typing import Annotated, Any

import typer
import uvicorn

from lessonforge.errors import LessonforgeError
from lessonforge.observability import configure_logging
from lessonforge.runtime import settle_heap
from lessonforge.services import accounts, public_url
from lessonforge.services.context import ServiceContext
from lessonforge.services.public_url import PublicBaseUrlUnknownError
from lessonforge.settings import Settings
from lessonforge.store.availability import retry_while_unavailable
from lessonforge.store.migrate import upgrade
from lessonforge.store.uow import Store

log = logging.getLogger("lessonforge.cli")
app = typer.Typer(
    help="lessonforge: a self-hosted content integration server.", no_args_is_help=True, rich_markup_mode=None
)
db_app = typer.Typer(help="Database schema management.", no_args_is_help=True, rich_markup_mode=None)
admin_app = typer.Typer(help="Admins and organizations.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(db_app, name="db")
app.add_typer(admin_app, name="admin")


def _settings() -> Settings:
    return Settings.from_env().with_secret()


def _context(settings: Settings) -> ServiceContext:
    return ServiceContext(store=Store.from_url(settings.database_url), settings=settings)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration to LESSONFORGE_DATABASE_URL.

    Example: LESSONFORGE_DATABASE_URL=postgresql://lf@localhost/lf lessonforge db upgrade
    """
    settings = _settings()
    upgrade(settings.database_url)
    typer.echo("database is up to date")


@admin_app.command("create")
def admin_create(
    email: Annotated[str, typer.Option(help="The admin's sign-in email.")],
    org: Annotated[str, typer.Option("--org", help="Organization name (created when new).")],
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)],
    as_json: Annotated[bool, typer.Option("--json", help="Print {adminId, organizationId, classroomId}.")] = False,
) -> None:
    """Create an admin who manages ORG (and ORG with a default classroom if it is new).

    Example: lessonforge admin create --email ada@school.test --org "North School" --password '...' --json
    """
    settings = _settings()
    upgrade(settings.database_url)
    try:
        created = accounts.create_admin(_context(settings), email, password, org)
    except LessonforgeError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(2) from exc
    result = {
        "adminId": created.admin_id,
        "organizationId": created.organization_id,
        "classroomId": created.classroom_id,
    }
    typer.echo(json.dumps(result) if as_json else f"admin {email} manages organization {created.organization_id}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to bind.")] = 8000,
    workers: Annotated[int, typer.Option(help="API processes (each runs its own in-process worker).")] = 1,
    no_worker: Annotated[bool, typer.Option("--no-worker", help="Do not run the in-process worker.")] = False,
) -> None:
    """Migrate, create the demo admin on first start, and serve the API (with the in-process worker).

    Example: lessonforge serve --port 8000
    """
    if "LESSONFORGE_PUBLIC_BASE_URL" not in os.environ:
        os.environ["LESSONFORGE_PUBLIC_BASE_URL"] = f"http://{host}:{port}"
    settings = _settings()
    configure_logging(settings.log_level)
    os.environ["LESSONFORGE_SECRET_KEY"] = settings.secret_key
    os.environ["LESSONFORGE_IN_PROCESS_WORKER"] = "0" if no_worker else "1"

    def prepare() -> None:
        upgrade(settings.database_url)
        _ensure_demo_admin(settings)
        _announce(settings)

    # Open event streams (GET /v1/content/events) never end on their own: a stop cuts them after 5 s and their
    # clients resume with Last-Event-ID. Forwarded headers are the app's call (LESSONFORGE_TRUSTED_PROXIES).
    options: dict[str, Any] = {
        "http": "lessonforge.api.http_protocol:ContractHTTPProtocol",  # parser refusals in the error contract
        "host": host,
        "port": port,
        "log_level": "warning",
        "proxy_headers": False,
        "timeout_graceful_shutdown": 5,
    }
    if workers == 1:  # listen at once; readiness is 503 while the database is awaited and migrated
        from lessonforge.api.app import create_app

        application = create_app(Settings.from_env(), run_worker=not no_worker, prepare=prepare)
        settle_heap()
        uvicorn.run(application, **options)
        return
    if retry_while_unavailable(_done(prepare), log=log, what="serve start-up", stop=_stop_on_signals()):
        uvicorn.run("lessonforge.api.app:app_from_env", factory=True, workers=workers, **options)


def _done(action: Callable[[], None]) -> Callable[[], bool]:
    """``action`` answering True once it ran (None means "stopped while waiting" to the retry loop)."""

    def run() -> bool:
        action()
        return True

    return run


def _stop_on_signals() -> threading.Event:
    """An event set by SIGINT/SIGTERM (what a process waiting for its database listens to)."""
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    return stop


def _announce(settings: Settings) -> None:
    ctx = _context(settings)
    try:
        public_url.announce(ctx)
    finally:
        ctx.store.dispose()


def _ensure_demo_admin(settings: Settings) -> None:
    ctx = _context(settings)
    if accounts.has_any_admin(ctx):
        return
    password = secrets.token_urlsafe(12)
    created = accounts.create_admin(ctx, accounts.DEMO_EMAIL, password, accounts.DEMO_ORG)
    credentials = settings.data_dir / "demo-admin.json"
    credentials.write_text(
        json.dumps({"email": accounts.DEMO_EMAIL, "password": password, "organizationId": created.organization_id})
    )
    credentials.chmod(0o600)
    base = settings.public_base_url
    typer.echo(
        f"\nCreated demo organization {accounts.DEMO_ORG!r} ({created.organization_id})\n"
        f"Sign in:  curl -c jar -H 'Content-Type: application/json' "
        f'-d \'{{"email":"{accounts.DEMO_EMAIL}","password":"{password}"}}\' {base}/auth/login\n'
        f"New key:  curl -b jar -H 'Content-Type: application/json' -d '{{\"name\":\"demo\"}}' "
        f"{base}/v1/content/organizations/{created.organization_id}/api-keys\n"
        f"(credentials kept in {credentials})\n"
    )
    ctx.store.dispose()


@app.command()
def worker(
    concurrency: Annotated[int, typer.Option(help="Expansions and deliveries run at once (threads).")] = 1,
    render_concurrency: Annotated[
        int | None,
        typer.Option(help="Video renders run at once, in their own lane (default LESSONFORGE_RENDER_CONCURRENCY, 1)."),
    ] = None,
) -> None:
    """Run a standalone worker process against LESSONFORGE_DATABASE_URL until SIGINT/SIGTERM.

    Renders have their own lane of threads, so expansions keep flowing while videos render.

    Example: LESSONFORGE_DATABASE_URL=sqlite:///./var/lessonforge.db lessonforge worker --concurrency 2
    """
    from lessonforge.worker.loop import Worker

    settings = _settings()
    configure_logging(settings.log_level)
    stop = _stop_on_signals()
    ctx = _context(settings)

    def prepare() -> str:
        upgrade(settings.database_url)
        return public_url.require_known(ctx)

    try:
        base_url = retry_while_unavailable(prepare, log=log, what="worker start-up", stop=stop)
    except PublicBaseUrlUnknownError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(2) from exc
    if base_url is None:
        return
    runner = Worker(ctx, concurrency=concurrency, render_concurrency=render_concurrency)
    settle_heap()
    runner.start()
    typer.echo(f"worker {runner.worker_id} running; links start with {base_url}", err=True)
    stop.wait()
    runner.stop()


def _mount_client_commands() -> None:
    try:
        from lessonforge_client.cli import register_client_commands
    except ImportError:  # the SDK's CLI extra is not installed
        return
    register_client_commands(app)


def main() -> None:
    """Entry point of the ``lessonforge`` script."""
    _mount_client_commands()
    app()


if __name__ == "__main__":
    main()
