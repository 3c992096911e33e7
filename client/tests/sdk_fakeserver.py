"""A tiny stdlib HTTP server that answers like the lessonforge contract, for driving the CLI.

Jobs advance one step per GET: queued → processing → completed (or failed when the payload's
title is "fail"). A payload titled "conflict" gets a 409; paths under /html502 get nginx's page.
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from sdk_testkit import API_KEY, job_body

ADMIN = ("ada@school.test", "correct horse")
CONTENT_TOKEN = "read-token"
NGINX_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>nginx</body>\r\n</html>\r\n"
)
CONTENT = {
    "id": "c1",
    "name": "Greetings",
    "contentType": {"id": "t1", "name": "Lesson"},
    "lastUpdate": "2026-07-04T10:00:00Z",
    "status": "published",
    "fields": [
        {
            "id": "f1",
            "name": "title",
            "value": "Hello",
            "type": "short-text",
            "isArray": False,
            "language": "en",
        },
        {
            "id": "f2",
            "name": "title",
            "value": "Hallo",
            "type": "short-text",
            "isArray": False,
            "language": "de",
        },
    ],
}
Answer = tuple[int, Any, dict[str, str]]


def _error(status: int, code: str, message: str) -> Answer:
    body = {
        "error": {
            "code": code,
            "message": message,
            "status": status,
            "requestId": str(uuid.uuid4()),
        }
    }
    return status, body, {}


class FakeLessonforge:
    """The server's state and routes."""

    def __init__(self) -> None:
        self.jobs: dict[str, dict[str, Any]] = {}
        self.keys: dict[str, dict[str, Any]] = {}
        self.lock = threading.Lock()
        self.routes: list[tuple[str, re.Pattern[str], Callable[..., Answer]]] = [
            ("POST", re.compile(r"/auth/login"), self.login),
            ("GET", re.compile(r"/v1/content/organizations"), self.organizations),
            ("POST", re.compile(r"/v1/content/organizations/org-1/api-keys"), self.create_key),
            ("GET", re.compile(r"/v1/content/organizations/org-1/api-keys"), self.list_keys),
            (
                "POST",
                re.compile(r"/v1/content/organizations/org-1/api-keys/([^/]+)/rotate"),
                self.rotate_key,
            ),
            (
                "POST",
                re.compile(r"/v1/content/organizations/org-1/api-keys/([^/]+)/revoke"),
                self.revoke_key,
            ),
            ("POST", re.compile(r"/v1/content/integrations/expansions"), self.create_job),
            ("GET", re.compile(r"/v1/content/integrations/expansions/([^/]+)"), self.get_job),
            (
                "GET",
                re.compile(r"/v1/content/integrations/expansions/([^/]+)/result"),
                self.get_result,
            ),
            ("GET", re.compile(r"/api/1.0/project"), self.project),
            ("GET", re.compile(r"/api/1.0/contents"), lambda req: (200, [CONTENT], {})),
            ("GET", re.compile(r"/api/1.0/contents/size"), lambda req: (200, 1, {})),
            ("GET", re.compile(r"/api/1.0/content"), lambda req: (200, CONTENT, {})),
        ]

    def handle(self, req: Request) -> Answer:
        for method, pattern, handler in self.routes:
            match = pattern.fullmatch(req.path)
            if match and method == req.method:
                denied = self.authorize(req)
                return denied or handler(req, *match.groups())
        return _error(404, "content_not_found", f"no route {req.method} {req.path}")

    def authorize(self, req: Request) -> Answer | None:
        if req.path.startswith("/api/1.0"):
            if req.headers.get("Authorization") != f"Bearer {CONTENT_TOKEN}":
                return (
                    401,
                    {"error": {"code": "UNAUTHORIZED", "message": "bad token", "requestId": "r"}},
                    {},
                )
            return None
        if req.path.startswith(("/auth", "/v1/content/organizations")):
            ok = req.path == "/auth/login" or "jwt=admin-session" in req.headers.get("Cookie", "")
            return None if ok else _error(401, "content_invalid_api_key", "sign in first")
        if req.headers.get("Authorization") != f"Bearer {API_KEY}":
            return _error(
                401, "content_invalid_api_key", "Invalid or missing Content Integration API key"
            )
        return None

    def login(self, req: Request) -> Answer:
        if (req.body.get("email"), req.body.get("password")) != ADMIN:
            return _error(401, "content_invalid_api_key", "wrong email or password")
        return (
            200,
            {"admin": {"id": "admin-1", "email": ADMIN[0]}},
            {"Set-Cookie": "jwt=admin-session; Path=/"},
        )

    def organizations(self, req: Request) -> Answer:
        return 200, [{"id": "org-1", "name": "North School"}], {}

    def _new_key(self, name: str, limit: int) -> dict[str, Any]:
        secret = "tf_content_" + uuid.uuid4().hex
        key = {"apiKey": secret, "keyId": str(uuid.uuid4()), "keyPrefix": secret[:23], "name": name,
               "rateLimitPerMinute": limit, "createdAt": "2026-07-04T10:00:00Z"}  # fmt: skip
        self.keys[key["keyId"]] = {**key, "status": "active", "lastUsedAt": None, "revokedAt": None}
        return key

    def create_key(self, req: Request) -> Answer:
        return 201, self._new_key(req.body["name"], req.body.get("rateLimitPerMinute", 60)), {}

    def list_keys(self, req: Request) -> Answer:
        return (
            200,
            [{k: v for k, v in key.items() if k != "apiKey"} for key in self.keys.values()],
            {},
        )

    def rotate_key(self, req: Request, key_id: str) -> Answer:
        old = self.keys.get(key_id)
        if old is None:
            return _error(404, "content_not_found", "key not found")
        old["status"] = "revoked"
        return 200, self._new_key(old["name"], old["rateLimitPerMinute"]), {}

    def revoke_key(self, req: Request, key_id: str) -> Answer:
        if key_id in self.keys:
            self.keys[key_id]["status"] = "revoked"
        return 200, None, {}

    def create_job(self, req: Request) -> Answer:
        title = req.body.get("payload", {}).get("title")
        if title == "conflict":
            return _error(
                409,
                "content_conflict",
                "job 0c3b1c64-3d4f-4f1f-9f4e-3f2c8b9a1e2d is still processing",
            )
        job = job_body(
            str(uuid.uuid4()), idempotencyKey=req.headers.get("Idempotency-Key"), sourceTitle=title
        )
        job["_fail"] = title == "fail"
        with self.lock:
            self.jobs[job["id"]] = job
        return 200, self._public(job), {}

    def _advance(self, job: dict[str, Any]) -> None:
        if job["status"] == "queued":
            job["status"] = "processing"
            job["outputs"][0].update(status="completed", resourceId="m1")
        elif job["status"] == "processing":
            failed = job["_fail"]
            job["status"] = "failed" if failed else "completed"
            for output in job["outputs"][1:]:
                output.update(status="completed", resourceId="r-" + output["resourceType"])
            if failed:
                error = {
                    "code": "source_invalid",
                    "message": "lesson l2: quiz answer is not among its choices",
                }
                job["error"] = {
                    "code": "output_generation_failed",
                    "message": "1 of 3 outputs failed",
                }
                job["outputs"][2].update(status="failed", resourceId=None, error=error)

    def _public(self, job: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in job.items() if not k.startswith("_")}

    def get_job(self, req: Request, job_id: str) -> Answer:
        with self.lock:
            job = self.jobs.get(job_id)
            if job is None:
                return _error(404, "content_not_found", f"job {job_id} not found")
            self._advance(job)
            return 200, self._public(job), {}

    def get_result(self, req: Request, job_id: str) -> Answer:
        job = self.jobs.get(job_id)
        if job is None:
            return _error(404, "content_not_found", f"job {job_id} not found")
        manifest = None
        if job["status"] in ("completed", "failed"):
            outputs = [
                {
                    **{k: o[k] for k in ("outputType", "resourceType", "resourceId")},
                    "title": job["sourceTitle"],
                    "urls": {"publicUrl": f"http://lf.test/share/{o['resourceType']}/x"},
                }
                for o in job["outputs"]
                if o["status"] == "completed"
            ]
            manifest = {"jobId": job_id, "sourceType": "source_json", "title": job["sourceTitle"],
                        "status": job["status"], "outputs": outputs}  # fmt: skip
        public = self._public(job)
        return 200, {"job": public, "outputs": public["outputs"], "manifest": manifest}, {}

    def project(self, req: Request) -> Answer:
        types = [{"id": "t1", "name": "Lesson", "type": "entity", "fields": []}]
        return (
            200,
            {"id": "p1", "name": "Demo site", "languages": ["en", "de"], "contentTypes": types},
            {},
        )


class Request:
    def __init__(self, method: str, path: str, headers: Any, body: Any) -> None:
        self.method, self.path, self.headers, self.body = method, path, headers, body


def _handler(app: FakeLessonforge) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def _serve(self) -> None:
            path = self.path.split("?", 1)[0]
            if path.startswith("/html502"):
                self._send(502, NGINX_502.encode(), {"Content-Type": "text/html"})
                return
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else {}
            status, answer, headers = app.handle(Request(self.command, path, self.headers, body))
            payload = b"" if answer is None else json.dumps(answer).encode()
            headers = {
                "Content-Type": "application/json",
                "X-Request-Id": str(uuid.uuid4()),
                **headers,
            }
            self._send(status, payload, headers)

        def _send(self, status: int, payload: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve

    return Handler


@contextmanager
def running_fake_server() -> Iterator[tuple[str, FakeLessonforge]]:
    """Serve on 127.0.0.1 (a free port) in a thread; yields (base_url, state)."""
    app = FakeLessonforge()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(app))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", app
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
