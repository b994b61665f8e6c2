"""The accreditation kind as something a school starts (发起申报): it runs every programme whose
kind is "accreditation" (the seeded 2021 programmes and any the departments add). Its form is the
application's text plus a score and a note per indicator of the campaign's programme's rubric
(`ApplicationForm.for_campaign`); the evidence slots are the programme's (StartKind.evidence_slots)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from workflows.accreditation.assessment import NOTE_MAX, indicators_of
from workflows.accreditation.flows import AccreditationFlow
from workflows.accreditation.models import Accreditation, AccreditationDetails
from workflows.accreditation.services import (
    accreditation_changes,
    accreditation_create,
    accreditation_submit,
    accreditation_update,
    second_live_refusal,
)
from workflows.engine.start.kinds import StartKind

SCORE = "score_"
NOTE = "note_"


class ApplicationForm(forms.Form):
    """申报摘要 and 办学特色; the per-campaign subclass adds 自评得分 and 自评说明 per indicator and
    folds them into `self_assessment` ({code: {"score", "note"}}) for the services."""

    summary = forms.CharField(label=_("申报摘要"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
                              max_length=5000)
    features = forms.CharField(label=_("办学特色"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
                               max_length=5000)
    indicators = ()

    @classmethod
    def for_campaign(cls, campaign):
        specs = indicators_of(campaign)
        fields = {"indicators": tuple(specs)}
        for spec in specs:
            maximum = f"{spec.max_score.normalize():f}"
            fields[SCORE + spec.code] = forms.DecimalField(
                label=_("%(code)s %(name)s：自评得分（满分%(max)s）") % {"code": spec.code, "name": spec.name, "max": maximum},
                min_value=0, max_value=spec.max_score, decimal_places=2, required=False)
            fields[NOTE + spec.code] = forms.CharField(label=_("%(code)s 自评说明") % {"code": spec.code},
                                                       max_length=NOTE_MAX, required=False)
        return type("CampaignApplicationForm", (cls,), fields)

    def clean(self):
        data = super().clean()
        assessment = {}
        for spec in self.indicators:
            score, note = data.pop(SCORE + spec.code, None), (data.pop(NOTE + spec.code, "") or "").strip()
            if score is not None or note:
                assessment[spec.code] = {"score": "" if score is None else str(score), "note": note}
        data["self_assessment"] = assessment
        return data


def _initial(item) -> dict:
    details = AccreditationDetails.objects.filter(item=item).first()
    if details is None:
        return {}
    values = {"summary": details.summary, "features": details.features}
    for code, entry in details.self_assessment.items():
        values[SCORE + code] = entry.get("score") or None
        values[NOTE + code] = entry.get("note", "")
    return values


def _campaign_of(item):
    details = AccreditationDetails.objects.filter(item=item).select_related("campaign__programme").first()
    return details.campaign if details else None


ACCREDITATION = StartKind(
    code=Accreditation.KIND, label=Accreditation._meta.verbose_name, flow_class=AccreditationFlow,
    form_class=ApplicationForm, create=accreditation_create, update=accreditation_update,
    submit=accreditation_submit, changes=accreditation_changes, initial=_initial, campaign_of=_campaign_of,
    refusal=second_live_refusal,
)
