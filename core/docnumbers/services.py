"""The document-number register: one function per change, each one transaction with an audit event.

Numbers run per prefix and year without gaps and are never reused. Every change locks the
(prefix, year) counter row first, so issuing, registering, renumbering and voiding in one series
happen one at a time. Invariant kept by every function here: a counter's `next_number` is never a
number already in the register, so it is exactly what the next `issue` returns.
"""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import record_event
from core.docnumbers.models import (
    MAX_NUMBER,
    MAX_YEAR,
    MIN_YEAR,
    DocNumber,
    DocumentType,
    NumberCounter,
    Origin,
)
from core.docnumbers.permissions import require_register_manager

PREFIX_MAX_LENGTH = 20
TITLE_MAX_LENGTH = 300
# Issuers queue on the counter row for milliseconds each; a wait this long means something holds
# the row in a long transaction, and the user is better served by a clear message than a hang.
LOCK_TIMEOUT = "5s"
FORBIDDEN_IN_PREFIX = "〔〕[]()（）"


@transaction.atomic
def issue(prefix: str, year: int, *, title: str = "", by=None) -> DocNumber:
    """The next number of this prefix and year, e.g. 沈教发〔2021〕1号. Skips numbers that are
    already in the register (registered from outside, or voided)."""
    prefix, year = _clean_series(prefix, year)
    title = _clean_title(title, required=False)
    counter = _lock_counter(prefix, year)
    doc = DocNumber.objects.create(
        prefix=prefix, year=year, number=counter.next_number, origin=Origin.ISSUED, title=title, created_by=_person(by)
    )
    _advance(counter)
    record_event(action="docnumber.issued", target=doc, actor=by, data={"text": doc.text, "title": title})
    return doc


def issue_for_type(doc_type_code: str, year: int, *, title: str = "", by=None) -> DocNumber:
    """Issue with the prefix that the document type currently uses (data the 办公室 edits)."""
    doc_type = DocumentType.objects.filter(code=doc_type_code, is_active=True).first()
    if doc_type is None:
        raise ValidationError({"doc_type": _("未知或已停用的公文类型：%(code)s") % {"code": doc_type_code}})
    return issue(doc_type.prefix, year, title=title, by=by)


@transaction.atomic
def register_external(*, prefix: str, year: int, number: int, title: str, by) -> DocNumber:
    """Record a number the bureau issued outside this system, so that it is never issued here."""
    require_register_manager(by)
    prefix, year = _clean_series(prefix, year)
    number = _clean_number(number, field="number")
    title = _clean_title(title, required=True)
    counter = _lock_counter(prefix, year)
    existing = DocNumber.objects.filter(prefix=prefix, year=year, number=number).first()
    if existing is not None:
        raise ValidationError({"number": _already_in_register(existing)})
    doc = DocNumber.objects.create(
        prefix=prefix, year=year, number=number, origin=Origin.EXTERNAL, title=title, created_by=_person(by)
    )
    _advance(counter)
    record_event(action="docnumber.registered", target=doc, actor=by, data={"text": doc.text, "title": title})
    return doc


@transaction.atomic
def set_next_number(*, prefix: str, year: int, next_number: int, by) -> NumberCounter:
    """Make `next_number` the next number issued. Moving back is refused if any number from there
    up to the current next one is in the register (that would reuse it); moving forward leaves the
    numbers in between unissued (register them if they were used outside)."""
    require_register_manager(by)
    prefix, year = _clean_series(prefix, year)
    wanted = _clean_number(next_number, field="next_number")
    counter = _lock_counter(prefix, year)
    current = counter.next_number
    if wanted == current:
        return counter
    upper = current if wanted < current else wanted + 1
    clash = DocNumber.objects.filter(prefix=prefix, year=year, number__gte=wanted, number__lt=upper).order_by("number")
    first = clash.first()
    if first is not None:
        raise ValidationError({"next_number": _already_in_register(first) + _("下一个号不能设为已存在的文号或回退到其之前。")})
    counter.next_number = wanted
    counter.save(update_fields=["next_number"])
    record_event(
        action="docnumber.next_set",
        target=counter,
        actor=by,
        data={"prefix": prefix, "year": year, "from": current, "to": wanted},
    )
    return counter


