"""Seams around the moment a delivery leaves the system, for monitoring and for the reliability
tests, which kill a worker exactly before or after it.

    before_handoff   sent with delivery=..., just before the message goes to the mail backend
                     or the robot; nothing has left yet
    after_handoff    sent with delivery=..., just after; the message has left but is not yet
                     recorded as sent
"""

from django.dispatch import Signal

before_handoff = Signal()
after_handoff = Signal()
