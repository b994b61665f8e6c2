"""`Optional`: viewflow's exclusive gateway (If) whose condition is data read at run time.

`when` is a field path on the item (`"sample_visit__programme__onsite_visit"`, followed as
Django's lookups are: attribute by attribute) or a callable `(item) -> bool`. Nothing about the
choice is frozen in the flow's code: flipping the programme's field changes the next item that
reaches the branch, and none before it.

The branch runs inside the act that reached it (viewflow activates gateways in the middle of the
act's execute()): it passes that act's `opened` list on, so the stage it opens gets its deadline
and reminders from workflows.engine.opening like any other, and it records its choice on the
act's activation (`choices.landing` reads it back for the item's status and the timeline).
"""

from django.utils.translation import gettext_lazy as _
from viewflow.workflow.base import Edge
from viewflow.workflow.nodes import If

CHOICES = "branch_choices"


def read_path(item, path: str):
    """The value at `path` (Django lookup style, `a__b__c`) from `item`; None where a link is
    missing (an item without a programme takes the `otherwise` path)."""
    value = item
    for part in path.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


class Optional(If):
    """An optional stage: `stage` opens when `when` holds for the item, else `otherwise`.
    `title` is the condition in words (Chinese), drawn under the diamond in the flow chart and
    written in the timeline when the stage is skipped."""

    def __init__(self, *, when, title, stage, otherwise):
        super().__init__(cond=self._evaluate)
        self.when = when
        self.task_title = title
        self.Then(stage).Else(otherwise)

    def _evaluate(self, activation) -> bool:
        item = activation.process.artifact.as_kind()
        taken = bool(self.when(item)) if callable(self.when) else bool(read_path(item, self.when))
        activation.branch_choices[self.name] = taken
        return taken

    def _resolve(self, instance):
        super()._resolve(instance)
        # If._resolve resolves the condition as a `this` reference; ours is a bound method.
        self._condition = self._evaluate

    @property
    def stage(self):
        return self._on_true

    @property
    def otherwise(self):
        return self._on_false

    def _outgoing(self):
        yield Edge(src=self, dst=self._on_true, edge_class="cond_true", label=_("是"))
        yield Edge(src=self, dst=self._on_false, edge_class="cond_false", label=_("否，跳过"))

    def _create(self, prev_activation, token, data=None, seed=None):
        activation = super()._create(prev_activation, token, data=data, seed=seed)
        # The act's own lists, shared down a chain of branches: what opened, what was chosen.
        activation.opened = prev_activation.opened
        activation.branch_choices = prev_activation.__dict__.setdefault(CHOICES, {})
        return activation

