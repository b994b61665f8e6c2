"""批量审批: one comment, several tasks of one step approved, each in its own transaction.

`rules.py` says what a batch may hold (how many, one flow's one step, a step that is decided by
通过 alone) and which of the chosen tasks the user may even know of; `services.approve_tasks`
runs `approve_task` once per task, so every rule of a single approval applies to each one, and
reports each task's outcome (done, or refused and why).
"""
