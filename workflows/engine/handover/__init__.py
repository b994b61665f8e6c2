"""Hand-over of a task: 转办 (transfer, for good) and 委派 (delegate, handed back): who may receive it (rules),
the delegation a task carries (delegation) and the acts (services)."""
