"""Who takes the inspection kind's steps: the flows assign with these, and the rules and the
dispatch ask the same (kept apart from flows.py, which imports the dispatch and is imported by it)."""

from core.orgs.roles import OrgKind, Role
from workflows.engine.assignment import ITEM_ORG, OWNING_DEPARTMENT, RoleAt, RoleByKind

# A district's returns are filed by its district_staff, a school's by its head.
TARGET = RoleByKind(Role.DISTRICT_STAFF, ITEM_ORG, by_kind=((OrgKind.SCHOOL, Role.SCHOOL_HEAD),))
CITY = RoleAt(Role.CITY_REVIEWER, OWNING_DEPARTMENT)
