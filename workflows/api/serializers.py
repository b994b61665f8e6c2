"""What the API answers with. Read-only serializers over the engine's objects; every related row
they show is loaded by the view beforehand (select_related or one bulk query per page), so a
list costs the same number of queries whatever its length."""

from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.orgs.roles import Role, role_at
from workflows.engine import access, acts
from workflows.engine.nodes import acts_of
from workflows.engine.reading.stats import kind_label
from workflows.engine.signing.panel_names import EXPERT


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("给人看的说明（中文）"))
    code = serializers.CharField(help_text=_("机器可读的错误代码，如 invalid、not_found、busy、stale_state"))
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False,
        help_text=_("字段错误：字段名 → 说明列表（仅 400）"),
    )
    next_allowed_at = serializers.DateTimeField(required=False, help_text=_("仅催办过于频繁（409）：可再次催办的时间"))


class OrganisationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    full_name = serializers.CharField()


class GrantSerializer(serializers.Serializer):
    role = serializers.CharField()
    role_label = serializers.SerializerMethodField()
    organisation = OrganisationRefSerializer()
    valid_until = serializers.DateTimeField(allow_null=True)

    def get_role_label(self, grant) -> str:
        return str(Role(grant.role).label)


class MeSerializer(PersonSerializer):
    email = serializers.EmailField(allow_blank=True)
    roles = GrantSerializer(many=True)


class ItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.SerializerMethodField()
    ref_no = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    organisation = OrganisationRefSerializer()
    district = serializers.SerializerMethodField()
    owner_department = OrganisationRefSerializer()
    submitter = PersonSerializer()
    version = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    overdue = serializers.SerializerMethodField(help_text=_("是否有已超期的待办（事项列表与详情中给出，其他处为空）"))

    def get_overdue(self, item) -> bool | None:
        return getattr(item, "is_overdue", None)

    def get_kind_label(self, item) -> str:
        return kind_label(item.kind)

    @extend_schema_field(OrganisationRefSerializer(allow_null=True))
    def get_district(self, item):
        district = self.context.get("districts", {}).get(item.pk)
        return OrganisationRefSerializer(district).data if district else None


OWNER_HELP = _("办理人；待办池中的为空；专家评审组成员对申报方等不公开时也为空（waiting_for 为“专家”）")


def _owner(task, context):
    """The task's owner, unless they sit on an expert panel the reader may not know of
    (panel_names: the view puts those tasks' ids in the context's `hidden_owners`)."""
    if task.owner_id is None or task.pk in context.get("hidden_owners", ()):
        return None
    return PersonSerializer(task.owner).data


class StepRefSerializer(serializers.Serializer):
    name = serializers.CharField()
    title = serializers.CharField(source="task_title")


class TaskSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="task.pk")
    step = serializers.CharField(source="task.flow_task.name")
    step_title = serializers.CharField(source="title")
    status = serializers.CharField(source="task.status")
    created = serializers.DateTimeField(source="task.created")
    assigned = serializers.DateTimeField(source="task.assigned", allow_null=True)
    finished = serializers.DateTimeField(source="task.finished", allow_null=True)
    owner = serializers.SerializerMethodField(help_text=OWNER_HELP)
    due_at = serializers.SerializerMethodField(help_text=_("办理期限；无时限或日历年度未录入时为空"))
    deadline_pending = serializers.SerializerMethodField(help_text=_("期限待定：所需年度的工作日历尚未录入"))
    overdue = serializers.SerializerMethodField(help_text=_("已超期（已办的：办结时已超期）"))
    claimed = serializers.BooleanField(help_text=_("是否已由当前用户认领或指定由其办理"))
    waiting_for = serializers.SerializerMethodField(help_text=_("待谁办理：某人，或某单位的某角色"))
    return_targets = serializers.SerializerMethodField(help_text=_("“退回”可选的步骤（return 的 to）"))
    can_reject = serializers.SerializerMethodField()
    delegated_by = serializers.SerializerMethodField(
        help_text=_("委派中：原办理人的用户编号（owner 为受委派人，只能交回）；未委派为空"))
    item = ItemSerializer()

    def get_delegated_by(self, entry) -> int | None:
        delegation = (entry.task.data or {}).get("delegation")
        return delegation["handler"] if delegation else None

    @staticmethod
    def _deadline(entry):
        try:
            return entry.task.deadline
        except ObjectDoesNotExist:
            return None

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_due_at(self, entry):
        deadline = self._deadline(entry)
        return serializers.DateTimeField().to_representation(deadline.due_at) if deadline and deadline.due_at else None

    def get_deadline_pending(self, entry) -> bool:
        deadline = self._deadline(entry)
        return bool(deadline and deadline.due_at is None)

    def get_overdue(self, entry) -> bool:
        deadline = self._deadline(entry)
        if deadline is None or deadline.due_at is None:
            return False
        return (entry.task.finished or timezone.now()) > deadline.due_at

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_owner(self, entry):
        return _owner(entry.task, self.context)

    def get_waiting_for(self, entry) -> str:
        task = entry.task
        if task.pk in self.context.get("hidden_owners", ()):
            return str(EXPERT)
        if task.owner_id:
            return str(task.owner)
        if task.owner_permission:
            organisation = self.context.get("organisations", {}).get(str(task.owner_permission_obj_pk))
            return role_at(organisation, task.owner_permission)
        return ""

    @extend_schema_field(StepRefSerializer(many=True))
    def get_return_targets(self, entry):
        node = entry.task.flow_task
        return StepRefSerializer(node.returns if acts.RETURN in acts_of(node) else [], many=True).data

    def get_can_reject(self, entry) -> bool:
        return acts.REJECT in acts_of(entry.task.flow_task)


