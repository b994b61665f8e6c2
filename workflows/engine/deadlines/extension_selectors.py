"""Reading extension requests (延期申请) for a person: the ones they may decide, the ones they made,
and an item's. A page of rows costs a fixed number of queries: the rows with everything they
show (one join), and the reader's role grants once (DecisionRights)."""

from django.db.models import Q

from core.orgs.models import RoleGrant
from core.orgs.roles import role_at
from workflows.engine.deadlines.extension_models import ExtensionRequest, ExtensionState
from workflows.engine.proxies.rules import own_organisations, principals_of
from workflows.engine.reading.selectors import visible_items

DECIDE, MINE = "decide", "mine"
RELATED = ("item", "task", "requested_by", "decided_by", "approver_organisation", "approver_user")


class DecisionRights:
    """Which requests `user` may decide, with their role grants and those of the people they are
    proxy for now (委托) read once (one query)."""

    def __init__(self, user):
        self.user = user
        rows = RoleGrant.objects.active().filter(Q(user=user) | Q(user__in=principals_of(user))).values_list(
            "user_id", "role", "organisation_id")
        self.grants, self.principal_grants = set(), set()
        for user_id, role, organisation_id in rows:
            if user_id == user.pk:
                self.grants.add((role, organisation_id))
            else:
                self.principal_grants.add((user_id, role, organisation_id))
        self.principals = {user_id for user_id, _, _ in self.principal_grants}
        self.own_organisations = {organisation_id for _, organisation_id in self.grants}

    def approver_q(self) -> Q:
        q = Q(approver_user=self.user)
        for role, organisation_id in self.grants:
            q |= Q(approver_user__isnull=True, approver_role=role, approver_organisation_id=organisation_id)
        as_proxy = Q(approver_user__in=principals_of(self.user))
        for principal_id, role, organisation_id in self.principal_grants:
            as_proxy |= Q(approver_user__isnull=True, approver_role=role,
                          approver_organisation_id=organisation_id) & ~Q(requested_by_id=principal_id)
        # Never on the proxy's own submission, nor their own organisation's.
        return q | (as_proxy & ~Q(item__submitter=self.user) & ~Q(item__organisation__in=own_organisations(self.user)))

    def may_decide(self, extension) -> bool:
        """The services' rule (extensions.may_decide, or principal_deciding for a proxy) on a
        loaded row: pending on an open task, not the reader's own, and the reader is its approver
        or the proxy of one."""
        if extension.requested_by_id == self.user.pk or extension.shown_state != ExtensionState.PENDING:
            return False
        if extension.approver_user_id == self.user.pk:
            return True
        wanted = (extension.approver_role, extension.approver_organisation_id)
        if extension.approver_user_id is None and wanted in self.grants:
            return True
        if extension.item.submitter_id == self.user.pk or extension.item.organisation_id in self.own_organisations:
            return False  # as a proxy, never on one's own submission nor one's own organisation's
        if extension.approver_user_id is not None:
            return extension.approver_user_id in self.principals
        return any(
            (role, organisation_id) == wanted and principal_id != extension.requested_by_id
            for principal_id, role, organisation_id in self.principal_grants
        )


def extensions_for(user, which: str = "", rights: DecisionRights | None = None):
    """Requests `user` may decide (DECIDE: pending, on an open task, on an item they see), made
    (MINE: every state), or both (""): newest first, with what a row shows."""
    rights = rights or DecisionRights(user)
    to_decide = (
        Q(state=ExtensionState.PENDING, task__status__in=ExtensionRequest.OPEN_TASK)
        & rights.approver_q()
        & ~Q(requested_by=user)
        & Q(item__in=visible_items(user).values("pk"))
    )
    made = Q(requested_by=user)
    condition = {DECIDE: to_decide, MINE: made}.get(which, to_decide | made)
    return (
        ExtensionRequest.objects.with_state().filter(condition).select_related(*RELATED)
        .order_by("-created_at", "-pk")
    )


def item_extensions(item):
    """Every request on the item, oldest first (the item page shows them under their step)."""
    return (
        ExtensionRequest.objects.with_state().filter(item=item).select_related(*RELATED)
        .order_by("created_at", "pk")
    )


def approver_label(extension) -> str:
    """Who decides, in words: the named person, or the role at its organisation (loaded with RELATED)."""
    if extension.approver_user_id:
        return str(extension.approver_user)
    return role_at(extension.approver_organisation, extension.approver_role)
