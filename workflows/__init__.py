"""The workflow engine (engine/) and, later, one package per item kind.

Depends on `notifications` and `core`; neither imports it.
"""
