"""Component names without repeated words.

With COMPONENT_SPLIT_REQUEST, drf-spectacular names a serializer's request side by adding
"Request" to its name, so `AddSignerRequest` (a serializer that only ever describes a request)
becomes `AddSignerRequestRequest`. This postprocessing hook drops the doubled word in the
component and in every reference to it, unless the shorter name is already taken.
"""

DOUBLED = "RequestRequest"
REF_PREFIX = "#/components/schemas/"


def _renamed(schemas: dict) -> dict[str, str]:
    renames = {}
    for name in schemas:
        if name.endswith(DOUBLED):
            short = name[: -len("Request")]
            if short not in schemas:
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


def drop_doubled_request(result, generator, request, public):
    schemas = result.get("components", {}).get("schemas", {})
    renames = _renamed(schemas)
    for old, new in renames.items():
        schemas[new] = schemas.pop(old)
    _rewrite_refs(result, renames)
    return result
