"""Component names without repeated words.

drf-spectacular builds names by joining words, and some joins repeat one: with
COMPONENT_SPLIT_REQUEST a serializer's request side gets "Request" added, so `AddSignerRequest` (a
serializer that only ever describes a request) becomes `AddSignerRequestRequest`; an enum whose
field name collides with another's is prefixed by its component, so the `outcome` of
`OutcomeSerializer` becomes `OutcomeOutcomeEnum`. This postprocessing hook drops a word that
follows itself, in the component and in every reference to it, unless the shorter name is
already taken.
"""

import re

REF_PREFIX = "#/components/schemas/"
WORD = re.compile(r"[A-Z][a-z0-9]*|[a-z0-9]+")


def without_doubled_words(name: str) -> str:
    words = WORD.findall(name)
    if "".join(words) != name:
        return name  # not plain CamelCase: leave it
    return "".join(word for i, word in enumerate(words) if i == 0 or word != words[i - 1])


def _renamed(schemas: dict) -> dict[str, str]:
    renames = {}
    for name in schemas:
        short = without_doubled_words(name)
        if short != name and short not in schemas and short not in renames.values():
            renames[name] = short
    return renames


def _rewrite_refs(node, renames: dict[str, str]):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(REF_PREFIX) and ref[len(REF_PREFIX):] in renames:
            node["$ref"] = REF_PREFIX + renames[ref[len(REF_PREFIX):]]
        for value in node.values():
            _rewrite_refs(value, renames)
    elif isinstance(node, list):
        for value in node:
            _rewrite_refs(value, renames)


def drop_doubled_words(result, generator, request, public):
    schemas = result.get("components", {}).get("schemas", {})
    renames = _renamed(schemas)
    for old, new in renames.items():
        schemas[new] = schemas.pop(old)
    _rewrite_refs(result, renames)
    return result
