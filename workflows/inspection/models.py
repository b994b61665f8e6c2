"""The inspection kind's models (its Item proxy and its own tables)."""
