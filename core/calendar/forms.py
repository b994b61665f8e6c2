from django import forms
from django.contrib.admin.helpers import ActionForm
from django.utils.translation import gettext_lazy as _

from core.calendar.models import CalendarDay, CalendarSource
from core.calendar.services import FIRST_YEAR, LAST_YEAR


class EnterYearForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    source = forms.ChoiceField(
        label=_("生成方式"),
        choices=[
            (CalendarSource.ADMIN, _("按周末休息生成，然后逐日标注节假日和调休上班")),
            (CalendarSource.CHINESECALENDAR, _("采用 chinesecalendar 软件包中的国务院放假安排")),
        ],
        initial=CalendarSource.ADMIN,
        widget=forms.RadioSelect,
    )


class DayActionForm(ActionForm):
    """The admin's action bar on the day list, with a note that the actions write to each day."""

    note = forms.CharField(
        label=_("说明"),
        required=False,
        max_length=CalendarDay._meta.get_field("note").max_length,
        help_text=_("留空则保留原说明"),
    )


class HolidayNoticeForm(forms.Form):
    """The State Council's notice, pasted; the year only when the title is not pasted with it."""

    text = forms.CharField(
        label=_("通知全文"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("粘贴“国务院办公厅关于××××年部分节假日安排的通知”的全文（含标题），系统逐条识别放假和调休上班日期。"),
    )
    year = forms.IntegerField(
        label=_("年度"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False,
        help_text=_("粘贴的文字含标题时可不填。"),
    )
