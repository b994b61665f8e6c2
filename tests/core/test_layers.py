"""Dependencies point one way: workflows → notifications → core. A module of a lower layer that
imports a higher one (at the top or inside a function) fails here, naming the file and the line."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

FORBIDDEN = {
    "notifications": ("workflows",),
    "core": ("notifications", "workflows"),
}


def imports_of(path: Path):
    """(line, module) of every absolute import in a file; a relative one stays inside its package."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def offending_imports(package: str) -> list[str]:
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for line, module in imports_of(path):
            if module.split(".")[0] in FORBIDDEN[package]:
                found.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_lower_layer_never_imports_a_higher_one(package):
    assert (ROOT / package / "__init__.py").exists()
    assert offending_imports(package) == []


def test_the_scan_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "late.py"
    module.write_text("def f():\n    from workflows.engine import notify\n    import workflows.models\n")
    assert list(imports_of(module)) == [(2, "workflows.engine"), (3, "workflows.models")]
