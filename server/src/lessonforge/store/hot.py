"""The statements every bearer request runs: key by digest, ``lastUsedAt``, GCRA state; and job polling.

They are prebuilt ``FastStatement``s, so this repository works on a SQLAlchemy ``Connection`` (inside any
unit of work) and on the bare pooled DBAPI connection of ``Store.hot_write`` alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite

from lessonforge.domain.accounts import KeyCredential, KeyStatus
from lessonforge.domain.jobs import Job
from lessonforge.store.fast import FastStatement, Runner
from lessonforge.store.jobs import read_job
from lessonforge.store.schema import api_keys, jobs, rate_limit_state

# The key and, in the same read, its rate-limit bucket's TAT (NULL: the bucket has no row yet).
_KEY_AND_BUCKET = api_keys.outerjoin(
    rate_limit_state, rate_limit_state.c.bucket == bindparam("bucket_prefix", type_=String) + api_keys.c.id
)
_CREDENTIAL_COLUMNS = (
    api_keys.c.id,
    api_keys.c.organization_id,
    api_keys.c.key_prefix,
    api_keys.c.rate_limit_per_minute,
    api_keys.c.status,
    api_keys.c.last_used_at,
    api_keys.c.expires_at,
    rate_limit_state.c.tat,
)
_BY_DIGEST = api_keys.c.key_digest == bindparam("digest")
_CREDENTIAL = FastStatement(select(*_CREDENTIAL_COLUMNS).select_from(_KEY_AND_BUCKET).where(_BY_DIGEST))
# Polling also reads the revision of the key's organization's job (NULL: no such job there).
_CREDENTIAL_AND_JOB = FastStatement(
    select(*_CREDENTIAL_COLUMNS, jobs.c.revision)
    .select_from(
        _KEY_AND_BUCKET.outerjoin(
            jobs, (jobs.c.id == bindparam("job_id")) & (jobs.c.organization_id == api_keys.c.organization_id)
        )
    )
    .where(_BY_DIGEST)
)
_TOUCH = FastStatement(
    update(api_keys).where(api_keys.c.id == bindparam("b_key_id")).values(last_used_at=bindparam("b_at"))
)
_LOAD_TAT = FastStatement(
    select(rate_limit_state.c.tat).where(rate_limit_state.c.bucket == bindparam("bucket")).with_for_update()
)
_SAVE_TAT = FastStatement(
    update(rate_limit_state).where(rate_limit_state.c.bucket == bindparam("b_bucket")).values(tat=bindparam("b_tat"))
)
_SWAP_TAT = FastStatement(
    update(rate_limit_state)
    .where(rate_limit_state.c.bucket == bindparam("b_bucket"), rate_limit_state.c.tat == bindparam("b_expected"))
    .values(tat=bindparam("b_tat"))
)
_CREATE_BUCKET = FastStatement(
    sqlite.insert(rate_limit_state).values(bucket=bindparam("bucket"), tat=bindparam("b_tat")).on_conflict_do_nothing(),
    variants={
        "postgresql": postgresql.insert(rate_limit_state)
        .values(bucket=bindparam("bucket"), tat=bindparam("b_tat"))
        .on_conflict_do_nothing()
    },
)


@dataclass(frozen=True)
class StoredCredential:
    """A key as stored, with its bucket's TAT as stored (None: the bucket has no row yet)."""

    key: KeyCredential
    bucket_tat: float | None
    job_revision: int | None = None  # asked for by polling: None when the organization has no such job


class HotPathRepository:
    """Key credentials, rate-limit buckets (one GCRA number each) and job revisions."""

    def __init__(self, conn: Runner) -> None:
        self.conn = conn

    def credential(self, digest: str, bucket_prefix: str, *, job_id: str | None = None) -> StoredCredential | None:
        """The key stored under ``digest`` (whatever its status) with the stored TAT of its rate-limit bucket
        (``bucket_prefix`` + key id) and, given ``job_id``, the revision of that job of the key's organization,
        all in one read; None when no key has that digest."""
        if job_id is None:
            rows = _CREDENTIAL.rows(self.conn, digest=digest, bucket_prefix=bucket_prefix)
        else:
            rows = _CREDENTIAL_AND_JOB.rows(self.conn, digest=digest, bucket_prefix=bucket_prefix, job_id=job_id)
        if not rows:
            return None
        key_id, organization_id, prefix, limit, status, last_used_at, expires_at, tat, *job = rows[0]
        key = KeyCredential(key_id, organization_id, prefix, limit, KeyStatus(status), last_used_at, expires_at)
        revision = int(job[0]) if job and job[0] is not None else None
        return StoredCredential(key, None if tat is None else float(tat), revision)

    def touch_key(self, key_id: str, at: datetime) -> None:
        _TOUCH.run(self.conn, b_key_id=key_id, b_at=at)

    def load_tat(self, bucket: str) -> float | None:
        """The bucket's theoretical arrival time, locked for this transaction where the dialect can."""
        rows = _LOAD_TAT.rows(self.conn, bucket=bucket)
        if not rows:  # first use: create the row (a concurrent twin may win; then lock theirs)
            _CREATE_BUCKET.run(self.conn, bucket=bucket, b_tat=0.0)
            rows = _LOAD_TAT.rows(self.conn, bucket=bucket)
        tat = rows[0][0]
        return float(tat) if tat else None

    def save_tat(self, bucket: str, tat: float) -> None:
        _SAVE_TAT.run(self.conn, b_bucket=bucket, b_tat=tat)

    def swap_tat(self, bucket: str, expected: float, tat: float) -> bool:
        """Save ``tat`` only if the bucket still holds ``expected`` (read without a lock); False when it moved."""
        return _SWAP_TAT.run(self.conn, b_bucket=bucket, b_expected=expected, b_tat=tat) == 1

    def job(self, job_id: str, organization_id: str) -> Job | None:
        """The organization's job with its outputs, or None."""
        return read_job(self.conn, job_id, organization_id)
