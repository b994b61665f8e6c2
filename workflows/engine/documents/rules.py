"""Who issues 发文 and who reads them, each written once (pages, API and services use these).

Issuing is for the owning department: a reviewer or head (市局处室审核员/负责人) of the department
that owns every item the document names. Reading is for that department's reviewers and heads,
and for each named item's people and reviewers (whoever may see the item,
workflows.engine.access.scoped_items); anyone else is told the document does not exist (404).
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from core.orgs.models import RoleGrant
from core.orgs.roles import Role
from workflows.engine.access import scoped_items
from workflows.engine.documents.models import Document, DocumentItem
from workflows.engine.exceptions import NotAllowed, NotFound
from workflows.engine.models import Item

ISSUER_ROLES = (Role.CITY_REVIEWER, Role.CITY_HEAD)


def issuing_departments(user) -> set[int]:
    """The departments in whose name `user` issues documents."""
    if not (user and user.is_authenticated):
        return set()
    return set(RoleGrant.objects.active().filter(user=user, role__in=ISSUER_ROLES)
               .values_list("organisation_id", flat=True))


def check_issuer(user, items) -> int:
    """The one department owning every item, if `user` issues for it; else 404 for an item
    `user` cannot see, 403 for the rest (a school, a district, another department)."""
    ids = [item.pk for item in items]
    if scoped_items(user, Item.objects.filter(pk__in=ids)).count() != len(ids):
        raise NotFound()
    departments = {item.owner_department_id for item in items}
    if len(departments) != 1:
        raise NotAllowed(_("一份发文只能包含同一主管处室的事项。"))
    department = departments.pop()
    if department not in issuing_departments(user):
        raise NotAllowed(_("只有主管处室的审核员或负责人可以发文。"))
    return department


def readable_documents(user):
    """The documents `user` may read: their department's, and those naming an item they see."""
    if not (user and user.is_authenticated):
        return Document.objects.none()
    named = DocumentItem.objects.filter(item__in=scoped_items(user)).values("document_id")
    return Document.objects.filter(Q(owner_department_id__in=issuing_departments(user)) | Q(pk__in=named))


def readable_document(user, pk) -> Document:
    document = readable_documents(user).select_related("doc_type", "owner_department", "issued_by") \
        .filter(pk=pk).first()
    if document is None:
        raise NotFound()
    return document
