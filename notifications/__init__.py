"""Notifications: policies, the outbox, the reminder schedule (and, later, the sweep, channels
and the inbox).

Other modules only write here through `notifications.api`; this app never imports `workflows`.
"""
