"""Media bytes in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, ...) through boto3.

Only the store imports boto3/botocore: callers see :class:`S3Files` (a :class:`MediaFiles`) and, on any
storage failure, :class:`MediaStorageError`, whose message carries nothing from botocore.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from lessonforge.errors import LessonforgeError

if TYPE_CHECKING:
    from mypy_boto3_s3.client import S3Client

_MISSING_CODES = frozenset({"NoSuchKey", "NotFound", "404"})


class MediaStorageError(LessonforgeError):
    """The media backend failed (unreachable, refused, misconfigured); answered as an internal error."""

    code = "media_storage_error"


@dataclass(frozen=True)
class S3Config:
    """Where and how to reach the bucket; empty credentials mean boto3's default credential chain."""

    bucket: str
    prefix: str = "media/"
    endpoint_url: str = ""
    region: str = ""
    access_key_id: str = ""
    secret_access_key: str = field(default="", repr=False)


class S3Files:
    """Objects ``<prefix><key>`` in one bucket; ``get`` answers None for a missing object."""

    def __init__(self, client: S3Client, bucket: str, prefix: str = "") -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix

    @classmethod
    def from_config(cls, config: S3Config) -> S3Files:
        """Build the boto3 client (a few quick retries, bounded timeouts) for ``config``."""
        session = boto3.session.Session(
            aws_access_key_id=config.access_key_id or None,
            aws_secret_access_key=config.secret_access_key or None,
            region_name=config.region or None,
        )
        client = session.client(
            "s3",
            endpoint_url=config.endpoint_url or None,
            config=Config(
                connect_timeout=5,
                read_timeout=30,
                retries={"max_attempts": 3, "mode": "standard"},
                # SigV4 for presigned URLs too (botocore would presign SigV2, refused by newer AWS regions).
                signature_version="s3v4",
                # Path-style addressing works with every S3-compatible server (MinIO, Ceph) and plain hosts.
                s3={"addressing_style": "path"} if config.endpoint_url else None,
            ),
        )
        return cls(client, config.bucket, config.prefix)

    def object_key(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def put(self, key: str, data: bytes, content_type: str) -> None:
        try:
            self.client.put_object(Bucket=self.bucket, Key=self.object_key(key), Body=data, ContentType=content_type)
        except (ClientError, BotoCoreError) as exc:
            raise MediaStorageError("Could not store the media file") from exc

    def put_file(self, key: str, path: Path, content_type: str) -> None:
        """A multipart upload read from disk piece by piece (boto3's transfer manager), then the file removed."""
        try:
            self.client.upload_file(
                str(path), self.bucket, self.object_key(key), ExtraArgs={"ContentType": content_type}
            )
        except (ClientError, BotoCoreError) as exc:
            raise MediaStorageError("Could not store the media file") from exc
        finally:
            path.unlink(missing_ok=True)

    def stream(self, key: str) -> Iterator[bytes] | None:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self.object_key(key))
        except ClientError as exc:
            if is_missing(exc):
                return None
            raise MediaStorageError("Could not read the media file") from exc
        except BotoCoreError as exc:
            raise MediaStorageError("Could not read the media file") from exc
        return _pieces(answer["Body"])

    def get(self, key: str) -> bytes | None:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self.object_key(key))
            return answer["Body"].read()
        except ClientError as exc:
            if is_missing(exc):
                return None
            raise MediaStorageError("Could not read the media file") from exc
        except BotoCoreError as exc:
            raise MediaStorageError("Could not read the media file") from exc


def _pieces(body: Any) -> Iterator[bytes]:
    try:
        yield from body.iter_chunks(256 * 1024)
    except (ClientError, BotoCoreError) as exc:
        raise MediaStorageError("Could not read the media file") from exc
    finally:
        body.close()


def is_missing(exc: ClientError) -> bool:
    """The error says the object does not exist (GET and HEAD spell it differently)."""
    return _error_code(exc) in _MISSING_CODES


def _error_code(exc: ClientError) -> str:
    error = exc.response.get("Error", {})
    code = str(error.get("Code", ""))
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return "404" if status == 404 and not code else code


_shared: dict[S3Config, S3Files] = {}
_shared_lock = threading.Lock()


def shared_s3_files(config: S3Config) -> S3Files:
    """One :class:`S3Files` (one boto3 client, thread-safe) per configuration and process, built on first use."""
    with _shared_lock:
        files = _shared.get(config)
        if files is None:
            files = _shared[config] = S3Files.from_config(config)
        return files
