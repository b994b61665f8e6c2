"""The studio as something a host starts (发起申报): its fields as a form, with the member picker
(workflows.web.picker over workflows.engine.people's labels), and its services. It runs the
programmes whose kind is "studio"."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.orgs.models import RoleGrant, User
from core.orgs.roles import OrgKind
from workflows.engine.people import labelled
from workflows.engine.start.kinds import StartKind
from workflows.studio.flows import StudioFlow
from workflows.studio.models import HostHonour, HostTitle, MemberState, Studio, StudioDetails, StudioMember
from workflows.studio.rules import SCHOOL_ROLES
from workflows.studio.services import studio_changes, studio_create, studio_submit, studio_update
from workflows.web.picker import people_field, set_people


def member_candidates():
    """Whom the picker offers: the people teaching at or heading a school, by name and school.
    The services check each chosen member again (rules.check_members)."""
    staff = RoleGrant.objects.active().filter(role__in=SCHOOL_ROLES, organisation__kind=OrgKind.SCHOOL) \
        .values("user_id")
    users = User.objects.filter(pk__in=staff, is_active=True).order_by("full_name", "pk")
    return labelled(users, roles=SCHOOL_ROLES)


class StudioFieldsForm(forms.Form):
    host_title = forms.ChoiceField(label=_("主持人职称"), choices=HostTitle.choices)
    host_honour = forms.ChoiceField(label=_("主持人荣誉"), choices=HostHonour.choices)
    subject = forms.CharField(label=_("学科"), max_length=30, required=False)
    stage = forms.CharField(label=_("学段"), max_length=30, required=False)
    plan = forms.CharField(label=_("三年发展规划"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000)
    members = people_field(_("工作室成员（5至10人）"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        set_people(self.fields["members"], member_candidates(), blank=False)


def _initial(item) -> dict:
    details = StudioDetails.objects.filter(item=item).first()
    if details is None:
        return {}
    members = list(StudioMember.objects.filter(studio=item).exclude(state=MemberState.LEFT)
                   .order_by("pk").values_list("person_id", flat=True))
    return {"host_title": details.host_title, "host_honour": details.host_honour, "subject": details.subject,
            "stage": details.stage, "plan": details.plan, "members": members}


def _campaign_of(item):
    details = StudioDetails.objects.filter(item=item).select_related("campaign").first()
    return details.campaign if details else None


SLOTS = {"profile": _("主持人简介"), "honours": _("职称与荣誉证书"), "other": _("其他材料")}

STUDIO = StartKind(
    code=Studio.KIND, label=Studio._meta.verbose_name, flow_class=StudioFlow, form_class=StudioFieldsForm,
    create=studio_create, update=studio_update, submit=studio_submit, changes=studio_changes, initial=_initial,
    campaign_of=_campaign_of, slots=SLOTS,
)
