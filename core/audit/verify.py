"""Checking the hash chains: the engine of `manage.py audit_verify`.

Each target's events are walked in seq order. For every event: the seq must continue without a
gap, the HMAC must match the stored fields, and prev_hash must be the previous event's hash; at
the end the chain head must point at the last event. The first thing wrong in a chain is
reported with what kind of tampering explains it. Every head's signature must be valid, and the
newest checkpoint's counts must still hold (see checkpoints.py).
"""

from dataclasses import dataclass, field
from itertools import groupby

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.checkpoints import latest_checkpoint
from core.audit.hashing import (
    GENESIS,
    checkpoint_signature,
    effective_key_id,
    event_hash,
    head_signature,
    is_known_key,
    signing_key_id,
)
from core.audit.models import AuditChainHead, AuditEvent

ALTERED, REMOVED, REORDERED, BROKEN_LINK, HEAD_MISMATCH = "altered", "removed", "reordered", "broken_link", "head"
FORGED_HEAD, CHECKPOINT = "forged_head", "checkpoint"
UNKNOWN_KEY, RETIRED_KEY = "unknown_key", "retired_key"


@dataclass(frozen=True)
class Problem:
    kind: str
    target: str  # "app_label.model#pk «label»"
    seq: int
    event_id: str  # "" when the event itself is gone
    detail: str

    def __str__(self):
        return f"{self.target} seq={self.seq} id={self.event_id or '-'}: {self.detail}"


@dataclass
class Report:
    chains: int = 0
    events: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_chains(*, chunk_size: int = 2000) -> Report:
    heads = {
        (h.content_type_id, h.object_id): h
        for h in AuditChainHead.objects.all().iterator(chunk_size=chunk_size)
    }
    report = Report()
    problem = _check_checkpoint(list(heads.values()))
    if problem:
        report.problems.append(problem)
    events = AuditEvent.objects.order_by("content_type_id", "object_id", "seq").iterator(chunk_size=chunk_size)
    for key, chain in groupby(events, key=lambda e: (e.content_type_id, e.object_id)):
        chain = list(chain)
        report.chains += 1
        report.events += len(chain)
        problem = check_chain(chain, heads.pop(key, None))
        if problem:
            report.problems.append(problem)
    # Heads whose events are all gone.
    for (content_type_id, object_id), head in heads.items():
        problem = _head_problem(head, _target_name(content_type_id, object_id, ""))
        if problem:
            report.problems.append(problem)
        elif head.last_seq:
            report.chains += 1
            report.problems.append(Problem(
                REMOVED, _target_name(content_type_id, object_id, ""), 1, "",
                _("该对象的全部 %(n)s 个事件均已缺失（被删除）") % {"n": head.last_seq},
            ))
    return report


def check_chain(chain: list, head) -> Problem | None:
    """The first problem of one target's chain (events sorted by seq), or None."""
    first = chain[0]
    target = _target_name(first.content_type_id, first.object_id, chain[-1].target_label)
    prev_hash = GENESIS
    highest = max(chain[-1].seq, head.last_seq if head else 0)
    for position, event in enumerate(chain, start=1):
        if not is_known_key(event.key_id):
            return Problem(UNKNOWN_KEY, target, event.seq, str(event.id), _(
                "事件的签名密钥“%(key)s”不在 AUDIT_HMAC_KEYS 中：补上该密钥，或事件被伪造"
            ) % {"key": event.key_id})
        # The hash first: an event that fails it was edited or moved, whatever else looks wrong.
        if event.hash != event_hash(event):
            return _explain_bad_hash(event, target, highest)
        if event.seq != position:
            return Problem(REMOVED, target, position, "", _(
                "第 %(first)s 至第 %(last)s 号事件缺失（被删除）；其后现存的是第 %(seq)s 号事件（id=%(id)s）"
            ) % {"first": position, "last": event.seq - 1, "seq": event.seq, "id": event.id})
        if event.prev_hash != prev_hash:
            return Problem(BROKEN_LINK, target, event.seq, str(event.id), _(
                "与前一事件的哈希链接断开（前面的事件被替换、删除或重排）"
            ))
        prev_hash = event.hash
    last = chain[-1]
    if head is None:
        return Problem(HEAD_MISMATCH, target, last.seq, str(last.id), _("缺少链头记录"))
    problem = _head_problem(head, target)
    if problem:
        return problem
    if head.last_seq > last.seq:
        return Problem(REMOVED, target, last.seq + 1, "", _(
            "链末尾的第 %(first)s 至第 %(last)s 号事件缺失（被删除）"
        ) % {"first": last.seq + 1, "last": head.last_seq})
    if head.last_seq != last.seq or head.last_hash != last.hash:
        return Problem(HEAD_MISMATCH, target, last.seq, str(last.id), _(
            "链头（第 %(seq)s 号）与最后一个事件不符"
        ) % {"seq": head.last_seq})
    return None


