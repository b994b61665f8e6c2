"""Timeout actions: `Step(..., limit=WorkingDays(5)).OnTimeout(this.target)`.

viewflow's timer boundary (cancelled when the task completes, fired by `fire_due_timers()` under
the flow's lock), with three differences:

- It is armed by workflows.engine.opening right after the new task's deadline is stored, in the
  act that opened the task, not by viewflow when it creates the task (Step._create).
- Its moment is the task's due_at from the deadline table, read by `timer_due_at`, which never
  raises. While the deadline is pending the timer stays unarmed (`scheduled` empty, so the
  dispatcher does not see it); workflows.engine.deadlines.services re-arms it whenever due_at changes.
- Firing runs the service `workflows.engine.deadlines.timeout_services.time_out_task`: it closes the
  step, opens the target, moves the item's status with the kind's FSM transition, and writes the
  audit event and the notifications. The target is a Step or a Finish (the checks refuse the
  revision step: a timeout is not a return).
"""

from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist
from viewflow.workflow.activation import Activation
from viewflow.workflow.flow.nodes import TimerBoundary
from viewflow.workflow.nodes.boundary import TimerBoundaryActivation
from viewflow.workflow.status import STATUS

# What firing does is a service (timeout_services.time_out_task), which needs the nodes this
# module is part of: it registers itself here when imported, which WorkflowsConfig.ready() does.
_fire = None


def fires_with(service):
    """Make `service(timer=activation)` what a due timer does (timeout_services registers it)."""
    global _fire
    _fire = service
    return service


def timer_due_at(activation):
    """The timer's moment: the due_at of the task it is attached to; None (not armed) while that
    deadline is pending or the step has none. Never raises. When the task has just been opened,
    its deadline row is still cached on it, so this costs no query."""
    host = getattr(activation, "host_task", None)
    if host is None:
        return None
    try:
        return host.deadline.due_at
    except ObjectDoesNotExist:  # no deadline row: a step without a limit
        return None


class DeadlineTimerActivation(TimerBoundaryActivation):
    host_task = None  # set on creation: the task this timer guards

    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        activation = super().create(flow_task, prev_activation, token, data=data, seed=seed)
        activation.host_task = prev_activation.task
        return activation

    @Activation.status.transition(source=STATUS.NEW, target=STATUS.SCHEDULED)
    def activate(self):
        # viewflow's own activate insists on a moment; ours may be None (pending: not armed).
        self.task.scheduled = self.flow_task._delay(self)
        self.task.save(update_fields=["scheduled", "status"])

    @Activation.status.transition(source=STATUS.STARTED)
    def execute(self):
        if _fire is None:
            raise ImproperlyConfigured("no timeout service: import workflows.engine.deadlines.timeout_services")
        _fire(timer=self)


class DeadlineTimeout(TimerBoundary):
    """The boundary `Step.OnTimeout` attaches: fires at the step's due_at."""

    activation_class = DeadlineTimerActivation

    def __init__(self, *, title=None, when=None):
        super().__init__(None, delay=timer_due_at, interrupting=True)
        # `when(item)`: whether the timeout applies to this item (data, e.g. an inspection plan's
        # 逾期处理方式); where it does not, no timer is armed and the reminders and escalations of
        # the deadline's policy are all that happens.
        self.when = when
        if title is not None:
            self.Annotation(title=title)

    def arms_on(self, item) -> bool:
        return self.when is None or bool(self.when(item))

    @property
    def step(self):
        return self._attached_to
