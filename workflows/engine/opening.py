"""What opening a human task does beyond viewflow's task row and its assignment.

A Step's activation only creates the task, assigns it (workflows.engine.assignment) and lists it
in the act's `activation.opened`. The service that ran the act calls `tasks_opened` with that
list, in the act's transaction, right after viewflow's execute() (or whatever else opened tasks:
Submit.run, a vote opening the next member in 依次, 加签), and before it moves the item's status.
For each task, in the order they opened:

1. its owner takes part in the item (Participation ASSIGNEE; the submitter's own revision task
   needs none, the submitter takes part already);
2. its deadline and reminders (workflows.engine.deadlines.planning.open_deadline), when the step
   or its owner's rule has a limit;
3. the copies the step declares, Step(cc=...) (workflows.engine.carbon_copy.rules.copy_for_step: rows,
   participation, audit event `cc`, messages);
4. its boundary events armed: the timeout (workflows.engine.deadlines.timeouts) reads the due_at stored
   in 2., so viewflow's arming at creation is left to here (Step._create); a timeout whose `when`
   leaves this item out is not armed at all.

The service then tells the new handlers (notify.task_opened).
"""

from workflows.engine import assignment
from workflows.engine.assignment import Submitter
from workflows.engine.carbon_copy.rules import copy_for_step
from workflows.engine.deadlines.planning import open_deadline


def tasks_opened(activations, item) -> None:
    """Participation, deadline and reminders, declared copies and armed timeout of each task in
    `activations` (an act's `opened`), on `item`. The caller holds the process's lock."""
    for activation in activations:
        task, node = activation.task, activation.flow_task
        if task.owner_id and not isinstance(node.actor, Submitter):
            assignment.add_participant(user=task.owner, item=item, reason=assignment.ASSIGNEE)
        open_deadline(activation, item)
        if node.cc:
            copy_for_step(task, item)
        for boundary in node._boundary_events:
            arms_on = getattr(boundary, "arms_on", None)
            if arms_on is None or arms_on(item):
                boundary._arm(activation)
