"""Who may import what: the city's schools and people, the system administrators. A kind with
its own rule (a department's experts) says so in its may_import."""

from core.orgs.roles import is_system_admin

can_import_city_data = is_system_admin


def may_use_imports(user) -> bool:
    """Whether the 数据导入 page has anything for this user: any kind they may import."""
    return bool(importable_kinds(user))


def importable_kinds(user) -> list:
    """The kinds this user may import (into the city, or into at least one of their scopes)."""
    from core.imports import registry

    found = []
    for kind in registry.kinds():
        scopes = kind.scopes(user)
        if kind.may_import(user, None) if scopes is None else scopes.exists():
            found.append(kind)
    return found
