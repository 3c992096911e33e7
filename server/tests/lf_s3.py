"""A real moto S3 server on 127.0.0.1 (one per test module), a client of it and a fresh bucket per test.

The fixtures are registered by the root ``conftest.py``; :func:`env_settings` builds app settings from
``LESSONFORGE_*`` variables as a deployment would.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

import boto3
import pytest
from lf_support import free_port
from moto.server import ThreadedMotoServer

from lessonforge.settings import Settings

if TYPE_CHECKING:
    from mypy_boto3_s3.client import S3Client

KEYS = {"LESSONFORGE_S3_ACCESS_KEY_ID": "testing", "LESSONFORGE_S3_SECRET_ACCESS_KEY": "testing"}


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3(s3_endpoint: str) -> S3Client:
    return boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


@pytest.fixture
def bucket(s3: S3Client) -> str:
    name = f"lf-media-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    return name


def env_settings(base: Settings, **env: str) -> Settings:
    """Settings read from ``LESSONFORGE_*`` variables, on the test database and with cheap password hashing."""
    read = Settings.from_env(
        {
            "LESSONFORGE_DATABASE_URL": base.database_url,
            "LESSONFORGE_DATA_DIR": str(base.data_dir),
            "LESSONFORGE_SECRET_KEY": base.secret_key,
            "LESSONFORGE_PUBLIC_BASE_URL": base.public_base_url,
            **env,
        }
    )
    return replace(read, password_time_cost=base.password_time_cost, password_memory_kib=base.password_memory_kib)
