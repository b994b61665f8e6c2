from django import template

from core.docnumbers.permissions import can_manage_register

register = template.Library()


@register.filter
def manages_doc_numbers(user) -> bool:
    """Whether to show the 文号登记簿 link: the same rule the page itself enforces."""
    return can_manage_register(user)
