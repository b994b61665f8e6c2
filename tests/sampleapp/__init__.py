"""A small application kind that proves the engine before the real kinds exist: installed by the
test and bench settings, and by core/settings.py under DEBUG so that `make run` has 待办."""
