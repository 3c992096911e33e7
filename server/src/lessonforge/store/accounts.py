"""Repository for organizations, admins, memberships, classrooms and login throttling."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Connection, RowMapping

from lessonforge.domain.accounts import Admin, Classroom, Organization
from lessonforge.store._rows import insert_ignore
from lessonforge.store.schema import admins, classrooms, login_attempts, memberships, organizations


class AccountRepository:
    """Accounts and the organizations they manage."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add_organization(self, org: Organization) -> None:
        self.conn.execute(organizations.insert().values(id=org.id, name=org.name, created_at=org.created_at))

    def organizations_of(self, admin_id: str) -> list[Organization]:
        query = (
            select(organizations)
            .join(memberships, memberships.c.organization_id == organizations.c.id)
            .where(memberships.c.admin_id == admin_id)
            .order_by(organizations.c.created_at, organizations.c.id)
        )
        return [Organization(r.id, r.name, r.created_at) for r in self.conn.execute(query)]

    def organization_by_name(self, name: str) -> Organization | None:
        row = self.conn.execute(select(organizations).where(organizations.c.name == name)).first()
        return Organization(row.id, row.name, row.created_at) if row else None

    def add_admin(self, admin: Admin, created_at: datetime) -> None:
        self.conn.execute(
            admins.insert().values(
                id=admin.id, email=admin.email, password_hash=admin.password_hash, created_at=created_at
            )
        )

    def admin_by_email(self, email: str) -> Admin | None:
        row = self.conn.execute(select(admins).where(admins.c.email == email)).first()
        return Admin(row.id, row.email, row.password_hash) if row else None

    def admin_by_id(self, admin_id: str) -> Admin | None:
        row = self.conn.execute(select(admins).where(admins.c.id == admin_id)).first()
        return Admin(row.id, row.email, row.password_hash) if row else None

    def set_password_hash(self, admin_id: str, password_hash: str) -> None:
        self.conn.execute(update(admins).where(admins.c.id == admin_id).values(password_hash=password_hash))

    def count_admins(self) -> int:
        return len(self.conn.execute(select(admins.c.id).limit(1)).all())

    def add_membership(self, admin_id: str, organization_id: str, created_at: datetime) -> None:
        values = {"admin_id": admin_id, "organization_id": organization_id, "role": "owner", "created_at": created_at}
        insert_ignore(self.conn, memberships, values)

    def is_member(self, admin_id: str, organization_id: str) -> bool:
        query = select(memberships.c.role).where(
            memberships.c.admin_id == admin_id, memberships.c.organization_id == organization_id
        )
        return self.conn.execute(query).first() is not None

    def organization_exists(self, organization_id: str) -> bool:
        return (
            self.conn.execute(select(organizations.c.id).where(organizations.c.id == organization_id)).first()
            is not None
        )

    def add_classroom(self, classroom: Classroom, created_at: datetime) -> None:
        self.conn.execute(
            classrooms.insert().values(
                id=classroom.id,
                organization_id=classroom.organization_id,
                name=classroom.name,
                is_default=classroom.is_default,
                created_at=created_at,
            )
        )

    def classrooms_of(self, organization_id: str) -> list[Classroom]:
        query = (
            select(classrooms)
            .where(classrooms.c.organization_id == organization_id)
            .order_by(classrooms.c.is_default.desc(), classrooms.c.created_at, classrooms.c.id)
        )
        return [_classroom(r) for r in self.conn.execute(query).mappings()]

    def classroom(self, organization_id: str, classroom_id: str) -> Classroom | None:
        query = select(classrooms).where(
            classrooms.c.organization_id == organization_id, classrooms.c.id == classroom_id
        )
        row = self.conn.execute(query).mappings().first()
        return _classroom(row) if row else None

    def classroom_by_id(self, classroom_id: str) -> Classroom | None:
        row = self.conn.execute(select(classrooms).where(classrooms.c.id == classroom_id)).mappings().first()
        return _classroom(row) if row else None

    def default_classroom(self, organization_id: str) -> Classroom | None:
        found = self.classrooms_of(organization_id)
        return found[0] if found else None

    def login_failures(self, throttle_key: str) -> tuple[int, datetime] | None:
        row = self.conn.execute(select(login_attempts).where(login_attempts.c.throttle_key == throttle_key)).first()
        return (row.failures, row.window_started_at) if row else None

    def record_login_failure(self, throttle_key: str, failures: int, window_started_at: datetime) -> None:
        self.clear_login_failures(throttle_key)
        self.conn.execute(
            login_attempts.insert().values(
                throttle_key=throttle_key, failures=failures, window_started_at=window_started_at
            )
        )

    def clear_login_failures(self, throttle_key: str) -> None:
        self.conn.execute(delete(login_attempts).where(login_attempts.c.throttle_key == throttle_key))


def _classroom(row: RowMapping) -> Classroom:
    return Classroom(row["id"], row["organization_id"], row["name"], bool(row["is_default"]))
