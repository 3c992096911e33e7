"""Mount the console on the application: its pages, its static assets and its answer to a missing session."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from lessonforge.console.routes import auth, content_items, content_schema, jobs, keys, resources, webhooks
from lessonforge.console.web import HERE, PREFIX, SignInRequiredError, build_templates, error_page

# resources last: its /{kind}/{id} pattern would shadow the others
CONSOLE_ROUTERS = (
    auth.router,
    keys.router,
    jobs.router,
    webhooks.router,
    content_schema.router,
    content_items.router,
    resources.router,
)


def is_console_path(path: str) -> bool:
    return path == PREFIX or path.startswith(PREFIX + "/")


def install_console(app: FastAPI) -> None:
    """Serve ``/admin`` (pages) and ``/admin/static`` (the CSS and the small script, vendored here)."""
    app.state.console_templates = build_templates()
    app.mount(f"{PREFIX}/static", StaticFiles(directory=HERE / "static"), name="console-static")
    for router in CONSOLE_ROUTERS:
        app.include_router(router)

    async def on_sign_in_required(request: Request, _exc: Exception) -> Response:
        return error_page(request, 401, "Sign in first")

    app.add_exception_handler(SignInRequiredError, on_sign_in_required)
