"""发起申报 (start): what a school may start now, and starting it as a draft.

A kind that can be started registers a `StartKind` (kinds.py): its flow, the programmes it runs
with the school types each is open to, its own fields as a form, and its create / update / submit
services. `rules.py` is the one place of who may start what (`start_refusal`, `offers`); the
draft's editing rule is `access.edit_refusal`. `services.start_item` writes the draft.
"""
