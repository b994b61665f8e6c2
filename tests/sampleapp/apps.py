from django.apps import AppConfig


class SampleAppConfig(AppConfig):
    name = "tests.sampleapp"
    label = "sampleapp"
    verbose_name = "示例申报"
    default_auto_field = "django.db.models.BigAutoField"
