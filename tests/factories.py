"""Shared factory-boy factories and small helpers for building organisations, people and roles.

    bureau = OrganisationFactory.bureau()              # the one bureau (created once per test)
    basic = OrganisationFactory.department(code="basic")
    heping = OrganisationFactory.district(name="和平区")
    school = OrganisationFactory.school(parent=heping)  # a public primary school by default
    user = UserFactory()                               # password: PASSWORD
    grant(user, Role.SCHOOL_HEAD, school)
    head = person("head", Role.SCHOOL_HEAD, school)     # a named person with a role
    participate(user, item, reason=ParticipationReason.ASSIGNEE)

Everything goes through the model's save() (paths) and the services (validation, audit). The
test city that most tests share (the bureau, 基础教育处, two districts with a school each, one
person per role) is built from these in tests/city.py.
"""

import factory
from factory.django import DjangoModelFactory

from core.orgs.models import Organisation, Ownership, ParticipationReason, SchoolType, User
from core.orgs.roles import OrgKind
from core.orgs.services import grant_role, record_participation

PASSWORD = "Demo@2026"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"测试用户{n}")
    password = factory.django.Password(PASSWORD)
    is_active = True


class OrganisationFactory(DjangoModelFactory):
    """Builds a valid node of the tree. Use the helpers, which pick a fitting parent."""

    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"组织{n}")
    kind = OrgKind.DISTRICT
    parent = None
    code = ""

    @classmethod
    def bureau(cls, **kwargs) -> Organisation:
        """The bureau: the tree has one root, so an existing bureau is reused."""
        existing = Organisation.objects.filter(kind=OrgKind.BUREAU).first()
        if existing is not None and not kwargs:
            return existing
        return cls(kind=OrgKind.BUREAU, name=kwargs.pop("name", "沈阳市教育局"), **kwargs)

    @classmethod
    def department(cls, **kwargs) -> Organisation:
        return cls._under_bureau(OrgKind.DEPARTMENT, "dept", "处室", kwargs)

    @classmethod
    def district(cls, **kwargs) -> Organisation:
        return cls._under_bureau(OrgKind.DISTRICT, "district", "测试区", kwargs)

    @classmethod
    def _under_bureau(cls, kind, code_prefix, name_prefix, kwargs) -> Organisation:
        kwargs.setdefault("parent", cls.bureau())
        kwargs.setdefault("code", factory.Sequence(lambda n: f"{code_prefix}{n}"))
        kwargs.setdefault("name", factory.Sequence(lambda n: f"{name_prefix}{n}"))
        return cls(kind=kind, **kwargs)

    @classmethod
    def school(cls, **kwargs) -> Organisation:
        """A school under `parent` (a new district if none is given)."""
        if "parent" not in kwargs:
            kwargs["parent"] = cls.district()
        kwargs.setdefault("code", factory.Sequence(lambda n: f"{2100000000 + n:010d}"))
        kwargs.setdefault("name", factory.Sequence(lambda n: f"测试学校{n}"))
        kwargs.setdefault("school_type", SchoolType.PRIMARY)
        kwargs.setdefault("ownership", Ownership.PUBLIC)
        return cls(kind=OrgKind.SCHOOL, **kwargs)


def grant(user, role, org, **validity):
    """Give `user` the `role` at `org` through the service (validated, audited). `validity`:
    valid_from / valid_until."""
    return grant_role(user=user, role=role, organisation=org, **validity)


def participate(user, target, reason=ParticipationReason.ASSIGNEE, **validity):
    """Record that `user` takes part in `target` through the service. `validity`: valid_from /
    valid_until."""
    return record_participation(user=user, target=target, reason=reason, **validity)


def person(username=None, role=None, at=None, **fields):
    """A user, holding `role` at `at` if given. A named person's full name is their username unless
    given (messages and pages show it); an unnamed one gets the next 用户N."""
    if username is not None:
        fields["username"] = username
        fields.setdefault("full_name", username)
    user = UserFactory(**fields)
    if role is not None:
        grant(user, role, at)
    return user


def user_with_role(role, org, **user_fields):
    """A new user holding `role` at `org`."""
    return person(role=role, at=org, **user_fields)
