"""委托/代理: a person's proxy acts for them over a range of days: what a proxy may do (rules) and naming or
ending one (services). The record itself is core.orgs.proxy_models."""
