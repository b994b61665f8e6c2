"""Who sits on an expert panel (专家评审组) is confidential: the one rule, used by the item page,
the lists, the API and the timeline.

A panel is a multi-person step whose members are experts: drawn by lot (members.Drawn, 专家抽取)
or every holder of the expert role somewhere (RoleAt(Role.EXPERT, …)).

Who may see the members' names on an item (`may_see_panel_names`):
- the owning department's people (its city reviewers and heads: the department runs the panel),
- the panel members themselves, each seeing the whole panel: they sit together (a defence, 答辩,
  or an on-site visit) and 减签 needs the fellow members' names; each scores on their own,
- superusers (the technical accounts).
Nobody else: not the applicant or submitter, not the school's or the district's people, not the
administrator role. To them a panel shows as "专家评审组（3人）", and whatever a member did on a
panel step (a decision, 加签, an extension request) as done by "专家".
"""

from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.orgs.models import RoleGrant
from core.orgs.roles import DEPARTMENT_ROLES, Role
from workflows.engine.assignment import RoleAt
from workflows.engine.models import Item
from workflows.engine.signing.members import Drawn
from workflows.engine.signing.models import Signer, SignerState
from workflows.engine.signing.step import MultiStep

EXPERT = gettext_lazy("专家")
# What an audit event's data may say about people, besides its actor: whom a signer was added or
# removed or redrawn (user, user_name, replaced, replaced_name), whom a task was handed to (to,
# to_name), whom an urge reached.
PERSON_IDS = ("user", "replaced", "recipients")
PERSON_NAMES = ("user_name", "replaced_name", "to_name")
HANDED_TO = ("transfer", "delegate", "delegation_done")  # their "to" is a person, not a step


def is_panel(node) -> bool:
    if not isinstance(node, MultiStep):
        return False
    source = node.members
    return isinstance(source, Drawn) or (isinstance(source, RoleAt) and source.role == Role.EXPERT)


def is_panel_task(task) -> bool:
    return is_panel(task.flow_task)


def panel_label(count: int) -> str:
    return _("专家评审组（%(count)d人）") % {"count": count}


def panel_members(item_ids) -> dict[int, dict[str, set[int]]]:
    """Item id → panel step name → the ids of everyone who was ever a member of it (in any of the
    item's processes). One query."""
    item_ids = list(item_ids)
    if not item_ids:
        return {}
    rows = Signer.objects.filter(
        group__process__artifact_object_id__in=item_ids,
        group__process__artifact_content_type=ContentType.objects.get_for_model(Item),
    ).values_list("group__process__artifact_object_id", "group__step", "group__process__flow_class", "user_id")
    members: dict[int, dict[str, set[int]]] = {}
    for item_id, step, flow_class, user_id in rows:
        node = flow_class.instance.node(step, no_obsolete=True) if flow_class is not None else None
        if node is not None and is_panel(node):
            members.setdefault(item_id, {}).setdefault(step, set()).add(user_id)
    return members


def items_showing_names(user, members_by_item: dict[int, set[int]], principals=frozenset()) -> set[int]:
    """The rule. Of these items (item id → the ids of its panels' members), those on which `user`
    may see who sits on the panels: a member, or a member's proxy (委托: they act as the member);
    the owning department's people; superusers. At most one query (the department's)."""
    if not (user and user.is_authenticated and user.is_active):
        return set()
    acting_as = {user.pk} | set(principals)
    shown = {item_id for item_id, members in members_by_item.items() if acting_as & members}
    rest = set(members_by_item) - shown
    if rest and user.is_superuser:
        return shown | rest
    if rest:
        departments = RoleGrant.objects.active().filter(user=user, role__in=DEPARTMENT_ROLES).values("organisation_id")
        shown |= set(Item.objects.filter(pk__in=rest, owner_department_id__in=departments).values_list("pk", flat=True))
    return shown


def hidden_owners(tasks, user) -> set[int]:
    """The ids of the tasks, among these (their process loaded), whose owner `user` may not know:
    expert panel members' tasks on items where the rule hides them. No query unless one of them
    is a panel's task; then two, however many."""
    panel_tasks = [task for task in tasks if is_panel_task(task)]
    if not panel_tasks:
        return set()
    members = panel_members({task.process.artifact_object_id for task in panel_tasks})
    everyone = {item_id: set().union(*steps.values()) for item_id, steps in members.items()}
    shown = items_showing_names(user, everyone)
    return {task.pk for task in panel_tasks if task.process.artifact_object_id not in shown}


def may_see_panel_names(user, item, principals=frozenset()) -> bool:
    """May `user` see who sits on this item's expert panels? (True when it has none.)"""
    return not PanelNames(user, item, principals).hidden


class PanelNames:
    """What one reader may know of one item's panels. One query for the item's panel members
    (every process), and one more for the rule only if it has a panel. `principals`: the ids of
    whom the reader is proxy for (委托): a member's proxy acts as the member, and sees as they do."""

    def __init__(self, user, item, principals=frozenset()):
        self.user = user
        self.item = item
        self.principals = set(principals)

    @cached_property
    def _members(self) -> dict[str, set[int]]:
        """Panel step name → its members' ids, on this item."""
        return panel_members([self.item.pk]).get(self.item.pk, {})

    @cached_property
    def hidden(self) -> bool:
        """Are the item's panel members hidden from the reader?"""
        if not self._members:
            return False
        everyone = set().union(*self._members.values())
        return self.item.pk not in items_showing_names(self.user, {self.item.pk: everyone}, self.principals)

    def hides_task(self, task) -> bool:
        """Is this task's owner to be shown as "专家"?"""
        return is_panel_task(task) and self.hidden

    def hides_person(self, user_id) -> bool:
        """Is this person one of the item's panel members, hidden from the reader?"""
        return user_id is not None and self.hidden and any(user_id in ids for ids in self._members.values())

    def hides_event(self, event) -> bool:
        """Did a panel member do this, on their panel step (then who did it is hidden)?"""
        if not self.hidden:
            return False
        members = self._members.get((event.data or {}).get("step"), set())
        return event.actor_id in members or event.acting_for_id in members

    def event_data(self, event) -> dict:
        """The event's data, on a panel step hidden from the reader without the ids of the people
        it names, and with "专家" for their names."""
        data = dict(event.data or {})
        if not self.hidden or data.get("step") not in self._members:
            return data
        for key in PERSON_IDS + (("to",) if event.action in HANDED_TO else ()):
            data.pop(key, None)
        for key in PERSON_NAMES:
            if key in data:
                data[key] = str(EXPERT)
        return data


def member_count(signers) -> int:
    """How many people a panel has (removed members no longer count)."""
    return sum(1 for signer in signers if signer.state != SignerState.REMOVED)
