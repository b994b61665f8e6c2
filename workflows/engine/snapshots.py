"""What the submitter sent each time, and what changed since the previous time.

Each (re)submission stores the item's fields (Item.snapshot_fields, which kinds extend) and its
current evidence files. A reviewer looking at a resubmission gets `changes(item)`: the fields
whose value differs and the files added, removed or replaced (same slot and name, new content).
"""

from dataclasses import dataclass, field

from workflows.engine.files.attachments import describe
from workflows.engine.models import Submission


def take(*, item, by, process=None) -> Submission:
    """Store the next submission of `item` as it is now."""
    last = item.submissions.order_by("-number").values_list("number", flat=True).first() or 0
    files = [describe(a) for a in item.attachments.filter(decision__isnull=True, removed_at__isnull=True)]
    return Submission.objects.create(
        item=item, number=last + 1, process=process, submitted_by=by,
        fields=item.snapshot_fields(), files=files,
    )


@dataclass
class FieldChange:
    name: str
    label: str
    old: object
    new: object


@dataclass
class Changes:
    fields: list[FieldChange] = field(default_factory=list)
    files_added: list[dict] = field(default_factory=list)
    files_removed: list[dict] = field(default_factory=list)
    # (old, new) pairs: the same slot and file name with different content
    files_replaced: list[tuple[dict, dict]] = field(default_factory=list)

    def __bool__(self):
        return bool(self.fields or self.files_added or self.files_removed or self.files_replaced)


def diff(old: Submission, new: Submission, labels: dict | None = None) -> Changes:
    labels = labels or {}
    changes = Changes()
    for name in list(dict.fromkeys([*old.fields, *new.fields])):
        before, after = old.fields.get(name), new.fields.get(name)
        if before != after:
            changes.fields.append(FieldChange(name, str(labels.get(name, name)), before, after))
    old_files = {(f["slot"], f["name"]): f for f in old.files}
    new_files = {(f["slot"], f["name"]): f for f in new.files}
    for key, file in new_files.items():
        if key not in old_files:
            changes.files_added.append(file)
        elif old_files[key]["sha256"] != file["sha256"]:
            changes.files_replaced.append((old_files[key], file))
    changes.files_removed = [file for key, file in old_files.items() if key not in new_files]
    return changes


def changes(item) -> Changes | None:
    """What changed in the latest submission against the one before; None for a first one."""
    latest = list(item.submissions.order_by("-number")[:2])
    if len(latest) < 2:
        return None
    return diff(latest[1], latest[0], labels=item.as_kind().snapshot_labels())
