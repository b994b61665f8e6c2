"""Test-only app for worker processes: pauses a delivery at a hand-off point, so the test can
kill the process exactly there.

The test writes "<control dir>/pause-<stage>" holding a delivery key; the first process to reach
that stage for that key writes "paused-<stage>" with its pid and waits (until "release" appears,
or a minute passes). Later attempts at the same key pass straight through.
"""
