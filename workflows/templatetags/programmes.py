"""The programme pages' words for stored codes."""

from django import template

from core.orgs.models import Ownership, SchoolType
from workflows.programmes.models import FileGroup

register = template.Library()


def _labels(choices, codes) -> str:
    """The labels of `codes`, in the choices' own order (小学 before 初中)."""
    codes = set(codes or ())
    return "、".join(str(label) for value, label in choices.choices if value in codes)


@register.filter
def school_types(codes) -> str:
    return _labels(SchoolType, codes)


@register.filter
def ownerships(codes) -> str:
    return _labels(Ownership, codes)


@register.filter
def file_groups(codes) -> str:
    return _labels(FileGroup, codes)

