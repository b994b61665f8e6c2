"""The meeting pages' forms: what a person types. The rules (who may take part, when) are the
service's (workflows.engine.meetings), which says in Chinese what is wrong."""

from django import forms
from django.utils.translation import gettext_lazy as _

from workflows.engine.meetings.models import Attendance
from workflows.web.forms import MultipleFileField
from workflows.web.picker import people_field, set_people

WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ScheduleForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("会议时间"), widget=WHEN, input_formats=["%Y-%m-%dT%H:%M"])
    place = forms.CharField(label=_("会议地点"), max_length=200)
    agenda = forms.CharField(label=_("会议议程"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    # Checked again by the service (participant_refusal): a forged "role:id" is refused there too.
    participants = people_field(_("参会人"), coerce=str, required=False)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        set_people(self.fields["participants"], candidates, blank=False)

    def seats(self) -> list[dict]:
        return [{"user": value.split(":")[1], "role": value.split(":")[0]}
                for value in self.cleaned_data["participants"]]


class MoveForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("新的会议时间"), widget=WHEN, input_formats=["%Y-%m-%dT%H:%M"])
    place = forms.CharField(label=_("新的会议地点（不变可不填）"), max_length=200, required=False)
    reason = forms.CharField(label=_("改期理由"), widget=forms.Textarea(attrs={"rows": 2}))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("取消理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("请填写取消会议的理由。")})


class AttendanceForm(forms.Form):
    """One choice per participant (field name: the user's id)."""

    def __init__(self, *args, participants=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(value, label) for value, label in Attendance.choices if value]
        for seat in participants:
            self.fields[f"u{seat.user_id}"] = forms.ChoiceField(
                label=f"{seat.user.full_name or seat.user.username}（{seat.get_role_display()}）", choices=choices,
                initial=seat.attendance or None, widget=forms.RadioSelect, required=False)

    def attendance(self) -> dict:
        return {name[1:]: value for name, value in self.cleaned_data.items() if value}


class MinutesForm(forms.Form):
    text = forms.CharField(label=_("会议纪要"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    files = MultipleFileField(label=_("纪要附件"), required=False)
