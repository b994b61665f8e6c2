"""Reading one cell of an import: the checks the kinds share, each returning the value or
raising CellError with the Chinese message the report shows."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _


class CellError(ValueError):
    pass


# A mainland mobile number: 11 digits from 13x to 19x (ASCII only: \d would take full-width ones).
MOBILE_RE = re.compile(r"1[3-9][0-9]{9}")


def required(text: str, *, max_length: int) -> str:
    if not text:
        raise CellError(_("必填，不能为空。"))
    return limited(text, max_length=max_length)


def limited(text: str, *, max_length: int) -> str:
    if len(text) > max_length:
        raise CellError(_("最多 %(n)d 个字，现有 %(len)d 个。") % {"n": max_length, "len": len(text)})
    return text


def mobile(text: str) -> str:
    """A mainland mobile number, written with spaces, hyphens or +86 as people do; stored as 11 digits."""
    number = re.sub(r"[\s\-]", "", text)
    if number.startswith("+86"):
        number = number[3:]
    if not MOBILE_RE.fullmatch(number):
        raise CellError(_("“%(text)s”不是有效的大陆手机号（11位，以1开头）。") % {"text": text})
    return number


def choice(text: str, labels: dict[str, str], what: str) -> str:
    """The code of a label ("公办" → "public")."""
    if text not in labels:
        raise CellError(_("“%(text)s”不是可选的%(what)s；可选：%(choices)s。")
                        % {"text": text, "what": what, "choices": _("、").join(labels)})
    return labels[text]


def email(text: str) -> str:
    if not text:
        return ""
    try:
        validate_email(text)
    except ValidationError:
        raise CellError(_("“%(text)s”不是有效的电子邮箱地址。") % {"text": text}) from None
    return limited(text.lower(), max_length=254)


def read_cells(row: dict, readers: dict) -> dict:
    """{key: reader(row[key])} for every reader; raises RowErrors with every cell that failed."""
    from core.imports.registry import RowErrors

    values, errors = {}, {}
    for key, reader in readers.items():
        try:
            values[key] = reader(row.get(key, ""))
        except CellError as exc:
            errors[key] = str(exc)
    if errors:
        raise RowErrors(errors)
    return values
