"""The demo city's items (`make run`, DEBUG only), on the real item kinds.

`core.orgs.demo` seeds the city (organisations, people, roles); this package seeds what those people
have in hand: programmes and campaigns, applications in every state of their flow, panels, lists,
公示, documents, certificates and tenures, so that a newcomer who signs in finds work waiting and
a printed "try this first" list (先试试这些, `guide.py`) saying whom to sign in as and what to do.
`manage.py seed_demo_items` runs it. Nothing here is imported by the product's own code.
"""
