"""The read side: lists and one item or task under scope (selectors), search and filters (search), counts and
durations (stats). Imports no service."""
