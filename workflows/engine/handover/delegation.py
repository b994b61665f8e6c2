"""A delegated task (委派): who holds it and who acts on it. Read by who-may-act (access) and by
the hand-over rules alike, so it depends on nothing."""

# Who acts on a delegated task (open_task's `delegation`): the delegate hands it back, the
# handler recalls it.
AS_DELEGATE = "as_delegate"
AS_HANDLER = "as_handler"


def delegation_of(task) -> dict | None:
    """{"handler": id, "delegate": id} while the task is delegated, else None."""
    return (task.data or {}).get("delegation")
