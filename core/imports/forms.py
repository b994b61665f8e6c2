from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))
    scope = forms.ModelChoiceField(label=_("导入到"), queryset=None, required=False, empty_label=None)

    def __init__(self, *args, kind, user, **kwargs):
        super().__init__(*args, **kwargs)
        scopes = kind.scopes(user)
        if scopes is None:
            del self.fields["scope"]
        else:
            self.fields["scope"].queryset = scopes
            self.fields["scope"].required = True