def _head_problem(head, target: str) -> Problem | None:
    """A head signed with an unknown key, not with its key, or (after a rotation) with a retired
    one: audit_rotate_key re-signs every head, so a retired key on a head is a forgery or an
    unfinished rotation."""
    if not is_known_key(head.key_id) or head.signature != head_signature(head):
        return _forged_head(head, target)
    if effective_key_id(head.key_id) != signing_key_id():
        return Problem(RETIRED_KEY, target, head.last_seq, "", _(
            "链头以已停用的密钥“%(key)s”签名：密钥轮换后须运行 manage.py audit_rotate_key"
        ) % {"key": effective_key_id(head.key_id)})
    return None


def _forged_head(head, target: str) -> Problem:
    return Problem(FORGED_HEAD, target, head.last_seq, "", _(
        "链头（第 %(seq)s 号）的签名不符：链头被改写或回退，链末尾的事件可能已被删除"
    ) % {"seq": head.last_seq})


def _check_checkpoint(heads: list) -> Problem | None:
    """The newest checkpoint must be genuine and its heads still there, with as many events."""
    checkpoint = latest_checkpoint()
    if checkpoint is None:
        return None
    name = _("审计检查点 #%(id)s") % {"id": checkpoint.pk}
    if not is_known_key(checkpoint.key_id) or checkpoint.signature != checkpoint_signature(checkpoint):
        return Problem(CHECKPOINT, name, 0, "", _("检查点被修改或伪造（签名不符）"))
    if effective_key_id(checkpoint.key_id) != signing_key_id():
        return Problem(RETIRED_KEY, name, 0, "", _(
            "最新的检查点以已停用的密钥“%(key)s”签名：密钥轮换后须运行 manage.py audit_rotate_key"
        ) % {"key": effective_key_id(checkpoint.key_id)})
    covered = [head for head in heads if head.pk <= checkpoint.last_head_id]
    events = sum(head.last_seq for head in covered)
    if len(covered) < checkpoint.chains or events < checkpoint.events:
        return Problem(CHECKPOINT, name, 0, "", _(
            "检查点（%(time)s）记录了 %(chains)s 条链、共 %(events)s 个事件，这些链现在只剩 %(now_chains)s 条、"
            "共 %(now_events)s 个事件：有整条链连同链头被删除，或链被截短且链头被回退"
        ) % {"time": timezone.localtime(checkpoint.created_at).isoformat(timespec="seconds"), "chains": checkpoint.chains,
             "events": checkpoint.events, "now_chains": len(covered), "now_events": events})
    return None


def _explain_bad_hash(event, target: str, highest: int) -> Problem:
    # If the stored hash is right for another position, the event was moved rather than edited.
    for seq in range(1, highest + 2):
        if seq != event.seq and event_hash(event, seq=seq) == event.hash:
            return Problem(REORDERED, target, event.seq, str(event.id), _(
                "事件顺序被改动：该事件原为第 %(original)s 号，现位于第 %(seq)s 号"
            ) % {"original": seq, "seq": event.seq})
    return Problem(ALTERED, target, event.seq, str(event.id), _("事件内容被修改（哈希不符）"))


def _target_name(content_type_id: int, object_id: str, label: str) -> str:
    ct = ContentType.objects.get_for_id(content_type_id)
    name = f"{ct.app_label}.{ct.model}#{object_id}"
    return f"{name} «{label}»" if label else name
