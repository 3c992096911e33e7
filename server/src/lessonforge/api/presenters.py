"""Turn domain values into the exact JSON of the contract (camelCase, ISO-8601 UTC with Z)."""

from __future__ import annotations

from typing import Any

from lessonforge.domain.accounts import ApiKey, Classroom, IssuedKey, Organization
from lessonforge.domain.jobs import Job
from lessonforge.domain.resources import Resource, ResourceVersion
from lessonforge.services.expansions import result_manifest
from lessonforge.services.manifests import resource_urls
from lessonforge.services.wire import iso, job_json, output_json

__all__ = ["iso", "job_json", "output_json"]  # kept here for the routes; defined where the console reads them too


def organization_json(org: Organization) -> dict[str, Any]:
    return {"id": org.id, "name": org.name, "createdAt": iso(org.created_at)}


def classroom_json(classroom: Classroom) -> dict[str, Any]:
    return {"id": classroom.id, "name": classroom.name}


def issued_key_json(issued: IssuedKey) -> dict[str, Any]:
    key = issued.key
    return {
        "apiKey": issued.secret,
        "keyId": key.id,
        "keyPrefix": key.key_prefix,
        "name": key.name,
        "rateLimitPerMinute": key.rate_limit_per_minute,
        "createdAt": iso(key.created_at),
        "expiresAt": iso(key.expires_at),
    }


def key_json(key: ApiKey) -> dict[str, Any]:
    return {
        "keyId": key.id,
        "keyPrefix": key.key_prefix,
        "name": key.name,
        "rateLimitPerMinute": key.rate_limit_per_minute,
        "status": key.status.value,
        "createdAt": iso(key.created_at),
        "lastUsedAt": iso(key.last_used_at),
        "revokedAt": iso(key.revoked_at),
        "expiresAt": iso(key.expires_at),
    }


def result_json(job: Job) -> dict[str, Any]:
    body = job_json(job)
    return {"job": body, "outputs": body["outputs"], "manifest": result_manifest(job)}


def resource_json(resource: Resource, public_base_url: str) -> dict[str, Any]:
    return {
        "id": resource.id,
        "resourceType": resource.resource_type,
        "organizationId": resource.organization_id,
        "classroomId": resource.classroom_id,
        "jobId": resource.job_id,
        "title": resource.title,
        "language": resource.language,
        "version": resource.version,
        "renderStatus": resource.render_status,
        "renderError": dict(resource.render_error) if resource.render_error else None,
        "urls": resource_urls(public_base_url, resource),
        "body": resource.body,
        "createdAt": iso(resource.created_at),
        "updatedAt": iso(resource.updated_at),
    }


def resource_version_json(kept: ResourceVersion) -> dict[str, Any]:
    return {"version": kept.version, "title": kept.title, "body": kept.body, "createdAt": iso(kept.created_at)}
