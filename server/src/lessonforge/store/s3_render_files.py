"""Rendered MP4 files in the media bucket (``<LESSONFORGE_S3_PREFIX>renders/<videoId>/<version>.mp4``).

Built on the media storage's :class:`S3Files` (same shared boto3 client, same settings); every storage
failure becomes :class:`RenderStorageError`, whose message carries nothing from botocore.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from boto3.exceptions import Boto3Error
from botocore.exceptions import BotoCoreError, ClientError

from lessonforge.store.content.s3files import S3Files, is_missing
from lessonforge.store.render_files import RemoteRender, RenderStorageError

if TYPE_CHECKING:
    from mypy_boto3_s3.type_defs import ObjectIdentifierTypeDef

PRESIGNED_SECONDS = 600
_STORAGE_ERRORS = (ClientError, BotoCoreError, Boto3Error)
_DELETE_BATCH = 1000  # DeleteObjects takes at most 1000 keys


class S3RenderFiles:
    """Renders as objects of ``files``' bucket under its prefix; ``local_path`` is always None."""

    def __init__(self, files: S3Files, url_seconds: int = PRESIGNED_SECONDS) -> None:
        self.files = files
        self.url_seconds = url_seconds

    def put_file(self, key: str, source: Path, content_type: str) -> None:
        """Upload ``source`` (boto3's managed transfer: multipart above 8 MiB)."""
        files = self.files
        try:
            files.client.upload_file(
                str(source), files.bucket, files.object_key(key), ExtraArgs={"ContentType": content_type}
            )
        except _STORAGE_ERRORS as exc:
            raise RenderStorageError("Could not store the rendered video") from exc

    def local_path(self, key: str) -> Path | None:  # noqa: ARG002 (the protocol's)
        return None

    def remote(self, key: str) -> RemoteRender | None:
        """The object's size and a presigned GET URL; None when there is no such object."""
        files = self.files
        bucket, object_key = files.bucket, files.object_key(key)
        try:
            head = files.client.head_object(Bucket=bucket, Key=object_key)
            url = files.client.generate_presigned_url(
                "get_object", Params={"Bucket": bucket, "Key": object_key}, ExpiresIn=self.url_seconds
            )
        except ClientError as exc:
            if is_missing(exc):
                return None
            raise RenderStorageError("Could not read the rendered video") from exc
        except _STORAGE_ERRORS as exc:
            raise RenderStorageError("Could not read the rendered video") from exc
        return RemoteRender(url, int(head["ContentLength"]), str(head.get("ETag", "")), head.get("LastModified"))

    def delete_prefix(self, prefix: str) -> None:
        self._delete(prefix, keep=None)

    def delete_others(self, prefix: str, keep: str) -> None:
        """Remove every object under ``prefix`` except ``keep`` (older versions of a re-rendered video)."""
        self._delete(prefix, keep=keep)

    def _delete(self, prefix: str, keep: str | None) -> None:
        files = self.files
        kept = None if keep is None else files.object_key(keep)
        try:
            doomed = [key for key in self._keys(files.object_key(prefix)) if key != kept]
            for start in range(0, len(doomed), _DELETE_BATCH):
                batch: list[ObjectIdentifierTypeDef] = [{"Key": key} for key in doomed[start : start + _DELETE_BATCH]]
                answer = files.client.delete_objects(Bucket=files.bucket, Delete={"Objects": batch, "Quiet": True})
                if answer.get("Errors"):
                    raise RenderStorageError("Could not delete rendered videos")
        except _STORAGE_ERRORS as exc:
            raise RenderStorageError("Could not delete rendered videos") from exc

    def _keys(self, prefix: str) -> Iterator[str]:
        pages = self.files.client.get_paginator("list_objects_v2").paginate(Bucket=self.files.bucket, Prefix=prefix)
        for page in pages:
            for item in page.get("Contents", []):
                yield item["Key"]
