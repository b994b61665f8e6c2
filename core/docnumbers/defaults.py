"""The document types the workflows issue, with the bureau's agency codes, for a fresh install.

The code refers to types by `code` (a list's 决定 and 批复, tenure's 撤销决定, 常态督导's 整改通知书); without rows for
them every 发文 is refused until the 办公室 enters them. `seed_document_types` writes these once;
it never changes a type the 办公室 has edited (its prefix is theirs to keep)."""

from django.utils.translation import gettext_lazy as _

from core.docnumbers.models import DocumentType

DEFAULT_TYPES = (
    ("decision", _("决定"), "沈教发"),
    ("approval", _("批复"), "沈教批"),
    ("revocation", _("撤销决定"), "沈教发"),
    ("inspection_opinion", _("督导意见书"), "沈教督"),
    # 常态督导: a 责任督学's notice to a school (workflows.inspection.routine.notices).
    ("rectification_notice", _("整改通知书"), "沈教督改"),
)


def seed_document_types() -> list[str]:
    """Create the missing default types; returns the codes created."""
    created = []
    for code, name, prefix in DEFAULT_TYPES:
        _row, made = DocumentType.objects.get_or_create(code=code, defaults={"name": str(name), "prefix": prefix})
        if made:
            created.append(code)
    return created
