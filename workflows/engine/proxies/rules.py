"""委托/代理 in the engine: what a proxy may see and do for their principal while the range runs.

A proxy acts on the principal's tasks in the principal's name: tasks the principal owns, and
queue tasks the principal could pick (with the principal's role grants for those). The acts are
audited with actor = proxy, acting_for = principal (services.common.acting_for). Nobody, proxy or
not, decides on their own submission, and a proxy never picks a queue task for a principal who
submitted the item. Nor does a proxy act, or see as proxy, anything submitted by an organisation
where they hold a role of their own (own_organisation): standing in for a reviewer must not let
someone move their own school's (or colleague's) submission forward. Who may be named proxy at
all is core.orgs.proxy_models' rule (a colleague with one of the principal's roles there).

Everything here is a subquery or one statement, and the own-right paths never call it, so the
decision path and the 待办 listings cost what they cost without proxies.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import BigIntegerField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from core.orgs.models import Proxy, RoleGrant
from workflows.engine import assignment
from workflows.engine.deadlines.extension_models import ExtensionRequest
from workflows.engine.models import Item

HUMAN = "HUMAN"
OPEN_STATUSES = (STATUS.NEW, STATUS.ASSIGNED)


def principals_of(user, at=None):
    """The ids of the people `user` is proxy for now, as a subquery."""
    return Proxy.objects.active(at).filter(proxy=user).values("principal_id")


def principal_grants(user, at=None):
    """Active role grants of the people `user` is proxy for (principal's inactive accounts hold none)."""
    return RoleGrant.objects.active(at).filter(user__in=principals_of(user, at))


def own_organisations(user, at=None):
    """The ids of the organisations where `user` holds a role now, as a subquery: items of these
    are never theirs to act on as someone's proxy."""
    return RoleGrant.objects.active(at).filter(user=user).values("organisation_id")


def principals_on(user, item, at=None):
    """The ids of the people `user` may act for on this item's tasks, as a subquery: none on their
    own submission or their own organisation's (principal_for's rule, for pages that read it once)."""
    if user.pk == item.submitter_id:
        return Proxy.objects.none().values("principal_id")
    own = RoleGrant.objects.active(at).filter(user=user, organisation_id=item.organisation_id)
    return principals_of(user, at).filter(~Exists(own))


def principal_for(by, task, item, at=None):
    """The person `by` may act for on this open task as their proxy, or None.

    One statement. For a queue task with several principals in the queue, the longest-standing
    range decides whose name the act is in."""
    if by.pk == item.submitter_id:
        return None
    own = RoleGrant.objects.active(at).filter(user=by, organisation_id=item.organisation_id)
    proxies = Proxy.objects.active(at).filter(proxy=by).filter(~Exists(own)).select_related("principal")
    if task.owner_id is not None:
        found = proxies.filter(principal_id=task.owner_id).first()
    else:
        queue = assignment.queue_of(task)
        if queue is None:
            return None
        role, organisation_id = queue
        holds = RoleGrant.objects.active(at).filter(user=OuterRef("principal_id"), role=role,
                                                    organisation_id=organisation_id)
        found = (proxies.filter(Exists(holds)).exclude(principal_id=item.submitter_id)
                 .order_by("starts_on", "pk").first())
    return found.principal if found is not None else None


def proxied_items_q(user, at=None) -> Q:
    """Items with an open task of someone `user` is proxy for (owned by them, or waiting in a
    queue they could pick from), or a live extension request that waits for such a person's
    decision: what the proxy needs to see to act. For scoping; no statement
    of its own. The leading EXISTS lets the database skip the task subquery for everyone who is
    nobody's proxy."""
    principals = principals_of(user, at)
    queued_for_principal = Exists(
        principal_grants(user, at).filter(
            role=OuterRef("owner_permission"),
            organisation_id=Cast(OuterRef("owner_permission_obj_pk"), BigIntegerField()),
        )
    )
    item_type = ContentType.objects.get_for_model(Item)
    tasks = Task.objects.filter(flow_task_type=HUMAN, status__in=OPEN_STATUSES,
                                process__artifact_content_type=item_type).filter(
        Q(owner__in=principals) | (Q(owner__isnull=True) & Q(queued_for_principal))
    )
    # And the extension requests (延期申请) waiting for a principal's decision: a proxy decides those too.
    deciding_for_principal = Exists(
        principal_grants(user, at).filter(role=OuterRef("approver_role"),
                                          organisation_id=OuterRef("approver_organisation_id"))
    )
    requests = ExtensionRequest.objects.live().filter(
        Q(approver_user__in=principals) | (Q(approver_user__isnull=True) & Q(deciding_for_principal))
    )
    return (
        Q(Exists(Proxy.objects.active(at).filter(proxy=user)))
        & ~Q(organisation_id__in=own_organisations(user, at))
        & (Q(pk__in=tasks.values("process__artifact_object_id")) | Q(pk__in=requests.values("item_id")))
    )


def principal_for_all(by, members, at=None):
    """The one person `by` may act for, as their proxy, on every (task, item) of `members` (a
    list act signs them all in one name), or None. Two statements, whatever the list's length;
    the longest-standing range is tried first. The proxy's own grants come with the principals'."""
    ranges = list(Proxy.objects.active(at).filter(proxy=by).select_related("principal").order_by("starts_on", "pk"))
    if not ranges:
        return None
    rows = (RoleGrant.objects.active(at).filter(user__in=[r.principal_id for r in ranges] + [by.pk])
            .values_list("user_id", "role", "organisation_id"))
    grants, own = set(), set()
    for user_id, role, organisation_id in rows:
        if user_id == by.pk:
            own.add(organisation_id)
        else:
            grants.add((user_id, role, organisation_id))
    for proxy_range in ranges:
        principal = proxy_range.principal
        if all(_may_act_for(by, principal, task, item, grants, own) for task, item in members):
            return principal
    return None


def _may_act_for(by, principal, task, item, grants, own) -> bool:
    if by.pk == item.submitter_id or item.organisation_id in own:
        return False
    if task.owner_id is not None:
        return task.owner_id == principal.pk
    queue = assignment.queue_of(task)
    return queue is not None and principal.pk != item.submitter_id and (principal.pk, *queue) in grants
