"""抄送: copies for information, declared on a step or sent by a handler: who may be copied (rules), the rows
(models) and the act (services)."""
