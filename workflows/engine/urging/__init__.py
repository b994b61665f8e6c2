"""催办: the submitter, the handler's superior or the owning department urges an open task, rate-limited: who may
and when again (rules), the act (services)."""
