"""List acts (名单): a ListStep approved only in a signed list (step), campaigns with their windows and quotas
(campaigns, campaign_models, campaign_edits, admin), and the quota seats a live membership holds (seats)."""