@transaction.atomic
def void(*, prefix: str, year: int, number: int, reason: str, by) -> DocNumber:
    """Void a number, with the reason. A number nobody used yet enters the register as voided; a
    voided number is never issued or registered again."""
    require_register_manager(by)
    prefix, year = _clean_series(prefix, year)
    number = _clean_number(number, field="number")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("作废文号必须填写原因。")})
    counter = _lock_counter(prefix, year)
    doc = DocNumber.objects.select_for_update().filter(prefix=prefix, year=year, number=number).first()
    if doc is None:
        doc = DocNumber(prefix=prefix, year=year, number=number, origin=Origin.UNUSED, created_by=_person(by))
    elif doc.is_voided:
        raise ValidationError({"number": _already_in_register(doc)})
    doc.voided_at = timezone.now()
    doc.voided_by = _person(by)
    doc.void_reason = reason
    doc.save()
    _advance(counter)
    record_event(action="docnumber.voided", target=doc, actor=by, comment=reason, data={"text": doc.text})
    return doc


# --- helpers ------------------------------------------------------------------------------------


def _lock_counter(prefix: str, year: int) -> NumberCounter:
    """The series' counter row, created if new, locked until the end of the transaction."""
    with _bounded_lock_wait():
        NumberCounter.objects.bulk_create([NumberCounter(prefix=prefix, year=year)], ignore_conflicts=True)
        return NumberCounter.objects.select_for_update().get(prefix=prefix, year=year)


@contextmanager
def _bounded_lock_wait():
    # PostgreSQL: wait at most LOCK_TIMEOUT for the row, then restore the caller's setting, since
    # SET LOCAL would otherwise last for the rest of the caller's transaction. (SQLite serialises
    # writers itself: IMMEDIATE transactions with a busy timeout.)
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('lock_timeout'), set_config('lock_timeout', %s, true)", [LOCK_TIMEOUT])
        previous = cursor.fetchone()[0]
    try:
        yield
    except OperationalError as exc:
        if getattr(exc.__cause__, "sqlstate", None) == "55P03":  # lock_not_available
            raise ValidationError(_("文号正被他人占用，请稍后重试。")) from exc
        raise
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])


def _advance(counter: NumberCounter) -> None:
    """Move the counter to the first number at or after it that is not in the register."""
    taken = DocNumber.objects.filter(
        prefix=counter.prefix, year=counter.year, number__gte=counter.next_number
    ).order_by("number").values_list("number", flat=True)
    candidate = counter.next_number
    for number in taken.iterator():
        if number != candidate:
            break
        candidate += 1
    if candidate != counter.next_number:
        counter.next_number = candidate
        counter.save(update_fields=["next_number"])


def _clean_series(prefix, year) -> tuple[str, int]:
    prefix = (prefix or "").strip()
    if not prefix:
        raise ValidationError({"prefix": _("文号前缀不能为空。")})
    if len(prefix) > PREFIX_MAX_LENGTH or any(ch.isspace() or ch in FORBIDDEN_IN_PREFIX for ch in prefix):
        raise ValidationError(
            {"prefix": _("文号前缀应为不超过%(max)d个字的机关代字，不含空格和括号，如“沈教发”。") % {"max": PREFIX_MAX_LENGTH}}
        )
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError({"year": _("年份应在%(min)d至%(max)d之间。") % {"min": MIN_YEAR, "max": MAX_YEAR}})
    return prefix, year


def _clean_number(number, *, field: str) -> int:
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= MAX_NUMBER:
        raise ValidationError({field: _("序号应为1至%(max)d之间的整数。") % {"max": MAX_NUMBER}})
    return number


def _clean_title(title, *, required: bool) -> str:
    title = (title or "").strip()
    if required and not title:
        raise ValidationError({"title": _("请填写文件标题。")})
    if len(title) > TITLE_MAX_LENGTH:
        raise ValidationError({"title": _("文件标题不能超过%(max)d个字。") % {"max": TITLE_MAX_LENGTH}})
    return title


def _already_in_register(doc: DocNumber) -> str:
    if doc.is_voided:
        return _("%(text)s 已作废，不能再使用。") % {"text": doc.text}
    return _("%(text)s 已在登记簿中（%(origin)s）。") % {"text": doc.text, "origin": doc.get_origin_display()}


def _person(by):
    return by if by is not None and by.is_authenticated else None
