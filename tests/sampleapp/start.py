"""The sample kind as something a school starts (发起申报): its fields as a form and its services
(workflows.engine.start.kinds). It runs the programmes whose kind is "sample"; the school types
each is open to are the programme's data (`SCHOOL_TYPES` is what the tests' and the demo's
新优质均衡学校 programme admits)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.orgs.models import SchoolType
from tests.sampleapp.flows import ApplicationFlow
from tests.sampleapp.models import SampleApplication, SampleDetails
from tests.sampleapp.services import sample_changes, sample_create, sample_submit, sample_update
from workflows.engine.start.kinds import StartKind

# 新优质均衡学校 is a programme of compulsory education: primary, junior and nine-year schools.
SCHOOL_TYPES = [SchoolType.PRIMARY, SchoolType.JUNIOR, SchoolType.NINE_YEAR]


class SampleFieldsForm(forms.Form):
    summary = forms.CharField(label=_("申报摘要"), widget=forms.Textarea(attrs={"rows": 5}), required=False,
                              max_length=2000)
    pupils = forms.IntegerField(label=_("在校生人数"), min_value=0, max_value=100000, initial=0)


def _initial(item) -> dict:
    details = SampleDetails.objects.filter(item=item).first()
    return {"summary": details.summary, "pupils": details.pupils} if details else {}


def _campaign_of(item):
    details = SampleDetails.objects.filter(item=item).select_related("campaign").first()
    return details.campaign if details else None


SAMPLE = StartKind(
    code=SampleApplication.KIND, label=SampleApplication._meta.verbose_name, flow_class=ApplicationFlow,
    form_class=SampleFieldsForm, create=sample_create, update=sample_update,
    submit=sample_submit, changes=sample_changes, initial=_initial, campaign_of=_campaign_of,
)
