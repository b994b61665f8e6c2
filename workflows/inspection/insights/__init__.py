"""For the 督导室's decision makers: a plan's targets ranked per indicator and overall, the same
target's results across years, and alerts (idle cases, many returns). Pure reads (selectors)."""
