"""批量审批 on the 待办 and 可领取 pages: which rows get a checkbox. A row is selectable when its step
may be approved in a batch (batch_approval.rules) and at least one other row of the page is at
the same flow's same step; the page names those steps, so the user sees what goes together."""

from dataclasses import dataclass, field

from workflows.engine.batch_approval import rules


@dataclass
class BatchOffer:
    """The steps of this page whose tasks may be approved together: (key, label, count), the
    label naming the kind too (two kinds' flows may both have a 区县审核)."""

    steps: list[tuple[str, str, int]] = field(default_factory=list)
    limit: int = 0

    def __bool__(self) -> bool:
        return bool(self.steps)


def mark_selectable(rows) -> BatchOffer:
    """Set each row's `batch_step` (its step's key, or "" when it cannot be batched here)."""
    groups: dict[str, list] = {}
    for row in rows:
        row.batch_step = ""
        if rules.batchable(row.task.flow_task):
            groups.setdefault(rules.step_key(row.task), []).append(row)
    offer = BatchOffer(limit=rules.batch_max())
    for key, grouped in groups.items():
        if len(grouped) < 2:
            continue
        for row in grouped:
            row.batch_step = key
        offer.steps.append((key, rules.step_label(grouped[0].task.flow_task), len(grouped)))
    return offer
