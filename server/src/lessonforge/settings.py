"""Typed settings read from ``LESSONFORGE_*`` environment variables, built once at each process edge."""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from lessonforge.domain.video_limits import VideoLimits

DEFAULT_DATABASE_URL = "sqlite:///./var/lessonforge.db"
DEFAULT_RETRY_SCHEDULE = (5, 25, 125, 600, 3600, 21600)
DEFAULT_S3_PREFIX = "media/"


@dataclass(frozen=True)
class Settings:
    """Everything a process needs to know about its environment. Build with :meth:`from_env`."""

    database_url: str = DEFAULT_DATABASE_URL
    data_dir: Path = Path("./var")
    public_base_url: str = "http://127.0.0.1:8000"
    public_base_url_configured: bool = True  # False: LESSONFORGE_PUBLIC_BASE_URL absent (workers then ask the DB)
    secret_key: str = ""
    max_body_bytes: int = 5 * 1024 * 1024
    rendered_jobs_cached: int = 4096  # polled jobs whose rendered JSON each API process keeps (0: none)
    default_rate_limit_per_minute: int = 60
    rate_limit_window_seconds: int = 60
    rate_limit_min_retry_after: int = 30
    password_time_cost: int = 3
    password_memory_kib: int = 65536
    login_max_failures: int = 5  # per email and client address
    login_max_failures_per_email: int = 10  # per email, from any address (distributed guessing)
    login_max_failures_per_ip: int = 30  # per client address, for any email (password spraying)
    login_window_seconds: int = 300
    trusted_proxies: tuple[str, ...] = ()  # peers (IPs/CIDRs) whose X-Forwarded-For/-Proto are believed
    session_ttl_seconds: int = 12 * 3600
    idempotency_ttl_days: int = 30
    admin_idempotency_ttl_seconds: int = 24 * 3600  # admin answers kept for replay (some show a secret once)
    job_lease_seconds: float = 30.0
    job_heartbeat_seconds: float = 10.0
    job_max_attempts: int = 5
    job_retry_base_seconds: float = 2.0
    worker_poll_seconds: float = 0.2  # idle poll interval; on PostgreSQL the fallback behind LISTEN/NOTIFY
    worker_listen: bool = True  # PostgreSQL: one LISTEN connection per worker process wakes it on enqueue
    worker_concurrency: int = 1
    webhook_allowed_hosts: tuple[str, ...] = ()
    webhook_retry_schedule: tuple[int, ...] = DEFAULT_RETRY_SCHEDULE
    log_level: str = "INFO"
    media_max_bytes: int = 400_000_000  # one upload request (a simple upload, or one chunk): Content Island's 400 MB
    media_max_file_bytes: int = 5_000_000_000  # a file assembled from chunks
    content_cors_origins: tuple[str, ...] = ("*",)  # origins whose pages may call /api/1.0 from a browser
    s3_bucket: str = ""
    s3_endpoint_url: str = ""
    s3_region: str = ""
    s3_prefix: str = DEFAULT_S3_PREFIX
    s3_access_key_id: str = ""
    s3_secret_access_key: str = field(default="", repr=False)
    ffmpeg_path: str = ""  # empty: ffmpeg on PATH, else imageio-ffmpeg's bundled binary
    render_timeout_seconds: float = 600.0
    render_narration: bool = True  # speak the narration when espeak-ng/espeak is installed
    render_fps: int = 10
    render_concurrency: int = 1  # render-lane threads per worker process (0: this process renders nothing)
    render_max_in_flight: int = 2  # renders queued or rendering at once, per organization
    video_max_seconds: float = 3600.0
    video_max_scene_seconds: float = 600.0
    video_max_scenes: int = 300
    video_max_text_chars: int = 5000

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read ``LESSONFORGE_*`` variables; the secret key is generated into the data dir when absent."""
        env = os.environ if env is None else env
        data_dir = Path(env.get("LESSONFORGE_DATA_DIR", "./var"))
        return cls(
            database_url=env.get("LESSONFORGE_DATABASE_URL", DEFAULT_DATABASE_URL),
            data_dir=data_dir,
            public_base_url=env.get("LESSONFORGE_PUBLIC_BASE_URL", cls.public_base_url).rstrip("/"),
            public_base_url_configured="LESSONFORGE_PUBLIC_BASE_URL" in env,
            secret_key=env.get("LESSONFORGE_SECRET_KEY", ""),
            max_body_bytes=int(env.get("LESSONFORGE_MAX_BODY_BYTES", cls.max_body_bytes)),
            rendered_jobs_cached=int(env.get("LESSONFORGE_RENDERED_JOBS_CACHED", cls.rendered_jobs_cached)),
            rate_limit_window_seconds=int(env.get("LESSONFORGE_RATE_LIMIT_WINDOW_SECONDS", 60)),
            webhook_allowed_hosts=_split(env.get("LESSONFORGE_WEBHOOK_ALLOWED_HOSTS", "")),
            trusted_proxies=_networks("LESSONFORGE_TRUSTED_PROXIES", env.get("LESSONFORGE_TRUSTED_PROXIES", "")),
            login_max_failures=int(env.get("LESSONFORGE_LOGIN_MAX_FAILURES", cls.login_max_failures)),
            login_max_failures_per_email=int(
                env.get("LESSONFORGE_LOGIN_MAX_FAILURES_PER_EMAIL", cls.login_max_failures_per_email)
            ),
            login_max_failures_per_ip=int(
                env.get("LESSONFORGE_LOGIN_MAX_FAILURES_PER_IP", cls.login_max_failures_per_ip)
            ),
            admin_idempotency_ttl_seconds=int(
                env.get("LESSONFORGE_ADMIN_IDEMPOTENCY_TTL_SECONDS", cls.admin_idempotency_ttl_seconds)
            ),
            login_window_seconds=int(env.get("LESSONFORGE_LOGIN_WINDOW_SECONDS", cls.login_window_seconds)),
            webhook_retry_schedule=tuple(int(s) for s in _split(env.get("LESSONFORGE_WEBHOOK_RETRY_SCHEDULE", "")))
            or DEFAULT_RETRY_SCHEDULE,
            log_level=env.get("LESSONFORGE_LOG_LEVEL", "INFO"),
            job_lease_seconds=float(env.get("LESSONFORGE_JOB_LEASE_SECONDS", cls.job_lease_seconds)),
            job_heartbeat_seconds=float(env.get("LESSONFORGE_JOB_HEARTBEAT_SECONDS", cls.job_heartbeat_seconds)),
            worker_poll_seconds=float(env.get("LESSONFORGE_WORKER_POLL_SECONDS", cls.worker_poll_seconds)),
            worker_listen=env.get("LESSONFORGE_WORKER_LISTEN", "1").strip().lower() not in {"0", "false", "no"},
            media_max_bytes=_positive_int(env, "LESSONFORGE_MEDIA_MAX_BYTES") or cls.media_max_bytes,
            media_max_file_bytes=_positive_int(env, "LESSONFORGE_MEDIA_MAX_FILE_BYTES") or cls.media_max_file_bytes,
            content_cors_origins=_split(env.get("LESSONFORGE_CONTENT_CORS_ORIGINS", "*")),
            s3_bucket=env.get("LESSONFORGE_S3_BUCKET", "").strip(),
            s3_endpoint_url=env.get("LESSONFORGE_S3_ENDPOINT_URL", "").strip(),
            s3_region=env.get("LESSONFORGE_S3_REGION", "").strip(),
            s3_prefix=env.get("LESSONFORGE_S3_PREFIX", DEFAULT_S3_PREFIX).strip().lstrip("/"),
            s3_access_key_id=env.get("LESSONFORGE_S3_ACCESS_KEY_ID", ""),
            s3_secret_access_key=env.get("LESSONFORGE_S3_SECRET_ACCESS_KEY", ""),
            ffmpeg_path=env.get("LESSONFORGE_FFMPEG", "").strip(),
            render_timeout_seconds=float(env.get("LESSONFORGE_RENDER_TIMEOUT_SECONDS", cls.render_timeout_seconds)),
            render_narration=env.get("LESSONFORGE_RENDER_NARRATION", "1").strip().lower() not in {"0", "false", "no"},
            render_fps=int(env.get("LESSONFORGE_RENDER_FPS", cls.render_fps)),
            render_concurrency=int(env.get("LESSONFORGE_RENDER_CONCURRENCY", cls.render_concurrency)),
            render_max_in_flight=int(env.get("LESSONFORGE_RENDER_MAX_IN_FLIGHT", cls.render_max_in_flight)),
            video_max_seconds=float(env.get("LESSONFORGE_VIDEO_MAX_SECONDS", cls.video_max_seconds)),
            video_max_scene_seconds=float(env.get("LESSONFORGE_VIDEO_MAX_SCENE_SECONDS", cls.video_max_scene_seconds)),
            video_max_scenes=int(env.get("LESSONFORGE_VIDEO_MAX_SCENES", cls.video_max_scenes)),
            video_max_text_chars=int(env.get("LESSONFORGE_VIDEO_MAX_TEXT_CHARS", cls.video_max_text_chars)),
        )

    def with_secret(self) -> Settings:
        """Return settings whose secret key is set, reading or creating ``<data_dir>/secret_key``."""
        if self.secret_key:
            return self
        path = self.data_dir / "secret_key"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return replace(self, secret_key=path.read_text().strip())

    @property
    def media_upload_limit(self) -> int:
        """Bytes of one uploaded file or chunk (``LESSONFORGE_MEDIA_MAX_BYTES``); the body limit does not apply."""
        return self.media_max_bytes

    @property
    def video_limits(self) -> VideoLimits:
        """What one video may hold, checked before any speech or slide is made."""
        return VideoLimits(
            max_seconds=self.video_max_seconds,
            max_scene_seconds=self.video_max_scene_seconds,
            max_scenes=self.video_max_scenes,
            max_text_chars=self.video_max_text_chars,
        )

    @property
    def is_sqlite(self) -> bool:
        """True when the store is the embedded SQLite default."""
        return self.database_url.startswith("sqlite")


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _networks(name: str, value: str) -> tuple[str, ...]:
    """A comma-separated list of IP addresses or CIDR networks, normalised; a bad entry stops start-up."""
    networks = []
    for entry in _split(value):
        try:
            networks.append(str(ipaddress.ip_network(entry.strip("[]"), strict=False)))
        except ValueError as exc:
            raise ValueError(f"{name}: {entry!r} is not an IP address or CIDR network") from exc
    return tuple(networks)


def _positive_int(env: Mapping[str, str], name: str) -> int | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    value = int(raw)
    if value <= 0:
        raise ValueError(f"{name} must be a positive number of bytes")
    return value
