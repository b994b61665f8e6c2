"""Writes the demo city (core.orgs.demo_data) to the database, idempotently and in bulk.

Only for development: the management command `seed_demo` refuses unless DEBUG. Everything is
found by a stable key (kind + code for organisations, username for people, user + role +
organisation for grants); what exists is left alone, what is missing is created.
"""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from core.audit.services import record_event
from core.orgs import demo_data
from core.orgs.models import Organisation, RoleGrant, User, path_segment
from core.orgs.roles import OrgKind


@dataclass
class SeedResult:
    organisations: int = 0
    users: int = 0
    grants: int = 0
    heads: int = 0

    @property
    def anything(self) -> bool:
        return bool(self.organisations or self.users or self.grants or self.heads)


@transaction.atomic
def seed_demo_city(*, password: str, reset_passwords: bool = False) -> SeedResult:
    result = SeedResult()
    orgs = _seed_organisations(result)
    users = _seed_users(result, password=password, reset_passwords=reset_passwords)
    _seed_grants_and_heads(result, orgs=orgs, users=users)
    if result.anything:
        record_event(
            action="orgs.demo_seeded",
            target=orgs[(OrgKind.BUREAU, demo_data.BUREAU[0])],
            data={"organisations": result.organisations, "users": result.users, "grants": result.grants},
        )
    return result


def _seed_organisations(result: SeedResult) -> dict[tuple[str, str], Organisation]:
    existing = {(o.kind, o.code): o for o in Organisation.objects.exclude(code="")}

    def ensure(kind, code, name, parent=None, **fields):
        if (kind, code) not in existing:
            org = Organisation(kind=kind, code=code, name=name, parent=parent, **fields)
            org.save()
            existing[(kind, code)] = org
            result.organisations += 1
        return existing[(kind, code)]

    bureau = ensure(OrgKind.BUREAU, *demo_data.BUREAU)
    for code, name in demo_data.DEPARTMENTS:
        ensure(OrgKind.DEPARTMENT, code, name, parent=bureau)
    for code, name, _division in demo_data.DISTRICTS:
        ensure(OrgKind.DISTRICT, code, name, parent=bureau)

    # Schools are many: insert them in one statement, then set their paths in another.
    new_schools = [
        Organisation(
            kind=OrgKind.SCHOOL,
            code=school.code,
            name=school.name,
            parent=existing[(OrgKind.DISTRICT, school.district_code)],
            school_type=school.school_type,
            ownership=school.ownership,
        )
        for school in demo_data.demo_schools()
        if (OrgKind.SCHOOL, school.code) not in existing
    ]
    if new_schools:
        Organisation.objects.bulk_create(new_schools)
        for school in new_schools:
            school.path = school.parent.path + path_segment(school.pk)
            existing[(OrgKind.SCHOOL, school.code)] = school
        Organisation.objects.bulk_update(new_schools, ["path"])
        result.organisations += len(new_schools)
    return existing


def _seed_users(result: SeedResult, *, password: str, reset_passwords: bool) -> dict[str, User]:
    logins = demo_data.demo_logins()
    usernames = [login.username for login in logins]
    # One hash for every demo user: hashing ~450 passwords one by one would take minutes, and
    # these accounts exist only on a developer's machine.
    password_hash = make_password(password)
    if reset_passwords:
        User.objects.filter(username__in=usernames).update(password=password_hash)
    existing = {u.username: u for u in User.objects.filter(username__in=usernames)}
    unaddressed = [u for u in existing.values() if not u.email]  # seeded before the demo had addresses
    for user in unaddressed:
        user.email = demo_data.demo_email(user.username)
    User.objects.bulk_update(unaddressed, ["email"])
    new_users = [
        User(
            username=login.username,
            full_name=login.full_name,
            email=demo_data.demo_email(login.username),
            password=password_hash,
            is_superuser=login.is_superuser,
            is_staff=login.is_superuser,
        )
        for login in logins
        if login.username not in existing
    ]
    User.objects.bulk_create(new_users)
    existing.update({u.username: u for u in new_users})
    result.users += len(new_users)
    return existing


def _seed_grants_and_heads(result: SeedResult, *, orgs, users) -> None:
    logins = demo_data.demo_logins()
    held = set(
        RoleGrant.objects.filter(user__in=users.values()).values_list("user_id", "role", "organisation_id")
    )
    new_grants = []
    heads_changed = []
    for login in logins:
        user, org = users[login.username], orgs[(login.org_kind, login.org_code)]
        if (user.pk, login.role, org.pk) not in held:
            new_grants.append(RoleGrant(user=user, role=login.role, organisation=org))
            held.add((user.pk, login.role, org.pk))
        if login.is_head and org.head_id is None:
            org.head = user
            heads_changed.append(org)
    RoleGrant.objects.bulk_create(new_grants)
    Organisation.objects.bulk_update(heads_changed, ["head"])
    result.grants += len(new_grants)
    result.heads += len(heads_changed)
