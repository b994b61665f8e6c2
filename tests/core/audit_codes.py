"""Every audit action code the source can record, read from the source itself (no import, no run).

A code reaches `record_event(action=...)` as a literal, a conditional of literals, a constant
(`SIGNED_IN`, `urging.URGE`, `Outcome.APPROVE`), or an f-string of those ("meeting_{action}"); a
name that is a parameter of the function around the call is followed to every call of that
function (in its module, or where it is imported) and resolved there, however many hops. What
cannot be resolved is reported with its place, so a new way of naming codes fails until this
scanner (or the code) says which codes it means.
"""

from __future__ import annotations

import ast
import itertools
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ["core", "workflows", "notifications", "tests/sampleapp"]
MAX_HOPS = 6
# Local names that always hold one TextChoices' value (the decision's outcome is the act's code).
ENUMERATED = {"outcome": ("workflows.engine.models", "Outcome")}


@dataclass
class Module:
    name: str  # dotted
    path: Path
    tree: ast.Module
    constants: dict[str, str] = field(default_factory=dict)  # NAME = "..." at module level
    choices: dict[tuple[str, str], str] = field(default_factory=dict)  # Class.ATTR = "value", label
    functions: dict[str, ast.FunctionDef] = field(default_factory=dict)  # top-level and nested, by name
    imports: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # local name -> (module, name|None)
    parents: dict[ast.AST, ast.AST] = field(default_factory=dict)


def _string(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _load(path: Path) -> Module:
    dotted = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
    tree = ast.parse(path.read_text(), filename=str(path))
    module = Module(dotted, path, tree)
    package = dotted if path.name == "__init__.py" else dotted.rpartition(".")[0]
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            module.parents[child] = node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            module.functions.setdefault(node.name, node)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            for alias in node.names:
                # `from pkg import module` and `from module import name` look alike: keep both readings.
                module.imports[alias.asname or alias.name] = (base, alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                module.imports[alias.asname or alias.name.split(".")[0]] = (alias.name if alias.asname else
                                                                            alias.name.split(".")[0], None)
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if (value := _string(node.value)) is not None:
                module.constants[node.targets[0].id] = value
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.Assign) and len(item.targets) == 1 and isinstance(item.targets[0], ast.Name):
                    first = item.value.elts[0] if isinstance(item.value, ast.Tuple) and item.value.elts else item.value
                    if (value := _string(first)) is not None:
                        module.choices[(node.name, item.targets[0].id)] = value
    return module


class Scanner:
    def __init__(self):
        paths = [p for src in SOURCES for p in sorted((ROOT / src).rglob("*.py")) if "migrations" not in p.parts]
        self.modules = {m.name: m for m in map(_load, paths)}
        self.unresolved: list[str] = []

    # --- where things are --------------------------------------------------------------------
    def _enclosing_function(self, module: Module, node) -> ast.FunctionDef | None:
        while node is not None:
            node = module.parents.get(node)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                return node
        return None

    def _callee(self, module: Module, call: ast.Call) -> tuple[str, str] | None:
        """(module, function) a call goes to, when it is one of ours."""
        func = call.func
        if isinstance(func, ast.Name):
            if func.id in module.functions:
                return module.name, func.id
            if func.id in module.imports:
                source, name = module.imports[func.id]
                return source, name or func.id
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in module.imports:
            source, name = module.imports[func.value.id]
            return (f"{source}.{name}" if name else source), func.attr
        return None

    def _calls_to(self, module_name: str, function: str):
        for module in self.modules.values():
            for node in ast.walk(module.tree):
                if isinstance(node, ast.Call) and self._callee(module, node) == (module_name, function):
                    yield module, node

    # --- what a value can be -----------------------------------------------------------------
    def _constant(self, module: Module, name: str, owner: str | None = None) -> str | None:
        if owner is None:
            if name in module.constants:
                return module.constants[name]
            if name in module.imports:
                source, imported = module.imports[name]
                target = self.modules.get(source)
                return target.constants.get(imported or name) if target else None
            return None
        for scope in [module] + [self.modules.get(s) for s, _n in module.imports.values()] + \
                [self.modules.get(f"{s}.{n}") for s, n in module.imports.values() if n]:
            if scope is None:
                continue
            if (owner, name) in scope.choices:
                return scope.choices[(owner, name)]
            if owner in module.imports and scope.name in (module.imports[owner][0],
                                                          ".".join(filter(None, module.imports[owner]))):
                if name in scope.constants:
                    return scope.constants[name]
        return None

    def resolve(self, module: Module, node, where, hops: int = 0) -> set[str]:
        if (value := _string(node)) is not None:
            return {value}
        if isinstance(node, ast.IfExp):
            return self.resolve(module, node.body, where, hops) | self.resolve(module, node.orelse, where, hops)
        if isinstance(node, ast.JoinedStr):
            parts = []
            for part in node.values:
                if isinstance(part, ast.FormattedValue):
                    parts.append(sorted(self.resolve(module, part.value, where, hops)))
                else:
                    parts.append([part.value])
            return {"".join(p) for p in itertools.product(*parts)}
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if (value := self._constant(module, node.attr, owner=node.value.id)) is not None:
                return {value}
        if isinstance(node, ast.Name) and node.id in ENUMERATED:
            source, owner = ENUMERATED[node.id]
            return {value for (cls, _attr), value in self.modules[source].choices.items() if cls == owner}
        if isinstance(node, ast.Name):
            function = self._enclosing_function(module, where)
            if function is not None and hops < MAX_HOPS:
                params = [a.arg for a in function.args.posonlyargs + function.args.args]
                keyword_only = [a.arg for a in function.args.kwonlyargs]
                if node.id in params or node.id in keyword_only:
                    return self._from_callers(module, function, node.id, params, hops)
            if (value := self._constant(module, node.id)) is not None:
                return {value}
        self.unresolved.append(f"{module.path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}")
        return set()

    def _from_callers(self, module: Module, function, param: str, params: list[str], hops: int) -> set[str]:
        codes = set()
        default = self._default(function, param)
        for caller, call in self._calls_to(module.name, function.name):
            passed = next((k.value for k in call.keywords if k.arg == param), None)
            if passed is None and param in params and params.index(param) < len(call.args):
                passed = call.args[params.index(param)]
            if passed is None:
                passed = default
            if passed is not None:
                codes |= self.resolve(caller, passed, call, hops + 1)
        return codes

    @staticmethod
    def _default(function, param: str):
        positional = function.args.posonlyargs + function.args.args
        defaults = dict(zip([a.arg for a in positional[len(positional) - len(function.args.defaults):]],
                            function.args.defaults))
        defaults.update({a.arg: d for a, d in zip(function.args.kwonlyargs, function.args.kw_defaults) if d})
        return defaults.get(param)

    # --- the answer --------------------------------------------------------------------------
    def recorded_codes(self) -> dict[str, set[str]]:
        """{code: {"path:line" of each record_event call that can record it}}."""
        found: dict[str, set[str]] = {}
        for module in self.modules.values():
            if module.name == "core.audit.services":
                continue  # record_event itself
            for node in ast.walk(module.tree):
                if isinstance(node, ast.Call) and self._callee(module, node) == ("core.audit.services", "record_event"):
                    action = next((k.value for k in node.keywords if k.arg == "action"), None)
                    for code in self.resolve(module, action, node) if action is not None else ():
                        found.setdefault(code, set()).add(f"{module.path.relative_to(ROOT)}:{node.lineno}")
        return found
