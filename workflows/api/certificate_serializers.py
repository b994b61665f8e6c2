from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from workflows.engine.certificates.models import Certificate, CertificateState


class CertificateSerializer(serializers.ModelSerializer):
    state = serializers.ChoiceField(choices=CertificateState.choices, read_only=True, help_text=_("证书状态（随认定）"))
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = Certificate
        fields = ["id", "number", "item", "tenure", "holder", "programme", "title", "issued_on", "starts_on",
                  "valid_until", "state", "state_label"]
        read_only_fields = fields