class TaskDetailSerializer(TaskSerializer):
    acts = serializers.SerializerMethodField(
        help_text=_("当前用户现在可以做的操作：claim、unclaim，以及本步骤的 approve、return、reject、resubmit"
                    "（与服务端的判断一致）"))

    def get_acts(self, entry) -> list[str]:
        offer = access.offered(self.context["request"].user, entry.task, entry.item,
                               principals=self.context.get("principals", frozenset()))
        names = ["claim"] * offer.claim + ["unclaim"] * offer.unclaim
        return names + [act.name for act in offer.decisions]


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text=_("上传时的原文件名"))
    slot = serializers.CharField(help_text=_("材料类别；审批意见的附件为空"))
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    decision = serializers.IntegerField(source="decision_id", allow_null=True)
    uploaded_by = serializers.SerializerMethodField(
        help_text=_("上传人；专家评审意见的附件对申报方等不公开上传人时为空"))
    uploaded_at = serializers.DateTimeField()
    removed_at = serializers.DateTimeField(allow_null=True)
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, attachment) -> str:
        return reverse("api:file-download", args=[attachment.pk])

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_uploaded_by(self, attachment):
        names = self.context.get("names")  # panel_names.PanelNames, where the view knows the item
        if attachment.decision_id and names is not None and names.hides_person(attachment.uploaded_by_id):
            return None
        return PersonSerializer(attachment.uploaded_by).data


class OpenTaskSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    step = serializers.CharField(source="flow_task.name")
    step_title = serializers.CharField(source="flow_task.task_title")
    owner = serializers.SerializerMethodField(help_text=OWNER_HELP)
    created = serializers.DateTimeField()

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_owner(self, task):
        return _owner(task, self.context)


class ItemDetailSerializer(ItemSerializer):
    content = serializers.SerializerMethodField(help_text=_("申报内容：字段名 → {label, value}"))
    open_tasks = serializers.SerializerMethodField(help_text=_("正在办理的步骤"))
    may_withdraw = serializers.SerializerMethodField(help_text=_("当前用户现在能否撤回（与服务端的判断一致）"))
    may_reopen = serializers.SerializerMethodField(help_text=_("当前用户现在能否将已撤回的事项重新编辑"))

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_content(self, item):
        labels = item.snapshot_labels()
        return {name: {"label": str(labels.get(name, name)), "value": value}
                for name, value in item.snapshot_fields().items()}

    @extend_schema_field(OpenTaskSerializer(many=True))
    def get_open_tasks(self, item):
        return OpenTaskSerializer(self.context.get("open_tasks", []), many=True, context=self.context).data

    def get_may_withdraw(self, item) -> bool:
        open_tasks = self.context.get("open_tasks") or []
        process = open_tasks[0].process if open_tasks else None
        return access.may_withdraw(item, self.context["request"].user, process, open_tasks)

    def get_may_reopen(self, item) -> bool:
        return access.may_reopen(item, self.context["request"].user)


class DecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    step = serializers.CharField()
    outcome = serializers.CharField()
    return_to = serializers.CharField()
    comment = serializers.CharField()
    created_at = serializers.DateTimeField()
    attachments = AttachmentSerializer(many=True)
    item = ItemSerializer()


class HistoryEventSerializer(serializers.Serializer):
    """An audit event; what an expert panel member did is told without who did it to readers the
    rule keeps from knowing (panel_names.PanelNames in the context's `names`)."""

    seq = serializers.IntegerField()
    action = serializers.CharField()
    actor = serializers.SerializerMethodField(help_text=_("为空表示系统自动操作，或办理人为不公开的评审专家"))
    actor_label = serializers.SerializerMethodField(help_text=_("办理人的称呼：姓名、“专家”（不公开的评审专家）或“系统”"))
    acting_for = serializers.SerializerMethodField(help_text=_("代理办理时的被代理人"))
    organisation = serializers.SerializerMethodField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    comment = serializers.CharField()
    data = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    def _hidden(self, event) -> bool:
        names = self.context.get("names")
        return names is not None and names.hides_event(event)

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_actor(self, event):
        return None if event.actor is None or self._hidden(event) else PersonSerializer(event.actor).data

    def get_actor_label(self, event) -> str:
        if self._hidden(event):
            return str(EXPERT)
        return str(event.actor) if event.actor is not None else str(_("系统"))

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_acting_for(self, event):
        if event.acting_for is None or self._hidden(event):
            return None
        return PersonSerializer(event.acting_for).data

    @extend_schema_field(OrganisationRefSerializer(allow_null=True))
    def get_organisation(self, event):
        if event.organisation is None or self._hidden(event):
            return None
        return OrganisationRefSerializer(event.organisation).data

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_data(self, event):
        names = self.context.get("names")
        return names.event_data(event) if names is not None else (event.data or {})


class CandidateSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="user.pk")
    username = serializers.CharField(source="user.username")
    full_name = serializers.CharField(source="user.full_name")
    label = serializers.CharField(help_text=_("姓名 · 单位 · 职务"))


class CarbonCopySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    item = ItemSerializer()
    step = serializers.CharField()
    step_title = serializers.CharField(source="task.flow_task.task_title")
    sender = PersonSerializer(allow_null=True, help_text=_("为空表示流程按步骤设置自动抄送"))
    note = serializers.CharField()
    created_at = serializers.DateTimeField()


class OverdueCountSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    district = OrganisationRefSerializer(allow_null=True)
    count = serializers.IntegerField(help_text=_("有超期待办的事项数"))


class CountSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    district = OrganisationRefSerializer(allow_null=True)
    count = serializers.IntegerField()


class StepDurationSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    step = serializers.CharField()
    step_title = serializers.CharField()
    finished = serializers.IntegerField(help_text=_("已办结的次数"))
    median_seconds = serializers.FloatField(help_text=_("从到达该步骤到办结的中位时长（秒）"))


class StatsSerializer(serializers.Serializer):
    counts = CountSerializer(many=True)
    overdue = OverdueCountSerializer(many=True)
    step_durations = StepDurationSerializer(many=True)


class SignerSerializer(serializers.Serializer):
    user = PersonSerializer()
    position = serializers.IntegerField(help_text=_("顺序（依次审批按此办理）"))
    state = serializers.CharField(help_text=_("waiting 待轮到、open 待办理、approve/reject/return 已办理、cancelled 无需办理、removed 已减签"))
    state_label = serializers.CharField(source="get_state_display")
    task = serializers.IntegerField(source="task_id", allow_null=True)
    comment = serializers.SerializerMethodField(help_text=_("该成员的审批意见"))
    added_by = serializers.IntegerField(source="added_by_id", allow_null=True, help_text=_("加签人；开始时选定的成员为空"))

    def get_comment(self, signer) -> str:
        return signer.decision.comment if signer.decision_id else ""


class SignGroupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    step = serializers.CharField()
    mode = serializers.CharField(help_text=_("all 会签、any 或签、sequence 依次审批、quorum 多数通过"))
    mode_label = serializers.CharField(source="get_mode_display")
    need = serializers.IntegerField(allow_null=True, help_text=_("多数通过所需的通过人数"))
    outcome = serializers.CharField(help_text=_("进行中为空；已决定时为 approve/reject/return/timeout"))
    members = SignerSerializer(many=True, source="member_rows")
