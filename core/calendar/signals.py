from django.dispatch import Signal

# Sent after the transaction that entered a year or corrected days has committed, with
# years=[...] (sorted, each once). Receivers recompute whatever they left pending for those years.
# Sent with send_robust: a failing receiver is logged and does not stop the others.
calendar_changed = Signal()
