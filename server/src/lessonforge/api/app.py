"""The application factory: both HTTP surfaces, error contracts, and (optionally) the in-process worker."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from lessonforge import __version__
from lessonforge.api.allow import MethodIndex
from lessonforge.api.content import admin as content_admin
from lessonforge.api.content import models as content_models
from lessonforge.api.content import reads as content_reads
from lessonforge.api.content import writes as content_writes
from lessonforge.api.content.http import ContentApiHttp
from lessonforge.api.errors import install_error_handlers
from lessonforge.api.middleware import RequestContextMiddleware
from lessonforge.api.openapi import finish_openapi
from lessonforge.api.openapi_headers import declare_headers
from lessonforge.api.responses import Json
from lessonforge.api.routes import (
    auth,
    classrooms,
    events,
    expansions,
    health,
    hot,
    organizations,
    resources,
    share,
    ui_exports,
    webhooks,
)
from lessonforge.api.routes import exports as test_exports
from lessonforge.api.routes import renders as video_renders
from lessonforge.api.routes.docs import install_docs
from lessonforge.api.screening import ScreeningMiddleware
from lessonforge.api.startup import StartUp
from lessonforge.console.app import CONSOLE_ROUTERS, install_console
from lessonforge.observability import Metrics, configure_logging
from lessonforge.runtime import settle_heap
from lessonforge.services import accounts
from lessonforge.services.context import ServiceContext
from lessonforge.settings import Settings
from lessonforge.store.uow import Store
from lessonforge.worker.loop import Worker

UPLOAD_FRAMING = 1024 * 1024  # multipart boundaries, part headers and chunkOptions around an uploaded file
DESCRIPTION = (
    "Content Integration API (`/auth`, `/v1/content/**`, errors `content_*`) and Content API "
    "(`/api/1.0/**`, Content Island compatible, UPPER_CASE errors). See docs/ for the guide."
)


def create_app(
    settings: Settings,
    *,
    run_worker: bool = False,
    worker_concurrency: int = 1,
    prepare: Callable[[], None] | None = None,
) -> FastAPI:
    """Build the ASGI app for ``settings``; ``run_worker`` starts the in-process worker with the app.

    ``prepare`` (migrations and the like) runs in the background once the app starts, retried while the
    database is unavailable; meanwhile the app listens and ``/readyz`` answers 503.
    """
    settings = settings.with_secret()
    configure_logging(settings.log_level)
    wake = threading.Event()
    ctx = ServiceContext(store=Store.from_url(settings.database_url), settings=settings, wake_workers=wake.set)
    worker = Worker(ctx, concurrency=worker_concurrency, wake_event=wake) if run_worker else None
    startup = StartUp(prepare, worker)
    accounts.prepare_sign_in(ctx)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        startup.begin()
        try:
            yield
        finally:
            startup.stop()
            ctx.store.dispose()

    app = FastAPI(
        title="lessonforge",
        version=__version__,
        description=DESCRIPTION,
        default_response_class=Json,
        lifespan=lifespan,
        docs_url=None,  # served by install_docs, assets from this server
        redoc_url=None,
        # Metrics are Prometheus (/metrics); FastAPI's native OpenTelemetry hooks would cost every request.
        telemetry={"tracing": False, "metrics": False, "logs": False, "operation_spans": False},
    )
    app.state.ctx = ctx
    app.state.metrics = Metrics()
    app.state.worker = worker
    app.state.ready = startup.ready
    framework_openapi = app.openapi
    app.openapi = lambda: _documented(framework_openapi())  # type: ignore[method-assign]
    install_docs(app)
    install_console(app)
    routers = (
        health.router,
        auth.router,
        organizations.router,
        webhooks.router,
        classrooms.router,
        events.router,
        ui_exports.router,
        expansions.router,
        resources.router,
        test_exports.router,
        video_renders.router,
        share.router,
        content_admin.router,
        content_reads.router,
        content_writes.router,
        content_models.router,
    )
    for router in routers:
        app.include_router(router)
    methods = MethodIndex(route for router in (*routers, *CONSOLE_ROUTERS) for route in router.routes)
    install_error_handlers(app, allowed_methods=methods.allow)
    # Added first, so it sits inside the request context: the polling GET is answered before FastAPI routing.
    app.state.rendered_jobs = hot.RenderedJobs(settings.rendered_jobs_cached)
    app.add_middleware(ContentApiHttp, allowed_origins=settings.content_cors_origins)
    app.add_middleware(hot.JobPolling, ctx=ctx, rendered=app.state.rendered_jobs)
    app.add_middleware(ScreeningMiddleware)  # inside the request context, ahead of every route
    uploads = {"/api/1.0/resource/upload": settings.media_upload_limit + UPLOAD_FRAMING}
    app.add_middleware(
        RequestContextMiddleware,
        max_body_bytes=settings.max_body_bytes,
        metrics=app.state.metrics,
        upload_limits=uploads,
    )
    if settings.trusted_proxies:  # outermost: the client address and scheme are settled before anything reads them
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=list(settings.trusted_proxies))
    return app


def _documented(openapi: dict[str, Any]) -> dict[str, Any]:
    """The framework's document, finished, with the response headers each operation sends."""
    return declare_headers(finish_openapi(openapi))


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` (multi-process serving): settings from the environment."""
    import os

    run_worker = os.environ.get("LESSONFORGE_IN_PROCESS_WORKER", "1") == "1"
    app = create_app(Settings.from_env(), run_worker=run_worker)
    settle_heap()  # a serving process: everything built so far lives as long as it does
    return app
